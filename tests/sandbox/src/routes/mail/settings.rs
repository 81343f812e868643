//! Mail settings: read and change them, idempotently, with conflicts reported.

use super::*;

/// One account's settings row.
pub(super) struct Row {
    pub(super) newsletter: bool,
    pub(super) newsletter_rev: i64,
    pub(super) newsletter_changed_at: Option<String>,
    pub(super) postal: bool,
    pub(super) postal_rev: i64,
    pub(super) postal_changed_at: Option<String>,
    pub(super) version: i64,
}

impl Row {
    fn value(&self, setting: &str) -> (bool, i64, Option<&str>) {
        match setting {
            "newsletter" => (
                self.newsletter,
                self.newsletter_rev,
                self.newsletter_changed_at.as_deref(),
            ),
            _ => (
                self.postal,
                self.postal_rev,
                self.postal_changed_at.as_deref(),
            ),
        }
    }

    fn json(&self) -> Value {
        let updated_at = [&self.newsletter_changed_at, &self.postal_changed_at]
            .into_iter()
            .flatten()
            .max()
            .cloned();
        json!({
            "newsletter": self.newsletter,
            "newsletter_rev": self.newsletter_rev,
            "postal": self.postal,
            "postal_rev": self.postal_rev,
            "version": self.version,
            "updated_at": updated_at,
        })
    }
}

/// The row of an account, created with the defaults (both on) on first use.
pub(super) fn load_row(db: &Connection, account_id: i64) -> rusqlite::Result<Row> {
    db.execute(
        "INSERT OR IGNORE INTO mail_settings (account_id) VALUES (?1)",
        [account_id],
    )?;
    db.query_row(
        "SELECT newsletter, newsletter_rev, newsletter_changed_at, postal, postal_rev,
                postal_changed_at, version
         FROM mail_settings WHERE account_id = ?1",
        [account_id],
        |r| {
            Ok(Row {
                newsletter: r.get(0)?,
                newsletter_rev: r.get(1)?,
                newsletter_changed_at: r.get(2)?,
                postal: r.get(3)?,
                postal_rev: r.get(4)?,
                postal_changed_at: r.get(5)?,
                version: r.get(6)?,
            })
        },
    )
}

/// Writes new values; every setting named counts as changed (it was chosen), so its `rev`
/// moves to the new version.
pub(super) fn write_settings(
    db: &Connection,
    account_id: i64,
    values: &BTreeMap<String, bool>,
    now: &str,
) -> rusqlite::Result<i64> {
    let version: i64 = db.query_row(
        "UPDATE mail_settings SET version = version + 1 WHERE account_id = ?1 RETURNING version",
        [account_id],
        |r| r.get(0),
    )?;
    for (setting, on) in values {
        // `setting` is one of SETTINGS (checked by the callers), never free text.
        let sql = format!(
            "UPDATE mail_settings SET {setting} = ?2, {setting}_rev = ?3, {setting}_changed_at = ?4
             WHERE account_id = ?1"
        );
        db.execute(&sql, (account_id, on, version, now))?;
    }
    Ok(version)
}

/// 503 for every mail endpoint of an account while the admin switch says so.
pub(super) fn check_available(state: &AppState, account_id: i64) -> ApiResult<()> {
    let unavailable: bool = state
        .db()
        .query_row(
            "SELECT unavailable FROM mail_faults WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    if unavailable {
        return Err(ApiErr::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "mail settings are unavailable (sandbox fault switch)",
        ));
    }
    Ok(())
}

/// The signed-in caller of a mail endpoint, refused while the fault switch is on.
pub(super) struct MailCaller(pub(super) Caller);

impl FromRequestParts<Shared> for MailCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let caller = Caller::from_request_parts(parts, state).await?;
        counted_and_available(state, &caller).map_err(IntoResponse::into_response)?;
        Ok(MailCaller(caller))
    }
}

fn counted_and_available(state: &Shared, caller: &Caller) -> ApiResult<()> {
    // Counted (also when refused) so tests can prove a check happened without a request.
    state.db().execute(
        "INSERT INTO mail_calls (account_id, calls) VALUES (?1, 1)
         ON CONFLICT (account_id) DO UPDATE SET calls = calls + 1",
        [caller.account_id],
    )?;
    check_available(state, caller.account_id)
}

