//! Mail settings and the e-mail address (SPEC §6): the member API and its test controls.
//!
//! - Settings (`newsletter`, `postal`) live per account; a new account has both **on** (the
//!   programs' sign-up default: a member opts out, as in the source FAQ's "受け取らない").
//!   Every applied change bumps the account's `version`; each setting remembers the version
//!   that last changed it (its `rev`), so a phone can say which revision its change was based
//!   on and the server can tell whether the value changed elsewhere meanwhile.
//! - Writes are idempotent: the first result per `(account, idempotency_key)` is stored and
//!   returned again for a repeat, whatever happened in between. A key reused with a different
//!   request is refused (`idempotency_key_reused`).
//! - Conflicts: the member's change always wins (it is the latest choice the member made on
//!   this phone); where the setting changed elsewhere since the phone's base revision and the
//!   value being replaced differs from the member's choice, the answer lists it in
//!   `overridden` so the app can tell the member.
//! - E-mail change: a 6-digit code goes to the new address (valid 10 minutes, 5 attempts);
//!   confirming it switches the address (and the login ID where the login ID was the old
//!   address) and sends a notice to the old address.
//!
//! Test controls under `/admin/mail/{member_id}`: read the counters, change the settings "on
//! the web", and inject faults (every mail endpoint answering 503; the next writes committed
//! and then their answer dropped, as when the connection breaks on the way back).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Shared, auth, idempotency, json_body, program};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;
use crate::tokens;

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS mail_settings (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    newsletter INTEGER NOT NULL DEFAULT 1,
    newsletter_rev INTEGER NOT NULL DEFAULT 0,
    newsletter_changed_at TEXT,
    postal INTEGER NOT NULL DEFAULT 1,
    postal_rev INTEGER NOT NULL DEFAULT 0,
    postal_changed_at TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    elsewhere_changes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mail_requests (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS mail_faults (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    unavailable INTEGER NOT NULL DEFAULT 0,
    drop_answers INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mail_calls (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    calls INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS email_changes (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    new_email TEXT NOT NULL,
    code TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);
";

/// The settings a member can switch.
pub const SETTINGS: &[&str] = &["newsletter", "postal"];

/// How long an e-mail change code is valid *(reference)*.
pub const CODE_TTL_SECONDS: i64 = 10 * 60;
/// Wrong codes before the request is void and a new code must be asked for *(reference)*.
pub const CODE_ATTEMPTS: i64 = 5;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/{program}/v1/mail/settings",
            get(get_settings).put(put_settings),
        )
        .route(
            "/{program}/v1/mail/email-change",
            get(pending_email_change).post(request_email_change),
        )
        .route(
            "/{program}/v1/mail/email-change/confirm",
            post(confirm_email_change),
        )
        .route("/admin/mail/{member_id}", get(admin_show))
        .route(
            "/admin/mail/{member_id}/settings",
            post(admin_change_elsewhere),
        )
        .route("/admin/mail/{member_id}/faults", post(admin_faults))
}

// ---------------------------------------------------------------------------------------
// Settings

/// One account's settings row.
struct Row {
    newsletter: bool,
    newsletter_rev: i64,
    newsletter_changed_at: Option<String>,
    postal: bool,
    postal_rev: i64,
    postal_changed_at: Option<String>,
    version: i64,
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
fn load_row(db: &Connection, account_id: i64) -> rusqlite::Result<Row> {
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
fn write_settings(
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
fn check_available(state: &AppState, account_id: i64) -> ApiResult<()> {
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
fn mail_caller(state: &Shared, program_name: &str, headers: &HeaderMap) -> ApiResult<i64> {
    let program = program(program_name)?;
    let caller = auth::caller(state, program, headers)?;
    // Counted (also when refused) so tests can prove a check happened without a request.
    state.db().execute(
        "INSERT INTO mail_calls (account_id, calls) VALUES (?1, 1)
         ON CONFLICT (account_id) DO UPDATE SET calls = calls + 1",
        [caller.account_id],
    )?;
    check_available(state, caller.account_id)?;
    Ok(caller.account_id)
}

pub async fn get_settings(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let account_id = mail_caller(&state, &program_name, &headers)?;
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
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let account_id = mail_caller(&state, &program_name, &headers)?;
    let req: PutSettings = json_body(&body)?;
    let key = req.idempotency_key.trim();
    if key.len() < 8 || key.len() > 100 {
        return Err(ApiErr::bad_request(
            "idempotency_key must have 8 to 100 characters",
        ));
    }
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
fn take_dropped_answer(state: &AppState, account_id: i64) -> ApiResult<bool> {
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
fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("sandbox: answer dropped on purpose"))
}

// ---------------------------------------------------------------------------------------
// E-mail change

/// A pragmatic server-side shape check (the core checks fully, offline, before sending).
fn plausible_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    address.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.split('.').any(str::is_empty)
        && address.chars().all(|c| c.is_ascii_graphic())
}

/// Whether another account of the program holds the address as its e-mail or login ID.
fn taken_by_other(
    db: &Connection,
    program: &str,
    account_id: i64,
    address: &str,
) -> rusqlite::Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM accounts WHERE program = ?1 AND id != ?2
                       AND (email = ?3 OR login_id = ?3))",
        (program, account_id, address),
        |r| r.get(0),
    )
}

fn email_taken() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "email_taken",
        "another member has registered this address",
    )
}

