//! Fault injection: the sandbox behaving like a flaky mobile network in front of a server.
//!
//! One axum middleware ([`layer`]) sits in front of the member API (`/{program}/v1/…`) and
//! the till (`/pos/…`); `/admin/…` and `/health` are never faulted, so tests can always
//! steer and read. What it does is set by a [`FaultPlan`] (Rust: `Sandbox::set_faults`,
//! HTTP: `POST /admin/faults`, QA: `tamaru-qa serve --fault-…`):
//!
//! - **targeted**: `targets` fault the next `count` requests whose path ends with `path`
//!   (and whose method matches, if given), one kind each, in order;
//! - **probabilistic**: every other request is faulted with probability `rate`, the kind
//!   drawn from `kinds`, by a generator seeded with `seed`: the same plan and the same
//!   requests in the same order give the same faults;
//! - `latency_ms` is added to every request; `clock_skew_seconds` puts the server's clock
//!   that far from the phone's (the real time).
//!
//! Kinds and what the phone sees (see [`FaultKind`]): before the server acts, a 5xx answer,
//! a dropped connection, or a captive-portal HTML page with status 200; after it acted, a
//! dropped connection (the answer lost), a body cut off half way, or a body sent slowly.

use std::sync::Mutex;
use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Shared;
use super::extract::JsonBody;
use crate::error::{ApiErr, ApiResult};

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// `latency_ms` (or 200 ms) more before the request reaches the server.
    Latency,
    /// A `status` (503 unless set) error answer; the server does not act.
    ServerError,
    /// The connection closes before the server acts: nothing applied, no answer.
    DropBefore,
    /// The server acts, then the connection closes: applied, the answer lost.
    DropAfter,
    /// The server acts; its answer stops half way and the connection closes.
    Truncate,
    /// The server acts; its answer comes in small pieces over `slow_body_ms` (or 300 ms).
    SlowBody,
    /// A proxy's HTML page (`text/html`, status 200) instead of the API; the server does
    /// not act.
    WrongContentType,
}

impl FaultKind {
    pub const ALL: [FaultKind; 7] = [
        FaultKind::Latency,
        FaultKind::ServerError,
        FaultKind::DropBefore,
        FaultKind::DropAfter,
        FaultKind::Truncate,
        FaultKind::SlowBody,
        FaultKind::WrongContentType,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Latency => "latency",
            FaultKind::ServerError => "server_error",
            FaultKind::DropBefore => "drop_before",
            FaultKind::DropAfter => "drop_after",
            FaultKind::Truncate => "truncate",
            FaultKind::SlowBody => "slow_body",
            FaultKind::WrongContentType => "wrong_content_type",
        }
    }

    pub fn parse(text: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The next `count` requests to a path get a fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultTarget {
    /// Matched against the end of the request path, e.g. `/v1/points/use`.
    pub path: String,
    /// `POST`, `GET`, …; any when absent.
    #[serde(default)]
    pub method: Option<String>,
    pub kind: FaultKind,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// What the fault layer does. The default does nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultPlan {
    /// Probability (0 to 1) that a request is faulted.
    #[serde(default)]
    pub rate: f64,
    /// Seed of the generator that draws probabilistic faults.
    #[serde(default)]
    pub seed: u64,
    /// Kinds drawn from, each as likely; empty: every kind.
    #[serde(default)]
    pub kinds: Vec<FaultKind>,
    /// Only requests whose path contains this are faulted at random (targets always apply).
    #[serde(default)]
    pub path_contains: Option<String>,
    /// Added to every request (milliseconds).
    #[serde(default)]
    pub latency_ms: u64,
    /// How long a slow body takes (milliseconds; 300 when 0).
    #[serde(default)]
    pub slow_body_ms: u64,
    /// Status of a `server_error` (503 when 0).
    #[serde(default)]
    pub status: u16,
    /// The server's clock minus the phone's, in seconds.
    #[serde(default)]
    pub clock_skew_seconds: i64,
    #[serde(default)]
    pub targets: Vec<FaultTarget>,
}

/// What the layer did, for tests and the soak's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FaultStats {
    /// Requests that passed the layer (faulted or not).
    pub requests: u64,
    pub faulted: u64,
    pub latency: u64,
    pub server_error: u64,
    pub drop_before: u64,
    pub drop_after: u64,
    pub truncate: u64,
    pub slow_body: u64,
    pub wrong_content_type: u64,
}

