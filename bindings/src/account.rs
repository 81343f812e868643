//! The account service as the apps see it: `app.account()`, beside `cards()` and
//! `points()`. The offline checks of what the member types, sign-up, log-in and log-out,
//! the account's details, password change and reset, and withdrawal (SPEC §2). Every rule
//! is in the core (`tamaru_core::login`); this only passes owned values across.

use tamaru_core::error::TamaruError;
use tamaru_core::login::policy::{LoginIdCheck, PasswordCheck, PasswordRuleStatus};
use tamaru_core::login::{AccountDetails, WithdrawalPreview};

/// The member's account. Get it from [`crate::MemberApp::account`].
#[derive(uniffi::Object)]
pub struct Account {
    pub(crate) inner: tamaru_core::login::Account,
}

#[uniffi::export(async_runtime = "tokio")]
impl Account {
    /// The password policy check of SPEC §2.1, offline and instant: every violation at
    /// once, with ja/en messages.
    pub fn check_password(&self, password: String) -> PasswordCheck {
        self.inner.check_password(&password)
    }

    /// Each password rule with whether it is met, to tick while the member types.
    pub fn password_checklist(&self, password: String) -> Vec<PasswordRuleStatus> {
        self.inner.password_checklist(&password)
    }

    /// The login-ID check (e-mail; web ID where the program has one), offline.
    pub fn check_login_id(&self, login_id: String) -> LoginIdCheck {
        self.inner.check_login_id(&login_id)
    }

    /// Creates an account and logs in to it on this install.
    pub async fn sign_up(
        &self,
        login_id: String,
        password: String,
        email: Option<String>,
    ) -> Result<AccountDetails, TamaruError> {
        crate::guard::run(async move {
            self.inner
                .sign_up(&login_id, &password, email.as_deref())
                .await
        })
        .await
    }

    pub async fn log_in(
        &self,
        login_id: String,
        password: String,
    ) -> Result<AccountDetails, TamaruError> {
        crate::guard::run(async move { self.inner.log_in(&login_id, &password).await }).await
    }

    pub async fn log_out(&self) -> Result<(), TamaruError> {
        crate::guard::run(async move { self.inner.log_out().await }).await
    }

    /// The signed-in account, fresh from the server.
    pub async fn details(&self) -> Result<AccountDetails, TamaruError> {
        crate::guard::run(async move { self.inner.details().await }).await
    }

    /// Policy-checked first; a linked account gets `ExternalSupportPage`.
    pub async fn change_password(
        &self,
        old_password: String,
        new_password: String,
    ) -> Result<(), TamaruError> {
        crate::guard::run(async move {
            self.inner
                .change_password(&old_password, &new_password)
                .await
        })
        .await
    }

    pub async fn request_password_reset(&self, login_id: String) -> Result<(), TamaruError> {
        crate::guard::run(async move { self.inner.request_password_reset(&login_id).await }).await
    }

    pub async fn confirm_password_reset(
        &self,
        login_id: String,
        code: String,
        new_password: String,
    ) -> Result<(), TamaruError> {
        crate::guard::run(async move {
            self.inner
                .confirm_password_reset(&login_id, &code, &new_password)
                .await
        })
        .await
    }

    /// The consequences to show and confirm before `withdraw`.
    pub async fn withdrawal_preview(&self) -> Result<WithdrawalPreview, TamaruError> {
        crate::guard::run(async move { self.inner.withdrawal_preview().await }).await
    }

    pub async fn withdraw(&self, password: String) -> Result<(), TamaruError> {
        crate::guard::run(async move { self.inner.withdraw(&password).await }).await
    }
}
