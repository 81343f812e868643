//! Writes that are safe to repeat: the shared idempotency-key store of the member API
//! (point uses in the app and at the till, family sends, password and e-mail changes).
//!
//! - A write carries `idempotency_key` (8 to 100 visible ASCII characters), made by the
//!   phone when the member confirmed, and resent unchanged on every retry.
//! - [`run`] applies a write once per `(scope, key)`: the first answer, a success or a
//!   refusal (a 4xx, never an internal error), is stored in the same transaction as the
//!   write itself, and every later delivery of the key gets that answer again (a *replay*).
//!   The same key with other parameters is refused: `422 idempotency_key_reused`.
//! - `POST /{program}/v1/idempotency-keys/{key}/resolve` is how a phone finds out what became
//!   of a write whose answer it never saw, without sending the write again: the stored
//!   answer (`{"state": "done", "status", "answer"}`), or, when the key never arrived,
//!   `{"state": "abandoned"}`; the key is then retired, so a late copy of the request is
//!   refused (`409 idempotency_key_abandoned`) instead of being applied after the phone was
//!   told it was not.
//!
//! The scope is the signed-in account (`account:ID`), or the till (`pos`) for till uses.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

use super::Shared;
use super::auth::Caller;
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS idempotent_requests (
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE TABLE IF NOT EXISTS idempotency_counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
";

/// The `request` of a key retired by a resolve call (no write ever matches it).
const ABANDONED: &str = "abandoned";

/// The scope of a signed-in account's keys.
pub fn account_scope(account_id: i64) -> String {
    format!("account:{account_id}")
}

/// The scope of the tills' keys.
pub const POS_SCOPE: &str = "pos";

/// Checks a key's shape.
pub fn check_key(key: &str) -> ApiResult<&str> {
    let key = key.trim();
    if key.len() < 8 || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiErr::bad_request(
            "idempotency_key must have 8 to 100 visible ASCII characters",
        ));
    }
    Ok(key)
}

fn bump(db: &Connection, name: &str) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO idempotency_counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1",
        [name],
    )?;
    Ok(())
}

/// Runs one write under its key. `request` fingerprints the write's parameters (the same
/// parameters give the same text); `apply` does the write on the transaction's connection
/// and returns its answer. A refusal from `apply` (4xx) is stored like a success, so a
/// repeat is refused the same way; an internal error (5xx) is not stored and rolls back.
pub fn run(
    state: &AppState,
    scope: &str,
    key: &str,
    request: &str,
    apply: impl FnOnce(&Connection) -> ApiResult<Value>,
) -> ApiResult<Response> {
    let key = check_key(key)?;
    let mut db = state.db();
    let tx = db.transaction()?;
    bump(&tx, "requests")?;
    let stored: Option<(String, u16, String)> = tx
        .query_row(
            "SELECT request, status, answer FROM idempotent_requests
             WHERE scope = ?1 AND idempotency_key = ?2",
            (scope, key),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (status, answer) = match stored {
        Some((stored_request, _, _)) if stored_request == ABANDONED => {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "idempotency_key_abandoned",
                "this write was reported as never received; confirm it again",
            ));
        }
        Some((stored_request, _, _)) if stored_request != request => {
            return Err(ApiErr::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "this idempotency key was used for a different request",
            ));
        }
        Some((_, status, answer)) => {
            bump(&tx, "replays")?;
            let status = StatusCode::from_u16(status).map_err(ApiErr::internal)?;
            (
                status,
                serde_json::from_str::<Value>(&answer).map_err(ApiErr::internal)?,
            )
        }
        None => {
            let (status, answer) = match apply(&tx) {
                Ok(answer) => (StatusCode::OK, answer),
                Err(e) if e.status.is_client_error() => (e.status, error_body(e)),
                Err(e) => return Err(e),
            };
            bump(&tx, "applied")?;
            tx.execute(
                "INSERT INTO idempotent_requests (scope, idempotency_key, request, status, answer, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (
                    scope,
                    key,
                    request,
                    status.as_u16(),
                    answer.to_string(),
                    state.clock.now().to_rfc3339(),
                ),
            )?;
            (status, answer)
        }
    };
    tx.commit()?;
    Ok((status, Json(answer)).into_response())
}

