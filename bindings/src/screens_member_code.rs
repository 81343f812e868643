//! The member-code screen over the FFI (see [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::barcode::{BarcodeError, BarcodeMatrix};
use tamaru_core::error::TamaruError;
use tamaru_core::screens::{self as core, MemberCodeScreenState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// The member-code screen. From [`crate::MemberApp::member_code_screen`]. Closing it stops
/// its countdown.
#[derive(uniffi::Object)]
pub struct MemberCodeScreen {
    pub(crate) inner: core::MemberCodeScreen,
}

/// Told each new state of the member-code screen (every second while a code counts down),
/// on a background thread.
#[uniffi::export(callback_interface)]
pub trait MemberCodeScreenListener: Send + Sync {
    fn on_state(&self, state: MemberCodeScreenState);
}

foreign_listener!(
    MemberCodeAdapter,
    MemberCodeScreenListener,
    MemberCodeScreenState
);

#[uniffi::export(async_runtime = "tokio")]
impl MemberCodeScreen {
    pub fn state(&self) -> MemberCodeScreenState {
        self.inner.state()
    }

    /// One step at the core's clock (the subscription ticks on its own).
    pub async fn tick(&self) -> MemberCodeScreenState {
        self.inner.tick().await
    }

    /// Pull to refresh, back online.
    pub async fn refresh(&self) -> MemberCodeScreenState {
        self.inner.refresh().await
    }

    /// After a payment used the code shown (server-issued codes).
    pub async fn next_code(&self) -> MemberCodeScreenState {
        self.inner.next_code().await
    }

    /// What shows now (the code or the point card) as a PNG `width_px` wide.
    pub fn render_png(&self, width_px: u32) -> Result<Vec<u8>, BarcodeError> {
        self.inner.render_png(width_px)
    }

    pub fn render_svg(&self, width_px: u32) -> Result<String, BarcodeError> {
        self.inner.render_svg(width_px)
    }

    pub fn matrix(&self) -> Result<BarcodeMatrix, BarcodeError> {
        self.inner.matrix()
    }

    /// Calls `listener` with the state now and at every change, and starts the countdown
    /// (every second, on the core's runtime) until the screen is closed. Async only so that
    /// it runs on the core's runtime; it returns at once.
    pub async fn subscribe(
        &self,
        listener: Box<dyn MemberCodeScreenListener>,
    ) -> Result<Arc<ScreenSubscription>, TamaruError> {
        let subscription = self.inner.subscribe(Arc::new(MemberCodeAdapter(listener)));
        self.inner.keep_ticking()?;
        Ok(ScreenSubscription::new(subscription))
    }
}
