//! `POST /pos/till`: one read presented to a till of a given kind (SPEC §8), as the seed's
//! "POSまわりの実装" describes the terminals: the read is accepted or refused by the terminal
//! kind's table ([`super::terminal_kinds`]), points are used and earned on the member's
//! account, and the answer carries what the receipt prints.
//!
//! What a read is: a barcode of the program's member code (its prefix and length) is
//! verified as `/pos/scan` does ([`super::identify`]); a barcode of another app's code
//! (`till.app_code_prefix`) is looked up among the codes `/admin/app-codes` issued; anything
//! else (any barcode, stripe or chip read) is looked up in the card registry, and the card
//! must be registered to an account. A refusal is an answer (200, `accepted: false`, a
//! `refusal` code), not an HTTP error: the till prints "cannot use this card". Bad requests
//! (unknown program or terminal kind, a read method that does not exist, data that is not
//! digits) are 400/404.
//!
//! With an optional `idempotency_key` (scope `pos`, as `/pos/points`) a read is applied once:
//! a repeat is answered from the shared store before the read is verified again.
//!
//! This simulates terminal kinds, not the transaction life cycle: it opens no `/pos/scan`
//! transaction and counts no failures (use `/pos/scan` for one-time use and guessing).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::{Value, json};

use super::terminal_kinds::{APP_CODE, MEMBER_CODE, READ_METHODS, tills};
use crate::error::{ApiErr, ApiResult};
use crate::routes::extract::JsonBody;
use crate::routes::idempotency;
use crate::routes::points::{award_in, japan_today, spend_in};
use crate::routes::{Shared, program};

/// Yen of purchase per point earned (WAON POINT: 1 point per 200 yen; the server's rule).
pub(crate) const YEN_PER_POINT: i64 = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TillRead {
    program: String,
    terminal: String,
    read: String,
    data: String,
    #[serde(default)]
    amount: i64,
    #[serde(default)]
    use_points: i64,
    /// Optional, as at `/pos/points` (scope `pos`): with a key a read is applied once, and a
    /// repeat gets the first answer; the same key with another read is 422.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// Who the read belongs to, and the numbers its receipt may print.
struct Presented {
    kind: String,
    account_id: i64,
    member_id: String,
    point_account: Option<String>,
}

fn refusal(code: &str) -> Json<Value> {
    Json(json!({
        "accepted": false,
        "refusal": code,
        "member_id": null,
        "earned": 0,
        "used": 0,
        "receipt": {"numbers": [], "id_line": null},
    }))
}

pub(super) async fn present(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<TillRead>,
) -> ApiResult<Response> {
    let request = json!({
        "endpoint": "pos_till",
        "program": req.program.trim(),
        "terminal": req.terminal,
        "read": req.read,
        "data": req.data.trim(),
        "amount": req.amount,
        "use_points": req.use_points,
    })
    .to_string();
    if let Some(key) = req.idempotency_key.as_deref() {
        // Before the read is verified again: a member code is one-time.
        if let Some(replayed) = idempotency::replay(&state, idempotency::POS_SCOPE, key, &request)?
        {
            return Ok(replayed);
        }
    }
    let answer = |json: Json<Value>| Ok(json.into_response());
    let program = program(&req.program)?;
    let till = tills(program).ok_or_else(|| {
        ApiErr::new(
            StatusCode::NOT_FOUND,
            "no_tills",
            format!("program {program} has no terminal kinds"),
        )
    })?;
    let terminal = till
        .terminals
        .iter()
        .find(|t| t.id == req.terminal)
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::NOT_FOUND,
                "unknown_terminal",
                format!("no terminal kind {}", req.terminal),
            )
        })?;
    if !READ_METHODS.contains(&req.read.as_str()) {
        return Err(ApiErr::bad_request(
            "read must be barcode, magnetic, contactless or contact_ic",
        ));
    }
    let data = req.data.trim();
    if data.is_empty() || data.len() > 64 || !data.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiErr::bad_request("data must be 1 to 64 digits"));
    }
    if !(0..=100_000_000).contains(&req.amount) || !(0..=100_000_000).contains(&req.use_points) {
        return Err(ApiErr::bad_request(
            "amount and use_points must be 0 to 100000000",
        ));
    }
    let presented = match who(&state, program, &till, data) {
        Ok(presented) => presented,
        Err(code) => return answer(refusal(&code)),
    };
    if !terminal.accepts(&presented.kind, &req.read) {
        return answer(refusal("not_accepted_here"));
    }
    let presented = if presented.kind == MEMBER_CODE {
        match member_code_owner(&state, program, data) {
            Ok(presented) => presented,
            Err(code) => return answer(refusal(&code)),
        }
    } else {
        presented
    };
    let today = japan_today(&state);
    // Points used and earned in one transaction, under the key when there is one.
    idempotency::run_optional(
        &state,
        idempotency::POS_SCOPE,
        req.idempotency_key.as_deref(),
        &request,
        |conn| {
            let used = if req.use_points > 0 {
                match spend_in(
                    conn,
                    today,
                    presented.account_id,
                    req.use_points,
                    today,
                    Some(&terminal.id),
                    None,
                ) {
                    Ok(_) => req.use_points,
                    Err(e) if e.status.is_client_error() => return Ok(refusal(&e.code).0),
                    Err(e) => return Err(e),
                }
            } else {
                0
            };
            let earned = req.amount / YEN_PER_POINT;
            if earned > 0 {
                award_in(
                    conn,
                    today,
                    presented.account_id,
                    earned,
                    today,
                    Some(&terminal.id),
                    None,
                )?;
            }
            let (numbers, id_line) = terminal.receipt(
                &presented.kind,
                data,
                presented.point_account.as_deref(),
                earned > 0 || used > 0,
            );
            Ok(json!({
                "accepted": true,
                "refusal": null,
                "member_id": presented.member_id,
                "earned": earned,
                "used": used,
                "receipt": {"numbers": numbers, "id_line": id_line},
            }))
        },
    )
}

