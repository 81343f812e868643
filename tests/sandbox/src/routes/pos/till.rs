//! The point of sale: `POST /pos/scan`, `/pos/complete`, `/pos/cancel`.
//!
//! A scan verifies the code ([`super::identify`]) and opens a transaction bound to it. The
//! transaction completes (`/pos/complete`, or at once with `"complete": true`) or is
//! cancelled; once completed, the code is used and every later scan of it is refused.
//!
//! Every failed verification counts against the terminal; [`FAILURE_LIMIT`] failures within
//! [`FAILURE_WINDOW_SECONDS`] block it for [`BLOCK_SECONDS`] (`429 too_many_failures`), so
//! codes cannot be guessed at till speed. A success does not reset the count: otherwise one
//! valid code rescanned between guesses would lift the limit.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::{Value, json};

use super::verify::Identified;
use super::{BLOCK_SECONDS, FAILURE_LIMIT, FAILURE_WINDOW_SECONDS, identify, rfc3339};
use crate::error::{ApiErr, ApiResult};
use crate::routes::Shared;
use crate::routes::extract::JsonBody;
use crate::tokens;

/// The state of a till transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxStatus {
    Open,
    Completed,
    Cancelled,
}

impl TxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TxStatus::Open => "open",
            TxStatus::Completed => "completed",
            TxStatus::Cancelled => "cancelled",
        }
    }

    fn parse(text: &str) -> TxStatus {
        match text {
            "completed" => TxStatus::Completed,
            "cancelled" => TxStatus::Cancelled,
            _ => TxStatus::Open,
        }
    }
}

/// A till transaction, for modules that act in it (points: award or spend on completion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PosTransaction {
    pub id: String,
    pub program: String,
    pub terminal_id: String,
    pub code: String,
    pub account_id: i64,
    pub device_id: i64,
    pub status: TxStatus,
}

/// The transaction `id`; 404 `unknown_transaction` if there is none.
pub(crate) fn transaction(state: &Shared, id: &str) -> ApiResult<PosTransaction> {
    state
        .db()
        .query_row(
            "SELECT id, program, terminal_id, code, account_id, device_id, status
             FROM pos_transactions WHERE id = ?1",
            [id],
            |r| {
                Ok(PosTransaction {
                    id: r.get(0)?,
                    program: r.get(1)?,
                    terminal_id: r.get(2)?,
                    code: r.get(3)?,
                    account_id: r.get(4)?,
                    device_id: r.get(5)?,
                    status: TxStatus::parse(&r.get::<_, String>(6)?),
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::NOT_FOUND,
                "unknown_transaction",
                "no such transaction",
            )
        })
}

#[derive(Deserialize)]
pub(super) struct Scan {
    terminal_id: String,
    code: String,
    /// The program, where the till knows it; otherwise the code's prefix tells.
    #[serde(default)]
    program: Option<String>,
    /// Complete the transaction at once (a till that awards on scan).
    #[serde(default)]
    complete: bool,
}

fn check_terminal(terminal_id: &str) -> ApiResult<()> {
    let ok = (1..=64).contains(&terminal_id.len())
        && terminal_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiErr::bad_request(
            "terminal_id must be 1 to 64 letters, digits, '-', '_' or '.'",
        ))
    }
}

pub(super) async fn scan(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Scan>,
) -> ApiResult<Json<Value>> {
    check_terminal(&req.terminal_id)?;
    if req.code.len() > 128 {
        return Err(ApiErr::bad_request("code is too long to be a member code"));
    }
    refuse_if_blocked(&state, &req.terminal_id)?;
    let identified = match identify(&state, req.program.as_deref(), &req.code) {
        Ok(identified) => identified,
        Err(e) => return Err(count_failure(&state, &req.terminal_id, e)?),
    };
    let (transaction_id, status, rescanned) = open(&state, &req.terminal_id, &identified)?;
    let status = if req.complete {
        close(
            &state,
            &transaction_id,
            &req.terminal_id,
            TxStatus::Completed,
        )?
    } else {
        status
    };
    Ok(Json(json!({
        "transaction_id": transaction_id,
        "status": status.as_str(),
        "rescanned": rescanned,
        "terminal_id": req.terminal_id,
        "program": identified.program,
        "member_id": identified.member_id,
        "device_suffix": identified.device_suffix,
        "code_kind": identified.kind.as_str(),
        "code_valid_until": rfc3339(identified.valid_until),
    })))
}

/// Opens the code's transaction, or finds the one this terminal already opened for it (a
/// cashier scanning twice); a code open at another terminal is `409 code_in_use`.
fn open(
    state: &Shared,
    terminal_id: &str,
    identified: &Identified,
) -> ApiResult<(String, TxStatus, bool)> {
    let db = state.db();
    let tx = db.unchecked_transaction()?;
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT id, terminal_id FROM pos_transactions
             WHERE program = ?1 AND code = ?2 AND status = 'open'",
            (identified.program, &identified.code),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, terminal)) = existing {
        if terminal == terminal_id {
            return Ok((id, TxStatus::Open, true));
        }
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "code_in_use",
            "this code is in an open transaction at another terminal",
        ));
    }
    let id = format!("tx_{}", tokens::random_hex(12));
    tx.execute(
        "INSERT INTO pos_transactions (id, program, terminal_id, code, account_id, device_id, status, opened_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7)",
        (
            &id,
            identified.program,
            terminal_id,
            &identified.code,
            identified.account_id,
            identified.device_id,
            state.clock.unix(),
        ),
    )?;
    tx.commit()?;
    Ok((id, TxStatus::Open, false))
}

