//! Writes that are safe to repeat, kept on the phone until their outcome is known: the one
//! mechanism every write that moves points, cards or settings goes through (point uses,
//! family sends, card merges, e-mail and password changes, the card behind the member
//! code; card registration uses
//! [`send_repeatable`] with a key held by its attempt; mail settings have their outbox).
//!
//! - When the member confirms, the write gets an idempotency key, and is stored in
//!   `pending_writes` (SQLite, so it survives a restart) *before* it is sent.
//! - It is sent with the key; the HTTP client retries it with the same key when no answer
//!   comes (`http/retry.rs`). The server applies a key once and answers repeats with the
//!   first result.
//! - An answer (a success or a refusal) ends it: the row is deleted and the member told.
//! - No answer at all (the connection dropped, a time-out, a 5xx, a proxy's page): the row
//!   stays and the member gets [`SessionError::WriteOutcomeUnknown`], never "failed".
//! - Pressing again with the same details reuses the stored key: the server applies it at
//!   most once, and the member learns the real outcome. A write of the same kind with other
//!   details first finds out what became of the pending one ([`resolve`]: the server's
//!   stored answer, or "never arrived", after which the server refuses that key for good),
//!   and is refused with `WriteOutcomeUnknown` while that cannot be known.
//! - [`MemberApp::resolve_pending_writes`](crate::app::MemberApp::resolve_pending_writes)
//!   does the same for every pending write (after a restart, when the network is back).
//!
//! What is stored: the kind, the path, the key and the parameters the member confirmed;
//! never a password (a password change stores no parameters; a repeat is then compared by
//! the server, which answers `idempotency_key_reused` for other passwords). Rows are the
//! signed-in member's and are deleted at log-out.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::context::Context;
use crate::http::{ApiError, ErasedBody};
use crate::login::SessionError;
use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[Migration {
    id: "pending_001_writes",
    sql: "
CREATE TABLE pending_writes (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    params TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX pending_writes_by_member ON pending_writes (member_id, kind);
",
}];

/// A write whose outcome the phone does not know yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PendingWrite {
    /// `points_use`, `family_send`, `card_merge`, `email_change`, `email_change_confirm`,
    /// `password_change`, `code_card_change`.
    pub kind: String,
    /// When the member confirmed it (RFC 3339, the app's clock).
    pub created_at: String,
}

/// What became of a pending write once asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ResolvedWrite {
    pub kind: String,
    /// `applied`: it went through; `refused`: the server refused it (nothing changed);
    /// `not_applied`: it never arrived and now never will; `unknown`: still no answer.
    pub outcome: String,
}

#[derive(Debug, Clone)]
struct Row {
    id: i64,
    kind: String,
    params: String,
    key: String,
}

