//! The home screen over the FFI (see [`crate::screens`]): tabs, settings list and log-out.

use std::sync::Arc;

use tamaru_core::screens::{self as core, HomeState};

use crate::MemberApp;
use crate::screens::{ScreenSubscription, foreign_listener};

#[uniffi::export]
impl MemberApp {
    /// Home of a signed-in member: which tabs and settings entries there are, worded.
    pub fn home_screen(&self) -> Arc<HomeScreen> {
        Arc::new(HomeScreen {
            inner: core::HomeScreen::open(&self.inner),
        })
    }
}

/// Home. From [`MemberApp::home_screen`].
#[derive(uniffi::Object)]
pub struct HomeScreen {
    pub(crate) inner: core::HomeScreen,
}

/// Told each new state of home, on a background thread.
#[uniffi::export(callback_interface)]
pub trait HomeListener: Send + Sync {
    fn on_state(&self, state: HomeState);
}

foreign_listener!(HomeAdapter, HomeListener, HomeState);

#[uniffi::export(async_runtime = "tokio")]
impl HomeScreen {
    pub fn state(&self) -> HomeState {
        self.inner.state()
    }

    /// Logs out; `navigate` becomes `LogIn`.
    pub async fn log_out(&self) -> HomeState {
        self.inner.log_out().await
    }

    pub fn subscribe(&self, listener: Box<dyn HomeListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(HomeAdapter(listener))))
    }
}