#[derive(Deserialize)]
pub struct RequestEmailChange {
    new_email: String,
    /// With a key the request applies once (`routes::idempotency`): a repeat after a lost
    /// answer gets the first answer and no second code.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// A mail "sent" from inside a write's transaction (the same table as `AppState::send_mail`).
fn send_mail_in(
    db: &Connection,
    state: &AppState,
    to: &str,
    subject: &str,
    body: &str,
) -> ApiResult<()> {
    db.execute(
        "INSERT INTO mails (address, subject, body, sent_at) VALUES (?1, ?2, ?3, ?4)",
        (
            to.to_lowercase(),
            subject,
            body,
            state.clock.now().to_rfc3339(),
        ),
    )?;
    Ok(())
}

pub async fn request_email_change(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let account_id = mail_caller(&state, &program_name, &headers)?;
    let program = program(&program_name)?;
    let req: RequestEmailChange = json_body(&body)?;
    let new_email = req.new_email.to_lowercase();
    if !plausible_email(&new_email) {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "invalid_email",
            "not an e-mail address",
        ));
    }
    let request = json!({ "endpoint": "email_change", "new_email": new_email }).to_string();
    let response = idempotency::run_optional(
        &state,
        &idempotency::account_scope(account_id),
        req.idempotency_key.as_deref(),
        &request,
        |db| request_email_change_in(&state, db, program, account_id, &new_email),
    )?;
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    // Answered 202, as before keys: the code is on its way.
    let (mut parts, body) = response.into_parts();
    parts.status = StatusCode::ACCEPTED;
    Ok(Response::from_parts(parts, body))
}

fn request_email_change_in(
    state: &AppState,
    db: &Connection,
    program: &str,
    account_id: i64,
    new_email: &str,
) -> ApiResult<Value> {
    let now = state.clock.unix();
    let expires_at = now + CODE_TTL_SECONDS;
    let code = tokens::random_digits(6);
    let current: Option<String> = db.query_row(
        "SELECT email FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    if current.as_deref() == Some(new_email) {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "email_unchanged",
            "this is already the registered address",
        ));
    }
    if taken_by_other(db, program, account_id, new_email)? {
        return Err(email_taken());
    }
    // A new request replaces an earlier one: only the newest code works.
    db.execute(
        "INSERT OR REPLACE INTO email_changes (account_id, new_email, code, expires_at, attempts_left)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        (account_id, new_email, &code, expires_at, CODE_ATTEMPTS),
    )?;
    let minutes = CODE_TTL_SECONDS / 60;
    send_mail_in(
        db,
        state,
        new_email,
        "メールアドレス変更の確認コード / Confirmation code",
        &format!(
            "確認コード: {code}\n{minutes}分以内にアプリで入力してください。\n\
             Confirmation code: {code}\nEnter it in the app within {minutes} minutes.\n"
        ),
    )?;
    Ok(json!({
        "new_email": new_email,
        "expires_at": rfc3339(expires_at),
        "expires_in": CODE_TTL_SECONDS,
        "attempts_left": CODE_ATTEMPTS,
    }))
}

/// The e-mail change waiting for its code, so an app restarted on the code screen can show
/// where the code went and how many tries are left.
pub async fn pending_email_change(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let account_id = mail_caller(&state, &program_name, &headers)?;
    let now = state.clock.unix();
    let pending: Option<(String, i64, i64)> = state
        .db()
        .query_row(
            "SELECT new_email, expires_at, attempts_left FROM email_changes
             WHERE account_id = ?1 AND expires_at > ?2",
            (account_id, now),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((new_email, expires_at, attempts_left)) = pending else {
        return Err(ApiErr::new(
            StatusCode::NOT_FOUND,
            "no_email_change",
            "no e-mail change is waiting for a code",
        ));
    };
    Ok(Json(json!({
        "new_email": new_email,
        "expires_at": rfc3339(expires_at),
        "expires_in": expires_at - now,
        "attempts_left": attempts_left,
    })))
}

fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339()
}

