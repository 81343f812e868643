//! The ledger: lots, history entries, lazy expiry, awards, uses and adjustments.

use super::*;

/// The sandbox clock's Japan (UTC+9) date: the programs count days in Japan time.
pub(crate) fn japan_today(state: &AppState) -> NaiveDate {
    (state.clock.now() + Duration::hours(9)).date_naive()
}

pub(super) fn parse_date(text: &str, field: &str) -> ApiResult<NaiveDate> {
    let ok_shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    ok_shape
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::BAD_REQUEST,
                "invalid_date",
                format!("{field}: `{text}` is not a date YYYY-MM-DD"),
            )
        })
}

pub(super) fn stored_date(text: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(ApiErr::internal)
}

pub(super) fn check_points(points: i64) -> ApiResult<()> {
    if (1..=MAX_POINTS).contains(&points) {
        Ok(())
    } else {
        Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "invalid_points",
            format!("points must be 1 to {MAX_POINTS}"),
        ))
    }
}

/// Runs `f` inside a savepoint: all of it or none of it, inside or outside a caller's
/// transaction (so [`merge_points`] can be called from another capability's transaction).
pub(super) fn atomic<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> ApiResult<T>,
) -> ApiResult<T> {
    conn.execute_batch("SAVEPOINT points_op")?;
    match f(conn) {
        Ok(value) => {
            conn.execute_batch("RELEASE points_op")?;
            Ok(value)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO points_op; RELEASE points_op")?;
            Err(e)
        }
    }
}

pub(super) fn unknown_account() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "unknown_account",
        "no account has this login ID",
    )
}

/// The account of a login ID in a program (admin and family invitations).
pub(super) fn account_by_login(conn: &Connection, program: &str, login_id: &str) -> ApiResult<i64> {
    conn.query_row(
        "SELECT id FROM accounts WHERE program = ?1 AND login_id = ?2 AND status != 'withdrawn'",
        (program, login_id.trim().to_lowercase()),
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(unknown_account)
}

pub(super) fn program_of(conn: &Connection, account_id: i64) -> ApiResult<String> {
    conn.query_row(
        "SELECT program FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(unknown_account)
}

// ---------------------------------------------------------------------------------------------
// The ledger
// ---------------------------------------------------------------------------------------------

pub(super) struct Ledger {
    pub(super) first_award: Option<NaiveDate>,
    pub(super) through: Option<NaiveDate>,
}

pub(super) fn ledger(conn: &Connection, account_id: i64) -> ApiResult<Ledger> {
    conn.execute(
        "INSERT OR IGNORE INTO point_ledgers (account_id) VALUES (?1)",
        [account_id],
    )?;
    let (first, through): (Option<String>, Option<String>) = conn.query_row(
        "SELECT first_award, through FROM point_ledgers WHERE account_id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Ledger {
        first_award: first.as_deref().map(stored_date).transpose()?,
        through: through.as_deref().map(stored_date).transpose()?,
    })
}

pub(super) fn insert_entry(
    conn: &Connection,
    account_id: i64,
    kind: &str,
    date: NaiveDate,
    points: i64,
    store: Option<&str>,
    text: &str,
) -> ApiResult<PointEntry> {
    let store = store.map(str::trim).filter(|s| !s.is_empty());
    conn.execute(
        "INSERT INTO point_entries (account_id, kind, date, points, store, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (account_id, kind, date.to_string(), points, store, text),
    )?;
    Ok(PointEntry {
        id: conn.last_insert_rowid(),
        kind: kind.to_owned(),
        date: date.to_string(),
        points,
        store: store.map(str::to_owned),
        text: text.to_owned(),
    })
}

/// Expires every lot of the account whose last valid day is before `as_of`, one `expire`
/// entry per expiry date (dated the day after it), and moves the ledger's date to `as_of`.
pub(super) fn run_expiry(conn: &Connection, account_id: i64, as_of: NaiveDate) -> ApiResult<()> {
    let ledger = ledger(conn, account_id)?;
    let due: Vec<(String, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT expires_on, SUM(remaining) FROM point_lots
             WHERE account_id = ?1 AND remaining > 0 AND expires_on < ?2
             GROUP BY expires_on ORDER BY expires_on",
        )?;
        stmt.query_map((account_id, as_of.to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?
    };
    for (expires, points) in due {
        let gone_from = stored_date(&expires)?
            .succ_opt()
            .ok_or_else(|| ApiErr::internal("date out of range"))?;
        insert_entry(
            conn,
            account_id,
            "expire",
            gone_from,
            -points,
            None,
            &format!("有効期限切れ ({expires}まで有効)"),
        )?;
        conn.execute(
            "UPDATE point_lots SET remaining = 0 WHERE account_id = ?1 AND expires_on = ?2",
            (account_id, &expires),
        )?;
    }
    if ledger.through.is_none_or(|t| t < as_of) {
        conn.execute(
            "UPDATE point_ledgers SET through = ?2 WHERE account_id = ?1",
            (account_id, as_of.to_string()),
        )?;
    }
    Ok(())
}

/// Refuses a date in the future or before the ledger's date, then brings expiry up to it.
pub(super) fn open_dated(
    conn: &Connection,
    account_id: i64,
    date: NaiveDate,
    today: NaiveDate,
) -> ApiResult<()> {
    if date > today {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "date_in_future",
            format!("{date} is after the sandbox's today {today}"),
        ));
    }
    if let Some(through) = ledger(conn, account_id)?.through
        && date < through
    {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "date_before_ledger",
            format!("this account's ledger already runs to {through}; date {date} is before it"),
        )
        .with("through", through.to_string()));
    }
    run_expiry(conn, account_id, date)
}

