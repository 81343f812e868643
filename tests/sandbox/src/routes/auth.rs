//! Bearer-token authentication of member calls.

use axum::http::{HeaderMap, StatusCode};
use rusqlite::OptionalExtension;

use super::Shared;
use crate::error::{ApiErr, ApiResult};

/// The caller of an authorised request.
pub struct Caller {
    /// The program of the path (the token's account belongs to it).
    pub program: &'static str,
    pub account_id: i64,
    pub device_id: i64,
}

pub fn bearer(headers: &HeaderMap) -> ApiResult<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .ok_or_else(|| ApiErr::new(StatusCode::UNAUTHORIZED, "not_signed_in", "no bearer token"))
}

/// Resolves the access token of a request for `program`.
pub fn caller(state: &Shared, program: &'static str, headers: &HeaderMap) -> ApiResult<Caller> {
    let token = bearer(headers)?;
    let now = state.clock.unix();
    let db = state.db();
    let row = db
        .query_row(
            "SELECT s.account_id, s.device_id, s.access_expires_at, s.ended, a.status, a.program
             FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.access_token = ?1",
            [&token],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((account_id, device_id, expires, ended, status, account_program)) = row else {
        return Err(ApiErr::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "unknown access token",
        ));
    };
    if account_program != program {
        return Err(ApiErr::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "token of another program",
        ));
    }
    if status == "withdrawn" {
        return Err(ApiErr::new(
            StatusCode::GONE,
            "account_withdrawn",
            "the account has withdrawn",
        ));
    }
    match ended.as_deref() {
        Some("signed_in_elsewhere") => {
            return Err(ApiErr::new(
                StatusCode::UNAUTHORIZED,
                "signed_in_elsewhere",
                "another device signed in and this one was signed out",
            ));
        }
        Some(_) => {
            return Err(ApiErr::new(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "the session has ended",
            ));
        }
        None => {}
    }
    if expires <= now {
        return Err(ApiErr::new(
            StatusCode::UNAUTHORIZED,
            "token_expired",
            "the access token has expired",
        ));
    }
    Ok(Caller {
        program,
        account_id,
        device_id,
    })
}
