//! The mail settings, e-mail change and delivery help screens over the FFI (see
//! [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::mail::{DeliveryAction, MailSetting};
use tamaru_core::screens::{self as core, DeliveryHelpState, EmailChangeState, MailSettingsState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// The mail settings. From [`crate::MemberApp::mail_settings_screen`].
#[derive(uniffi::Object)]
pub struct MailSettingsScreen {
    pub(crate) inner: core::MailSettingsScreen,
}

/// Told each new state of the mail settings, on a background thread.
#[uniffi::export(callback_interface)]
pub trait MailSettingsListener: Send + Sync {
    fn on_state(&self, state: MailSettingsState);
}

foreign_listener!(MailSettingsAdapter, MailSettingsListener, MailSettingsState);

#[uniffi::export(async_runtime = "tokio")]
impl MailSettingsScreen {
    pub fn state(&self) -> MailSettingsState {
        self.inner.state()
    }

    /// Sends what is queued and reads the settings back.
    pub async fn refresh(&self) -> MailSettingsState {
        self.inner.refresh().await
    }

    /// A switch flipped (queued and sent; offline it waits and says so).
    pub async fn set(&self, setting: MailSetting, on: bool) -> MailSettingsState {
        self.inner.set(setting, on).await
    }

    pub fn open_email_change(&self) -> MailSettingsState {
        self.inner.open_email_change()
    }

    pub fn open_delivery_help(&self) -> MailSettingsState {
        self.inner.open_delivery_help()
    }

    pub fn subscribe(&self, listener: Box<dyn MailSettingsListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(
            self.inner
                .subscribe(Arc::new(MailSettingsAdapter(listener))),
        )
    }
}

/// Changing the e-mail address. From [`crate::MemberApp::email_change_screen`].
#[derive(uniffi::Object)]
pub struct EmailChangeScreen {
    pub(crate) inner: core::EmailChangeScreen,
}

/// Told each new state of the e-mail change screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait EmailChangeListener: Send + Sync {
    fn on_state(&self, state: EmailChangeState);
}

foreign_listener!(EmailChangeAdapter, EmailChangeListener, EmailChangeState);

#[uniffi::export(async_runtime = "tokio")]
impl EmailChangeScreen {
    pub fn state(&self) -> EmailChangeState {
        self.inner.state()
    }

    /// Picks up a request still waiting for its code (after a restart).
    pub async fn resume(&self) -> EmailChangeState {
        self.inner.resume().await
    }

    pub fn set_email(&self, text: String) -> EmailChangeState {
        self.inner.set_email(&text)
    }

    pub fn set_code(&self, text: String) -> EmailChangeState {
        self.inner.set_code(&text)
    }

    /// Sends a code to the address typed.
    pub async fn request(&self) -> EmailChangeState {
        self.inner.request().await
    }

    /// Confirms the code from the mail; `navigate` is `MailSettings` once changed.
    pub async fn confirm(&self) -> EmailChangeState {
        self.inner.confirm().await
    }

    pub fn subscribe(&self, listener: Box<dyn EmailChangeListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(EmailChangeAdapter(listener))))
    }
}

/// "Mail does not arrive". From [`crate::MemberApp::delivery_help_screen`].
#[derive(uniffi::Object)]
pub struct DeliveryHelpScreen {
    pub(crate) inner: core::DeliveryHelpScreen,
}

/// Told each new state of the delivery help, on a background thread.
#[uniffi::export(callback_interface)]
pub trait DeliveryHelpListener: Send + Sync {
    fn on_state(&self, state: DeliveryHelpState);
}

foreign_listener!(DeliveryHelpAdapter, DeliveryHelpListener, DeliveryHelpState);

#[uniffi::export(async_runtime = "tokio")]
impl DeliveryHelpScreen {
    pub fn state(&self) -> DeliveryHelpState {
        self.inner.state()
    }

    /// Builds the checklist.
    pub async fn load(&self) -> DeliveryHelpState {
        self.inner.load().await
    }

    /// An item's action (its `action` field).
    pub async fn act(&self, action: DeliveryAction) -> DeliveryHelpState {
        self.inner.act(action).await
    }

    pub fn subscribe(&self, listener: Box<dyn DeliveryHelpListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(
            self.inner
                .subscribe(Arc::new(DeliveryHelpAdapter(listener))),
        )
    }
}
