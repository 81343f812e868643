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
