//! Point cards (SPEC §4): the issuers' registry of cards, the members' registrations, the
//! account merge (§4.5), and the test controls that issue cards in every state.
//!
//! - **Registry** (`card_registry`): the cards the issuers have issued, as the issuers know
//!   them: number, type, PIN (or none), expiry, holder (name and birth date), status
//!   (`active`, `invalid`, `lapsed`, `reissued` with the new card in `replaced_by`), whether
//!   a member registration exists at the issuing shop (`sc_point_card`), the point-account
//!   number a credit card maps to, and the e-money card built into a credit card. An
//!   `expired` card is an `active` one whose expiry date (Japan time) has passed.
//! - **Registrations** (`card_registrations`): which account holds which card. A row never
//!   holds a card number: it points at the registry and keeps the last 4 digits, so a credit
//!   card's full number is in the issuer's registry only.
//! - **Holders** (`card_accounts`): each account's personal details (name and birth date),
//!   set by the admin or, when an account has none, taken from the first card it registers
//!   (the member evidently registers their own card first; any later card must then be the
//!   same person's), plus the first-award date the accrual start month follows (§5.2) and
//!   where a merged account went.
//! - Registration and merge are idempotent: the first answer per `(account, idempotency_key)`
//!   (success or refusal, not a 5xx) is stored and returned again for a repeat; a key reused
//!   for another card is refused (`idempotency_key_reused`). A repeat is told apart from a new
//!   request by card type, last 4 digits and the answers, never by the full number, so the
//!   stored request holds no card number either.
//! - Refusals are checked in the order of the source FAQ: details that do not match the card
//!   (every mismatch at once), an expired or invalid card, someone else's card, a card of
//!   another account, then the limits (the per-type limit first: a second credit card is the
//!   `6213` case whatever the total).
//!
//! Program rules live in [`RULES`] (the sandbox is the server and depends on nothing from the
//! core; the values match the shipped profiles, which a test reads through the core's profile
//! API and compares: `tests.rs`, `the_card_rules_agree_with_the_shipped_profiles`).
//!
//! ## Rooms
//! `schema` (tables and demo cards), `rules` (program card rules), `checks` (check digits,
//! names, small helpers), `view` (registrations as answered, `GET v1/cards`), `register`
//! (`POST v1/cards`), `merge` (`POST v1/cards/merge`), `admin` (issuing and changing cards),
//! `admin_http` (`CardAdmin` and the admin endpoints), `tests`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::auth::Caller;
use super::extract::JsonBody;
use super::points::japan_today;
use super::{Shared, json_body, program, unknown_program};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;
use crate::tokens;

mod admin;
mod admin_http;
mod checks;
mod merge;
mod register;
mod rules;
mod schema;
#[cfg(test)]
mod tests;
mod view;

// The rooms share this module's imports and each other's items (`use super::*`).
use admin::*;
use admin_http::*;
use checks::*;
use merge::*;
use register::*;
use rules::*;
use view::*;

// What the rest of the crate and the crate's users reach.
pub use admin::{AccountCards, AccountHolder, CardStats, IssueCard, IssuedCard, RegistrationRow};
pub use admin_http::CardAdmin;
pub(crate) use rules::all_rules;
pub use rules::{Check, ProgramRules, TypeRule};
pub use schema::SCHEMA;
pub use view::Holder;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/cards", get(list).post(register))
        .route("/{program}/v1/cards/merge", post(merge))
        .route("/admin/cards", post(admin_issue))
        .route("/admin/cards/stats", get(admin_stats))
        .route("/admin/cards/faults", post(admin_faults))
        .route("/admin/cards/{program}/{number}/status", post(admin_status))
        .route(
            "/admin/cards/{program}/{number}/reissue",
            post(admin_reissue),
        )
        .route(
            "/admin/accounts/{program}/{login_id}/holder",
            put(admin_holder),
        )
        .route(
            "/admin/accounts/{program}/{login_id}/cards",
            get(admin_account_cards),
        )
}