/// Identifies the read; `Err` is the refusal code. A code is told by its shape whatever the
/// read method (then the terminal's table refuses a code "swiped"), a card by the registry.
fn who(
    state: &Shared,
    program: &str,
    till: &super::terminal_kinds::TillConfig,
    data: &str,
) -> Result<Presented, String> {
    if let Some(rules) = super::rules(program) {
        if data.len() == rules.length && data.starts_with(rules.prefix) {
            // Only a code the terminal may read is verified: verifying has effects (a used
            // code is refused later) that a refused read must not have.
            return Ok(Presented {
                kind: MEMBER_CODE.to_owned(),
                account_id: 0,
                member_id: String::new(),
                point_account: None,
            });
        }
    }
    if let (Some(prefix), Some(length)) = (&till.app_code_prefix, till.app_code_length) {
        if data.len() == length && data.starts_with(prefix.as_str()) {
            return app_code_owner(state, program, data);
        }
    }
    registered_card(state, program, data)
}

/// The member a member code belongs to, once the terminal accepted the read.
fn member_code_owner(state: &Shared, program: &str, code: &str) -> Result<Presented, String> {
    let who = super::identify(state, Some(program), code).map_err(|e| e.code)?;
    Ok(Presented {
        kind: MEMBER_CODE.to_owned(),
        account_id: who.account_id,
        member_id: who.member_id,
        point_account: None,
    })
}

fn internal(e: impl std::fmt::Display) -> String {
    tracing::warn!("till lookup failed: {e}");
    "server_error".to_owned()
}

fn member_id_of(state: &Shared, account_id: i64) -> Result<String, String> {
    state
        .db()
        .query_row(
            "SELECT member_id FROM accounts WHERE id = ?1 AND status != 'withdrawn'",
            [account_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(internal)?
        .ok_or_else(|| "unregistered_card".to_owned())
}

fn app_code_owner(state: &Shared, program: &str, code: &str) -> Result<Presented, String> {
    let account: Option<i64> = state
        .db()
        .query_row(
            "SELECT account_id FROM app_codes WHERE program = ?1 AND code = ?2",
            (program, code),
            |r| r.get(0),
        )
        .optional()
        .map_err(internal)?;
    let account_id = account.ok_or_else(|| "unknown_code".to_owned())?;
    Ok(Presented {
        kind: APP_CODE.to_owned(),
        account_id,
        member_id: member_id_of(state, account_id)?,
        point_account: None,
    })
}

fn registered_card(state: &Shared, program: &str, number: &str) -> Result<Presented, String> {
    let card: Option<(String, Option<String>, String, Option<i64>)> = state
        .db()
        .query_row(
            "SELECT c.card_type, c.point_account, c.status, r.account_id
             FROM card_registry c LEFT JOIN card_registrations r ON r.registry_id = c.id
             WHERE c.program = ?1 AND c.number = ?2",
            (program, number),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .map_err(internal)?;
    let (kind, point_account, status, account) = card.ok_or_else(|| "unknown_card".to_owned())?;
    if status != "active" {
        return Err("card_not_active".to_owned());
    }
    let account_id = account.ok_or_else(|| "unregistered_card".to_owned())?;
    Ok(Presented {
        kind,
        account_id,
        member_id: member_id_of(state, account_id)?,
        point_account,
    })
}
