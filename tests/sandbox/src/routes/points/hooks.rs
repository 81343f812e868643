//! The ledger for other capabilities: point of sale, cards (merge), e-money charges.

use super::*;

/// Awards `points` to an account on `date` (a Japan date, not after the sandbox's today), e.g.
/// from the point-of-sale flow once it has identified the member. `store` and `text` show in
/// the history (empty text: the default "ポイント獲得").
pub(crate) fn award(
    state: &AppState,
    account_id: i64,
    points: i64,
    date: NaiveDate,
    store: &str,
    text: &str,
) -> ApiResult<PointEntry> {
    let today = japan_today(state);
    let conn = state.db();
    award_in(
        &conn,
        today,
        account_id,
        points,
        date,
        Some(store),
        Some(text).filter(|t| !t.trim().is_empty()),
    )
}

/// Spends `points` of an account on `date`, earliest-expiring first. Refused with 403
/// `external_id_not_linked` for unlinked `wester` accounts and 409 `insufficient_points`.
pub(crate) fn spend(
    state: &AppState,
    account_id: i64,
    points: i64,
    date: NaiveDate,
    store: &str,
    text: &str,
) -> ApiResult<PointEntry> {
    let today = japan_today(state);
    let conn = state.db();
    spend_in(
        &conn,
        today,
        account_id,
        points,
        date,
        Some(store),
        Some(text).filter(|t| !t.trim().is_empty()),
    )
}

/// The account merge of SPEC §4.5/§5.2, for the cards flow: every point `from_account` holds
/// moves to `into_account` as one lot awarded on `merge_date` under `into_account`'s rule and
/// accrual start (the signed-in account's start month wins; an account never awarded gets
/// `merge_date` as its start). Both accounts get a `merge` entry (out and in); expiry of both
/// is first brought up to `merge_date`. Returns the points moved (0 writes no entries).
///
/// Runs in a savepoint, so it can be called inside the caller's transaction; the caller holds
/// the connection (`state.db()`).
pub(crate) fn merge_points(
    conn: &Connection,
    from_account: i64,
    into_account: i64,
    merge_date: NaiveDate,
) -> ApiResult<i64> {
    if from_account == into_account {
        return Err(ApiErr::bad_request(
            "an account cannot be merged into itself",
        ));
    }
    atomic(conn, |conn| {
        for account in [from_account, into_account] {
            if let Some(through) = ledger(conn, account)?.through
                && merge_date < through
            {
                return Err(ApiErr::new(
                    StatusCode::CONFLICT,
                    "date_before_ledger",
                    format!("the ledger already runs to {through}"),
                ));
            }
            run_expiry(conn, account, merge_date)?;
        }
        let moved = held(conn, from_account)?;
        if moved == 0 {
            return Ok(0);
        }
        take(conn, from_account, moved)?;
        insert_entry(
            conn,
            from_account,
            "merge",
            merge_date,
            -moved,
            None,
            "口座統合により移行",
        )?;
        let expires = award_expiry(conn, into_account, merge_date)?;
        add_lot(conn, into_account, merge_date, &expires.to_string(), moved)?;
        insert_entry(
            conn,
            into_account,
            "merge",
            merge_date,
            moved,
            None,
            "口座統合により受入",
        )?;
        Ok(moved)
    })
}

/// Gives an account with no award yet the accrual start `date` (`YYYY-MM-DD`), e.g. one set on
/// its card holder record before the merge that brings it points.
pub(crate) fn seed_first_award(conn: &Connection, account_id: i64, date: &str) -> ApiResult<()> {
    ledger(conn, account_id)?;
    conn.execute(
        "UPDATE point_ledgers SET first_award = ?2 WHERE account_id = ?1 AND first_award IS NULL",
        (account_id, date),
    )?;
    Ok(())
}

/// Records the first e-money charge (`waon`): it starts the accrual period when no award has
/// yet (SPEC §5.2, "for e-money: after the first charge"). Later charges change nothing.
pub(crate) fn note_emoney_charge(
    conn: &Connection,
    account_id: i64,
    date: NaiveDate,
) -> ApiResult<()> {
    ledger(conn, account_id)?;
    conn.execute(
        "UPDATE point_ledgers SET first_award = ?2 WHERE account_id = ?1 AND first_award IS NULL",
        (account_id, date.to_string()),
    )?;
    Ok(())
}