#[derive(Deserialize)]
pub struct ConfirmEmailChange {
    code: String,
    /// With a key the confirmation applies once: a repeat after a lost answer gets the
    /// changed account again, not "no valid code".
    #[serde(default)]
    idempotency_key: Option<String>,
}

fn code_expired(reason: &str) -> ApiErr {
    ApiErr::new(
        StatusCode::GONE,
        "code_expired",
        "no valid code: ask for a new one",
    )
    .with("reason", reason)
}

pub async fn confirm_email_change(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let account_id = mail_caller(&state, &program_name, &headers)?;
    let program = program(&program_name)?;
    let req: ConfirmEmailChange = json_body(&body)?;
    let request = json!({ "endpoint": "email_change_confirm", "code": req.code }).to_string();
    idempotency::run_optional(
        &state,
        &idempotency::account_scope(account_id),
        req.idempotency_key.as_deref(),
        &request,
        |db| confirm_email_change_in(&state, db, program, account_id, &req.code),
    )
}

fn confirm_email_change_in(
    state: &AppState,
    db: &Connection,
    program: &str,
    account_id: i64,
    typed_code: &str,
) -> ApiResult<Value> {
    let now = state.clock.unix();
    let old_email = {
        let pending: Option<(String, String, i64, i64)> = db
            .query_row(
                "SELECT new_email, code, expires_at, attempts_left FROM email_changes
                 WHERE account_id = ?1",
                [account_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((new_email, code, expires_at, attempts_left)) = pending else {
            return Err(code_expired("none"));
        };
        if expires_at <= now {
            db.execute(
                "DELETE FROM email_changes WHERE account_id = ?1",
                [account_id],
            )?;
            return Err(code_expired("expired"));
        }
        if typed_code != code {
            let left = attempts_left - 1;
            if left <= 0 {
                db.execute(
                    "DELETE FROM email_changes WHERE account_id = ?1",
                    [account_id],
                )?;
            } else {
                db.execute(
                    "UPDATE email_changes SET attempts_left = ?2 WHERE account_id = ?1",
                    (account_id, left),
                )?;
            }
            return Err(ApiErr::new(
                StatusCode::BAD_REQUEST,
                "wrong_code",
                "the code does not match",
            )
            .with("attempts_left", left.max(0)));
        }
        db.execute(
            "DELETE FROM email_changes WHERE account_id = ?1",
            [account_id],
        )?;
        // Someone may have registered the address since the code was sent.
        if taken_by_other(db, program, account_id, &new_email)? {
            return Err(email_taken());
        }
        let (old_email, login_id): (Option<String>, String) = db.query_row(
            "SELECT email, login_id FROM accounts WHERE id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Where the login ID is the e-mail address, it follows the address.
        let login_follows = old_email.as_deref() == Some(login_id.as_str());
        db.execute(
            "UPDATE accounts SET email = ?2, login_id = CASE WHEN ?3 THEN ?2 ELSE login_id END
             WHERE id = ?1",
            (account_id, &new_email, login_follows),
        )?;
        old_email
    };
    if let Some(old) = old_email {
        send_mail_in(
            db,
            state,
            &old,
            "メールアドレスが変更されました / Your e-mail address was changed",
            "ご登録のメールアドレスが変更されました。お心当たりのない場合はお問い合わせください。\n\
             The e-mail address of your account was changed. Contact us if this was not you.\n",
        )?;
    }
    let account = super::accounts::account_json_in(db, account_id)?;
    Ok(json!({ "account": account }))
}

// ---------------------------------------------------------------------------------------
// Admin (tests and QA)

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

fn account_by_member(db: &Connection, member_id: &str) -> ApiResult<i64> {
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
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let req: Elsewhere = json_body(&body)?;
    change_elsewhere(&state, &member_id, req.newsletter, req.postal)?;
    Ok(Json(json!(admin_state(&state, &member_id)?)))
}

pub async fn admin_faults(
    State(state): State<Shared>,
    Path(member_id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let faults: MailFaults = json_body(&body)?;
    set_faults(&state, &member_id, faults)?;
    Ok(Json(json!(faults)))
}

#[cfg(test)]
mod tests {
    use super::plausible_email;

    #[test]
    fn server_side_shape_check() {
        assert!(plausible_email("taro@example.jp"));
        assert!(!plausible_email("taro@example"));
        assert!(!plausible_email("taro@@example.jp"));
        assert!(!plausible_email("@example.jp"));
        assert!(!plausible_email("ta ro@example.jp"));
        assert!(!plausible_email("taro@example..jp"));
    }
}