fn rows(ctx: &Context, member: &str, kind: Option<&str>) -> Result<Vec<Row>, SessionError> {
    let conn = ctx.storage.conn();
    let mut stmt = conn.prepare(
        "SELECT id, kind, params, idempotency_key FROM pending_writes
             WHERE member_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY id",
    )?;
    let rows = stmt
        .query_map((member, kind), |r| {
            Ok(Row {
                id: r.get(0)?,
                kind: r.get(1)?,
                params: r.get(2)?,
                key: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn delete(ctx: &Context, id: i64) -> Result<(), SessionError> {
    ctx.storage
        .conn()
        .execute("DELETE FROM pending_writes WHERE id = ?1", [id])?;
    Ok(())
}

/// The signed-in member's pending writes, oldest first.
pub(crate) fn list(ctx: &Context) -> Result<Vec<PendingWrite>, SessionError> {
    let member = ctx.session.member_id()?;
    let conn = ctx.storage.conn();
    let mut stmt = conn
        .prepare("SELECT kind, created_at FROM pending_writes WHERE member_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([&member], |r| {
            Ok(PendingWrite {
                kind: r.get(0)?,
                created_at: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Forgets a member's pending writes (log-out: nothing of theirs stays on the phone).
pub(crate) fn forget(ctx: &Context, member: &str) -> Result<(), SessionError> {
    ctx.storage
        .conn()
        .execute("DELETE FROM pending_writes WHERE member_id = ?1", [member])?;
    Ok(())
}

/// A write sent with the HTTP client's retries (the body carries its idempotency key).
/// The inner `Err` is the server's refusal, for the caller to give its meaning.
pub(crate) async fn send_repeatable<T: DeserializeOwned>(
    ctx: &Context,
    path: &str,
    body: &(dyn ErasedBody + '_),
) -> Result<Result<T, ApiError>, SessionError> {
    ctx.session
        .call_repeatable::<T>(Method::POST, path, Some(body))
        .await
}

fn unknown(detail: impl Into<String>) -> SessionError {
    SessionError::WriteOutcomeUnknown(detail.into())
}

/// One write of `kind` to `path`: `params` as the member confirmed them (stored; for a
/// password change pass `Value::Null` and the passwords in `secrets`), sent as one JSON
/// object with `secrets` merged in and `idempotency_key` added. See the module doc.
pub(crate) async fn submit<T: DeserializeOwned>(
    ctx: &Context,
    kind: &str,
    path: &str,
    params: Value,
    secrets: Option<Value>,
) -> Result<Result<T, ApiError>, SessionError> {
    match submit_undecoded(ctx, kind, path, params, secrets).await? {
        Ok(answer) => serde_json::from_value::<T>(answer).map(Ok).map_err(|e| {
            // The row is settled already: the server applied the write, its answer is odd.
            SessionError::Malformed(format!("answer to {kind}: {e}"))
        }),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// [`submit`] with the answer as JSON: the queue's async code exists once, not once per
/// answer type.
async fn submit_undecoded(
    ctx: &Context,
    kind: &str,
    path: &str,
    params: Value,
    secrets: Option<Value>,
) -> Result<Result<Value, ApiError>, SessionError> {
    let member = ctx.session.member_id()?;
    let params_text = params.to_string();
    let mut reuse = None;
    for row in rows(ctx, &member, Some(kind))? {
        if row.params == params_text && reuse.is_none() {
            reuse = Some(row);
            continue;
        }
        match resolve_row(ctx, &row).await? {
            Outcome::Unknown => {
                return Err(unknown(
                    "an earlier write of this kind is not confirmed yet",
                ));
            }
            _ => delete(ctx, row.id)?,
        }
    }
    let row = match reuse {
        Some(row) => row,
        None => insert(ctx, &member, kind, path, &params_text)?,
    };
    let result = send_row(ctx, &row, &params, secrets.as_ref()).await;
    match result {
        Err(Retry::KeyReused(_)) => {
            // The key was used with other details (a password change typed again
            // differently): find out what the first one did, then send this as new.
            if matches!(resolve_row(ctx, &row).await?, Outcome::Unknown) {
                return Err(unknown(
                    "an earlier write of this kind is not confirmed yet",
                ));
            }
            delete(ctx, row.id)?;
            let row = insert(ctx, &member, kind, path, &params_text)?;
            match send_row(ctx, &row, &params, secrets.as_ref()).await {
                Ok(done) => Ok(done),
                Err(Retry::KeyReused(refusal)) => {
                    // A new key refused as reused: the server's refusal, kept whole.
                    delete(ctx, row.id)?;
                    Err(SessionError::Api(refusal))
                }
                Err(Retry::Fail(e)) => Err(e),
            }
        }
        Err(Retry::Fail(e)) => Err(e),
        Ok(done) => Ok(done),
    }
}

enum Retry {
    /// The server refused the key as used with other details (its refusal).
    KeyReused(ApiError),
    Fail(SessionError),
}

fn insert(
    ctx: &Context,
    member: &str,
    kind: &str,
    path: &str,
    params: &str,
) -> Result<Row, SessionError> {
    let key = uuid::Uuid::new_v4().to_string();
    let conn = ctx.storage.conn();
    conn.execute(
        "INSERT INTO pending_writes (member_id, kind, path, params, idempotency_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            member,
            kind,
            path,
            params,
            &key,
            ctx.clock.now().to_rfc3339(),
        ),
    )?;
    Ok(Row {
        id: conn.last_insert_rowid(),
        kind: kind.to_owned(),
        params: params.to_owned(),
        key,
    })
}

/// Sends a stored write with its key and settles the row by the answer.
async fn send_row(
    ctx: &Context,
    row: &Row,
    params: &Value,
    secrets: Option<&Value>,
) -> Result<Result<Value, ApiError>, Retry> {
    let mut body = match params {
        Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    if let Some(Value::Object(secrets)) = secrets {
        body.extend(secrets.clone());
    }
    body.insert("idempotency_key".into(), Value::String(row.key.clone()));
    let path = path_of(ctx, row).map_err(Retry::Fail)?;
    let sent = send_repeatable::<Value>(ctx, &path, &Value::Object(body)).await;
    let settle = |ctx: &Context| delete(ctx, row.id).map_err(Retry::Fail);
    match sent {
        Ok(Ok(answer)) => {
            settle(ctx)?;
            Ok(Ok(answer))
        }
        Ok(Err(refusal)) => match &refusal {
            ApiError::Server { code, .. } if code == "idempotency_key_reused" => {
                Err(Retry::KeyReused(refusal))
            }
            ApiError::Server { status, .. } if *status >= 500 => {
                Err(Retry::Fail(unknown(format!("server error {status}"))))
            }
            _ => {
                settle(ctx)?;
                Ok(Err(refusal))
            }
        },
        Err(e) if e.unanswered() => Err(Retry::Fail(unknown(e.to_string()))),
        Err(e) => {
            // Refused before the server acted (session ended, not signed in): not applied.
            settle(ctx)?;
            Err(Retry::Fail(e))
        }
    }
}

fn path_of(ctx: &Context, row: &Row) -> Result<String, SessionError> {
    Ok(ctx.storage.conn().query_row(
        "SELECT path FROM pending_writes WHERE id = ?1",
        [row.id],
        |r| r.get(0),
    )?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Applied,
    Refused,
    NotApplied,
    Unknown,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Refused => "refused",
            Outcome::NotApplied => "not_applied",
            Outcome::Unknown => "unknown",
        }
    }
}

/// Asks the server what became of a pending write (does not send the write again).
async fn resolve_row(ctx: &Context, row: &Row) -> Result<Outcome, SessionError> {
    #[derive(Deserialize)]
    struct Resolution {
        state: String,
        #[serde(default)]
        status: u16,
        #[serde(default)]
        answer: Value,
    }
    let path = format!("v1/idempotency-keys/{}/resolve", row.key);
    match ctx
        .session
        .call_repeatable::<Resolution>(Method::POST, &path, None)
        .await
    {
        Ok(Ok(r)) if r.state == "done" && (200..300).contains(&r.status) => {
            after_applied(ctx, row, &r.answer)?;
            Ok(Outcome::Applied)
        }
        Ok(Ok(r)) if r.state == "done" => Ok(Outcome::Refused),
        Ok(Ok(_)) => Ok(Outcome::NotApplied),
        Ok(Err(_)) => Ok(Outcome::Unknown),
        Err(e) if e.unanswered() => Ok(Outcome::Unknown),
        Err(e) => Err(e),
    }
}

/// What the phone keeps of a write found applied only by asking (its answer was lost): a
/// code-card change's new device number, so the next member code ends in the new suffix.
/// Other kinds keep nothing (their lists and balances are fetched again when shown).
fn after_applied(ctx: &Context, row: &Row, answer: &Value) -> Result<(), SessionError> {
    if row.kind == crate::barcode::CODE_CARD_CHANGE_KIND {
        crate::barcode::keep_found_applied(ctx, &ctx.session.member_id()?, answer)
            .map_err(|e| SessionError::KeepAnswer(Box::new(e)))?;
    }
    Ok(())
}

/// Finds out what became of every pending write of the signed-in member; the known ones
/// leave the phone's list.
pub(crate) async fn resolve_all(ctx: &Context) -> Result<Vec<ResolvedWrite>, SessionError> {
    let member = ctx.session.member_id()?;
    let mut resolved = Vec::new();
    for row in rows(ctx, &member, None)? {
        let outcome = resolve_row(ctx, &row).await?;
        if outcome != Outcome::Unknown {
            delete(ctx, row.id)?;
        }
        resolved.push(ResolvedWrite {
            kind: row.kind.clone(),
            outcome: outcome.as_str().to_owned(),
        });
    }
    Ok(resolved)
}
