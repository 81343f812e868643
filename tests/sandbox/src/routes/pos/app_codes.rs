//! `POST /admin/app-codes {"program", "login_id"}`: a code as another app with a WAON POINT
//! card function shows it (the seed: 16 digits from `109`, its last 4 fixed), bound to the
//! member's point account, so the till kinds can be shown reading "other apps' codes".
//! Answers `{"program", "code", "member_id"}`; 404 `unknown_account`, 404 `no_app_codes` for a
//! program whose tills name no app code.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::{Value, json};

use super::terminal_kinds::tills;
use crate::error::{ApiErr, ApiResult};
use crate::routes::extract::JsonBody;
use crate::routes::{Shared, program};
use crate::tokens;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Issue {
    program: String,
    login_id: String,
}

pub(super) async fn issue(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Issue>,
) -> ApiResult<Json<Value>> {
    let program = program(&req.program)?;
    let till = tills(program);
    let (Some(prefix), Some(length)) = (
        till.as_ref().and_then(|t| t.app_code_prefix.clone()),
        till.as_ref().and_then(|t| t.app_code_length),
    ) else {
        return Err(ApiErr::new(
            StatusCode::NOT_FOUND,
            "no_app_codes",
            format!("program {program} reads no other apps' codes"),
        ));
    };
    let db = state.db();
    let account: Option<(i64, String)> = db
        .query_row(
            "SELECT id, member_id FROM accounts
             WHERE program = ?1 AND login_id = ?2 AND status != 'withdrawn'",
            (program, req.login_id.trim().to_lowercase()),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (account_id, member_id) = account
        .ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "unknown_account", "no such account"))?;
    let code = format!(
        "{prefix}{}",
        tokens::random_digits(length.saturating_sub(prefix.len()))
    );
    db.execute(
        "INSERT INTO app_codes (program, code, account_id) VALUES (?1, ?2, ?3)",
        (program, &code, account_id),
    )?;
    Ok(Json(
        json!({"program": program, "code": code, "member_id": member_id}),
    ))
}