impl FaultStats {
    fn count(&mut self, kind: FaultKind) {
        self.faulted += 1;
        *match kind {
            FaultKind::Latency => &mut self.latency,
            FaultKind::ServerError => &mut self.server_error,
            FaultKind::DropBefore => &mut self.drop_before,
            FaultKind::DropAfter => &mut self.drop_after,
            FaultKind::Truncate => &mut self.truncate,
            FaultKind::SlowBody => &mut self.slow_body,
            FaultKind::WrongContentType => &mut self.wrong_content_type,
        } += 1;
    }
}

#[derive(Debug, Default)]
struct FaultState {
    plan: FaultPlan,
    rng: u64,
    stats: FaultStats,
}

/// The fault switches of one sandbox.
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<FaultState>,
}

/// SplitMix64: small, seedable, and the same on every platform (reproducible faults).
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the plan (and restarts its generator from the seed). Returns the clock skew
    /// change to apply.
    pub fn set(&self, plan: FaultPlan) -> i64 {
        let mut state = self.lock();
        let skew_change = plan.clock_skew_seconds - state.plan.clock_skew_seconds;
        state.rng = plan.seed;
        state.plan = plan;
        skew_change
    }

    pub fn plan(&self) -> FaultPlan {
        self.lock().plan.clone()
    }

    /// Adds a targeted fault to the plan.
    pub fn add_target(&self, target: FaultTarget) {
        self.lock().plan.targets.push(target);
    }

    pub fn stats(&self) -> FaultStats {
        self.lock().stats.clone()
    }

    /// The fault for one request, if any, with the plan's settings.
    fn draw(&self, method: &str, path: &str) -> (Option<FaultKind>, FaultPlan) {
        let mut guard = self.lock();
        let state = &mut *guard;
        state.stats.requests += 1;
        let plan = &mut state.plan;
        let targeted = plan.targets.iter_mut().position(|t| {
            t.count > 0
                && path.ends_with(&t.path)
                && t.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        });
        let kind = if let Some(i) = targeted {
            let target = &mut plan.targets[i];
            target.count -= 1;
            let kind = target.kind;
            plan.targets.retain(|t| t.count > 0);
            Some(kind)
        } else if plan.rate > 0.0
            && plan
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
        {
            let roll = (next_random(&mut state.rng) >> 11) as f64 / (1u64 << 53) as f64;
            if roll < plan.rate {
                let kinds: &[FaultKind] = if plan.kinds.is_empty() {
                    &FaultKind::ALL
                } else {
                    &plan.kinds
                };
                let pick = next_random(&mut state.rng) % kinds.len() as u64;
                Some(kinds[pick as usize])
            } else {
                None
            }
        } else {
            None
        };
        if let Some(kind) = kind {
            state.stats.count(kind);
        }
        (kind, state.plan.clone())
    }
}

/// Whether the layer may fault this path: the member API and the till, not admin or health.
fn faultable(path: &str) -> bool {
    path.starts_with("/pos/") || path.contains("/v1/")
}

/// Ends the connection without an answer. The middleware runs in the connection's task,
/// so unwinding it closes the socket (and only it); `resume_unwind` skips the panic hook,
/// so nothing is printed.
fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("sandbox: connection dropped on purpose"))
}

/// The middleware (see the module doc).
pub async fn layer(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !faultable(&path) {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    let (kind, plan) = state.faults.draw(&method, &path);
    if plan.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.latency_ms)).await;
    }
    let Some(kind) = kind else {
        return next.run(request).await;
    };
    tracing::debug!(path, kind = kind.as_str(), "fault injected");
    match kind {
        FaultKind::Latency => {
            let ms = if plan.latency_ms > 0 { 0 } else { 200 };
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        FaultKind::ServerError => {
            let status = StatusCode::from_u16(if plan.status == 0 { 503 } else { plan.status })
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut response = ApiErr::new(
                status,
                "unavailable",
                "the service is unavailable for a moment (fault injected)",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("0"));
            response
        }
        FaultKind::DropBefore => drop_connection(),
        FaultKind::WrongContentType => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><body>Please sign in to the Wi-Fi to continue.</body></html>",
        )
            .into_response(),
        FaultKind::DropAfter => {
            let response = next.run(request).await;
            // Read the whole answer first, so the write has surely committed.
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
            drop_connection()
        }
        FaultKind::Truncate => {
            let (mut parts, body) = next.run(request).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
            parts.headers.remove(header::CONTENT_LENGTH);
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(half),
                Err(std::io::Error::other("answer cut off (fault injected)")),
            ];
            Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
        }
        FaultKind::SlowBody => {
            let (mut parts, body) = next.run(request).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            let total = if plan.slow_body_ms == 0 {
                300
            } else {
                plan.slow_body_ms
            };
            let pieces = 6usize;
            let pause = Duration::from_millis(total / pieces as u64);
            let size = bytes.len().div_ceil(pieces).max(1);
            let chunks: Vec<Bytes> = bytes.chunks(size).map(Bytes::copy_from_slice).collect();
            let stream =
                futures_util::stream::unfold(chunks.into_iter(), move |mut rest| async move {
                    let chunk = rest.next()?;
                    tokio::time::sleep(pause).await;
                    Some((Ok::<_, std::io::Error>(chunk), rest))
                });
            Response::from_parts(parts, Body::from_stream(stream))
        }
    }
}

