//! Registration (`POST v1/cards`): the refusals in the source FAQ's order, idempotency.

use super::*;

#[derive(Deserialize)]
pub struct RegisterRequest {
    idempotency_key: String,
    card_type: String,
    number: String,
    #[serde(default)]
    pin: Option<String>,
    #[serde(default)]
    member_registered: Option<bool>,
}

/// A card in the issuers' registry.
pub(super) struct RegistryCard {
    pub(super) id: i64,
    pub(super) card_type: String,
    pub(super) number: String,
    pub(super) pin: Option<String>,
    pub(super) expires_on: String,
    pub(super) holder: Holder,
    pub(super) status: String,
    pub(super) member_registered: bool,
    pub(super) built_into: Option<i64>,
}

pub(super) const REGISTRY_SELECT: &str =
    "SELECT id, card_type, number, pin, expires_on, holder_name,
        holder_birth_date, status, member_registered, built_into FROM card_registry";

pub(super) fn registry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegistryCard> {
    Ok(RegistryCard {
        id: r.get(0)?,
        card_type: r.get(1)?,
        number: r.get(2)?,
        pin: r.get(3)?,
        expires_on: r.get(4)?,
        holder: Holder {
            name: r.get(5)?,
            birth_date: r.get(6)?,
        },
        status: r.get(7)?,
        member_registered: r.get(8)?,
        built_into: r.get(9)?,
    })
}

pub(super) fn registry_card(
    db: &Connection,
    program: &str,
    number: &str,
) -> rusqlite::Result<Option<RegistryCard>> {
    db.query_row(
        &format!("{REGISTRY_SELECT} WHERE program = ?1 AND number = ?2"),
        (program, number),
        registry_row,
    )
    .optional()
}

pub(super) fn account_holder(db: &Connection, account_id: i64) -> rusqlite::Result<Option<Holder>> {
    let row: Option<(Option<String>, Option<String>)> = db
        .query_row(
            "SELECT holder_name, holder_birth_date FROM card_accounts WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(name), Some(birth_date))) => Some(Holder { name, birth_date }),
        _ => None,
    })
}

pub(super) fn set_account_holder(
    db: &Connection,
    account_id: i64,
    holder: &Holder,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO card_accounts (account_id, holder_name, holder_birth_date) VALUES (?1, ?2, ?3)
         ON CONFLICT(account_id) DO UPDATE SET holder_name = ?2, holder_birth_date = ?3",
        (account_id, &holder.name, &holder.birth_date),
    )?;
    Ok(())
}

