//! The AEON card behind the member code (SPEC §4.6, `waon`): which credit card's point account
//! the member code points to, and changing it at most once a Japan day.
//!
//! - `GET /{program}/v1/member-code/card` → the card behind the code (last 4 only), its point
//!   account (last 4), the install suffix, mobile WAON's exchange source, the last change.
//! - `POST /{program}/v1/member-code/card {"number", "idempotency_key"}` changes it, once per
//!   key (`idempotency.rs`: a repeat is answered with the first result, the same key with
//!   another number is `422 idempotency_key_reused`): the account's credit-card
//!   registration moves to the new card, the code then points to the new card's point
//!   account, and the calling device gets a new device number (the code's fixed last 4 digits
//!   change; codes made with the old number no longer verify). Mobile WAON's exchange source
//!   stays the point account it was linked to. Refusals: 404 `no_code_card` (no credit card
//!   type, or none registered yet), 404 `unknown_card`, 409 `card_expired_or_invalid`,
//!   409 `card_registered_to_another_account`, 409 `card_of_another_person`,
//!   409 `code_card_unchanged`, 429 `code_card_change_limited` `{allowed_from,
//!   retry_after_seconds}`: one change per Japan calendar day (JST, 00:00 to 24:00); the
//!   next is allowed from the next Japan midnight.
//! - Member codes and other apps' codes are not cards: they are in no registration, so they
//!   never count toward the card limit (`cards.rs` counts `card_registrations` only).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::Caller;
use super::cards::all_rules;
use super::extract::JsonBody;
use super::points::japan_today;
use super::{Shared, idempotency};
use crate::error::{ApiErr, ApiResult};
use crate::tokens;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS code_cards (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    -- The point account mobile WAON exchanges points from (kept across card changes).
    exchange_source TEXT,
    -- The Japan date (YYYY-MM-DD) of the last change, and its instant.
    changed_on TEXT,
    changed_at INTEGER
);
";

pub fn routes() -> Router<Shared> {
    Router::new().route("/{program}/v1/member-code/card", get(current).post(change))
}

/// The credit-card type of a program (the AEON card), if it has one.
fn credit_type(program: &str) -> Option<&'static str> {
    all_rules()
        .into_iter()
        .find(|r| r.program == program)?
        .types
        .iter()
        .find(|t| t.credit_card)
        .map(|t| t.id)
}

/// The e-money types of a program whose points are exchanged (mobile WAON among them).
fn emoney_types(program: &str) -> Vec<&'static str> {
    all_rules()
        .into_iter()
        .find(|r| r.program == program)
        .map(|r| r.types.iter().filter(|t| t.emoney).map(|t| t.id).collect())
        .unwrap_or_default()
}

fn no_code_card() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "no_code_card",
        "no credit card is registered behind the member code",
    )
}

struct CodeCard {
    registration_id: String,
    last4: String,
    point_account: Option<String>,
}

