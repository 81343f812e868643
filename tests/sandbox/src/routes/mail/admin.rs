//! Admin (tests and QA): counters, changes made elsewhere, fault switches.

use super::*;

/// What the sandbox knows about one member's mail, for tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailAdmin {
    pub member_id: String,
    pub login_id: String,
    pub email: Option<String>,
    pub newsletter: bool,
    pub postal: bool,
    /// Changes applied from the app (one per idempotency key, however often it was sent).
    pub applied_changes: u64,
    /// Repeats of an already applied key answered from the stored result.
    pub replays: u64,
    /// Changes made "elsewhere" (another phone, the web) through the admin endpoint.
    pub elsewhere_changes: u64,
    /// An e-mail change waits for its code.
    pub pending_email_change: bool,
    /// Requests to the member's mail endpoints (answered or refused).
    pub api_calls: u64,
}

/// Fault switches for one member's mail endpoints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailFaults {
    /// Every mail endpoint answers 503 `service_unavailable` before doing anything.
    #[serde(default)]
    pub unavailable: bool,
    /// The next this-many settings writes are committed, then the connection is dropped
    /// without an answer.
    #[serde(default)]
    pub drop_answers: u32,
}

pub(super) fn account_by_member(db: &Connection, member_id: &str) -> ApiResult<i64> {
    db.query_row(
        "SELECT id FROM accounts WHERE member_id = ?1",
        [member_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "not_found", "no such member"))
}

pub fn admin_state(state: &AppState, member_id: &str) -> ApiResult<MailAdmin> {
    let db = state.db();
    let account_id = account_by_member(&db, member_id)?;
    let row = load_row(&db, account_id)?;
    let (login_id, email): (String, Option<String>) = db.query_row(
        "SELECT login_id, email FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (applied, replays): (i64, i64) = db.query_row(
        "SELECT COUNT(*), COALESCE(SUM(replays), 0) FROM mail_requests WHERE account_id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let elsewhere: i64 = db.query_row(
        "SELECT elsewhere_changes FROM mail_settings WHERE account_id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    let pending: bool = db.query_row(
        "SELECT EXISTS(SELECT 1 FROM email_changes WHERE account_id = ?1)",
        [account_id],
        |r| r.get(0),
    )?;
    let calls: i64 = db
        .query_row(
            "SELECT calls FROM mail_calls WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    Ok(MailAdmin {
        api_calls: u64::try_from(calls).unwrap_or(0),
        member_id: member_id.to_owned(),
        login_id,
        email,
        newsletter: row.newsletter,
        postal: row.postal,
        applied_changes: u64::try_from(applied).unwrap_or(0),
        replays: u64::try_from(replays).unwrap_or(0),
        elsewhere_changes: u64::try_from(elsewhere).unwrap_or(0),
        pending_email_change: pending,
    })
}

/// Changes settings as the member would on the web or another phone.
pub fn change_elsewhere(
    state: &AppState,
    member_id: &str,
    newsletter: Option<bool>,
    postal: Option<bool>,
) -> ApiResult<()> {
    let mut values = BTreeMap::new();
    if let Some(on) = newsletter {
        values.insert("newsletter".to_owned(), on);
    }
    if let Some(on) = postal {
        values.insert("postal".to_owned(), on);
    }
    if values.is_empty() {
        return Err(ApiErr::bad_request("nothing to change"));
    }
    let now = state.clock.now().to_rfc3339();
    let mut db = state.db();
    let tx = db.transaction()?;
    let account_id = account_by_member(&tx, member_id)?;
    load_row(&tx, account_id)?;
    write_settings(&tx, account_id, &values, &now)?;
    tx.execute(
        "UPDATE mail_settings SET elsewhere_changes = elsewhere_changes + 1 WHERE account_id = ?1",
        [account_id],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn set_faults(state: &AppState, member_id: &str, faults: MailFaults) -> ApiResult<()> {
    let db = state.db();
    let account_id = account_by_member(&db, member_id)?;
    db.execute(
        "INSERT OR REPLACE INTO mail_faults (account_id, unavailable, drop_answers)
         VALUES (?1, ?2, ?3)",
        (account_id, faults.unavailable, faults.drop_answers),
    )?;
    Ok(())
}

pub async fn admin_show(
    State(state): State<Shared>,
    Path(member_id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(admin_state(&state, &member_id)?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elsewhere {
    #[serde(default)]
    newsletter: Option<bool>,
    #[serde(default)]
    postal: Option<bool>,
}

pub async fn admin_change_elsewhere(
    State(state): State<Shared>,
    Path(member_id): Path<String>,
    JsonBody(req): JsonBody<Elsewhere>,
) -> ApiResult<Json<Value>> {
    change_elsewhere(&state, &member_id, req.newsletter, req.postal)?;
    Ok(Json(json!(admin_state(&state, &member_id)?)))
}

pub async fn admin_faults(
    State(state): State<Shared>,
    Path(member_id): Path<String>,
    JsonBody(faults): JsonBody<MailFaults>,
) -> ApiResult<Json<Value>> {
    set_faults(&state, &member_id, faults)?;
    Ok(Json(json!(faults)))
}
