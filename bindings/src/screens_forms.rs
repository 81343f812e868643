//! The entry, sign-up and log-in screens over the FFI (see [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::screens::{self as core, EntryChoice, EntryState, LogInState, SignUpState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// The first screen. From [`crate::MemberApp::entry_screen`].
#[derive(uniffi::Object)]
pub struct EntryScreen {
    pub(crate) inner: core::EntryScreen,
}

/// Told each new state of the entry screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait EntryListener: Send + Sync {
    fn on_state(&self, state: EntryState);
}

foreign_listener!(EntryAdapter, EntryListener, EntryState);

#[uniffi::export]
impl EntryScreen {
    pub fn state(&self) -> EntryState {
        self.inner.state()
    }

    /// Asks again after a storage failure.
    pub fn retry(&self) -> EntryState {
        self.inner.retry()
    }

    pub fn choose(&self, choice: EntryChoice) -> EntryState {
        self.inner.choose(choice)
    }

    pub fn subscribe(&self, listener: Box<dyn EntryListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(EntryAdapter(listener))))
    }
}

/// Sign-up. From [`crate::MemberApp::sign_up_screen`].
#[derive(uniffi::Object)]
pub struct SignUpScreen {
    pub(crate) inner: core::SignUpScreen,
}

/// Told each new state of the sign-up screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait SignUpListener: Send + Sync {
    fn on_state(&self, state: SignUpState);
}

foreign_listener!(SignUpAdapter, SignUpListener, SignUpState);

#[uniffi::export(async_runtime = "tokio")]
impl SignUpScreen {
    pub fn state(&self) -> SignUpState {
        self.inner.state()
    }

    pub fn set_login_id(&self, text: String) -> SignUpState {
        self.inner.set_login_id(&text)
    }

    pub fn set_password(&self, text: String) -> SignUpState {
        self.inner.set_password(&text)
    }

    pub fn set_email(&self, text: String) -> SignUpState {
        self.inner.set_email(&text)
    }

    /// Signs up and logs in; `navigate` is `Home` when done.
    pub async fn submit(&self) -> SignUpState {
        self.inner.submit().await
    }

    pub fn subscribe(&self, listener: Box<dyn SignUpListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(SignUpAdapter(listener))))
    }
}

/// Log-in (also on a new phone). From [`crate::MemberApp::log_in_screen`].
#[derive(uniffi::Object)]
pub struct LogInScreen {
    pub(crate) inner: core::LogInScreen,
}

/// Told each new state of the log-in screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait LogInListener: Send + Sync {
    fn on_state(&self, state: LogInState);
}

foreign_listener!(LogInAdapter, LogInListener, LogInState);

#[uniffi::export(async_runtime = "tokio")]
impl LogInScreen {
    pub fn state(&self) -> LogInState {
        self.inner.state()
    }

    pub fn set_login_id(&self, text: String) -> LogInState {
        self.inner.set_login_id(&text)
    }

    pub fn set_password(&self, text: String) -> LogInState {
        self.inner.set_password(&text)
    }

    /// Logs in; on a new phone it then restores and says what came back.
    pub async fn submit(&self) -> LogInState {
        self.inner.submit().await
    }

    /// "Forgot your password?": `navigate` becomes `PasswordReset`.
    pub fn forgot_password(&self) -> LogInState {
        self.inner.forgot_password()
    }

    /// New phone: the member read what was restored; `navigate` becomes `Home`.
    pub fn go_on(&self) -> LogInState {
        self.inner.go_on()
    }

    pub fn subscribe(&self, listener: Box<dyn LogInListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(LogInAdapter(listener))))
    }
}