/// The account's first award (its accrual start, SPEC §5.2). The points ledger is the
/// source; a date set by the admin on the card holder (test data) stands in before any award.
pub(super) fn first_award(db: &Connection, account_id: i64) -> rusqlite::Result<Option<String>> {
    Ok(db
        .query_row(
            "SELECT COALESCE(
                 (SELECT first_award FROM point_ledgers WHERE account_id = ?1),
                 (SELECT first_award_date FROM card_accounts WHERE account_id = ?1))",
            [account_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

pub(super) fn card_holder_first_award(
    db: &Connection,
    account_id: i64,
) -> rusqlite::Result<Option<String>> {
    Ok(db
        .query_row(
            "SELECT first_award_date FROM card_accounts WHERE account_id = ?1",
            [account_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Cards that count against the limits: every registered card but lapsed ones (they left
/// the list; the member cannot see or use them).
pub(super) fn counted(db: &Connection, account_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = db.prepare(
        "SELECT r.card_type FROM card_registrations r JOIN card_registry c ON c.id = r.registry_id
         WHERE r.account_id = ?1 AND c.status != 'lapsed'",
    )?;
    stmt.query_map([account_id], |r| r.get(0))?.collect()
}

pub(super) fn details_mismatch(mismatches: Vec<&'static str>) -> ApiErr {
    ApiErr::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "card_details_mismatch",
        "the details entered do not match the card",
    )
    .with("mismatches", mismatches)
}

/// Refuses while the card's PIN lock lasts: 423 `pin_locked` with when to retry.
pub(super) fn pin_lock_check(state: &AppState, db: &Connection, registry_id: i64) -> ApiResult<()> {
    let until: Option<i64> = db
        .query_row(
            "SELECT locked_until FROM card_pin_failures WHERE registry_id = ?1",
            [registry_id],
            |r| r.get(0),
        )
        .optional()?;
    let now = state.clock.unix();
    match until {
        Some(until) if until > now => Err(pin_locked(until, now)),
        _ => Ok(()),
    }
}

/// Counts a wrong PIN; the one reaching the threshold locks the card and already answers
/// `pin_locked` (as the failed log-in reaching it answers `account_locked`).
pub(super) fn pin_failed(state: &AppState, db: &Connection, registry_id: i64) -> ApiResult<()> {
    let failures: i64 = db.query_row(
        "INSERT INTO card_pin_failures (registry_id, failures) VALUES (?1, 1)
         ON CONFLICT (registry_id) DO UPDATE SET failures = failures + 1
         RETURNING failures",
        [registry_id],
        |r| r.get(0),
    )?;
    if failures >= i64::from(state.config.lockout_threshold) {
        let now = state.clock.unix();
        let until = now + state.config.lockout_seconds;
        db.execute(
            "UPDATE card_pin_failures SET failures = 0, locked_until = ?2 WHERE registry_id = ?1",
            (registry_id, until),
        )?;
        return Err(pin_locked(until, now));
    }
    Ok(())
}

/// A right PIN clears the count.
pub(super) fn pin_passed(db: &Connection, registry_id: i64) -> ApiResult<()> {
    db.execute(
        "DELETE FROM card_pin_failures WHERE registry_id = ?1",
        [registry_id],
    )?;
    Ok(())
}

/// The lock refusal as of `now`: the same clock reading that set or checked the lock, so a
/// fresh lock always says the whole lockout.
pub(super) fn pin_locked(until: i64, now: i64) -> ApiErr {
    let retry_at = chrono::DateTime::from_timestamp(until, 0)
        .unwrap_or_default()
        .to_rfc3339();
    ApiErr::new(
        StatusCode::LOCKED,
        "pin_locked",
        "too many wrong PINs for this card",
    )
    .with("retry_at", retry_at)
    .with("retry_after_seconds", (until - now).max(0))
}

/// The per-type limit refusal: a second credit card is the source's `6213` case.
pub(super) fn type_limit(rule: &TypeRule, limit: u32) -> ApiErr {
    if rule.credit_card {
        ApiErr::new(
            StatusCode::CONFLICT,
            "second_credit_card",
            format!(
                "only {limit} credit card can be registered to one account ({SECOND_CREDIT_CARD_CODE})"
            ),
        )
        .with("server_code", SECOND_CREDIT_CARD_CODE)
        .with("limit", limit)
    } else {
        ApiErr::new(
            StatusCode::CONFLICT,
            "card_type_limit_reached",
            format!("at most {limit} cards of this type per account"),
        )
        .with("card_type", rule.id)
        .with("limit", limit)
    }
}

pub(super) fn total_limit(limit: u32) -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "card_limit_reached",
        format!("at most {limit} cards per account"),
    )
    .with("limit", limit)
}

/// Runs one idempotent write: a stored answer for `(account, key)` is returned again (the
/// same request) or refused (another request); otherwise `apply` runs and its answer, a
/// success or a refusal (not an internal error), is stored with it in one transaction, so two
/// deliveries of one key apply it once. Afterwards the answer may be dropped on purpose
/// (`/admin/cards/faults`).
pub(super) fn idempotent(
    state: &AppState,
    path: &str,
    account_id: i64,
    key: &str,
    request: &str,
    apply: impl FnOnce(&Connection) -> ApiResult<(StatusCode, Value)>,
) -> ApiResult<Response> {
    let key = crate::routes::idempotency::check_key(key)?;
    let (status, answer) = {
        let mut db = state.db();
        let tx = db.transaction()?;
        bump(&tx, "requests")?;
        let stored: Option<(String, u16, String)> = tx
            .query_row(
                "SELECT request, status, answer FROM card_requests
                 WHERE account_id = ?1 AND idempotency_key = ?2",
                (account_id, key),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (status, answer) = match stored {
            Some((stored_request, _, _)) if stored_request != request => {
                return Err(ApiErr::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "this idempotency key was used for a different request",
                ));
            }
            Some((_, status, answer)) => {
                bump(&tx, "replays")?;
                let status = StatusCode::from_u16(status).map_err(ApiErr::internal)?;
                let answer = serde_json::from_str::<Value>(&answer).map_err(ApiErr::internal)?;
                (status, answer)
            }
            None => {
                let (status, answer) = match apply(&tx) {
                    Ok(done) => done,
                    Err(e) if e.status.is_client_error() => (e.status, error_body(&e)),
                    Err(e) => return Err(e),
                };
                tx.execute(
                    "INSERT INTO card_requests (account_id, idempotency_key, request, status, answer, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (
                        account_id,
                        key,
                        request,
                        status.as_u16(),
                        answer.to_string(),
                        state.clock.now().to_rfc3339(),
                    ),
                )?;
                (status, answer)
            }
        };
        tx.commit()?;
        (status, answer)
    };
    if take_dropped_answer(state, path)? {
        drop_connection();
    }
    Ok((status, Json(answer)).into_response())
}

/// Whether the admin asked to drop this path's next answer (counting it down).
pub(super) fn take_dropped_answer(state: &AppState, path: &str) -> ApiResult<bool> {
    let db = state.db();
    let changed = db.execute(
        "UPDATE card_faults SET drop_answers = drop_answers - 1
         WHERE path = ?1 AND drop_answers > 0",
        [path],
    )?;
    if changed > 0 {
        bump(&db, "dropped_answers")?;
    }
    Ok(changed > 0)
}

/// Ends the connection without an answer, after the write committed: the phone sees the
/// connection break, as when the network drops on the way back. The handler runs in the
/// connection's task, so unwinding it closes the socket (and only it); `resume_unwind` skips
/// the panic hook, so nothing is printed.
pub(super) fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("sandbox: answer dropped on purpose"))
}

pub async fn register(
    State(state): State<Shared>,
    caller: Caller,
    JsonBody(req): JsonBody<RegisterRequest>,
) -> ApiResult<Response> {
    let program = caller.program;
    let rules = rules_of(program)?;
    let Some(rule) = rules.card_type(&req.card_type) else {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "unknown_card_type",
            format!("{program} has no card type {}", req.card_type),
        ));
    };
    let number = req.number.trim();
    if number.len() != rule.digits || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiErr::bad_request(format!(
            "number must be {} half-width digits",
            rule.digits
        )));
    }
    // Told apart from another registration without the full number (see the module doc).
    let request = json!({
        "endpoint": "register",
        "card_type": rule.id,
        "last4": last4(number),
        "pin": req.pin.is_some(),
        "member_registered": req.member_registered,
    })
    .to_string();
    let path = format!("/{program}/v1/cards");
    idempotent(
        &state,
        &path,
        caller.account_id,
        &req.idempotency_key,
        &request,
        |db| register_card(&state, db, rules, rule, caller.account_id, number, &req),
    )
}

