//! Test and QA controls. Only on the loopback sandbox; no member app calls these.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Shared;
use super::extract::JsonBody;
use crate::error::ApiResult;

#[derive(Deserialize)]
pub struct Advance {
    advance_seconds: i64,
}

/// `POST /admin/clock {"advance_seconds": N}`: moves the sandbox clock forward.
pub async fn advance_clock(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Advance>,
) -> ApiResult<Json<Value>> {
    state.clock.advance(req.advance_seconds);
    Ok(Json(json!({ "now": state.clock.now().to_rfc3339() })))
}

pub async fn stats(State(state): State<Shared>) -> Json<Value> {
    Json(json!(state.stats()))
}

pub async fn mailbox(State(state): State<Shared>, Path(address): Path<String>) -> Json<Value> {
    Json(json!({ "address": address, "mails": state.mailbox(&address) }))
}

#[derive(Deserialize)]
pub struct Link {
    program: String,
    login_id: String,
    linked: bool,
}

/// `POST /admin/accounts/link {"program", "login_id", "linked"}`: links or unlinks a `wester`
/// account to the external member ID (done on the external site in real life).
pub async fn link_external_id(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Link>,
) -> ApiResult<Json<Value>> {
    let program = super::program(&req.program)?;
    let status = if req.linked { "linked" } else { "unlinked" };
    set_account_field(
        &state,
        program,
        &req.login_id,
        AccountField::ExternalId,
        status,
    )?;
    Ok(Json(
        json!({ "login_id": req.login_id.to_lowercase(), "external_id": status }),
    ))
}

#[derive(Deserialize)]
pub struct LoginKind {
    program: String,
    login_id: String,
    login_kind: String,
}

/// `POST /admin/accounts/login-kind {"program", "login_id", "login_kind"}`: how the member
/// logs in (`email`, `web_id`, `square_member`, `external_service`; set where the account was
/// created in real life). Family sharing reads it: square members cannot join a group.
pub async fn set_login_kind(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<LoginKind>,
) -> ApiResult<Json<Value>> {
    let program = super::program(&req.program)?;
    let kind = req.login_kind.trim();
    if kind.is_empty()
        || kind.len() > 40
        || !kind.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    {
        return Err(crate::error::ApiErr::bad_request(
            "login_kind is a snake_case word such as square_member",
        ));
    }
    set_account_field(
        &state,
        program,
        &req.login_id,
        AccountField::LoginKind,
        kind,
    )?;
    Ok(Json(
        json!({ "login_id": req.login_id.to_lowercase(), "login_kind": kind }),
    ))
}

/// Account columns the admin endpoints may set.
#[derive(Clone, Copy)]
pub enum AccountField {
    ExternalId,
    LoginKind,
}

/// Sets one column of an account by program and login ID; `unknown_account` if none.
pub fn set_account_field(
    state: &crate::state::AppState,
    program: &str,
    login_id: &str,
    field: AccountField,
    value: &str,
) -> ApiResult<()> {
    let sql = match field {
        AccountField::ExternalId => {
            "UPDATE accounts SET external_id = ?3 WHERE program = ?1 AND login_id = ?2"
        }
        AccountField::LoginKind => {
            "UPDATE accounts SET login_kind = ?3 WHERE program = ?1 AND login_id = ?2"
        }
    };
    let changed = state
        .db()
        .execute(sql, (program, login_id.to_lowercase(), value))?;
    if changed == 0 {
        return Err(crate::error::ApiErr::new(
            axum::http::StatusCode::NOT_FOUND,
            "unknown_account",
            "no account has this login ID",
        ));
    }
    Ok(())
}

/// `POST /admin/programs`: registers a program from its profile (the core's profile as JSON,
/// or `{"toml": "…"}` with the profile's TOML text) and answers `{"program", "base"}`, its
/// member API path. 400 `invalid_profile` naming the field the sandbox cannot serve.
pub async fn register_program(JsonBody(value): JsonBody<Value>) -> ApiResult<Json<Value>> {
    let profile = match value.get("toml").and_then(Value::as_str) {
        Some(text) => toml::from_str::<Value>(text).map_err(|e| {
            crate::error::ApiErr::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_profile",
                format!("toml: {e}"),
            )
        })?,
        None => value,
    };
    let program = crate::programs::register(&profile).map_err(|reason| {
        crate::error::ApiErr::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_profile",
            reason,
        )
    })?;
    Ok(Json(
        json!({ "program": program, "base": format!("/{program}/") }),
    ))
}
