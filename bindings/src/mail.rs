//! The mail service as the apps see it: settings with the offline outbox, the e-mail change
//! and the "mail does not arrive" checklist (SPEC §6). Every rule is in the core
//! (`tamaru_core::mail`); this only passes owned values across.

use tamaru_core::error::TamaruError;
use tamaru_core::login::policy::LoginIdCheck;
use tamaru_core::mail::{
    DeliveryHelp, EmailChangeRequested, EmailChanged, MailSetting, MailSettingsView,
    MailSyncOutcome,
};

/// The member's mail. Get it from [`crate::MemberApp::mail`].
#[derive(uniffi::Object)]
pub struct Mail {
    pub(crate) inner: tamaru_core::mail::Mail,
}

#[uniffi::export(async_runtime = "tokio")]
impl Mail {
    /// The settings as the phone knows them, at once and offline (no request).
    pub fn cached_settings(&self) -> Result<MailSettingsView, TamaruError> {
        crate::guard::sync(move || self.inner.cached_settings())
    }

    /// The settings, fresh where the server can be reached, else the phone's copy
    /// (`from_server` false). Queued changes are sent first.
    pub async fn settings(&self) -> Result<MailSettingsView, TamaruError> {
        crate::guard::run(async move { self.inner.settings().await }).await
    }

    /// The one way to change a mail setting (newsletter or postal mail); queued (and shown
    /// as pending) when offline.
    pub async fn set(
        &self,
        setting: MailSetting,
        on: bool,
    ) -> Result<MailSyncOutcome, TamaruError> {
        crate::guard::run(async move { self.inner.set(setting, on).await }).await
    }

    /// Sends queued changes and reads the settings back. Call it on app start and when
    /// connectivity returns.
    pub async fn sync(&self) -> Result<MailSyncOutcome, TamaruError> {
        crate::guard::run(async move { self.inner.sync().await }).await
    }

    /// The offline check of an address, for live feedback while typing.
    pub fn check_email(&self, address: String) -> LoginIdCheck {
        self.inner.check_email(&address)
    }

    /// Sends a code to a new address.
    pub async fn request_email_change(
        &self,
        new_email: String,
    ) -> Result<EmailChangeRequested, TamaruError> {
        crate::guard::run(async move { self.inner.request_email_change(&new_email).await }).await
    }

    /// The e-mail change waiting for its code, if any.
    pub async fn pending_email_change(&self) -> Result<Option<EmailChangeRequested>, TamaruError> {
        crate::guard::run(async move { self.inner.pending_email_change().await }).await
    }

    /// Confirms the code from the mail and switches the address.
    pub async fn confirm_email_change(&self, code: String) -> Result<EmailChanged, TamaruError> {
        crate::guard::run(async move { self.inner.confirm_email_change(&code).await }).await
    }

    /// The checklist for "mail does not arrive" (works signed out and offline too).
    pub async fn delivery_help(&self) -> Result<DeliveryHelp, TamaruError> {
        crate::guard::run(async move { self.inner.delivery_help().await }).await
    }
}

/// Masks an address for display: `taro@example.com` → `t***@example.com`.
#[uniffi::export]
pub fn mask_email(address: String) -> String {
    tamaru_core::mail::mask_email(&address)
}