/// `GET /admin/faults`: the plan in force and what the layer did so far.
pub async fn admin_show(State(state): State<Shared>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "plan": state.faults.plan(),
        "stats": state.faults.stats(),
    }))
}

/// `POST /admin/faults {FaultPlan}`: replaces the plan (`{}` switches every fault off).
pub async fn admin_set(
    State(state): State<Shared>,
    JsonBody(plan): JsonBody<FaultPlan>,
) -> ApiResult<Json<FaultPlan>> {
    if !(0.0..=1.0).contains(&plan.rate) {
        return Err(ApiErr::bad_request("rate must be between 0 and 1"));
    }
    if plan.status != 0 && !(500..=599).contains(&plan.status) {
        return Err(ApiErr::bad_request("status must be a 5xx status"));
    }
    let skew = state.faults.set(plan.clone());
    state.clock.advance(skew);
    Ok(Json(plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_drawn(plan: FaultPlan, n: usize) -> Vec<Option<FaultKind>> {
        let faults = Faults::default();
        faults.set(plan);
        (0..n)
            .map(|_| faults.draw("POST", "/waon/v1/points/use").0)
            .collect()
    }

    #[test]
    fn the_same_seed_draws_the_same_faults_and_the_rate_holds() {
        let plan = FaultPlan {
            rate: 0.2,
            seed: 42,
            ..FaultPlan::default()
        };
        let first = kinds_drawn(plan.clone(), 5000);
        assert_eq!(first, kinds_drawn(plan.clone(), 5000), "reproducible");
        let other = kinds_drawn(FaultPlan { seed: 43, ..plan }, 5000);
        assert_ne!(first, other, "another seed, other faults");
        let faulted = first.iter().filter(|k| k.is_some()).count();
        assert!((850..=1150).contains(&faulted), "about 20 %: {faulted}");
        for kind in FaultKind::ALL {
            assert!(first.contains(&Some(kind)), "{kind:?} is drawn");
        }
    }

    #[test]
    fn targets_fault_the_next_requests_to_their_path_in_order() {
        let faults = Faults::default();
        faults.add_target(FaultTarget {
            path: "/v1/points/use".into(),
            method: Some("POST".into()),
            kind: FaultKind::DropAfter,
            count: 2,
        });
        faults.add_target(FaultTarget {
            path: "/v1/points/use".into(),
            method: None,
            kind: FaultKind::ServerError,
            count: 1,
        });
        assert_eq!(
            faults.draw("GET", "/waon/v1/points/use").0,
            Some(FaultKind::ServerError)
        );
        assert_eq!(
            faults.draw("POST", "/waon/v1/points").0,
            None,
            "another path"
        );
        assert_eq!(
            faults.draw("POST", "/waon/v1/points/use").0,
            Some(FaultKind::DropAfter)
        );
        assert_eq!(
            faults.draw("POST", "/waon/v1/points/use").0,
            Some(FaultKind::DropAfter)
        );
        assert_eq!(
            faults.draw("POST", "/waon/v1/points/use").0,
            None,
            "used up"
        );
        assert!(faults.plan().targets.is_empty());
        let stats = faults.stats();
        assert_eq!((stats.requests, stats.faulted, stats.drop_after), (5, 3, 2));
    }

    #[test]
    fn only_the_member_api_and_the_till_are_faulted() {
        assert!(faultable("/waon/v1/points/use"));
        assert!(faultable("/pos/points"));
        assert!(!faultable("/admin/faults"));
        assert!(!faultable("/admin/points/ledger"));
        assert!(!faultable("/health"));
    }

    #[test]
    fn kinds_have_stable_names() {
        for kind in FaultKind::ALL {
            assert_eq!(FaultKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_value(kind).expect("json");
            assert_eq!(json, kind.as_str());
        }
        assert_eq!(FaultKind::parse("gremlins"), None);
    }
}
