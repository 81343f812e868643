//! Mail settings and the e-mail address (SPEC §6): the member API and its test controls.
//!
//! - Settings (`newsletter`, `postal`) live per account; a new account has both **on** (the
//!   programs' sign-up default: a member opts out, as in the source FAQ's "受け取らない").
//!   Every applied change bumps the account's `version`; each setting remembers the version
//!   that last changed it (its `rev`), so a phone can say which revision its change was based
//!   on and the server can tell whether the value changed elsewhere meanwhile.
//! - Writes are idempotent: the first result per `(account, idempotency_key)` is stored and
//!   returned again for a repeat, whatever happened in between. A key reused with a different
//!   request is refused (`idempotency_key_reused`).
//! - Conflicts: the member's change always wins (it is the latest choice the member made on
//!   this phone); where the setting changed elsewhere since the phone's base revision and the
//!   value being replaced differs from the member's choice, the answer lists it in
//!   `overridden` so the app can tell the member.
//! - E-mail change: a 6-digit code goes to the new address (valid 10 minutes, 5 attempts);
//!   confirming it switches the address (and the login ID where the login ID was the old
//!   address) and sends a notice to the old address.
//!
//! Test controls under `/admin/mail/{member_id}`: read the counters, change the settings "on
//! the web", and inject faults (every mail endpoint answering 503; the next writes committed
//! and then their answer dropped, as when the connection breaks on the way back).
//!
//! ## Rooms
//! `schema` (tables and constants), `settings` (`v1/mail/settings`), `email_change`
//! (`v1/mail/email-change…`), `admin` (`/admin/mail/…` and the Rust controls), `tests`.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::auth::Caller;
use super::extract::JsonBody;
use super::{Shared, idempotency};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;
use crate::tokens;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::IntoResponse;

mod admin;
mod email_change;
mod schema;
mod settings;
#[cfg(test)]
mod tests;

// The rooms share this module's imports and each other's items (`use super::*`).
use admin::*;
use email_change::*;
use schema::*;
use settings::*;

// What the rest of the crate and the crate's users reach.
pub use admin::{MailAdmin, MailFaults, admin_state, change_elsewhere, set_faults};
pub use schema::SCHEMA;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/{program}/v1/mail/settings",
            get(get_settings).put(put_settings),
        )
        .route(
            "/{program}/v1/mail/email-change",
            get(pending_email_change).post(request_email_change),
        )
        .route(
            "/{program}/v1/mail/email-change/confirm",
            post(confirm_email_change),
        )
        .route("/admin/mail/{member_id}", get(admin_show))
        .route(
            "/admin/mail/{member_id}/settings",
            post(admin_change_elsewhere),
        )
        .route("/admin/mail/{member_id}/faults", post(admin_faults))
}
