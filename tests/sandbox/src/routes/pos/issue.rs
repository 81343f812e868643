//! `POST /{program}/v1/member-codes`: the signed-in device's one-time codes (`wester`).
//!
//! The answer always holds `1 + advance_codes` live codes for the device, in consecutive
//! windows: the code valid now and the ones after it. Asking again tops the chain up rather
//! than replacing it, so a code already on the phone's screen stays valid (a shopper whose
//! phone refreshed while the cashier was scanning is not turned away), and the phone can ask
//! as often as it likes without multiplying live codes. A code whose transaction completed
//! is no longer live; if it was the current one, a new current code starts now.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

use super::{CodeRules, DEVICE_NUMBER_DIGITS, SUFFIX_DIGITS, Source, rfc3339, rules};
use crate::error::{ApiErr, ApiResult};
use crate::routes::auth::Caller;
use crate::routes::{Shared, auth};
use crate::tokens;

/// Random digits between the prefix and the install suffix.
fn random_part_digits(rules: &CodeRules) -> usize {
    rules.length - rules.prefix.len() - SUFFIX_DIGITS
}

pub(super) async fn issue(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    let program = caller.program;
    let rules = rules(program)
        .filter(|r| r.source == Source::ServerIssued)
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::CONFLICT,
                "codes_derived_on_device",
                format!("{program} member codes are derived on the phone, not issued"),
            )
        })?;
    let now = state.clock.unix();
    let db = state.db();
    let device_number: String = db.query_row(
        "SELECT device_number FROM devices WHERE id = ?1",
        [caller.device_id],
        |r| r.get(0),
    )?;
    if device_number.len() != DEVICE_NUMBER_DIGITS {
        return Err(ApiErr::internal("device number of the wrong length"));
    }
    let suffix = &device_number[DEVICE_NUMBER_DIGITS - SUFFIX_DIGITS..];
    let tx = db.unchecked_transaction()?;
    let mut live = live_codes(&tx, program, caller.device_id, now)?;
    if !live.iter().any(|c| c.valid_from <= now) {
        let code = new_code(&tx, rules, suffix)?;
        insert(&tx, rules, &caller, &code, now, now)?;
        live.insert(
            0,
            Live {
                code,
                valid_from: now,
                valid_until: now + rules.validity_seconds,
            },
        );
    }
    while live.len() < 1 + rules.advance_codes {
        let from = live.iter().map(|c| c.valid_until).max().unwrap_or(now);
        let code = new_code(&tx, rules, suffix)?;
        insert(&tx, rules, &caller, &code, from, now)?;
        live.push(Live {
            code,
            valid_from: from,
            valid_until: from + rules.validity_seconds,
        });
    }
    tx.commit()?;
    live.sort_by_key(|c| (c.valid_from, c.valid_until));
    let codes: Vec<Value> = live
        .iter()
        .map(|c| {
            json!({
                "code": c.code,
                "valid_from": rfc3339(c.valid_from),
                "valid_until": rfc3339(c.valid_until),
            })
        })
        .collect();
    Ok(Json(json!({
        "codes": codes,
        "validity_seconds": rules.validity_seconds,
        "server_time": rfc3339(now),
    })))
}

struct Live {
    code: String,
    valid_from: i64,
    valid_until: i64,
}

/// The device's codes that are not expired and not used by a completed transaction.
fn live_codes(db: &Connection, program: &str, device_id: i64, now: i64) -> ApiResult<Vec<Live>> {
    let mut stmt = db.prepare(
        "SELECT c.code, c.valid_from, c.valid_until FROM member_codes c
         WHERE c.device_id = ?1 AND c.program = ?2 AND c.valid_until > ?3
           AND NOT EXISTS (SELECT 1 FROM pos_transactions t
                           WHERE t.program = c.program AND t.code = c.code
                             AND t.status = 'completed')
         ORDER BY c.valid_from, c.valid_until",
    )?;
    let rows = stmt
        .query_map((device_id, program, now), |r| {
            Ok(Live {
                code: r.get(0)?,
                valid_from: r.get(1)?,
                valid_until: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A code never issued before in this program: prefix, random digits, install suffix.
fn new_code(db: &Connection, rules: &CodeRules, suffix: &str) -> ApiResult<String> {
    for _ in 0..20 {
        let code = format!(
            "{}{}{}",
            rules.prefix,
            random_digits_any(random_part_digits(rules)),
            suffix
        );
        let taken = db
            .query_row(
                "SELECT 1 FROM member_codes WHERE program = ?1 AND code = ?2",
                (rules.program, &code),
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !taken {
            return Ok(code);
        }
    }
    Err(ApiErr::internal("could not find an unused member code"))
}

/// `n` random decimal digits (a leading 0 is fine inside a code).
fn random_digits_any(n: usize) -> String {
    // `tokens::random_digits` never starts with 0; prepend a digit and drop it.
    tokens::random_digits(n + 1)[1..].to_owned()
}

fn insert(
    db: &Connection,
    rules: &CodeRules,
    caller: &auth::Caller,
    code: &str,
    valid_from: i64,
    now: i64,
) -> ApiResult<()> {
    db.execute(
        "INSERT INTO member_codes (program, code, account_id, device_id, valid_from, valid_until, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            rules.program,
            code,
            caller.account_id,
            caller.device_id,
            valid_from,
            valid_from + rules.validity_seconds,
            now,
        ),
    )?;
    Ok(())
}