/// The registration itself, inside the request's transaction.
pub(super) fn register_card(
    state: &AppState,
    db: &Connection,
    rules: &ProgramRules,
    rule: &'static TypeRule,
    account_id: i64,
    number: &str,
    req: &RegisterRequest,
) -> ApiResult<(StatusCode, Value)> {
    let program = rules.program;
    // 1. The details must match the card (every mismatch at once). A number no card could
    //    have is a mistyped number, as is one the issuers never issued.
    if number.len() != rule.digits || !rule.check.valid(number) {
        return Err(details_mismatch(vec!["number"]));
    }
    let Some(card) = registry_card(db, program, number)? else {
        return Err(details_mismatch(vec!["number"]));
    };
    if card.card_type != rule.id {
        return Err(details_mismatch(vec!["card_type"]));
    }
    if card.built_into.is_some() {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "built_in_emoney_card",
            "this e-money card is built into a credit card: register the credit card and it comes along",
        ));
    }
    // A card whose PIN was guessed wrong too often takes no registration until its lock ends.
    pin_lock_check(state, db, card.id)?;
    let mut mismatches = Vec::new();
    match (&card.pin, req.pin.as_deref().map(str::trim)) {
        (Some(_), None) | (None, Some(_)) => mismatches.push("pin_presence"),
        (Some(pin), Some(given)) if pin != given => {
            pin_failed(state, db, card.id)?;
            mismatches.push("pin");
        }
        (Some(_), Some(_)) => pin_passed(db, card.id)?,
        _ => {}
    }
    // The member states whether the card is registered as a member at the issuing shop
    // (SPEC §4.2): no answer is not the card's answer either, so it cannot slip past the check.
    if rule.asks_member_registered && req.member_registered != Some(card.member_registered) {
        mismatches.push("member_registration");
    }
    if !mismatches.is_empty() {
        return Err(details_mismatch(mismatches));
    }
    // 2. The card must be valid.
    let today = japan_today(state);
    if card.status != "active" {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_expired_or_invalid",
            "the card is not valid",
        )
        .with("status", card.status.clone()));
    }
    if NaiveDate::parse_from_str(&card.expires_on, "%Y-%m-%d").is_ok_and(|d| d < today) {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_expired_or_invalid",
            "the card has expired",
        )
        .with("status", "expired")
        .with("expired_on", card.expires_on.clone()));
    }
    // 3. It must be the member's own card.
    let holder = account_holder(db, account_id)?;
    if holder
        .as_ref()
        .is_some_and(|h| !same_person(h, &card.holder))
    {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "card_of_another_person",
            "the card belongs to someone else",
        ));
    }
    // 4. Not held by another account; held by this one already is a success (the member
    //    sees the card in the list either way).
    let existing: Option<(String, i64)> = db
        .query_row(
            "SELECT id, account_id FROM card_registrations WHERE registry_id = ?1",
            [card.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, owner)) = existing {
        if owner != account_id {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "card_registered_to_another_account",
                "the card is registered to another account",
            ));
        }
        let main = reg_by_id(db, &id)?;
        let linked = linked_regs(db, &id)?;
        return Ok((
            StatusCode::OK,
            json!({
                "card": card_json(rules, &main, today),
                "linked": linked.iter().map(|r| card_json(rules, r, today)).collect::<Vec<_>>(),
                "already_registered": true,
            }),
        ));
    }
    // 5. The limits.
    let emoney = match rule.built_in_emoney {
        Some(_) => db
            .query_row(
                &format!("{REGISTRY_SELECT} WHERE built_into = ?1 AND status = 'active'"),
                [card.id],
                registry_row,
            )
            .optional()?
            .filter(|e| {
                !db.query_row(
                    "SELECT EXISTS(SELECT 1 FROM card_registrations WHERE registry_id = ?1)",
                    [e.id],
                    |r| r.get::<_, bool>(0),
                )
                .unwrap_or(true)
            }),
        None => None,
    };
    let held = counted(db, account_id)?;
    if let Some(limit) = rule.max_per_account {
        let of_type = held.iter().filter(|t| *t == rule.id).count();
        if of_type as u64 >= u64::from(limit) {
            return Err(type_limit(rule, limit));
        }
    }
    let adding = 1 + usize::from(emoney.is_some());
    if held.len() + adding > rules.max_total as usize {
        return Err(total_limit(rules.max_total));
    }
    // Registered. An account without personal details takes the card holder's.
    if holder.is_none() {
        set_account_holder(db, account_id, &card.holder)?;
    }
    let now = state.clock.now().to_rfc3339();
    let id = insert_registration(db, program, account_id, &card, None, &now)?;
    if let Some(emoney) = &emoney {
        insert_registration(db, program, account_id, emoney, Some(&id), &now)?;
    }
    bump(db, "registrations")?;
    let main = reg_by_id(db, &id)?;
    let linked = linked_regs(db, &id)?;
    Ok((
        StatusCode::CREATED,
        json!({
            "card": card_json(rules, &main, today),
            "linked": linked.iter().map(|r| card_json(rules, r, today)).collect::<Vec<_>>(),
            "already_registered": false,
        }),
    ))
}

pub(super) fn linked_regs(db: &Connection, id: &str) -> rusqlite::Result<Vec<RegRow>> {
    let mut stmt = db.prepare(&format!(
        "{REG_SELECT} WHERE r.linked_to = ?1 ORDER BY r.rowid"
    ))?;
    stmt.query_map([id], reg_row)?.collect()
}

pub(super) fn insert_registration(
    db: &Connection,
    program: &str,
    account_id: i64,
    card: &RegistryCard,
    linked_to: Option<&str>,
    now: &str,
) -> rusqlite::Result<String> {
    let id = format!("card_{}", tokens::random_hex(8));
    db.execute(
        "INSERT INTO card_registrations (id, program, account_id, registry_id, card_type, last4, linked_to, registered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            &id,
            program,
            account_id,
            card.id,
            &card.card_type,
            last4(&card.number),
            linked_to,
            now,
        ),
    )?;
    Ok(id)
}
