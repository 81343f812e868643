//! Member codes as the apps see them: the service, the code screen's session with its
//! listener (a foreign trait) and subscription handle, and free functions that render any
//! barcode.
//!
//! Kotlin wraps the listener as a `Flow`:
//!
//! ```kotlin
//! fun MemberCodeSession.states(): Flow<MemberCodeState> = callbackFlow {
//!     val subscription = subscribe(object : MemberCodeListener {
//!         override fun onCode(code: MemberCodeView) { trySend(MemberCodeState.Ready(code)) }
//!         override fun onUnavailable(unavailable: MemberCodeUnavailable) {
//!             trySend(MemberCodeState.Unavailable(unavailable))
//!         }
//!     })
//!     awaitClose { subscription.close() }
//! }
//! ```
//!
//! and Swift as an `AsyncStream` whose `onTermination` cancels the subscription.

use std::sync::{Arc, Mutex};

use tamaru_core::barcode::{
    self as core, BarcodeError, BarcodeMatrix, FetchedCodes, MemberCodeState,
    MemberCodeUnavailable, MemberCodeView, Symbology,
};
use tamaru_core::error::TamaruError;

/// The member's one-time codes. Get it from [`crate::MemberApp::member_code`].
#[derive(uniffi::Object)]
pub struct MemberCodes {
    pub(crate) inner: core::MemberCodes,
}

#[uniffi::export(async_runtime = "tokio")]
impl MemberCodes {
    /// The code to show now, offline (no request), or why there is none.
    pub fn current(&self) -> MemberCodeState {
        self.inner.current()
    }

    /// Fetches server-issued codes (`wester`: the current one and those issued in advance).
    /// No request for programs whose codes are derived on the phone (`waon`).
    pub async fn fetch(&self) -> Result<FetchedCodes, TamaruError> {
        crate::guard::run(async move { self.inner.fetch().await }).await
    }

    /// A session for the member-code screen. Close it when the screen goes away.
    pub fn session(&self) -> Arc<MemberCodeSession> {
        Arc::new(MemberCodeSession {
            inner: self.inner.session(),
        })
    }

    /// The card behind the member code (`waon`: the AEON card) and the point account the
    /// code points to.
    pub async fn code_card(&self) -> Result<tamaru_core::barcode::CodeCard, TamaruError> {
        crate::guard::run(async move { self.inner.code_card().await }).await
    }

    /// Changes the card behind the member code, at most once a Japan day
    /// (`TamaruError::CodeCardChangeLimited` says when again); the code's last 4 digits change.
    pub async fn change_code_card(
        &self,
        number: String,
    ) -> Result<tamaru_core::barcode::CodeCard, TamaruError> {
        crate::guard::run(async move { self.inner.change_code_card(&number).await }).await
    }
}

/// The member-code screen: the code now, its countdown, rendering, and change callbacks.
#[derive(uniffi::Object)]
pub struct MemberCodeSession {
    inner: core::MemberCodeSession,
}

#[uniffi::export(async_runtime = "tokio")]
impl MemberCodeSession {
    /// The state now, offline.
    pub fn current(&self) -> MemberCodeState {
        self.inner.current()
    }

    /// Seconds until the code shown now expires (0 when none shows).
    pub fn seconds_left(&self) -> u32 {
        self.inner.seconds_left()
    }

    /// One step at the core's clock: the new state if it changed since the last `tick`.
    pub async fn tick(&self) -> Option<MemberCodeState> {
        self.inner.tick().await
    }

    /// Fetches codes now (pull to refresh, back online) and returns the state after it.
    pub async fn refresh(&self) -> Result<MemberCodeState, TamaruError> {
        crate::guard::run(async move { self.inner.refresh().await }).await
    }

    /// What shows now as a PNG `width_px` wide. `symbology`: `null` for the preferred one.
    pub fn render_png(
        &self,
        symbology: Option<Symbology>,
        width_px: u32,
    ) -> Result<Vec<u8>, BarcodeError> {
        self.inner.render_png(symbology, width_px)
    }

