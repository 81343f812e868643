//! Log-in (with device registration, the device cap and lockout), refresh and log-out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{Value, json};

use super::accounts::{account_json, verify_password};
use super::extract::{JsonBody, Program};
use super::{Shared, auth};
use crate::error::{ApiErr, ApiResult};
use crate::tokens;

#[derive(Deserialize)]
pub struct LogIn {
    login_id: String,
    password: String,
    install_id: String,
}

struct AccountRow {
    id: i64,
    password_hash: String,
    status: String,
    failed_logins: u32,
    locked_until: i64,
}

pub async fn log_in(
    State(state): State<Shared>,
    Program(program): Program,
    JsonBody(req): JsonBody<LogIn>,
) -> ApiResult<Json<Value>> {
    if req.install_id.is_empty() || req.install_id.len() > 100 {
        return Err(ApiErr::bad_request("install_id is required"));
    }
    let now = state.clock.unix();
    let row = state
        .db()
        .query_row(
            "SELECT id, password_hash, status, failed_logins, locked_until FROM accounts
             WHERE program = ?1 AND login_id = ?2",
            (program, req.login_id.to_lowercase()),
            |r| {
                Ok(AccountRow {
                    id: r.get(0)?,
                    password_hash: r.get(1)?,
                    status: r.get(2)?,
                    failed_logins: r.get(3)?,
                    locked_until: r.get(4)?,
                })
            },
        )
        .optional()?;
    let Some(account) = row else {
        state.count_login(false);
        return Err(ApiErr::new(
            StatusCode::NOT_FOUND,
            "unknown_account",
            "no account has this login ID",
        ));
    };
    if account.status == "withdrawn" {
        state.count_login(false);
        return Err(ApiErr::new(
            StatusCode::GONE,
            "account_withdrawn",
            "the account has withdrawn",
        ));
    }
    if account.locked_until > now {
        state.count_login(false);
        return Err(locked(account.locked_until, now));
    }
    // Hash outside the database lock: it is the slow part.
    if !verify_password(&req.password, &account.password_hash) {
        state.count_login(false);
        let failed = account.failed_logins + 1;
        let threshold = state.config.lockout_threshold;
        if failed >= threshold {
            let until = now + state.config.lockout_seconds;
            state.db().execute(
                "UPDATE accounts SET failed_logins = 0, locked_until = ?2 WHERE id = ?1",
                (account.id, until),
            )?;
            // The failure that reaches the threshold already answers "locked", so the member
            // learns at once when to try again.
            return Err(locked(until, now));
        }
        state.db().execute(
            "UPDATE accounts SET failed_logins = ?2 WHERE id = ?1",
            (account.id, failed),
        )?;
        return Err(ApiErr::new(
            StatusCode::UNAUTHORIZED,
            "wrong_password",
            "the password does not match",
        )
        .with("attempts_left", threshold - failed));
    }
    state.count_login(true);
    let (device_id, device_number, device_secret) = {
        let db = state.db();
        db.execute(
            "UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = ?1",
            [account.id],
        )?;
        register_device(
            &db,
            account.id,
            &req.install_id,
            now,
            state.config.device_cap,
        )?
    };
    let (access, refresh) = new_session(&state, account.id, device_id)?;
    let account_json = account_json(&state, account.id)?;
    Ok(Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "access_expires_in": state.config.access_ttl_seconds,
        "account": account_json,
        "device_number": device_number,
        "device_secret": device_secret,
    })))
}

/// The lock refusal as of `now`, the time the request was read at: the slow password check
/// runs between the two, and a second clock reading after it could say 899 of a 900 s lock.
fn locked(until: i64, now: i64) -> ApiErr {
    let retry_at = chrono::DateTime::from_timestamp(until, 0)
        .unwrap_or_default()
        .to_rfc3339();
    ApiErr::new(
        StatusCode::LOCKED,
        "account_locked",
        "too many failed logins",
    )
    .with("retry_at", retry_at)
    .with("retry_after_seconds", (until - now).max(0))
}

/// Finds or creates this install's device; beyond the cap the oldest device is signed out.
fn register_device(
    db: &Connection,
    account_id: i64,
    install_id: &str,
    now: i64,
    cap: u32,
) -> ApiResult<(i64, String, String)> {
    let existing: Option<(i64, String, String)> = db
        .query_row(
            "SELECT id, device_number, device_secret FROM devices
             WHERE account_id = ?1 AND install_id = ?2 AND active = 1",
            (account_id, install_id),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let device = match existing {
        Some(device) => {
            db.execute(
                "UPDATE devices SET last_login_at = ?2 WHERE id = ?1",
                (device.0, now),
            )?;
            device
        }
        None => {
            let number = tokens::random_digits(16);
            let secret = tokens::random_hex(32);
            db.execute(
                "INSERT INTO devices (account_id, install_id, device_number, device_secret, last_login_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                (account_id, install_id, &number, &secret, now),
            )?;
            (db.last_insert_rowid(), number, secret)
        }
    };
    // Sign out the devices beyond the cap, least recently logged in first.
    let mut stmt = db.prepare(
        "SELECT id FROM devices WHERE account_id = ?1 AND active = 1 ORDER BY last_login_at DESC, id DESC",
    )?;
    let active: Vec<i64> = stmt
        .query_map([account_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for old in active.iter().skip(cap as usize) {
        db.execute("UPDATE devices SET active = 0 WHERE id = ?1", [old])?;
        db.execute("UPDATE sessions SET ended = 'signed_in_elsewhere' WHERE device_id = ?1 AND ended IS NULL", [old])?;
    }
    Ok(device)
}

fn new_session(state: &Shared, account_id: i64, device_id: i64) -> ApiResult<(String, String)> {
    let now = state.clock.unix();
    let access = tokens::random_hex(32);
    let refresh = tokens::random_hex(32);
    state.db().execute(
        "INSERT INTO sessions (access_token, refresh_token, account_id, device_id, access_expires_at, refresh_expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            &access,
            &refresh,
            account_id,
            device_id,
            now + state.config.access_ttl_seconds,
            now + state.config.refresh_ttl_seconds,
        ),
    )?;
    Ok((access, refresh))
}

#[derive(Deserialize)]
pub struct Refresh {
    refresh_token: String,
}

pub async fn refresh(
    State(state): State<Shared>,
    Program(program): Program,
    JsonBody(req): JsonBody<Refresh>,
) -> ApiResult<Json<Value>> {
    let now = state.clock.unix();
    let db = state.db();
    let token = auth::Token::Refresh(&req.refresh_token);
    auth::session_status(&db, program, token, now)?.map_err(|r| r.answer(token))?;
    // Rotate both tokens: the old refresh token cannot be used again.
    let access = tokens::random_hex(32);
    let refresh = tokens::random_hex(32);
    db.execute(
        "UPDATE sessions SET access_token = ?2, refresh_token = ?3, access_expires_at = ?4 WHERE refresh_token = ?1",
        (&req.refresh_token, &access, &refresh, now + state.config.access_ttl_seconds),
    )?;
    state.count_refresh();
    Ok(Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "access_expires_in": state.config.access_ttl_seconds,
    })))
}

pub async fn log_out(
    State(state): State<Shared>,
    Program(_program): Program,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    // No session check: an expired access token may still log out, and logging out twice
    // is not an error (204 either way).
    let token = auth::bearer(&headers)?;
    state.db().execute(
        "UPDATE sessions SET ended = 'logged_out' WHERE access_token = ?1 AND ended IS NULL",
        [&token],
    )?;
    Ok(StatusCode::NO_CONTENT)
}
