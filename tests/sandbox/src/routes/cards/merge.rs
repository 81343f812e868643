//! Account merge (SPEC §4.5, `POST v1/cards/merge`).

use super::*;

#[derive(Deserialize)]
pub struct MergeRequest {
    idempotency_key: String,
    card_type: String,
    number: String,
    holder: Holder,
}

pub async fn merge(
    State(state): State<Shared>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let program = caller.program;
    let rules = rules_of(program)?;
    if !rules.merge {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "merge_not_offered",
            format!("{program} does not merge point accounts"),
        ));
    }
    // Read after the program's refusal, not as a `JsonBody` argument: a program that does
    // not merge answers 403 `merge_not_offered` whatever the body.
    let req: MergeRequest = json_body(&body)?;
    let number = req.number.trim();
    let digits = rules.card_type(&req.card_type).map_or(16, |t| t.digits);
    if number.len() != digits || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiErr::bad_request(format!(
            "number must be {digits} half-width digits"
        )));
    }
    let request = json!({
        "endpoint": "merge",
        "card_type": req.card_type,
        "last4": last4(number),
        "holder": name_key(&req.holder.name) + "/" + req.holder.birth_date.trim(),
    })
    .to_string();
    let path = format!("/{program}/v1/cards/merge");
    idempotent(
        &state,
        &path,
        caller.account_id,
        &req.idempotency_key,
        &request,
        |db| merge_accounts(&state, db, rules, caller.account_id, number, &req),
    )
}

pub(super) fn merge_accounts(
    state: &AppState,
    db: &Connection,
    rules: &ProgramRules,
    account_id: i64,
    number: &str,
    req: &MergeRequest,
) -> ApiResult<(StatusCode, Value)> {
    let program = rules.program;
    let not_found = || {
        ApiErr::new(
            StatusCode::NOT_FOUND,
            "merge_account_not_found",
            "no point account holds a card with this number",
        )
    };
    let card = registry_card(db, program, number)?
        .filter(|c| c.card_type == req.card_type)
        .ok_or_else(not_found)?;
    let other: i64 = db
        .query_row(
            "SELECT account_id FROM card_registrations WHERE registry_id = ?1",
            [card.id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(not_found)?;
    if other == account_id {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "merge_same_account",
            "the card is already in the signed-in account",
        ));
    }
    // The personal details must match: what the member entered against the other account,
    // and the two accounts against each other.
    let mismatch = || {
        ApiErr::new(
            StatusCode::CONFLICT,
            "merge_details_mismatch",
            "the personal details of the two accounts do not match",
        )
    };
    let other_holder = account_holder(db, other)?.unwrap_or(card.holder.clone());
    if !same_person(&req.holder, &other_holder) {
        return Err(mismatch());
    }
    let own_holder = account_holder(db, account_id)?;
    if own_holder
        .as_ref()
        .is_some_and(|h| !same_person(h, &other_holder))
    {
        return Err(mismatch());
    }
    // The merged account must still meet the card limits.
    let own = counted(db, account_id)?;
    let theirs = counted(db, other)?;
    for rule in rules.types {
        if let Some(limit) = rule.max_per_account {
            let n = own.iter().chain(&theirs).filter(|t| *t == rule.id).count();
            if n as u64 > u64::from(limit) {
                return Err(type_limit(rule, limit));
            }
        }
    }
    let total = own.len() + theirs.len();
    if total > rules.max_total as usize {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "merge_card_limit",
            format!(
                "the merged account would hold {total} cards; at most {}",
                rules.max_total
            ),
        )
        .with("limit", rules.max_total)
        .with("total", total));
    }
    // Merge: the cards move; the signed-in account keeps its first award (so its accrual
    // start month). Where it has none and the other account was awarded points, those points
    // count as awarded today (SPEC §5.2), which becomes the first award.
    let now = state.clock.now().to_rfc3339();
    let moved = db.execute(
        "UPDATE card_registrations SET account_id = ?1 WHERE account_id = ?2",
        (account_id, other),
    )?;
    if own_holder.is_none() {
        set_account_holder(db, account_id, &other_holder)?;
    }
    // The points move with the cards: held points count as awarded on the merge date under
    // the signed-in account's accrual start; with no start yet, the merge date becomes it.
    if let Some(holder_first) = card_holder_first_award(db, account_id)? {
        // A start month the admin gave the account before any award (test data) is kept.
        crate::routes::points::seed_first_award(db, account_id, &holder_first)?;
    }
    let merge_date = japan_today(state);
    crate::routes::points::merge_points(db, other, account_id, merge_date)?;
    let kept = first_award(db, account_id)?;
    db.execute(
        "INSERT INTO card_accounts (account_id, merged_into) VALUES (?1, ?2)
         ON CONFLICT(account_id) DO UPDATE SET merged_into = ?2",
        (other, account_id),
    )?;
    db.execute(
        "INSERT INTO card_merges (into_account, from_account, moved_cards, first_award_date, merged_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        (account_id, other, moved as i64, &kept, &now),
    )?;
    bump(db, "merges")?;
    let list = list_json(state, db, program, account_id)?;
    Ok((
        StatusCode::OK,
        json!({
            "merged_cards": moved,
            "cards": list["cards"],
            "lapsed": list["lapsed"],
            "first_award_date": kept,
            "accrual_start_month": kept.as_deref().and_then(start_month),
            "merged_at": now,
        }),
    ))
}
