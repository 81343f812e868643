//! The HTTP surface. Member API under `/{program}/v1/…`, test controls under `/admin/…`.

mod accounts;
pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod cards;
pub(crate) mod code_card;
pub(crate) mod extract;
pub(crate) mod faults;
pub(crate) mod idempotency;
pub(crate) mod mail;
pub(crate) mod password;
pub(crate) mod points;
pub(crate) mod pos;
mod sessions;
#[cfg(test)]
mod tests;
pub(crate) mod withdrawal;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use serde::de::DeserializeOwned;

use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;

pub type Shared = Arc<AppState>;

/// Programs the sandbox serves.
pub const PROGRAMS: &[&str] = &["wester", "waon"];

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/{program}/v1/accounts", post(accounts::sign_up))
        .route("/{program}/v1/me", get(accounts::me))
        .route("/{program}/v1/sessions", post(sessions::log_in))
        .route("/{program}/v1/sessions/refresh", post(sessions::refresh))
        .route("/{program}/v1/sessions/current", delete(sessions::log_out))
        .route("/admin/clock", post(admin::advance_clock))
        .route("/admin/stats", get(admin::stats))
        .route("/admin/mailbox/{address}", get(admin::mailbox))
        .route("/admin/programs", post(admin::register_program))
        .merge(password::routes())
        .merge(withdrawal::routes())
        .route("/admin/accounts/link", post(admin::link_external_id))
        .route("/admin/accounts/login-kind", post(admin::set_login_kind))
        .merge(cards::routes())
        .merge(mail::routes())
        .merge(points::routes())
        .merge(pos::routes())
        .merge(code_card::routes())
        .route(
            "/{program}/v1/idempotency-keys/{key}/resolve",
            post(idempotency::resolve),
        )
        .route("/admin/idempotency/stats", get(idempotency::admin_stats))
        .route(
            "/admin/faults",
            get(faults::admin_show).post(faults::admin_set),
        )
        .fallback(|| async { ApiErr::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::layer,
        ))
        .with_state(state)
}

/// Checks the program path segment: a shipped program or one registered at run time
/// (`POST /admin/programs`).
pub fn program(name: &str) -> ApiResult<&'static str> {
    PROGRAMS
        .iter()
        .find(|p| **p == name)
        .copied()
        .or_else(|| crate::programs::find(name).map(|p| p.id))
        .ok_or_else(|| unknown_program(name))
}

/// 404 `unknown_program`: no program of that ID is served (CONTRACT.md). The answer for a
/// path's program and for a program named in a body or looked up by the rules alike.
pub fn unknown_program(name: &str) -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "unknown_program",
        format!("no program {name}"),
    )
}

/// Parses a JSON body, answering a JSON `bad_request` (not axum's plain-text rejection).
pub fn json_body<T: DeserializeOwned>(bytes: &Bytes) -> ApiResult<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiErr::bad_request(format!("invalid JSON body: {e}")))
}
