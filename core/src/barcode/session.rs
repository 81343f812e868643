//! The member-code screen's session: the code now, its countdown, replacing it on time,
//! fetching more server-issued codes when due, rendering it, and telling the app when it
//! changes.
//!
//! The decisions are the pure functions of [`super::countdown`]; this file only reads the
//! injected clock, runs the fetches and calls the listener. Two ways to drive it:
//!
//! - [`MemberCodeSession::tick`]: one step at the clock's instant, returning the new state
//!   when it changed (tests move a `ManualClock` and tick);
//! - [`MemberCodeSession::subscribe`]: a background task that ticks every second (and at
//!   each code's expiry) and calls a [`MemberCodeListener`]; dropping or cancelling the
//!   returned [`CodeSubscription`] stops it (the apps wrap it as a Kotlin `Flow` or a Swift
//!   `AsyncStream`, closing it when the collector goes away).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::TamaruError;

use super::error::MemberCodeError;
use crate::profile::Symbology;

use super::countdown::ChangeFilter;
use super::countdown::FetchSchedule;
use super::error::BarcodeError;
use super::matrix::BarcodeMatrix;
use super::member_code::{MemberCodeState, MemberCodeUnavailable, MemberCodeView};
use super::png::render_png;
use super::service::MemberCodes;
use super::svg::render_svg;

/// How often a subscription looks at the clock at most (it also wakes at each expiry).
/// A second keeps the screen right after the phone's clock jumps or the device slept, and
/// costs one HMAC or one indexed read.
pub const DEFAULT_POLL: Duration = Duration::from_secs(1);

/// Told when the member code changes: a new code (on time, before the old one expires),
/// or no code and why. Implemented by the app (through the FFI) or by Rust callers.
///
/// Called on a background thread; keep it short (post to the UI's queue).
pub trait MemberCodeListener: Send + Sync {
    fn on_code(&self, code: MemberCodeView);
    fn on_unavailable(&self, unavailable: MemberCodeUnavailable);
}

/// The member-code screen's session. Cheap to clone; clones share the fetch schedule.
#[derive(Clone)]
pub struct MemberCodeSession {
    inner: Arc<Inner>,
}