/// Runs `apply` under the key when the request has one, else as a plain write (callers
/// that predate keys: tills of other kinds, admin tools).
pub fn run_optional(
    state: &AppState,
    scope: &str,
    key: Option<&str>,
    request: &str,
    apply: impl FnOnce(&Connection) -> ApiResult<Value>,
) -> ApiResult<Response> {
    match key {
        Some(key) => run(state, scope, key, request, apply),
        None => {
            let db = state.db();
            Ok(Json(apply(&db)?).into_response())
        }
    }
}

/// The answer already stored for `(scope, key)`, checked before a write whose preparation has
/// effects of its own (a till verifying a one-time member code): a repeat is answered from
/// the store without preparing again. `None`: the key is new (then [`run`] it).
pub fn replay(
    state: &AppState,
    scope: &str,
    key: &str,
    request: &str,
) -> ApiResult<Option<Response>> {
    let key = check_key(key)?;
    let known: bool = state
        .db()
        .query_row(
            "SELECT 1 FROM idempotent_requests WHERE scope = ?1 AND idempotency_key = ?2",
            (scope, key),
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !known {
        return Ok(None);
    }
    run(state, scope, key, request, |_| {
        Err(ApiErr::internal("a stored key was not found again"))
    })
    .map(Some)
}

fn error_body(e: ApiErr) -> Value {
    let mut body = e.extra;
    body.insert("error".into(), json!(e.code));
    body.insert("message".into(), json!(e.message));
    Value::Object(body)
}

/// `POST /{program}/v1/idempotency-keys/{key}/resolve`: what became of the caller's write
/// sent with `key` (see the module doc).
pub async fn resolve(
    State(state): State<Shared>,
    caller: Caller,
    Path((_program, key)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let key = check_key(&key)?;
    let scope = account_scope(caller.account_id);
    let mut db = state.db();
    let tx = db.transaction()?;
    let stored: Option<(String, u16, String)> = tx
        .query_row(
            "SELECT request, status, answer FROM idempotent_requests
             WHERE scope = ?1 AND idempotency_key = ?2",
            (&scope, key),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let answer = match stored {
        Some((request, _, _)) if request == ABANDONED => json!({ "state": "abandoned" }),
        Some((_, status, answer)) => json!({
            "state": "done",
            "status": status,
            "answer": serde_json::from_str::<Value>(&answer).map_err(ApiErr::internal)?,
        }),
        None => {
            tx.execute(
                "INSERT INTO idempotent_requests (scope, idempotency_key, request, status, answer, created_at)
                 VALUES (?1, ?2, ?3, 0, 'null', ?4)",
                (&scope, key, ABANDONED, state.clock.now().to_rfc3339()),
            )?;
            bump(&tx, "abandoned")?;
            json!({ "state": "abandoned" })
        }
    };
    tx.commit()?;
    Ok(Json(answer))
}

/// Counters of the shared store, for tests: writes applied, repeats answered from the
/// stored answer, keys retired unseen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IdempotencyStats {
    pub requests: u64,
    pub applied: u64,
    pub replays: u64,
    pub abandoned: u64,
}

pub fn stats(state: &AppState) -> IdempotencyStats {
    let db = state.db();
    let get = |name: &str| -> u64 {
        db.query_row(
            "SELECT value FROM idempotency_counters WHERE name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .map(|v| v.max(0) as u64)
        .unwrap_or(0)
    };
    IdempotencyStats {
        requests: get("requests"),
        applied: get("applied"),
        replays: get("replays"),
        abandoned: get("abandoned"),
    }
}

pub async fn admin_stats(State(state): State<Shared>) -> Json<IdempotencyStats> {
    Json(stats(&state))
}