/// Completes or cancels an open transaction of this terminal. Completing twice answers the
/// same (a till retrying after a timeout); anything else on a closed one is
/// `409 transaction_closed`.
fn close(state: &Shared, id: &str, terminal_id: &str, to: TxStatus) -> ApiResult<TxStatus> {
    let current = transaction(state, id)?;
    if current.terminal_id != terminal_id {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "wrong_terminal",
            "the transaction belongs to another terminal",
        ));
    }
    match current.status {
        TxStatus::Open => {
            state.db().execute(
                "UPDATE pos_transactions SET status = ?2, closed_at = ?3 WHERE id = ?1 AND status = 'open'",
                (id, to.as_str(), state.clock.unix()),
            )?;
            Ok(to)
        }
        status if status == to && to == TxStatus::Completed => Ok(status),
        status => Err(ApiErr::new(
            StatusCode::CONFLICT,
            "transaction_closed",
            format!("the transaction is already {}", status.as_str()),
        )),
    }
}

#[derive(Deserialize)]
pub(super) struct Close {
    terminal_id: String,
    transaction_id: String,
}

async fn close_handler(state: Shared, req: Close, to: TxStatus) -> ApiResult<Json<Value>> {
    check_terminal(&req.terminal_id)?;
    let status = close(&state, &req.transaction_id, &req.terminal_id, to)?;
    let done = transaction(&state, &req.transaction_id)?;
    let member_id: String = state.db().query_row(
        "SELECT member_id FROM accounts WHERE id = ?1",
        [done.account_id],
        |r| r.get(0),
    )?;
    Ok(Json(json!({
        "transaction_id": done.id,
        "status": status.as_str(),
        "terminal_id": done.terminal_id,
        "program": done.program,
        "member_id": member_id,
    })))
}

pub(super) async fn complete(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Close>,
) -> ApiResult<Json<Value>> {
    close_handler(state, req, TxStatus::Completed).await
}

pub(super) async fn cancel(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Close>,
) -> ApiResult<Json<Value>> {
    close_handler(state, req, TxStatus::Cancelled).await
}

/// The block refusal as of `now`, the clock reading that set or checked the block.
fn too_many(until: i64, now: i64) -> ApiErr {
    ApiErr::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_failures",
        "too many failed scans at this terminal; wait before scanning again",
    )
    .with("retry_at", rfc3339(until))
    .with("retry_after_seconds", (until - now).max(1))
}

fn refuse_if_blocked(state: &Shared, terminal_id: &str) -> ApiResult<()> {
    let blocked_until: Option<i64> = state
        .db()
        .query_row(
            "SELECT blocked_until FROM pos_terminals WHERE terminal_id = ?1",
            [terminal_id],
            |r| r.get(0),
        )
        .optional()?;
    let now = state.clock.unix();
    match blocked_until {
        Some(until) if until > now => Err(too_many(until, now)),
        _ => Ok(()),
    }
}

/// Counts a failed verification. The failure that reaches the limit already answers 429,
/// so the till learns at once how long to wait; others answer their own error (with
/// `failures_left`). The server's own failures (5xx) are not the till's and do not count.
fn count_failure(state: &Shared, terminal_id: &str, error: ApiErr) -> ApiResult<ApiErr> {
    if error.status.is_server_error() {
        return Ok(error);
    }
    let now = state.clock.unix();
    let db = state.db();
    let (failures, window_start): (i64, i64) = db
        .query_row(
            "SELECT failures, window_start FROM pos_terminals WHERE terminal_id = ?1",
            [terminal_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, now));
    let (failures, window_start) = if now - window_start >= FAILURE_WINDOW_SECONDS {
        (1, now)
    } else {
        (failures + 1, window_start)
    };
    if failures >= FAILURE_LIMIT {
        let until = now + BLOCK_SECONDS;
        db.execute(
            "INSERT INTO pos_terminals (terminal_id, failures, window_start, blocked_until)
             VALUES (?1, 0, ?2, ?3)
             ON CONFLICT (terminal_id) DO UPDATE SET failures = 0, window_start = ?2, blocked_until = ?3",
            (terminal_id, now, until),
        )?;
        drop(db);
        return Ok(too_many(until, now));
    }
    db.execute(
        "INSERT INTO pos_terminals (terminal_id, failures, window_start, blocked_until)
         VALUES (?1, ?2, ?3, 0)
         ON CONFLICT (terminal_id) DO UPDATE SET failures = ?2, window_start = ?3",
        (terminal_id, failures, window_start),
    )?;
    Ok(error.with("failures_left", FAILURE_LIMIT - failures))
}
