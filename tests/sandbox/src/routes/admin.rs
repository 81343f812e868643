//! Test and QA controls. Only on the loopback sandbox; no member app calls these.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Shared, json_body};
use crate::error::ApiResult;

#[derive(Deserialize)]
pub struct Advance {
    advance_seconds: i64,
}

/// `POST /admin/clock {"advance_seconds": N}`: moves the sandbox clock forward.
pub async fn advance_clock(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: Advance = json_body(&body)?;
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
pub async fn link_external_id(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: Link = json_body(&body)?;
    let program = super::program(&req.program)?;
    let status = if req.linked { "linked" } else { "unlinked" };
    let changed = state.db().execute(
        "UPDATE accounts SET external_id = ?3 WHERE program = ?1 AND login_id = ?2",
        (program, req.login_id.to_lowercase(), status),
    )?;
    if changed == 0 {
        return Err(crate::error::ApiErr::new(
            axum::http::StatusCode::NOT_FOUND,
            "unknown_account",
            "no account has this login ID",
        ));
    }
    Ok(Json(
        json!({ "login_id": req.login_id.to_lowercase(), "external_id": status }),
    ))
}