fn code_card(db: &Connection, account_id: i64, card_type: &str) -> ApiResult<Option<CodeCard>> {
    Ok(db
        .query_row(
            "SELECT r.id, r.last4, c.point_account FROM card_registrations r
             JOIN card_registry c ON c.id = r.registry_id
             WHERE r.account_id = ?1 AND r.card_type = ?2 ORDER BY r.registered_at LIMIT 1",
            (account_id, card_type),
            |r| {
                Ok(CodeCard {
                    registration_id: r.get(0)?,
                    last4: r.get(1)?,
                    point_account: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn last4(number: &str) -> &str {
    &number[number.len().saturating_sub(4)..]
}

/// The instant (RFC 3339, UTC) of the Japan midnight after `day`.
fn next_japan_midnight(day: NaiveDate) -> String {
    let next = day + Duration::days(1);
    let utc = next.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(9);
    super::pos::rfc3339(utc.and_utc().timestamp())
}

fn state_json(
    db: &Connection,
    account_id: i64,
    device_id: i64,
    card_type: &str,
) -> ApiResult<Value> {
    let card = code_card(db, account_id, card_type)?;
    let device_number: String = db.query_row(
        "SELECT device_number FROM devices WHERE id = ?1",
        [device_id],
        |r| r.get(0),
    )?;
    let (exchange_source, changed_on): (Option<String>, Option<String>) = db
        .query_row(
            "SELECT exchange_source, changed_on FROM code_cards WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((None, None));
    let next_change_from = changed_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(next_japan_midnight);
    Ok(json!({
        "card_last4": card.as_ref().map(|c| c.last4.clone()),
        "point_account_last4": card.as_ref().and_then(|c| c.point_account.as_deref().map(|a| last4(a).to_owned())),
        "device_number": device_number,
        "device_suffix": last4(&device_number),
        "exchange_source_last4": exchange_source.as_deref().map(last4),
        "last_changed_on": changed_on,
        "next_change_from": next_change_from,
    }))
}

async fn current(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    let program = caller.program;
    let card_type = credit_type(program).ok_or_else(no_code_card)?;
    let db = state.db();
    Ok(Json(state_json(
        &db,
        caller.account_id,
        caller.device_id,
        card_type,
    )?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    number: String,
    /// Made by the phone when the member confirmed; the same on every retry (the shared
    /// store, `idempotency.rs`): a repeat gets the first change's answer, not
    /// `code_card_change_limited`.
    idempotency_key: String,
}

async fn change(
    State(state): State<Shared>,
    caller: Caller,
    JsonBody(req): JsonBody<Change>,
) -> ApiResult<Response> {
    let program = caller.program;
    let card_type = credit_type(program).ok_or_else(no_code_card)?;
    let today = japan_today(&state);
    let now = state.clock.unix();
    let number = req.number.trim();
    // The full number: the same key with another card is `idempotency_key_reused`, even one
    // with the same last 4 digits (the sandbox's registry holds full numbers anyway).
    let request = json!({ "endpoint": "member_code_card", "number": number }).to_string();
    idempotency::run(
        &state,
        &idempotency::account_scope(caller.account_id),
        &req.idempotency_key,
        &request,
        |db| {
            apply_change(
                db,
                program,
                caller.account_id,
                caller.device_id,
                card_type,
                number,
                (today, now),
            )
        },
    )
}

/// The change itself, on the idempotency store's transaction: a refusal (4xx) is stored
/// with the key like a success.
fn apply_change(
    tx: &Connection,
    program: &str,
    account_id: i64,
    device_id: i64,
    card_type: &str,
    number: &str,
    (today, now): (NaiveDate, i64),
) -> ApiResult<Value> {
    let current = code_card(tx, account_id, card_type)?.ok_or_else(no_code_card)?;
    let new: Option<(i64, String, String, String, String, String)> = tx
        .query_row(
            "SELECT id, status, expires_on, holder_name, holder_birth_date, number FROM card_registry
             WHERE program = ?1 AND number = ?2 AND card_type = ?3",
            (program, number, card_type),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let (registry_id, status, expires_on, holder_name, holder_birth, number) =
        new.ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "unknown_card", "no such card"))?;
    let registered_to: Option<(String, i64)> = tx
        .query_row(
            "SELECT id, account_id FROM card_registrations WHERE registry_id = ?1",
            [registry_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((registration, account)) = &registered_to {
        if *registration == current.registration_id {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "code_card_unchanged",
                "this card is already behind the member code",
            ));
        }
        if *account != account_id {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "card_registered_to_another_account",
                "the card is registered to another account",
            ));
        }
    }
    let expired = NaiveDate::parse_from_str(&expires_on, "%Y-%m-%d").map_or(true, |d| d < today);
    if status != "active" || expired {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "card_expired_or_invalid",
            "the card is expired or invalid",
        )
        .with(
            "status",
            if expired && status == "active" {
                "expired"
            } else {
                status.as_str()
            },
        ));
    }
    let holder: Option<(Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT holder_name, holder_birth_date FROM card_accounts WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((Some(name), Some(birth))) = holder {
        if name != holder_name || birth != holder_birth {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "card_of_another_person",
                "the card belongs to someone else",
            ));
        }
    }
    let changed_on: Option<String> = tx
        .query_row(
            "SELECT changed_on FROM code_cards WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if changed_on.as_deref() == Some(today.to_string().as_str()) {
        let allowed_from = next_japan_midnight(today);
        let until = chrono::DateTime::parse_from_rfc3339(&allowed_from)
            .map(|t| t.timestamp())
            .unwrap_or(now);
        return Err(ApiErr::new(
            StatusCode::TOO_MANY_REQUESTS,
            "code_card_change_limited",
            "the card behind the member code can be changed once a day",
        )
        .with("allowed_from", allowed_from)
        .with("retry_after_seconds", (until - now).max(1)));
    }
    // Mobile WAON keeps exchanging from the account it is linked to: the first change records
    // it (the old card's point account) for a member with e-money registered.
    let has_emoney: bool = emoney_types(program).iter().any(|t| {
        tx.query_row(
            "SELECT 1 FROM card_registrations WHERE account_id = ?1 AND card_type = ?2 AND linked_to IS NULL",
            (account_id, t),
            |_| Ok(()),
        )
        .optional()
        .ok()
        .flatten()
        .is_some()
    });
    let source = has_emoney.then(|| current.point_account.clone()).flatten();
    tx.execute(
        "INSERT INTO code_cards (account_id, exchange_source, changed_on, changed_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id) DO UPDATE SET
             exchange_source = COALESCE(code_cards.exchange_source, ?2), changed_on = ?3, changed_at = ?4",
        (account_id, &source, today.to_string(), now),
    )?;
    tx.execute(
        "UPDATE card_registrations SET registry_id = ?2, last4 = ?3 WHERE id = ?1",
        (&current.registration_id, registry_id, last4(&number)),
    )?;
    // The install suffix changes with the card: a new device number for this device.
    tx.execute(
        "UPDATE devices SET device_number = ?2 WHERE id = ?1",
        (device_id, tokens::random_digits(16)),
    )?;
    state_json(tx, account_id, device_id, card_type)
}
