//! Accounts: sign-up and the signed-in member's record.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Shared;
use super::auth::Caller;
use super::extract::{JsonBody, Program};
use crate::error::{ApiErr, ApiResult};
use crate::tokens;

/// Argon2id with small parameters: the sandbox hashes for real, but tests log in often.
fn hasher() -> Argon2<'static> {
    let params = Params::new(4096, 1, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> ApiResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(ApiErr::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiErr::internal)?;
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(ApiErr::internal)?
        .to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Checks the signed-in account's current password; `code` names the refusal
/// (`wrong_old_password` for a change, `wrong_password` for a withdrawal).
pub fn require_password(
    state: &Shared,
    account_id: i64,
    password: &str,
    code: &'static str,
) -> ApiResult<()> {
    let hash: String = state.db().query_row(
        "SELECT password_hash FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    if verify_password(password, &hash) {
        Ok(())
    } else {
        Err(ApiErr::new(
            StatusCode::UNAUTHORIZED,
            code,
            "the password does not match",
        ))
    }
}

/// The server's own minimum policy: the core checks the program's full policy first, the
/// server still refuses what no program allows.
pub fn server_policy(password: &str) -> ApiResult<()> {
    let n = password.chars().count();
    if !(8..=64).contains(&n) || !password.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "password_policy",
            "8 to 64 half-width characters",
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct SignUp {
    login_id: String,
    password: String,
    #[serde(default)]
    email: Option<String>,
}

pub async fn sign_up(
    State(state): State<Shared>,
    Program(program): Program,
    JsonBody(req): JsonBody<SignUp>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if req.login_id.trim().is_empty() || req.login_id.len() > 254 {
        return Err(ApiErr::bad_request("login_id is required"));
    }
    server_policy(&req.password)?;
    let hash = hash_password(&req.password)?;
    let member_id = tokens::random_digits(10);
    let login_id = req.login_id.to_lowercase();
    let db = state.db();
    let exists: Option<i64> = db
        .query_row(
            "SELECT id FROM accounts WHERE program = ?1 AND login_id = ?2",
            (program, &login_id),
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "login_id_taken",
            "this login ID already has an account",
        ));
    }
    db.execute(
        "INSERT INTO accounts (program, member_id, login_id, email, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            program,
            &member_id,
            &login_id,
            req.email.as_deref().map(str::to_lowercase),
            &hash,
            state.clock.unix(),
        ),
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "member_id": member_id, "login_id": login_id })),
    ))
}

/// The account as the API shows it.
pub fn account_json(state: &Shared, account_id: i64) -> ApiResult<Value> {
    account_json_in(&state.db(), account_id)
}

/// [`account_json`] on a connection already held (inside a write's transaction).
pub fn account_json_in(db: &rusqlite::Connection, account_id: i64) -> ApiResult<Value> {
    let (member_id, login_id, email, external_id, program): (
        String,
        String,
        Option<String>,
        String,
        String,
    ) = db.query_row(
        "SELECT member_id, login_id, email, external_id, program FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    // Only `wester` has an external member ID (SPEC §2.4).
    let external_id = if program == "wester" {
        external_id
    } else {
        "not_applicable".to_owned()
    };
    Ok(
        json!({ "member_id": member_id, "login_id": login_id, "email": email, "external_id": external_id }),
    )
}

pub async fn me(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    let account = account_json(&state, caller.account_id)?;
    let device_number: String = state.db().query_row(
        "SELECT device_number FROM devices WHERE id = ?1",
        [caller.device_id],
        |r| r.get(0),
    )?;
    Ok(Json(
        json!({ "account": account, "device_number": device_number }),
    ))
}
