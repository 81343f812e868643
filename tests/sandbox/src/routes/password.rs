//! Password change (signed in) and reset by a code sent by mail (SPEC §2.3).
//!
//! A linked `wester` account changes its password on the external member support page, so
//! the server refuses with `managed_externally` (the core says so before asking).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use rusqlite::OptionalExtension;
use serde::Deserialize;

use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::accounts::{hash_password, require_password, server_policy, verify_password};
use super::auth::Caller;
use super::extract::{JsonBody, Program};
use super::{Shared, idempotency};
use crate::error::{ApiErr, ApiResult};
use crate::tokens;

/// Reset codes: one live code per account, a few attempts, a short life.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS password_resets (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    code TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);";

const RESET_CODE_SECONDS: i64 = 30 * 60;
const RESET_ATTEMPTS: i64 = 5;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/password", post(change))
        .route("/{program}/v1/password-reset", post(request_reset))
        .route("/{program}/v1/password-reset/confirm", post(confirm_reset))
}

/// Refuses a linked account's change here: it belongs to the external support page.
pub fn refuse_if_linked(state: &Shared, account_id: i64) -> ApiResult<()> {
    let (program, external): (String, String) = state.db().query_row(
        "SELECT program, external_id FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if program == "wester" && external == "linked" {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "managed_externally",
            "a linked account does this on the external member support page",
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
struct Change {
    old_password: String,
    new_password: String,
    /// With a key the change applies once (`routes::idempotency`): a repeat after a lost
    /// answer gets the first answer, not `wrong_old_password`.
    #[serde(default)]
    idempotency_key: Option<String>,
}

async fn change(
    State(state): State<Shared>,
    caller: Caller,
    JsonBody(req): JsonBody<Change>,
) -> ApiResult<Response> {
    let Some(key) = req.idempotency_key.as_deref() else {
        refuse_if_linked(&state, caller.account_id)?;
        require_password(
            &state,
            caller.account_id,
            &req.old_password,
            "wrong_old_password",
        )?;
        server_policy(&req.new_password)?;
        let new_hash = hash_password(&req.new_password)?;
        state.db().execute(
            "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
            (caller.account_id, new_hash),
        )?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    refuse_if_linked(&state, caller.account_id)?;
    server_policy(&req.new_password)?;
    // The stored fingerprint is a digest, never the passwords themselves.
    let digest = Sha256::new()
        .chain_update(req.old_password.as_bytes())
        .chain_update([0u8])
        .chain_update(req.new_password.as_bytes())
        .finalize();
    let request = format!("password_change:{}", hex(&digest));
    let new_hash = hash_password(&req.new_password)?;
    idempotency::run(
        &state,
        &idempotency::account_scope(caller.account_id),
        key,
        &request,
        |conn| {
            let hash: String = conn.query_row(
                "SELECT password_hash FROM accounts WHERE id = ?1",
                [caller.account_id],
                |r| r.get(0),
            )?;
            if !verify_password(&req.old_password, &hash) {
                return Err(ApiErr::new(
                    StatusCode::UNAUTHORIZED,
                    "wrong_old_password",
                    "the password does not match",
                ));
            }
            conn.execute(
                "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
                (caller.account_id, new_hash),
            )?;
            Ok(serde_json::json!({ "changed": true }))
        },
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Deserialize)]
struct RequestReset {
    login_id: String,
}

/// Sends a code to the account's e-mail. Answers 202 whether or not the account exists, so
/// the endpoint does not tell strangers which login IDs are members.
async fn request_reset(
    State(state): State<Shared>,
    Program(program): Program,
    JsonBody(req): JsonBody<RequestReset>,
) -> ApiResult<StatusCode> {
    let account: Option<(i64, Option<String>, String)> = state
        .db()
        .query_row(
            "SELECT id, email, status FROM accounts WHERE program = ?1 AND login_id = ?2",
            (program, req.login_id.to_lowercase()),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((account_id, Some(email), status)) = account
        && status == "active"
    {
        refuse_if_linked(&state, account_id)?;
        let code = tokens::random_digits(6);
        state.db().execute(
            "INSERT OR REPLACE INTO password_resets (account_id, code, expires_at, attempts_left)
             VALUES (?1, ?2, ?3, ?4)",
            (
                account_id,
                &code,
                state.clock.unix() + RESET_CODE_SECONDS,
                RESET_ATTEMPTS,
            ),
        )?;
        state.send_mail(
            &email,
            "パスワード再設定コード / Password reset code",
            &format!(
                "パスワード再設定コード: {code}\n30分以内にアプリで入力してください。\n\nYour password reset code: {code}\nEnter it in the app within 30 minutes."
            ),
        )?;
    }
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize)]
struct ConfirmReset {
    login_id: String,
    code: String,
    new_password: String,
}

async fn confirm_reset(
    State(state): State<Shared>,
    Program(program): Program,
    JsonBody(req): JsonBody<ConfirmReset>,
) -> ApiResult<StatusCode> {
    let invalid = || {
        ApiErr::new(
            StatusCode::BAD_REQUEST,
            "invalid_reset_code",
            "the code does not match",
        )
    };
    let now = state.clock.unix();
    let row: Option<(i64, String, i64, i64)> = state
        .db()
        .query_row(
            "SELECT r.account_id, r.code, r.expires_at, r.attempts_left FROM password_resets r
             JOIN accounts a ON a.id = r.account_id WHERE a.program = ?1 AND a.login_id = ?2",
            (program, req.login_id.to_lowercase()),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((account_id, code, expires_at, attempts_left)) = row else {
        return Err(invalid());
    };
    if expires_at <= now || attempts_left <= 0 {
        state.db().execute(
            "DELETE FROM password_resets WHERE account_id = ?1",
            [account_id],
        )?;
        return Err(ApiErr::new(
            StatusCode::GONE,
            "reset_code_expired",
            "the code has expired; ask for a new one",
        ));
    }
    if code != req.code.trim() {
        state.db().execute(
            "UPDATE password_resets SET attempts_left = attempts_left - 1 WHERE account_id = ?1",
            [account_id],
        )?;
        return Err(invalid().with("attempts_left", attempts_left - 1));
    }
    server_policy(&req.new_password)?;
    let hash = hash_password(&req.new_password)?;
    let db = state.db();
    db.execute(
        "UPDATE accounts SET password_hash = ?2, failed_logins = 0, locked_until = 0 WHERE id = ?1",
        (account_id, hash),
    )?;
    db.execute(
        "DELETE FROM password_resets WHERE account_id = ?1",
        [account_id],
    )?;
    // A reset ends every session: whoever knew the old password is signed out.
    db.execute(
        "UPDATE sessions SET ended = 'password_reset' WHERE account_id = ?1 AND ended IS NULL",
        [account_id],
    )?;
    Ok(StatusCode::NO_CONTENT)
}