/// The expiry of points credited as an award on `date`; an award starts the accrual period
/// when the account has none yet.
pub(super) fn award_expiry(
    conn: &Connection,
    account_id: i64,
    date: NaiveDate,
) -> ApiResult<NaiveDate> {
    let program = program_of(conn, account_id)?;
    let expires = match rule_of(&program)? {
        Rule::FiscalYear => fiscal_expiry(date),
        Rule::AccrualPeriod => {
            let first = match ledger(conn, account_id)?.first_award {
                Some(first) => first,
                None => {
                    conn.execute(
                        "UPDATE point_ledgers SET first_award = ?2 WHERE account_id = ?1",
                        (account_id, date.to_string()),
                    )?;
                    date
                }
            };
            accrual_expiry(first, date)
        }
        Rule::Rolling(months) => add_months_clamped(date, months),
        Rule::MonthsAfterAward(months) => months_after_award(date, months),
        Rule::Never => NaiveDate::from_ymd_opt(9999, 12, 31),
    };
    expires.ok_or_else(|| ApiErr::bad_request(format!("no expiry can be given for {date}")))
}

pub(super) fn add_lot(
    conn: &Connection,
    account_id: i64,
    earned: NaiveDate,
    expires: &str,
    points: i64,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO point_lots (account_id, earned_on, expires_on, remaining) VALUES (?1, ?2, ?3, ?4)",
        (account_id, earned.to_string(), expires, points),
    )?;
    Ok(())
}

pub(super) fn held(conn: &Connection, account_id: i64) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(remaining), 0) FROM point_lots WHERE account_id = ?1 AND remaining > 0",
        [account_id],
        |r| r.get(0),
    )?)
}

/// Takes `points` from the lots that expire first; what was taken, per expiry date.
pub(super) fn take(
    conn: &Connection,
    account_id: i64,
    points: i64,
) -> ApiResult<Vec<(String, i64)>> {
    let available = held(conn, account_id)?;
    if available < points {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "insufficient_points",
            format!("{points} points asked for, {available} held"),
        )
        .with("available", available));
    }
    let lots: Vec<(i64, String, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT id, expires_on, remaining FROM point_lots
             WHERE account_id = ?1 AND remaining > 0 ORDER BY expires_on, earned_on, id",
        )?;
        stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut left = points;
    let mut taken: Vec<(String, i64)> = Vec::new();
    for (id, expires, remaining) in lots {
        if left == 0 {
            break;
        }
        let n = remaining.min(left);
        conn.execute(
            "UPDATE point_lots SET remaining = remaining - ?2 WHERE id = ?1",
            (id, n),
        )?;
        left -= n;
        match taken.last_mut() {
            Some((e, sum)) if *e == expires => *sum += n,
            _ => taken.push((expires, n)),
        }
    }
    Ok(taken)
}