pub async fn get_settings(
    State(state): State<Shared>,
    MailCaller(caller): MailCaller,
) -> ApiResult<Json<Value>> {
    let account_id = caller.account_id;
    let db = state.db();
    let row = load_row(&db, account_id)?;
    let email: Option<String> = db.query_row(
        "SELECT email FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    let mut body = row.json();
    body["email"] = json!(email);
    Ok(Json(body))
}

/// One setting's change: the member's choice and the revision the phone's view was based on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    on: bool,
    /// The setting's `rev` the phone last saw; absent when it had never seen one.
    #[serde(default)]
    base_rev: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutSettings {
    idempotency_key: String,
    changes: BTreeMap<String, Change>,
}

pub async fn put_settings(
    State(state): State<Shared>,
    MailCaller(caller): MailCaller,
    JsonBody(req): JsonBody<PutSettings>,
) -> ApiResult<Json<Value>> {
    let account_id = caller.account_id;
    let key = crate::routes::idempotency::check_key(&req.idempotency_key)?;
    if req.changes.is_empty() {
        return Err(ApiErr::bad_request("changes is empty"));
    }
    if let Some(unknown) = req.changes.keys().find(|k| !SETTINGS.contains(&k.as_str())) {
        return Err(ApiErr::bad_request(format!("unknown setting {unknown}")));
    }
    let request = serde_json::to_string(&req.changes).map_err(ApiErr::internal)?;
    let now = state.clock.now().to_rfc3339();

    // Look-up, application and the stored result happen under one lock, in one transaction:
    // two deliveries of one key (a retry racing the original) apply it once.
    let answer = {
        let mut db = state.db();
        let tx = db.transaction()?;
        let stored: Option<(String, String)> = tx
            .query_row(
                "SELECT request, response FROM mail_requests
                 WHERE account_id = ?1 AND idempotency_key = ?2",
                (account_id, key),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let answer = match stored {
            Some((stored_request, _)) if stored_request != request => {
                return Err(ApiErr::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "this idempotency key was used for a different change",
                ));
            }
            Some((_, response)) => {
                tx.execute(
                    "UPDATE mail_requests SET replays = replays + 1
                     WHERE account_id = ?1 AND idempotency_key = ?2",
                    (account_id, key),
                )?;
                serde_json::from_str::<Value>(&response).map_err(ApiErr::internal)?
            }
            None => {
                let before = load_row(&tx, account_id)?;
                let mut overridden = Vec::new();
                for (setting, change) in &req.changes {
                    let (current, rev, changed_at) = before.value(setting);
                    let changed_meanwhile = rev > change.base_rev.unwrap_or(0);
                    if changed_meanwhile && current != change.on {
                        overridden.push(json!({
                            "setting": setting,
                            "replaced": current,
                            "on": change.on,
                            "changed_at": changed_at,
                        }));
                    }
                }
                let values = req.changes.iter().map(|(k, c)| (k.clone(), c.on)).collect();
                write_settings(&tx, account_id, &values, &now)?;
                let after = load_row(&tx, account_id)?;
                let answer = json!({
                    "settings": after.json(),
                    "overridden": overridden,
                    "applied_at": now,
                });
                tx.execute(
                    "INSERT INTO mail_requests (account_id, idempotency_key, request, response, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    (account_id, key, &request, answer.to_string(), state.clock.unix()),
                )?;
                answer
            }
        };
        tx.commit()?;
        answer
    };
    if take_dropped_answer(&state, account_id)? {
        drop_connection();
    }
    Ok(Json(answer))
}

/// Whether the admin asked to drop this answer (counting it down).
pub(super) fn take_dropped_answer(state: &AppState, account_id: i64) -> ApiResult<bool> {
    let changed = state.db().execute(
        "UPDATE mail_faults SET drop_answers = drop_answers - 1
         WHERE account_id = ?1 AND drop_answers > 0",
        [account_id],
    )?;
    Ok(changed > 0)
}

/// Ends the connection without an answer: the change is committed, the phone sees the
/// connection break (as when the network drops on the way back). The handler runs inside the
/// connection's task, so unwinding it closes the socket; `resume_unwind` skips the panic hook,
/// so nothing is printed.
pub(super) fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("sandbox: answer dropped on purpose"))
}