    /// What shows now as an SVG document `width_px` wide.
    pub fn render_svg(
        &self,
        symbology: Option<Symbology>,
        width_px: u32,
    ) -> Result<String, BarcodeError> {
        self.inner.render_svg(symbology, width_px)
    }

    /// What shows now as a module matrix, for native drawing.
    pub fn matrix(&self, symbology: Option<Symbology>) -> Result<BarcodeMatrix, BarcodeError> {
        self.inner.matrix(symbology)
    }

    /// Calls `listener` with the state now and at every change (a new code on time, or no
    /// code and why) until the returned subscription is closed. Async only so that it runs
    /// on the core's runtime; it returns at once.
    pub async fn subscribe(
        &self,
        listener: Box<dyn MemberCodeListener>,
    ) -> Result<Arc<MemberCodeSubscription>, TamaruError> {
        crate::guard::run(async move {
            let subscription = self.inner.subscribe(Arc::new(ForeignListener(listener)))?;
            Ok(Arc::new(MemberCodeSubscription {
                inner: Mutex::new(Some(subscription)),
            }))
        })
        .await
    }
}

/// Told when the member code changes; implemented by the app. Called on a background
/// thread: post to the UI (Kotlin `trySend` into a `callbackFlow`, Swift
/// `continuation.yield`).
#[uniffi::export(callback_interface)]
pub trait MemberCodeListener: Send + Sync {
    fn on_code(&self, code: MemberCodeView);
    fn on_unavailable(&self, unavailable: MemberCodeUnavailable);
}

struct ForeignListener(Box<dyn MemberCodeListener>);

impl core::MemberCodeListener for ForeignListener {
    fn on_code(&self, code: MemberCodeView) {
        self.0.on_code(code);
    }
    fn on_unavailable(&self, unavailable: MemberCodeUnavailable) {
        self.0.on_unavailable(unavailable);
    }
}

/// A running subscription. `cancel()` or closing (destroying) it stops the callbacks.
#[derive(uniffi::Object)]
pub struct MemberCodeSubscription {
    inner: Mutex<Option<core::CodeSubscription>>,
}

#[uniffi::export]
impl MemberCodeSubscription {
    /// Stops the callbacks. Idempotent.
    pub fn cancel(&self) {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(subscription) = taken {
            subscription.cancel();
        }
    }

    /// Whether callbacks still come.
    pub fn is_active(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|s| s.is_active())
    }
}

/// Any barcode as a PNG `width_px` wide (whole-pixel modules, quiet zones).
#[uniffi::export]
pub fn render_barcode_png(
    symbology: Symbology,
    data: String,
    width_px: u32,
) -> Result<Vec<u8>, BarcodeError> {
    core::render_png(&core::encode(symbology, &data)?, width_px)
}

/// Any barcode as an SVG document `width_px` wide. Refuses a width the PNG renderer would
/// refuse (under 2 px per module), so both outputs agree.
#[uniffi::export]
pub fn render_barcode_svg(
    symbology: Symbology,
    data: String,
    width_px: u32,
) -> Result<String, BarcodeError> {
    core::render_svg(&core::encode(symbology, &data)?, width_px)
}

/// Any barcode as a module matrix, for native drawing.
#[uniffi::export]
pub fn encode_barcode(symbology: Symbology, data: String) -> Result<BarcodeMatrix, BarcodeError> {
    core::encode(symbology, &data)
}

/// The digits in groups of four, as printed under the barcode.
#[uniffi::export]
pub fn grouped_digits(code: String) -> String {
    core::grouped_digits(&code)
}

/// The screen-reader label of a member code, in the app's language enum (the screens word
/// it in `AppConfig::language` themselves: `MemberCodeScreen`'s state has it).
#[uniffi::export]
pub fn spoken_label(code: String, language: tamaru_core::screens::Language) -> String {
    core::spoken_label(&code, language)
}