struct Inner {
    codes: MemberCodes,
    schedule: Mutex<FetchSchedule>,
    /// One fetch at a time; waiters re-check whether one is still due after it.
    fetch_gate: tokio::sync::Mutex<()>,
    /// What [`MemberCodeSession::tick`] last returned.
    ticks: Mutex<ChangeFilter>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl MemberCodeSession {
    pub(crate) fn new(codes: MemberCodes) -> Self {
        MemberCodeSession {
            inner: Arc::new(Inner {
                codes,
                schedule: Mutex::new(FetchSchedule::default()),
                fetch_gate: tokio::sync::Mutex::new(()),
                ticks: Mutex::new(ChangeFilter::default()),
            }),
        }
    }

    /// The state now, offline (no request).
    pub fn current(&self) -> MemberCodeState {
        self.inner.codes.current()
    }

    /// Seconds until the code shown now expires; 0 when none shows.
    pub fn seconds_left(&self) -> u32 {
        self.current().code().map_or(0, |c| c.seconds_left)
    }

    /// The state now and whether a fetch is due.
    fn evaluate(&self) -> (MemberCodeState, bool) {
        let codes = &self.inner.codes;
        let now = codes.ctx().clock.now();
        let (state, live) = codes.state_at(now);
        let due = lock(&self.inner.schedule).is_due(codes.rules(), &state, live, now.timestamp());
        (state, due)
    }

    /// Fetches if still due once no other fetch runs; failures only move the schedule (the
    /// codes held keep showing, the state says when they ran out).
    async fn fetch_if_due(&self) {
        let _gate = self.inner.fetch_gate.lock().await;
        if !self.evaluate().1 {
            return;
        }
        let result = self.inner.codes.fetch_codes().await;
        self.record_fetch(&result);
    }

    fn record_fetch<T>(&self, result: &Result<T, MemberCodeError>) {
        let now = self.inner.codes.ctx().clock.now().timestamp();
        let mut schedule = lock(&self.inner.schedule);
        match result {
            Ok(_) => schedule.succeeded(now),
            Err(e) => {
                schedule.failed(now);
                tracing::info!(
                    error = e.kind(),
                    failures = schedule.failures(),
                    "member codes not fetched; showing the codes held"
                );
            }
        }
    }

    /// One step at the clock's instant: fetches server-issued codes first when due, then
    /// returns the state if it differs from what the previous `tick` returned (a new code,
    /// or a new reason for none); `None` while the same code counts down.
    pub async fn tick(&self) -> Option<MemberCodeState> {
        let (mut state, due) = self.evaluate();
        if due {
            self.fetch_if_due().await;
            state = self.evaluate().0;
        }
        lock(&self.inner.ticks).is_news(&state).then_some(state)
    }

    /// Fetches server-issued codes now, whatever the schedule (the member pulled to
    /// refresh, or the app came back online), and returns the state after it. Offline this
    /// is a `Network` error and the codes held keep showing.
    pub async fn refresh(&self) -> Result<MemberCodeState, TamaruError> {
        let _gate = self.inner.fetch_gate.lock().await;
        let result = self.inner.codes.fetch_codes().await;
        self.record_fetch(&result);
        result?;
        Ok(self.current())
    }

    /// What to draw and in which symbology: the one-time code, or the point card standing
    /// in for it. `symbology` must be one the profile's tills accept (`None`: the preferred
    /// one, or the card's).
    fn shown(&self, symbology: Option<Symbology>) -> Result<(String, Symbology), BarcodeError> {
        let accepted = &self.inner.codes.rules().symbologies;
        let (data, default) = match self.current() {
            MemberCodeState::Ready { code } => (
                code.code,
                accepted.first().copied().unwrap_or(Symbology::Code128),
            ),
            MemberCodeState::Unavailable { unavailable } => match unavailable.static_card {
                Some(card) => (card.card_number, card.symbology),
                None => {
                    return Err(BarcodeError::NothingToShow {
                        reason: unavailable.reason.code().to_owned(),
                    });
                }
            },
        };
        match symbology {
            None => Ok((data, default)),
            Some(s) if accepted.contains(&s) || s == default => Ok((data, s)),
            Some(s) => Err(BarcodeError::SymbologyNotAccepted { symbology: s }),
        }
    }

    /// The module matrix of what shows now, for native drawing.
    pub fn matrix(&self, symbology: Option<Symbology>) -> Result<BarcodeMatrix, BarcodeError> {
        let (data, symbology) = self.shown(symbology)?;
        super::encode(symbology, &data)
    }

    /// What shows now as a PNG `width_px` wide (whole-pixel modules, quiet zones).
    pub fn render_png(
        &self,
        symbology: Option<Symbology>,
        width_px: u32,
    ) -> Result<Vec<u8>, BarcodeError> {
        render_png(&self.matrix(symbology)?, width_px)
    }

    /// What shows now as an SVG document `width_px` wide. Refuses a width the PNG renderer
    /// would refuse (under 2 px per module, or absurdly wide), so both outputs agree.
    pub fn render_svg(
        &self,
        symbology: Option<Symbology>,
        width_px: u32,
    ) -> Result<String, BarcodeError> {
        render_svg(&self.matrix(symbology)?, width_px)
    }

    /// Calls `listener` with the state now, then at every change, from a background task
    /// on the current tokio runtime, until the returned subscription is cancelled or
    /// dropped. Errors with `InvalidConfig` outside a tokio runtime.
    pub fn subscribe(
        &self,
        listener: Arc<dyn MemberCodeListener>,
    ) -> Result<CodeSubscription, TamaruError> {
        self.subscribe_polling(listener, DEFAULT_POLL)
    }

    /// [`subscribe`](Self::subscribe) looking at the clock every `poll` (tests that move a
    /// manual clock use a few milliseconds).
    pub fn subscribe_polling(
        &self,
        listener: Arc<dyn MemberCodeListener>,
        poll: Duration,
    ) -> Result<CodeSubscription, TamaruError> {
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| MemberCodeError::NoRuntime)?;
        let session = self.clone();
        let poll = poll.max(Duration::from_millis(1));
        let task = runtime.spawn(async move {
            let mut seen = ChangeFilter::default();
            loop {
                let (state, due) = session.evaluate();
                if seen.is_news(&state) {
                    deliver(listener.as_ref(), &state);
                }
                if due {
                    // The state above went out first: a code held on the phone shows at
                    // once, the fetch only tops the batch up.
                    session.fetch_if_due().await;
                    continue;
                }
                tokio::time::sleep(session.sleep_for(&state, poll)).await;
            }
        });
        Ok(CodeSubscription { task })
    }

    /// Until the next look: `poll`, or less when the code expires sooner.
    fn sleep_for(&self, state: &MemberCodeState, poll: Duration) -> Duration {
        let Some(code) = state.code() else {
            return poll;
        };
        let now = self.inner.codes.ctx().clock.now();
        let left_ms = code.valid_until_unix * 1000 - now.timestamp_millis();
        let left = Duration::from_millis(u64::try_from(left_ms).unwrap_or(0));
        left.clamp(Duration::from_millis(1), poll)
    }
}

/// Hands a state to the listener. A listener that panics (a foreign exception surfaces as
/// one) is logged and kept: the next change is still delivered.
fn deliver(listener: &dyn MemberCodeListener, state: &MemberCodeState) {
    let call = || match state.clone() {
        MemberCodeState::Ready { code } => listener.on_code(code),
        MemberCodeState::Unavailable { unavailable } => listener.on_unavailable(unavailable),
    };
    if std::panic::catch_unwind(AssertUnwindSafe(call)).is_err() {
        tracing::warn!("member-code listener failed");
    }
}

/// A running subscription. Dropping it stops the background task (no listener call
/// happens after the drop returns, apart from one already running).
#[derive(Debug)]
pub struct CodeSubscription {
    task: tokio::task::JoinHandle<()>,
}

impl CodeSubscription {
    /// Stops the background task. Idempotent.
    pub fn cancel(&self) {
        self.task.abort();
    }

    /// Whether the background task still runs.
    pub fn is_active(&self) -> bool {
        !self.task.is_finished()
    }
}

impl Drop for CodeSubscription {
    fn drop(&mut self) {
        self.task.abort();
    }
}
