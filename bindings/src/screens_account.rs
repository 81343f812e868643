//! The password change, password reset and withdrawal screens over the FFI (see
//! [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::screens::{
    self as core, PasswordChangeState, PasswordResetState, WithdrawalState,
};

use crate::screens::{ScreenSubscription, foreign_listener};

/// Changing the password. From [`crate::MemberApp::password_change_screen`].
#[derive(uniffi::Object)]
pub struct PasswordChangeScreen {
    pub(crate) inner: core::PasswordChangeScreen,
}

/// Told each new state of the password change screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait PasswordChangeListener: Send + Sync {
    fn on_state(&self, state: PasswordChangeState);
}

foreign_listener!(
    PasswordChangeAdapter,
    PasswordChangeListener,
    PasswordChangeState
);

#[uniffi::export(async_runtime = "tokio")]
impl PasswordChangeScreen {
    pub fn state(&self) -> PasswordChangeState {
        self.inner.state()
    }

    pub fn set_current(&self, text: String) -> PasswordChangeState {
        self.inner.set_current(&text)
    }

    pub fn set_new_password(&self, text: String) -> PasswordChangeState {
        self.inner.set_new_password(&text)
    }

    /// Changes it; a linked account gets `external_page` instead.
    pub async fn submit(&self) -> PasswordChangeState {
        self.inner.submit().await
    }

    pub fn subscribe(&self, listener: Box<dyn PasswordChangeListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(
            self.inner
                .subscribe(Arc::new(PasswordChangeAdapter(listener))),
        )
    }
}

/// Resetting a forgotten password. From [`crate::MemberApp::password_reset_screen`].
#[derive(uniffi::Object)]
pub struct PasswordResetScreen {
    pub(crate) inner: core::PasswordResetScreen,
}

/// Told each new state of the password reset screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait PasswordResetListener: Send + Sync {
    fn on_state(&self, state: PasswordResetState);
}

foreign_listener!(
    PasswordResetAdapter,
    PasswordResetListener,
    PasswordResetState
);

#[uniffi::export(async_runtime = "tokio")]
impl PasswordResetScreen {
    pub fn state(&self) -> PasswordResetState {
        self.inner.state()
    }

    pub fn set_login_id(&self, text: String) -> PasswordResetState {
        self.inner.set_login_id(&text)
    }

    pub fn set_code(&self, text: String) -> PasswordResetState {
        self.inner.set_code(&text)
    }

    pub fn set_new_password(&self, text: String) -> PasswordResetState {
        self.inner.set_new_password(&text)
    }

    /// Sends a code to the account's address.
    pub async fn request(&self) -> PasswordResetState {
        self.inner.request().await
    }

    /// Sets the new password; `navigate` becomes `LogIn`.
    pub async fn confirm(&self) -> PasswordResetState {
        self.inner.confirm().await
    }

    pub fn subscribe(&self, listener: Box<dyn PasswordResetListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(
            self.inner
                .subscribe(Arc::new(PasswordResetAdapter(listener))),
        )
    }
}

/// Withdrawal. From [`crate::MemberApp::withdrawal_screen`].
#[derive(uniffi::Object)]
pub struct WithdrawalScreen {
    pub(crate) inner: core::WithdrawalScreen,
}

/// Told each new state of the withdrawal screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait WithdrawalListener: Send + Sync {
    fn on_state(&self, state: WithdrawalState);
}

foreign_listener!(WithdrawalAdapter, WithdrawalListener, WithdrawalState);

#[uniffi::export(async_runtime = "tokio")]
impl WithdrawalScreen {
    pub fn state(&self) -> WithdrawalState {
        self.inner.state()
    }

    /// Reads what withdrawing would mean (the preview).
    pub async fn load(&self) -> WithdrawalState {
        self.inner.load().await
    }

    pub fn set_understood(&self, understood: bool) -> WithdrawalState {
        self.inner.set_understood(understood)
    }

    pub fn set_password(&self, text: String) -> WithdrawalState {
        self.inner.set_password(&text)
    }

    /// Withdraws; `navigate` becomes `Welcome`.
    pub async fn withdraw(&self) -> WithdrawalState {
        self.inner.withdraw().await
    }

    pub fn subscribe(&self, listener: Box<dyn WithdrawalListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(WithdrawalAdapter(listener))))
    }
}
