//! Points (SPEC §5): the sandbox's point ledger, and the member endpoints for balance, history,
//! incremental sync, in-app use and family sharing, plus the admin and point-of-sale hooks that
//! award and spend.
//!
//! The sandbox is the server: it computes expiry itself, with its own small implementation of
//! both rules ([`fiscal_expiry`], [`accrual_expiry`]), never with `tamaru-core`. The core's
//! functions are the reference; the scenarios cross-check the two over many dates.
//!
//! ## The ledger
//! - Points are held in **lots**: each credit (earn, positive adjust, transfer in, merge in)
//!   is a lot with its earning date, its expiry date (fixed when it is credited) and what is
//!   left of it. Debits (use, negative adjust, transfer out, merge out) take from the lots
//!   that expire first (then the oldest lot), so a member never loses points that could have
//!   been spent.
//! - Every change to an account's lots writes one **history entry** (`earn`, `use`, `expire`,
//!   `adjust`, `transfer`, `merge`), append-only and never edited. That is what lets a client
//!   sync incrementally: nothing new since its cursor means nothing changed, balance included.
//! - **Expiry** runs lazily: before any read or write of an account, as of the sandbox's Japan
//!   date (or the dated operation's date). Lots valid to `E` are gone from `E + 1`; the
//!   `expire` entry is dated `E + 1`, so the points of the entries dated up to a day add up to
//!   the balance valid on that day.
//! - Time only moves forward in a ledger: an account's ledger runs *through* the latest date
//!   an operation or an expiry run was applied as of, and an operation dated before that is
//!   refused (`date_before_ledger`). Tests build a past timeline oldest first, then read.
//! - `waon` (accrual-period rule): the accrual start is the account's first award (or first
//!   e-money charge, [`note_emoney_charge`]); the sandbox keeps it and returns it as
//!   `first_award`. A positive adjustment counts as an award. A transfer keeps the points'
//!   expiry dates (sending points back and forth must not extend them) and is not an award.
//!
//! ## Rooms
//! `schema` (tables), `rules` (expiry rules and limits), `records` (what the API answers),
//! `ledger` (lots, entries, expiry), `hooks` (the ledger for point of sale and cards),
//! `handlers` (member endpoints), `family` (family sharing), `admin` (admin and `/pos/points`),
//! `test_api` (`PointsAdmin` for Rust tests), `tests`.

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::auth::Caller;
use super::extract::{JsonBody, Program};
use super::{Shared, auth, idempotency, program, unknown_program};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::IntoResponse;

mod admin;
mod family;
mod handlers;
mod hooks;
mod ledger;
mod records;
mod rules;
mod schema;
mod test_api;
#[cfg(test)]
mod tests;

// The rooms share this module's imports and each other's items (`use super::*`).
use admin::*;
use family::*;
use handlers::*;
use hooks::*;
use ledger::*;
use rules::*;

// What the rest of the crate and the crate's users reach.
pub(crate) use family::leave_family;
pub(crate) use hooks::{merge_points, seed_first_award};
pub(crate) use ledger::{award_in, japan_today, spend_in};
pub use records::{ExpiryBucket, PointBalance, PointEntry, PointSyncStats};
pub(crate) use rules::Rule;
pub use schema::SCHEMA;
pub use test_api::{PointLedger, PointsAdmin};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/points", get(balance))
        .route("/{program}/v1/points/changes", get(changes))
        .route("/{program}/v1/points/history", get(history))
        .route("/{program}/v1/points/use", post(use_points))
        .route("/{program}/v1/family", get(family).post(create_family))
        .route("/{program}/v1/family/invitations", post(invite))
        .route("/{program}/v1/family/join", post(join))
        .route("/{program}/v1/family/leave", post(leave))
        .route("/{program}/v1/family/transfers", post(transfer))
        .route("/admin/points/award", post(admin_award))
        .route("/admin/points/use", post(admin_use))
        .route("/admin/points/adjust", post(admin_adjust))
        .route("/admin/points/emoney-charge", post(admin_emoney_charge))
        .route("/admin/points/merge", post(admin_merge))
        .route("/admin/points/ledger", get(admin_ledger))
        .route("/admin/points/today", post(admin_set_today))
        .route("/pos/points", post(pos_points))
}
