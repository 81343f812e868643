//! E-mail change: a code to the new address, then its confirmation.

use super::*;

/// A pragmatic server-side shape check (the core checks fully, offline, before sending).
pub(super) fn plausible_email(address: &str) -> bool {
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
pub(super) fn taken_by_other(
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

pub(super) fn email_taken() -> ApiErr {
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
pub(super) fn send_mail_in(
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
    MailCaller(caller): MailCaller,
    JsonBody(req): JsonBody<RequestEmailChange>,
) -> ApiResult<Response> {
    let account_id = caller.account_id;
    let program = caller.program;
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

pub(super) fn request_email_change_in(
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
    MailCaller(caller): MailCaller,
) -> ApiResult<Json<Value>> {
    let account_id = caller.account_id;
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

pub(super) fn rfc3339(unix: i64) -> String {
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

pub(super) fn code_expired(reason: &str) -> ApiErr {
    ApiErr::new(
        StatusCode::GONE,
        "code_expired",
        "no valid code: ask for a new one",
    )
    .with("reason", reason)
}

pub async fn confirm_email_change(
    State(state): State<Shared>,
    MailCaller(caller): MailCaller,
    JsonBody(req): JsonBody<ConfirmEmailChange>,
) -> ApiResult<Response> {
    let account_id = caller.account_id;
    let program = caller.program;
    let request = json!({ "endpoint": "email_change_confirm", "code": req.code }).to_string();
    idempotency::run_optional(
        &state,
        &idempotency::account_scope(account_id),
        req.idempotency_key.as_deref(),
        &request,
        |db| confirm_email_change_in(&state, db, program, account_id, &req.code),
    )
}

pub(super) fn confirm_email_change_in(
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
    let account = crate::routes::accounts::account_json_in(db, account_id)?;
    Ok(json!({ "account": account }))
}