pub(super) fn refuse_unlinked_use(conn: &Connection, account_id: i64) -> ApiResult<()> {
    let (program, external_id): (String, String) = conn.query_row(
        "SELECT program, external_id FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if needs_link_to_use(&program) && external_id != "linked" {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "external_id_not_linked",
            "using points needs an account linked to the external member ID",
        ));
    }
    Ok(())
}

/// Credits an award (`earn`) dated `date` (within one savepoint).
pub(crate) fn award_in(
    conn: &Connection,
    today: NaiveDate,
    account_id: i64,
    points: i64,
    date: NaiveDate,
    store: Option<&str>,
    text: Option<&str>,
) -> ApiResult<PointEntry> {
    check_points(points)?;
    atomic(conn, |conn| {
        open_dated(conn, account_id, date, today)?;
        let expires = award_expiry(conn, account_id, date)?;
        add_lot(conn, account_id, date, &expires.to_string(), points)?;
        roll(conn, account_id, date)?;
        insert_entry(
            conn,
            account_id,
            "earn",
            date,
            points,
            store,
            text.unwrap_or("ポイント獲得"),
        )
    })
}

/// A use of points (`use`) dated `date`, earliest-expiring first; refused for unlinked
/// `wester` accounts.
pub(crate) fn spend_in(
    conn: &Connection,
    today: NaiveDate,
    account_id: i64,
    points: i64,
    date: NaiveDate,
    store: Option<&str>,
    text: Option<&str>,
) -> ApiResult<PointEntry> {
    check_points(points)?;
    atomic(conn, |conn| {
        refuse_unlinked_use(conn, account_id)?;
        open_dated(conn, account_id, date, today)?;
        take(conn, account_id, points)?;
        roll(conn, account_id, date)?;
        insert_entry(
            conn,
            account_id,
            "use",
            date,
            -points,
            store,
            text.unwrap_or("ポイント利用"),
        )
    })
}

/// An adjustment by the operator: positive ones are credited like an award, negative ones
/// taken like a use (but never refused for a missing external-ID link).
pub(super) fn adjust_in(
    conn: &Connection,
    today: NaiveDate,
    account_id: i64,
    points: i64,
    date: NaiveDate,
    text: Option<&str>,
) -> ApiResult<PointEntry> {
    check_points(points.saturating_abs())?;
    atomic(conn, |conn| {
        open_dated(conn, account_id, date, today)?;
        if points > 0 {
            let expires = award_expiry(conn, account_id, date)?;
            add_lot(conn, account_id, date, &expires.to_string(), points)?;
        } else {
            take(conn, account_id, -points)?;
        }
        insert_entry(
            conn,
            account_id,
            "adjust",
            date,
            points,
            None,
            text.unwrap_or("ポイント調整"),
        )
    })
}

/// The balance after bringing expiry up to `today`.
pub(super) fn balance_in(
    conn: &Connection,
    account_id: i64,
    today: NaiveDate,
) -> ApiResult<PointBalance> {
    run_expiry(conn, account_id, today)?;
    let breakdown: Vec<ExpiryBucket> = {
        let mut stmt = conn.prepare(
            "SELECT expires_on, SUM(remaining) FROM point_lots
             WHERE account_id = ?1 AND remaining > 0 GROUP BY expires_on ORDER BY expires_on",
        )?;
        stmt.query_map([account_id], |r| {
            Ok(ExpiryBucket {
                expires: r.get(0)?,
                points: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    Ok(PointBalance {
        total: breakdown.iter().map(|b| b.points).sum(),
        breakdown,
        first_award: ledger(conn, account_id)?.first_award.map(|d| d.to_string()),
        as_of: today.to_string(),
    })
}

pub(super) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PointEntry> {
    Ok(PointEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        date: r.get(2)?,
        points: r.get(3)?,
        store: r.get(4)?,
        text: r.get(5)?,
    })
}

pub(super) fn all_entries(conn: &Connection, account_id: i64) -> ApiResult<Vec<PointEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, date, points, store, text FROM point_entries
         WHERE account_id = ?1 ORDER BY date DESC, id DESC",
    )?;
    Ok(stmt
        .query_map([account_id], entry_from_row)?
        .collect::<Result<_, _>>()?)
}
