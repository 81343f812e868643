//! The card controls for Rust tests (`CardAdmin`) and the admin HTTP endpoints over them.

use super::*;

/// The sandbox's card controls for Rust tests and the demo (the admin HTTP endpoints do the
/// same for QA and the Kotlin tests). Errors are the admin answer as text.
pub struct CardAdmin<'a> {
    state: &'a AppState,
}

pub(super) fn text(e: ApiErr) -> String {
    format!("{} {}: {}", e.status.as_u16(), e.code, e.message)
}

impl<'a> CardAdmin<'a> {
    pub(crate) fn new(state: &'a AppState) -> Self {
        CardAdmin { state }
    }

    /// Issues a card (see [`IssueCard`]).
    pub fn issue(&self, req: &IssueCard) -> Result<IssuedCard, String> {
        issue(self.state, req).map_err(text)
    }

    /// `active`, `expired`, `invalid` or `lapsed`.
    pub fn set_status(
        &self,
        program: &str,
        number: &str,
        status: &str,
    ) -> Result<IssuedCard, String> {
        set_status(self.state, program, number, status).map_err(text)
    }

    /// A new number for the card; registrations follow it.
    pub fn reissue(&self, program: &str, number: &str) -> Result<IssuedCard, String> {
        reissue(self.state, program, number).map_err(text)
    }

    /// Sets an account's personal details (and first-award date).
    pub fn set_holder(
        &self,
        program: &str,
        login_id: &str,
        holder: &AccountHolder,
    ) -> Result<(), String> {
        set_holder(self.state, program, login_id, holder).map_err(text)
    }

    pub fn account(&self, program: &str, login_id: &str) -> Result<AccountCards, String> {
        account_cards(self.state, program, login_id).map_err(text)
    }

    pub fn drop_answers(&self, path: &str, count: u32) -> Result<(), String> {
        drop_answers(self.state, path, count).map_err(text)
    }

    pub fn stats(&self) -> CardStats {
        stats(self.state)
    }

    pub fn table_text(&self, table: &str) -> Result<Vec<String>, String> {
        table_text(self.state, table).map_err(text)
    }
}

// Admin HTTP endpoints -------------------------------------------------------------------

pub async fn admin_issue(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<IssueCard>,
) -> ApiResult<(StatusCode, Json<IssuedCard>)> {
    Ok((StatusCode::CREATED, Json(issue(&state, &req)?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    status: String,
}

pub async fn admin_status(
    State(state): State<Shared>,
    Path((program_name, number)): Path<(String, String)>,
    JsonBody(req): JsonBody<StatusChange>,
) -> ApiResult<Json<IssuedCard>> {
    Ok(Json(set_status(
        &state,
        &program_name,
        &number,
        &req.status,
    )?))
}

pub async fn admin_reissue(
    State(state): State<Shared>,
    Path((program_name, number)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<IssuedCard>)> {
    Ok((
        StatusCode::CREATED,
        Json(reissue(&state, &program_name, &number)?),
    ))
}

pub async fn admin_holder(
    State(state): State<Shared>,
    Path((program_name, login_id)): Path<(String, String)>,
    JsonBody(req): JsonBody<AccountHolder>,
) -> ApiResult<Json<AccountCards>> {
    set_holder(&state, &program_name, &login_id, &req)?;
    Ok(Json(account_cards(&state, &program_name, &login_id)?))
}

pub async fn admin_account_cards(
    State(state): State<Shared>,
    Path((program_name, login_id)): Path<(String, String)>,
) -> ApiResult<Json<AccountCards>> {
    Ok(Json(account_cards(&state, &program_name, &login_id)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    path: String,
    #[serde(default = "one")]
    drop_answers: u32,
}

pub(super) fn one() -> u32 {
    1
}

pub async fn admin_faults(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<Faults>,
) -> ApiResult<Json<Value>> {
    drop_answers(&state, &req.path, req.drop_answers)?;
    Ok(Json(
        json!({ "path": req.path, "drop_answers": req.drop_answers }),
    ))
}

pub async fn admin_stats(State(state): State<Shared>) -> Json<CardStats> {
    Json(stats(&state))
}
