//! Points (SPEC §5): the sandbox's point ledger, and the member endpoints for balance, history,
//! incremental sync, in-app use and family sharing, plus the admin and point-of-sale hooks that
//! award and spend.
//!
//! The sandbox is the server: it computes expiry itself, with its own small implementation of
//! both rules ([`fiscal_expiry`], [`accrual_expiry`]), never with `tamaru-core`. The core's
//! functions are the reference; the scenarios cross-check the two over many dates.
//!
//! ## The ledger
//! - Points are held in **lots**: each credit (earn, positive adjust, transfer in, merge in)
//!   is a lot with its earning date, its expiry date (fixed when it is credited) and what is
//!   left of it. Debits (use, negative adjust, transfer out, merge out) take from the lots
//!   that expire first (then the oldest lot), so a member never loses points that could have
//!   been spent.
//! - Every change to an account's lots writes one **history entry** (`earn`, `use`, `expire`,
//!   `adjust`, `transfer`, `merge`), append-only and never edited. That is what lets a client
//!   sync incrementally: nothing new since its cursor means nothing changed, balance included.
//! - **Expiry** runs lazily: before any read or write of an account, as of the sandbox's Japan
//!   date (or the dated operation's date). Lots valid to `E` are gone from `E + 1`; the
//!   `expire` entry is dated `E + 1`, so the points of the entries dated up to a day add up to
//!   the balance valid on that day.
//! - Time only moves forward in a ledger: an account's ledger runs *through* the latest date
//!   an operation or an expiry run was applied as of, and an operation dated before that is
//!   refused (`date_before_ledger`). Tests build a past timeline oldest first, then read.
//! - `waon` (accrual-period rule): the accrual start is the account's first award (or first
//!   e-money charge, [`note_emoney_charge`]); the sandbox keeps it and returns it as
//!   `first_award`. A positive adjustment counts as an award. A transfer keeps the points'
//!   expiry dates (sending points back and forth must not extend them) and is not an award.

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Shared, auth, idempotency, json_body, program};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS point_ledgers (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    first_award TEXT,
    through TEXT
);
CREATE TABLE IF NOT EXISTS point_lots (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    earned_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    remaining INTEGER NOT NULL CHECK (remaining >= 0)
);
CREATE INDEX IF NOT EXISTS point_lots_open ON point_lots (account_id, expires_on, id)
    WHERE remaining > 0;
CREATE TABLE IF NOT EXISTS point_entries (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'use', 'expire', 'adjust', 'transfer', 'merge')),
    date TEXT NOT NULL,
    points INTEGER NOT NULL,
    store TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS point_entries_sync ON point_entries (account_id, id);
CREATE INDEX IF NOT EXISTS point_entries_history ON point_entries (account_id, date DESC, id DESC);
CREATE TABLE IF NOT EXISTS point_sync_stats (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    requests INTEGER NOT NULL DEFAULT 0,
    entries_sent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS families (
    id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    owner_account_id INTEGER NOT NULL REFERENCES accounts(id),
    invite_code TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_members (
    family_id INTEGER NOT NULL REFERENCES families(id),
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    joined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_invitations (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    UNIQUE (family_id, account_id)
);
";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/points", get(balance))
        .route("/{program}/v1/points/changes", get(changes))
        .route("/{program}/v1/points/history", get(history))
        .route("/{program}/v1/points/use", post(use_points))
        .route("/{program}/v1/family", get(family).post(create_family))
        .route("/{program}/v1/family/invitations", post(invite))
        .route("/{program}/v1/family/join", post(join))
        .route("/{program}/v1/family/leave", post(leave))
        .route("/{program}/v1/family/transfers", post(transfer))
        .route("/admin/points/award", post(admin_award))
        .route("/admin/points/use", post(admin_use))
        .route("/admin/points/adjust", post(admin_adjust))
        .route("/admin/points/emoney-charge", post(admin_emoney_charge))
        .route("/admin/points/merge", post(admin_merge))
        .route("/admin/points/ledger", get(admin_ledger))
        .route("/admin/points/today", post(admin_set_today))
        .route("/pos/points", post(pos_points))
}

// ---------------------------------------------------------------------------------------------
// Program rules as the server knows them
// ---------------------------------------------------------------------------------------------

/// The expiry rule a program's server applies (its own configuration, like the device cap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// SPEC §5.1 (`wester`).
    FiscalYear,
    /// SPEC §5.2 (`waon`).
    AccrualPeriod,
    /// SPEC §9: every held point expires together, this many months after the last earn or
    /// use (the month's last day when the month is shorter).
    Rolling(u32),
    /// SPEC §9: each lot at the end of the this-many-th month after its award month.
    MonthsAfterAward(u32),
    /// SPEC §9: points never expire (lots are dated 9999-12-31).
    Never,
}

pub(crate) fn rule_of(program: &str) -> Rule {
    if let Some(registered) = crate::programs::find(program) {
        return registered.expiry;
    }
    if program == "waon" {
        Rule::AccrualPeriod
    } else {
        Rule::FiscalYear
    }
}

/// Programs whose members need a linked external member ID to use points (SPEC §2.4).
fn needs_link_to_use(program: &str) -> bool {
    program == "wester"
}

/// Programs with family sharing (SPEC §5.4).
fn has_family(program: &str) -> bool {
    program == "waon" || crate::programs::find(program).is_some_and(|p| p.family)
}

/// `date` moved `months` months on, clamped to the month's last day.
pub(crate) fn add_months_clamped(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
}

/// The end of the `months`-th month after `date`'s month.
pub(crate) fn months_after_award(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
    let month_after = first.checked_add_months(chrono::Months::new(months + 1))?;
    month_after.pred_opt()
}

/// Under the rolling rule, an earn or use on `date` moves every held point's expiry to
/// `months` months after it. Other rules date each lot once.
fn roll(conn: &Connection, account_id: i64, date: NaiveDate) -> ApiResult<()> {
    if let Rule::Rolling(months) = rule_of(&program_of(conn, account_id)?) {
        let expires = add_months_clamped(date, months)
            .ok_or_else(|| ApiErr::bad_request(format!("no expiry can be given for {date}")))?;
        conn.execute(
            "UPDATE point_lots SET expires_on = ?2 WHERE account_id = ?1 AND remaining > 0",
            (account_id, expires.to_string()),
        )?;
    }
    Ok(())
}

/// Members of a family group, its creator included (SPEC §5.4).
pub(crate) const FAMILY_MAX_MEMBERS: i64 = 15;

/// The largest amount one operation may move: bigger numbers are typing mistakes.
const MAX_POINTS: i64 = 100_000_000;

/// History and sync page sizes.
const DEFAULT_PAGE: i64 = 20;
const MAX_HISTORY_PAGE: i64 = 200;
const DEFAULT_SYNC_PAGE: i64 = 1000;
const MAX_SYNC_PAGE: i64 = 5000;

// ---------------------------------------------------------------------------------------------
// Expiry rules, the server's own
// ---------------------------------------------------------------------------------------------

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (year, month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)?.pred_opt()
}

/// Fiscal-year rule: valid until 31 March of the fiscal year (April to March) after the one
/// in which the points were earned.
pub(crate) fn fiscal_expiry(earned: NaiveDate) -> Option<NaiveDate> {
    let fiscal_year = if earned.month() >= 4 {
        earned.year()
    } else {
        earned.year() - 1
    };
    NaiveDate::from_ymd_opt(fiscal_year.checked_add(2)?, 3, 31)
}

/// Accrual-period rule: periods end in the first award's calendar month; the first one a year
/// after the first award, each later one a year after the previous. Points expire at the end
/// of the same month one year after their period's last month. `None` for points earned
/// before the first award (which cannot happen in a ledger) or beyond chrono's range.
pub(crate) fn accrual_expiry(first_award: NaiveDate, earned: NaiveDate) -> Option<NaiveDate> {
    if earned < first_award {
        return None;
    }
    let month_index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let first_period_end = month_index(first_award) + 12;
    let earned_month = month_index(earned);
    let period_end = if earned_month <= first_period_end {
        first_period_end
    } else {
        earned_month + (month_index(first_award) - earned_month).rem_euclid(12)
    };
    let expiry_month = period_end + 12;
    last_day_of_month(
        i32::try_from(expiry_month.div_euclid(12)).ok()?,
        u32::try_from(expiry_month.rem_euclid(12) + 1).ok()?,
    )
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// One history entry as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointEntry {
    /// Increases with every entry the server writes (the sync cursor follows it).
    pub id: i64,
    /// `earn`, `use`, `expire`, `adjust`, `transfer` or `merge`.
    pub kind: String,
    /// The Japan date, `YYYY-MM-DD`.
    pub date: String,
    /// Signed: credits are positive, debits negative.
    pub points: i64,
    pub store: Option<String>,
    pub text: String,
}

/// Held points expiring on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiryBucket {
    pub expires: String,
    pub points: i64,
}

/// The balance as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointBalance {
    pub total: i64,
    /// Soonest first.
    pub breakdown: Vec<ExpiryBucket>,
    /// The accrual start (`waon`): first award or first e-money charge.
    pub first_award: Option<String>,
    /// The Japan date the balance is valid on.
    pub as_of: String,
}

/// Counters of the sync endpoint for one account, for tests that prove a refresh was cheap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PointSyncStats {
    pub requests: u64,
    pub entries_sent: u64,
}

// ---------------------------------------------------------------------------------------------
// Dates and small helpers
// ---------------------------------------------------------------------------------------------

/// The sandbox clock's Japan (UTC+9) date: the programs count days in Japan time.
pub(crate) fn japan_today(state: &AppState) -> NaiveDate {
    (state.clock.now() + Duration::hours(9)).date_naive()
}

fn parse_date(text: &str, field: &str) -> ApiResult<NaiveDate> {
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

fn stored_date(text: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(ApiErr::internal)
}

fn check_points(points: i64) -> ApiResult<()> {
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
fn atomic<T>(conn: &Connection, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
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

fn unknown_account() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "unknown_account",
        "no account has this login ID",
    )
}

/// The account of a login ID in a program (admin and family invitations).
fn account_by_login(conn: &Connection, program: &str, login_id: &str) -> ApiResult<i64> {
    conn.query_row(
        "SELECT id FROM accounts WHERE program = ?1 AND login_id = ?2 AND status != 'withdrawn'",
        (program, login_id.trim().to_lowercase()),
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(unknown_account)
}

fn program_of(conn: &Connection, account_id: i64) -> ApiResult<String> {
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

struct Ledger {
    first_award: Option<NaiveDate>,
    through: Option<NaiveDate>,
}

fn ledger(conn: &Connection, account_id: i64) -> ApiResult<Ledger> {
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

fn insert_entry(
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
fn run_expiry(conn: &Connection, account_id: i64, as_of: NaiveDate) -> ApiResult<()> {
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
fn open_dated(
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
fn award_expiry(conn: &Connection, account_id: i64, date: NaiveDate) -> ApiResult<NaiveDate> {
    let program = program_of(conn, account_id)?;
    let expires = match rule_of(&program) {
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

fn add_lot(
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

fn held(conn: &Connection, account_id: i64) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(remaining), 0) FROM point_lots WHERE account_id = ?1 AND remaining > 0",
        [account_id],
        |r| r.get(0),
    )?)
}

/// Takes `points` from the lots that expire first; what was taken, per expiry date.
fn take(conn: &Connection, account_id: i64, points: i64) -> ApiResult<Vec<(String, i64)>> {
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

fn refuse_unlinked_use(conn: &Connection, account_id: i64) -> ApiResult<()> {
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
fn adjust_in(
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
fn balance_in(conn: &Connection, account_id: i64, today: NaiveDate) -> ApiResult<PointBalance> {
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

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PointEntry> {
    Ok(PointEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        date: r.get(2)?,
        points: r.get(3)?,
        store: r.get(4)?,
        text: r.get(5)?,
    })
}

fn all_entries(conn: &Connection, account_id: i64) -> ApiResult<Vec<PointEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, date, points, store, text FROM point_entries
         WHERE account_id = ?1 ORDER BY date DESC, id DESC",
    )?;
    Ok(stmt
        .query_map([account_id], entry_from_row)?
        .collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------------
// For other capabilities (point of sale, cards)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Member endpoints: balance, sync, history, use
// ---------------------------------------------------------------------------------------------

/// `GET v1/points`: the balance with its breakdown by expiry date.
async fn balance(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let today = japan_today(&state);
    let conn = state.db();
    let balance = atomic(&conn, |conn| balance_in(conn, caller.account_id, today))?;
    Ok(Json(json!(balance)))
}

fn query_limit(query: &HashMap<String, String>, default: i64, max: i64) -> ApiResult<i64> {
    match query.get("limit") {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiErr::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_limit",
                    format!("limit must be 1 to {max}"),
                )
            }),
    }
}

fn invalid_cursor() -> ApiErr {
    ApiErr::new(
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
        "the cursor is not one this server gave",
    )
}

/// `GET v1/points/changes?since=CURSOR&limit=N`: incremental sync. Entries written after the
/// cursor, oldest first, with the balance; nothing new since the cursor answers
/// `{"entries": [], "cursor": since, "more": false}` without a balance (nothing changed).
async fn changes(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let limit = query_limit(&query, DEFAULT_SYNC_PAGE, MAX_SYNC_PAGE)?;
    let since: Option<i64> = match query.get("since") {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(invalid_cursor)?,
        ),
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = caller.account_id;
    atomic(&conn, |conn| {
        // Expiry first: it may write entries this answer must carry.
        let balance = balance_in(conn, account, today)?;
        let mut entries: Vec<PointEntry> = {
            let mut stmt = conn.prepare(
                "SELECT id, kind, date, points, store, text FROM point_entries
                 WHERE account_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
            )?;
            stmt.query_map((account, since.unwrap_or(0), limit + 1), entry_from_row)?
                .collect::<Result<_, _>>()?
        };
        let more = entries.len() as i64 > limit;
        entries.truncate(limit as usize);
        conn.execute(
            "INSERT INTO point_sync_stats (account_id, requests, entries_sent) VALUES (?1, 1, ?2)
             ON CONFLICT (account_id) DO UPDATE SET requests = requests + 1,
                 entries_sent = entries_sent + excluded.entries_sent",
            (account, entries.len() as i64),
        )?;
        let cursor = entries
            .last()
            .map(|e| e.id)
            .or(since)
            .unwrap_or(0)
            .to_string();
        let mut answer = json!({ "entries": entries, "cursor": cursor, "more": more });
        if since.is_none() || !entries.is_empty() {
            answer["balance"] = json!(balance);
        }
        Ok(Json(answer))
    })
}

/// `GET v1/points/history?kinds=earn,use&from=D&to=D&cursor=C&limit=N`: newest first, by
/// date then entry; `next_cursor` is null on the last page. The cursor is opaque.
async fn history(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let limit = query_limit(&query, DEFAULT_PAGE, MAX_HISTORY_PAGE)?;
    let kinds: Vec<String> = match query.get("kinds") {
        None => Vec::new(),
        Some(text) => text
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| {
                ["earn", "use", "expire", "adjust", "transfer", "merge"]
                    .contains(&k)
                    .then(|| k.to_owned())
                    .ok_or_else(|| {
                        ApiErr::new(
                            StatusCode::BAD_REQUEST,
                            "invalid_kind",
                            format!("unknown kind `{k}`"),
                        )
                    })
            })
            .collect::<ApiResult<_>>()?,
    };
    let from = query
        .get("from")
        .map(|t| parse_date(t, "from"))
        .transpose()?;
    let to = query.get("to").map(|t| parse_date(t, "to")).transpose()?;
    let after: Option<(NaiveDate, i64)> = match query.get("cursor") {
        None => None,
        Some(text) => {
            let (date, id) = text.split_once('~').ok_or_else(invalid_cursor)?;
            let date = parse_date(date, "cursor").map_err(|_| invalid_cursor())?;
            Some((date, id.parse().map_err(|_| invalid_cursor())?))
        }
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = caller.account_id;
    atomic(&conn, |conn| {
        run_expiry(conn, account, today)?;
        let mut sql = String::from(
            "SELECT id, kind, date, points, store, text FROM point_entries WHERE account_id = ?",
        );
        let mut params: Vec<rusqlite::types::Value> = vec![account.into()];
        if !kinds.is_empty() {
            sql += &format!(" AND kind IN ({})", vec!["?"; kinds.len()].join(","));
            params.extend(kinds.iter().map(|k| k.clone().into()));
        }
        if let Some(from) = from {
            sql += " AND date >= ?";
            params.push(from.to_string().into());
        }
        if let Some(to) = to {
            sql += " AND date <= ?";
            params.push(to.to_string().into());
        }
        if let Some((date, id)) = after {
            sql += " AND (date < ? OR (date = ? AND id < ?))";
            params.push(date.to_string().into());
            params.push(date.to_string().into());
            params.push(id.into());
        }
        sql += " ORDER BY date DESC, id DESC LIMIT ?";
        params.push((limit + 1).into());
        let mut stmt = conn.prepare(&sql)?;
        let mut entries: Vec<PointEntry> = stmt
            .query_map(rusqlite::params_from_iter(params), entry_from_row)?
            .collect::<Result<_, _>>()?;
        let next = (entries.len() as i64 > limit).then(|| {
            entries.truncate(limit as usize);
            entries
                .last()
                .map(|e| format!("{}~{}", e.date, e.id))
                .unwrap_or_default()
        });
        Ok(Json(json!({ "entries": entries, "next_cursor": next })))
    })
}

#[derive(Deserialize)]
struct UseBody {
    points: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// Made by the phone when the member confirmed; the use applies once per key
    /// (`routes::idempotency`).
    idempotency_key: String,
}

/// `POST v1/points/use {idempotency_key, points, store?, text?}`: the member uses points in
/// the app (an exchange, a charge), today, once per key. 403 `external_id_not_linked` on
/// unlinked `wester` accounts.
async fn use_points(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let req: UseBody = json_body(&body)?;
    let today = japan_today(&state);
    let text = req.text.as_deref().filter(|t| !t.trim().is_empty());
    let request = json!({
        "endpoint": "points_use",
        "points": req.points,
        "store": req.store,
        "text": text,
    })
    .to_string();
    idempotency::run(
        &state,
        &idempotency::account_scope(caller.account_id),
        &req.idempotency_key,
        &request,
        |conn| {
            let entry = spend_in(
                conn,
                today,
                caller.account_id,
                req.points,
                today,
                req.store.as_deref(),
                text,
            )?;
            let balance = atomic(conn, |conn| balance_in(conn, caller.account_id, today))?;
            Ok(json!({ "entry": entry, "balance": balance }))
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Family sharing (SPEC §5.4)
// ---------------------------------------------------------------------------------------------

fn family_unavailable() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "family_not_available",
        "this program has no family sharing",
    )
}

fn not_in_family() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "not_in_family",
        "this account is in no family group",
    )
}

fn family_of(conn: &Connection, account_id: i64) -> ApiResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT family_id FROM family_members WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The account's login kind: set by the operator (`/admin/accounts/login-kind`), else what
/// its login ID is (an e-mail address or a web ID).
fn login_kind(conn: &Connection, account_id: i64) -> ApiResult<String> {
    let (kind, login_id): (Option<String>, String) = conn.query_row(
        "SELECT login_kind, login_id FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(kind.unwrap_or_else(|| {
        if login_id.contains('@') {
            "email".to_owned()
        } else {
            "web_id".to_owned()
        }
    }))
}

/// SPEC §5.4 and the seed: "square member" IDs may create a group but not join one.
fn refuse_square_member(conn: &Connection, account_id: i64) -> ApiResult<()> {
    if login_kind(conn, account_id)? == "square_member" {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "square_member_cannot_join",
            "accounts of the square-member login kind can create a family group but not join one",
        ));
    }
    Ok(())
}

fn refuse_if_full(conn: &Connection, family_id: i64) -> ApiResult<()> {
    let members: i64 = conn.query_row(
        "SELECT COUNT(*) FROM family_members WHERE family_id = ?1",
        [family_id],
        |r| r.get(0),
    )?;
    if members >= FAMILY_MAX_MEMBERS {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "family_full",
            format!("a family group holds at most {FAMILY_MAX_MEMBERS} IDs"),
        )
        .with("max_members", FAMILY_MAX_MEMBERS));
    }
    Ok(())
}

fn already_in_family() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "already_in_family",
        "the account is already in a family group",
    )
}

fn family_json(conn: &Connection, family_id: i64) -> ApiResult<Value> {
    let (owner, code, created): (i64, String, i64) = conn.query_row(
        "SELECT owner_account_id, invite_code, created_at FROM families WHERE id = ?1",
        [family_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT a.id, a.member_id, a.login_id, m.joined_at FROM family_members m
         JOIN accounts a ON a.id = m.account_id WHERE m.family_id = ?1 ORDER BY m.joined_at, a.id",
    )?;
    let members: Vec<Value> = stmt
        .query_map([family_id], |r| {
            let id: i64 = r.get(0)?;
            Ok(json!({
                "member_id": r.get::<_, String>(1)?,
                "login_id": r.get::<_, String>(2)?,
                "owner": id == owner,
                "joined_at": rfc3339(r.get(3)?),
            }))
        })?
        .collect::<Result<_, _>>()?;
    Ok(json!({
        "id": family_id.to_string(),
        "invite_code": code,
        "max_members": FAMILY_MAX_MEMBERS,
        "created_at": rfc3339(created),
        "members": members,
    }))
}

fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339()
}

fn status_json(conn: &Connection, account_id: i64) -> ApiResult<Value> {
    let family = family_of(conn, account_id)?
        .map(|id| family_json(conn, id))
        .transpose()?;
    let mut stmt = conn.prepare(
        "SELECT i.id, i.family_id, a.login_id, i.created_at FROM family_invitations i
         JOIN families f ON f.id = i.family_id JOIN accounts a ON a.id = f.owner_account_id
         WHERE i.account_id = ?1 ORDER BY i.id",
    )?;
    let invitations: Vec<Value> = stmt
        .query_map([account_id], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?.to_string(),
                "family_id": r.get::<_, i64>(1)?.to_string(),
                "owner_login_id": r.get::<_, String>(2)?,
                "invited_at": rfc3339(r.get(3)?),
            }))
        })?
        .collect::<Result<_, _>>()?;
    Ok(json!({ "family": family, "invitations": invitations }))
}

/// The caller of a family endpoint, on a program that has family sharing.
fn family_caller(
    state: &Shared,
    program_name: &str,
    headers: &HeaderMap,
) -> ApiResult<auth::Caller> {
    let program = program(program_name)?;
    if !has_family(program) {
        return Err(family_unavailable());
    }
    auth::caller(state, program, headers)
}

/// `GET v1/family`: the caller's group (or null) and pending invitations.
async fn family(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let conn = state.db();
    Ok(Json(status_json(&conn, caller.account_id)?))
}

/// `POST v1/family`: creates a group with the caller as its owner (square members may).
async fn create_family(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let now = state.clock.unix();
    let conn = state.db();
    let status = atomic(&conn, |conn| {
        if family_of(conn, caller.account_id)?.is_some() {
            return Err(already_in_family());
        }
        conn.execute(
            "INSERT INTO families (program, owner_account_id, invite_code, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            (
                &program_name,
                caller.account_id,
                crate::tokens::random_hex(4).to_uppercase(),
                now,
            ),
        )?;
        let family_id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO family_members (family_id, account_id, joined_at) VALUES (?1, ?2, ?3)",
            (family_id, caller.account_id, now),
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE account_id = ?1",
            [caller.account_id],
        )?;
        status_json(conn, caller.account_id)
    })?;
    Ok((StatusCode::CREATED, Json(status)))
}

#[derive(Deserialize)]
struct InviteBody {
    login_id: String,
}

/// `POST v1/family/invitations {login_id}`: the owner invites an account by its login ID.
async fn invite(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let req: InviteBody = json_body(&body)?;
    let now = state.clock.unix();
    let conn = state.db();
    let answer = atomic(&conn, |conn| {
        let family_id = family_of(conn, caller.account_id)?.ok_or_else(not_in_family)?;
        let owner: i64 = conn.query_row(
            "SELECT owner_account_id FROM families WHERE id = ?1",
            [family_id],
            |r| r.get(0),
        )?;
        if owner != caller.account_id {
            return Err(ApiErr::new(
                StatusCode::FORBIDDEN,
                "not_family_owner",
                "only the group's creator invites",
            ));
        }
        let invitee = account_by_login(conn, &program_name, &req.login_id)?;
        if family_of(conn, invitee)?.is_some() {
            return Err(already_in_family());
        }
        refuse_square_member(conn, invitee)?;
        refuse_if_full(conn, family_id)?;
        conn.execute(
            "INSERT OR IGNORE INTO family_invitations (family_id, account_id, created_at)
             VALUES (?1, ?2, ?3)",
            (family_id, invitee, now),
        )?;
        let id: i64 = conn.query_row(
            "SELECT id FROM family_invitations WHERE family_id = ?1 AND account_id = ?2",
            (family_id, invitee),
            |r| r.get(0),
        )?;
        Ok(json!({ "invitation_id": id.to_string(), "family": family_json(conn, family_id)? }))
    })?;
    Ok((StatusCode::CREATED, Json(answer)))
}

#[derive(Deserialize)]
struct JoinBody {
    #[serde(default)]
    invite_code: Option<String>,
    #[serde(default)]
    invitation_id: Option<String>,
}

/// `POST v1/family/join {invite_code}` or `{invitation_id}`: joins a group.
async fn join(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let req: JoinBody = json_body(&body)?;
    let now = state.clock.unix();
    let conn = state.db();
    let status = atomic(&conn, |conn| {
        let family_id: i64 = match (&req.invite_code, &req.invitation_id) {
            (Some(code), None) => conn
                .query_row(
                    "SELECT id FROM families WHERE invite_code = ?1 AND program = ?2",
                    (code.trim().to_uppercase(), &program_name),
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    ApiErr::new(
                        StatusCode::NOT_FOUND,
                        "invalid_invite_code",
                        "no family group has this invite code",
                    )
                })?,
            (None, Some(id)) => conn
                .query_row(
                    "SELECT family_id FROM family_invitations WHERE id = ?1 AND account_id = ?2",
                    (id.parse::<i64>().unwrap_or(-1), caller.account_id),
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    ApiErr::new(
                        StatusCode::NOT_FOUND,
                        "invitation_not_found",
                        "no such invitation for this account",
                    )
                })?,
            _ => {
                return Err(ApiErr::bad_request(
                    "give exactly one of invite_code and invitation_id",
                ));
            }
        };
        if family_of(conn, caller.account_id)?.is_some() {
            return Err(already_in_family());
        }
        refuse_square_member(conn, caller.account_id)?;
        refuse_if_full(conn, family_id)?;
        conn.execute(
            "INSERT INTO family_members (family_id, account_id, joined_at) VALUES (?1, ?2, ?3)",
            (family_id, caller.account_id, now),
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE account_id = ?1",
            [caller.account_id],
        )?;
        status_json(conn, caller.account_id)
    })?;
    Ok(Json(status))
}

/// `POST v1/family/leave`: leaves the group. The creator leaving dissolves it (every member
/// leaves; the points stay with each member), since a group without its creator has no one
/// to invite.
async fn leave(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let conn = state.db();
    atomic(&conn, |conn| {
        if leave_family(conn, caller.account_id)? {
            Ok(())
        } else {
            Err(not_in_family())
        }
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes the account out of its family group; the creator leaving dissolves the group
/// (everyone keeps their points). False if it was in none. Withdrawal uses it too.
pub(crate) fn leave_family(conn: &Connection, account_id: i64) -> ApiResult<bool> {
    let Some(family_id) = family_of(conn, account_id)? else {
        return Ok(false);
    };
    let owner: i64 = conn.query_row(
        "SELECT owner_account_id FROM families WHERE id = ?1",
        [family_id],
        |r| r.get(0),
    )?;
    if owner == account_id {
        conn.execute(
            "DELETE FROM family_members WHERE family_id = ?1",
            [family_id],
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE family_id = ?1",
            [family_id],
        )?;
        conn.execute("DELETE FROM families WHERE id = ?1", [family_id])?;
    } else {
        conn.execute(
            "DELETE FROM family_members WHERE account_id = ?1",
            [account_id],
        )?;
    }
    Ok(true)
}

#[derive(Deserialize)]
struct TransferBody {
    to_member_id: String,
    points: i64,
    /// The send applies once per key (`routes::idempotency`).
    idempotency_key: String,
}

/// `POST v1/family/transfers {to_member_id, points}`: sends points to a member of the same
/// group, today. The points keep their expiry dates (earliest-expiring sent first).
async fn transfer(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let caller = family_caller(&state, &program_name, &headers)?;
    let req: TransferBody = json_body(&body)?;
    check_points(req.points)?;
    let today = japan_today(&state);
    let request = json!({
        "endpoint": "family_transfer",
        "to_member_id": req.to_member_id,
        "points": req.points,
    })
    .to_string();
    let scope = idempotency::account_scope(caller.account_id);
    idempotency::run(&state, &scope, &req.idempotency_key, &request, |conn| {
        atomic(conn, |conn| {
            let family_id = family_of(conn, caller.account_id)?.ok_or_else(not_in_family)?;
            let recipient: Option<(i64, String)> = conn
            .query_row(
                "SELECT a.id, a.login_id FROM accounts a JOIN family_members m ON m.account_id = a.id
                 WHERE a.member_id = ?1 AND m.family_id = ?2",
                (&req.to_member_id, family_id),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
            let Some((recipient, recipient_login)) = recipient else {
                return Err(ApiErr::new(
                    StatusCode::CONFLICT,
                    "recipient_not_in_family",
                    "the recipient is not a member of your family group",
                ));
            };
            if recipient == caller.account_id {
                return Err(ApiErr::new(
                    StatusCode::BAD_REQUEST,
                    "cannot_send_to_self",
                    "points cannot be sent to yourself",
                ));
            }
            let sender_login: String = conn.query_row(
                "SELECT login_id FROM accounts WHERE id = ?1",
                [caller.account_id],
                |r| r.get(0),
            )?;
            run_expiry(conn, caller.account_id, today)?;
            run_expiry(conn, recipient, today)?;
            let taken = take(conn, caller.account_id, req.points)?;
            for (expires, points) in &taken {
                add_lot(conn, recipient, today, expires, *points)?;
            }
            let entry = insert_entry(
                conn,
                caller.account_id,
                "transfer",
                today,
                -req.points,
                None,
                &format!("家族へ送付 ({recipient_login})"),
            )?;
            insert_entry(
                conn,
                recipient,
                "transfer",
                today,
                req.points,
                None,
                &format!("家族から受取 ({sender_login})"),
            )?;
            Ok(json!({ "entry": entry, "balance": balance_in(conn, caller.account_id, today)? }))
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Admin (tests and QA) and point of sale
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct AdminPoints {
    program: String,
    login_id: String,
    points: i64,
    /// Japan date; default the sandbox's today.
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

fn admin_target(conn: &Connection, program_name: &str, login_id: &str) -> ApiResult<i64> {
    let program = program(program_name)?;
    account_by_login(conn, program, login_id)
}

fn admin_date(state: &AppState, date: Option<&str>) -> ApiResult<NaiveDate> {
    date.map(|d| parse_date(d, "date"))
        .transpose()
        .map(|d| d.unwrap_or_else(|| japan_today(state)))
}

/// What an admin ledger call does.
#[derive(Clone, Copy)]
enum AdminOp {
    Award,
    Use,
    Adjust,
}

/// The three admin ledger calls share their shape: read the body, date it (default: the
/// sandbox's today), find the account, write one entry.
fn admin_ledger_op(
    state: &Shared,
    body: &Bytes,
    op: AdminOp,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let req: AdminPoints = json_body(body)?;
    let date = admin_date(state, req.date.as_deref())?;
    let today = japan_today(state);
    let conn = state.db();
    let account = admin_target(&conn, &req.program, &req.login_id)?;
    let (store, text) = (req.store.as_deref(), req.text.as_deref());
    let entry = match op {
        AdminOp::Award => award_in(&conn, today, account, req.points, date, store, text)?,
        AdminOp::Use => spend_in(&conn, today, account, req.points, date, store, text)?,
        AdminOp::Adjust => adjust_in(&conn, today, account, req.points, date, text)?,
    };
    Ok((StatusCode::CREATED, Json(json!({ "entry": entry }))))
}

/// `POST /admin/points/award {program, login_id, points, date?, store?, text?}` → 201 `{entry}`.
async fn admin_award(
    State(state): State<Shared>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, &body, AdminOp::Award)
}

/// `POST /admin/points/use {program, login_id, points, date?, store?, text?}`: a use at a till.
async fn admin_use(
    State(state): State<Shared>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, &body, AdminOp::Use)
}

/// `POST /admin/points/adjust {program, login_id, points (signed), date?, text?}`.
async fn admin_adjust(
    State(state): State<Shared>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, &body, AdminOp::Adjust)
}

#[derive(Deserialize)]
struct AdminCharge {
    program: String,
    login_id: String,
    date: String,
}

/// `POST /admin/points/emoney-charge {program, login_id, date}`: a first e-money charge.
async fn admin_emoney_charge(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: AdminCharge = json_body(&body)?;
    let date = parse_date(&req.date, "date")?;
    let today = japan_today(&state);
    let conn = state.db();
    let account = admin_target(&conn, &req.program, &req.login_id)?;
    note_emoney_charge(&conn, account, date)?;
    Ok(Json(json!(atomic(&conn, |conn| balance_in(
        conn, account, today
    ))?)))
}

#[derive(Deserialize)]
struct AdminMerge {
    program: String,
    from_login_id: String,
    into_login_id: String,
    #[serde(default)]
    date: Option<String>,
}

/// `POST /admin/points/merge {program, from_login_id, into_login_id, date?}` → `{moved}`:
/// the points part of an account merge (the cards flow calls [`merge_points`] itself).
async fn admin_merge(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: AdminMerge = json_body(&body)?;
    let date = admin_date(&state, req.date.as_deref())?;
    let conn = state.db();
    let from = admin_target(&conn, &req.program, &req.from_login_id)?;
    let into = admin_target(&conn, &req.program, &req.into_login_id)?;
    let moved = merge_points(&conn, from, into, date)?;
    Ok(Json(json!({ "moved": moved })))
}

/// `GET /admin/points/ledger?program=P&login_id=ID` → `{balance, entries (newest first),
/// sync: {requests, entries_sent}}`.
async fn admin_ledger(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let (Some(program_name), Some(login_id)) = (query.get("program"), query.get("login_id")) else {
        return Err(ApiErr::bad_request("program and login_id are required"));
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = admin_target(&conn, program_name, login_id)?;
    let (balance, entries) = atomic(&conn, |conn| {
        Ok((
            balance_in(conn, account, today)?,
            all_entries(conn, account)?,
        ))
    })?;
    Ok(Json(json!({
        "balance": balance,
        "entries": entries,
        "sync": sync_stats(&conn, account)?,
    })))
}

#[derive(Deserialize)]
struct AdminToday {
    date: String,
}

/// `POST /admin/points/today {date}` → `{now}`: moves the sandbox clock to noon (Japan time) of
/// a Japan date, forward or back, so tests and QA can stage a timeline on known dates.
async fn admin_set_today(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: AdminToday = json_body(&body)?;
    let date = parse_date(&req.date, "date")?;
    set_today(&state, date);
    Ok(Json(json!({ "now": state.clock.now().to_rfc3339() })))
}

fn set_today(state: &AppState, date: NaiveDate) {
    let noon_jst_in_utc = date.and_hms_opt(3, 0, 0).unwrap_or_default().and_utc();
    state
        .clock
        .advance((noon_jst_in_utc - state.clock.now()).num_seconds());
}

fn sync_stats(conn: &Connection, account_id: i64) -> ApiResult<PointSyncStats> {
    Ok(conn
        .query_row(
            "SELECT requests, entries_sent FROM point_sync_stats WHERE account_id = ?1",
            [account_id],
            |r| {
                Ok(PointSyncStats {
                    requests: r.get::<_, i64>(0)? as u64,
                    entries_sent: r.get::<_, i64>(1)? as u64,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

#[derive(Deserialize)]
struct PosPoints {
    /// An open till transaction (`/pos/scan`): the member it identified gets the points.
    #[serde(default)]
    transaction_id: Option<String>,
    /// Or a scanned member code, verified here without opening a transaction.
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    program: Option<String>,
    /// `earn` or `use`.
    kind: String,
    points: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A till that retries after a lost answer sends the same key: the points move once
    /// (`routes::idempotency`, scope `pos`). Without one, every delivery applies.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// `POST /pos/points {transaction_id | code (+ program?), kind, points, store?, text?}`: a
/// till awards (`earn`) or spends (`use`) points, today, for the member of an open till
/// transaction or of a scanned code. The member is identified by the point-of-sale
/// capability (`pos::transaction`, `pos::identify`); its errors pass through unchanged.
async fn pos_points(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let req: PosPoints = json_body(&body)?;
    let (account, member_id) = match (&req.transaction_id, &req.code) {
        (Some(id), None) => {
            let tx = super::pos::transaction(&state, id)?;
            if tx.status != super::pos::TxStatus::Open {
                return Err(ApiErr::new(
                    StatusCode::CONFLICT,
                    "transaction_closed",
                    format!("the till transaction is {}", tx.status.as_str()),
                ));
            }
            let member_id: String = state.db().query_row(
                "SELECT member_id FROM accounts WHERE id = ?1",
                [tx.account_id],
                |r| r.get(0),
            )?;
            (tx.account_id, member_id)
        }
        (None, Some(code)) => {
            let program = req.program.as_deref().map(program).transpose()?;
            let who = super::pos::identify(&state, program, code)?;
            (who.account_id, who.member_id)
        }
        _ => {
            return Err(ApiErr::bad_request(
                "give exactly one of transaction_id and code",
            ));
        }
    };
    let today = japan_today(&state);
    let store = req.store.as_deref().unwrap_or_default();
    let text = req.text.as_deref().unwrap_or_default();
    let request = json!({
        "endpoint": "pos_points",
        "account": account,
        "kind": req.kind,
        "points": req.points,
        "store": store,
        "text": text,
    })
    .to_string();
    let text = Some(text).filter(|t| !t.trim().is_empty());
    idempotency::run_optional(
        &state,
        idempotency::POS_SCOPE,
        req.idempotency_key.as_deref(),
        &request,
        |conn| {
            let entry = match req.kind.as_str() {
                "earn" => award_in(conn, today, account, req.points, today, Some(store), text)?,
                "use" => spend_in(conn, today, account, req.points, today, Some(store), text)?,
                other => {
                    return Err(ApiErr::bad_request(format!(
                        "kind must be earn or use, not {other}"
                    )));
                }
            };
            Ok(json!({ "member_id": member_id, "entry": entry }))
        },
    )
}

// ---------------------------------------------------------------------------------------------
// The crate's test API
// ---------------------------------------------------------------------------------------------

/// The whole ledger of one account, for tests that compare the app with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointLedger {
    pub balance: PointBalance,
    /// Newest first (date, then entry).
    pub entries: Vec<PointEntry>,
    pub sync: PointSyncStats,
}

/// Points controls for tests in Rust, the same as the `/admin/points/…` endpoints. Errors are
/// `"code: message"`.
pub struct PointsAdmin<'a> {
    pub(crate) state: &'a AppState,
}

fn admin_error(e: ApiErr) -> String {
    format!("{}: {}", e.code, e.message)
}

impl PointsAdmin<'_> {
    fn account(&self, program: &str, login_id: &str) -> Result<i64, String> {
        let conn = self.state.db();
        admin_target(&conn, program, login_id).map_err(admin_error)
    }

    /// Awards points on a Japan date (not after the sandbox's today).
    pub fn award(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
        store: &str,
        text: &str,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        award(self.state, account, points, date, store, text).map_err(admin_error)
    }

    /// Spends points on a Japan date, as a till would.
    pub fn spend(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
        store: &str,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        spend(self.state, account, points, date, store, "").map_err(admin_error)
    }

    /// An operator's adjustment (signed).
    pub fn adjust(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        let today = japan_today(self.state);
        let conn = self.state.db();
        adjust_in(&conn, today, account, points, date, None).map_err(admin_error)
    }

    /// The points part of an account merge ([`merge_points`]).
    pub fn merge(
        &self,
        program: &str,
        from_login_id: &str,
        into_login_id: &str,
        date: NaiveDate,
    ) -> Result<i64, String> {
        let from = self.account(program, from_login_id)?;
        let into = self.account(program, into_login_id)?;
        let conn = self.state.db();
        merge_points(&conn, from, into, date).map_err(admin_error)
    }

    /// A first e-money charge ([`note_emoney_charge`]).
    pub fn emoney_charge(
        &self,
        program: &str,
        login_id: &str,
        date: NaiveDate,
    ) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        let conn = self.state.db();
        note_emoney_charge(&conn, account, date).map_err(admin_error)
    }

    /// The account's balance, every entry and its sync counters (expiry brought up to today).
    pub fn ledger(&self, program: &str, login_id: &str) -> Result<PointLedger, String> {
        let account = self.account(program, login_id)?;
        let today = japan_today(self.state);
        let conn = self.state.db();
        atomic(&conn, |conn| {
            Ok(PointLedger {
                balance: balance_in(conn, account, today)?,
                entries: all_entries(conn, account)?,
                sync: sync_stats(conn, account)?,
            })
        })
        .map_err(admin_error)
    }

    /// Links or unlinks a `wester` account to the external member ID.
    pub fn link(&self, program: &str, login_id: &str, linked: bool) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        self.state
            .db()
            .execute(
                "UPDATE accounts SET external_id = ?2 WHERE id = ?1",
                (account, if linked { "linked" } else { "unlinked" }),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Sets how the member logs in (`square_member`, `web_id`, `email`, ...).
    pub fn set_login_kind(&self, program: &str, login_id: &str, kind: &str) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        self.state
            .db()
            .execute(
                "UPDATE accounts SET login_kind = ?2 WHERE id = ?1",
                (account, kind),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// The expiry the sandbox gives points earned on `earned` under `program`'s rule, with the
    /// accrual start `first_award` (ignored by the fiscal-year rule): the server's own
    /// computation, for tests that cross-check it with the core's.
    pub fn expiry(
        &self,
        program: &str,
        first_award: Option<NaiveDate>,
        earned: NaiveDate,
    ) -> Option<NaiveDate> {
        match rule_of(program) {
            Rule::FiscalYear => fiscal_expiry(earned),
            Rule::AccrualPeriod => accrual_expiry(first_award?, earned),
            // A rolling lot's date is the last activity's; `earned` stands for it here.
            Rule::Rolling(months) => add_months_clamped(earned, months),
            Rule::MonthsAfterAward(months) => months_after_award(earned, months),
            Rule::Never => NaiveDate::from_ymd_opt(9999, 12, 31),
        }
    }

    /// Moves the sandbox clock to noon (Japan time) of `date`.
    pub fn set_today(&self, date: NaiveDate) {
        set_today(self.state, date);
    }

    /// The sandbox clock's Japan date.
    pub fn today(&self) -> NaiveDate {
        japan_today(self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn fiscal_rule_examples() {
        assert_eq!(fiscal_expiry(d("2025-03-31")), Some(d("2026-03-31")));
        assert_eq!(fiscal_expiry(d("2025-04-01")), Some(d("2027-03-31")));
    }

    #[test]
    fn accrual_rule_worked_example() {
        let first = d("2020-09-10");
        for (earned, expires) in [
            ("2020-09-10", "2022-09-30"),
            ("2021-09-30", "2022-09-30"),
            ("2021-10-01", "2023-09-30"),
            ("2022-09-30", "2023-09-30"),
            ("2022-10-01", "2024-09-30"),
            ("2023-09-30", "2024-09-30"),
        ] {
            assert_eq!(
                accrual_expiry(first, d(earned)),
                Some(d(expires)),
                "{earned}"
            );
        }
        assert_eq!(accrual_expiry(first, d("2020-09-09")), None);
        assert_eq!(
            accrual_expiry(d("2020-12-15"), d("2022-01-01")),
            Some(d("2023-12-31"))
        );
    }

    fn conn_with_accounts() -> Connection {
        let conn = crate::db::open(None).expect("db");
        for (id, program, login) in [
            (1, "wester", "a@example.jp"),
            (2, "waon", "b@example.jp"),
            (3, "waon", "c@example.jp"),
        ] {
            conn.execute(
                "INSERT INTO accounts (id, program, member_id, login_id, password_hash, created_at, external_id)
                 VALUES (?1, ?2, ?3, ?4, 'x', 0, 'linked')",
                (id, program, format!("m{id}"), login),
            )
            .expect("account");
        }
        conn
    }

    fn balance_of(conn: &Connection, account: i64, today: &str) -> PointBalance {
        atomic(conn, |c| balance_in(c, account, d(today))).expect("balance")
    }

    #[test]
    fn spending_takes_the_earliest_expiring_points_first_and_expiry_writes_entries() {
        let conn = conn_with_accounts();
        let today = d("2026-06-01");
        award_in(&conn, today, 1, 100, d("2024-05-01"), Some("A"), None).expect("award");
        award_in(&conn, today, 1, 50, d("2025-05-01"), None, None).expect("award");
        spend_in(&conn, today, 1, 30, d("2025-06-01"), None, None).expect("spend");
        let b = balance_of(&conn, 1, "2026-03-31");
        assert_eq!(b.total, 120);
        assert_eq!(
            b.breakdown,
            vec![
                ExpiryBucket {
                    expires: "2026-03-31".into(),
                    points: 70
                },
                ExpiryBucket {
                    expires: "2027-03-31".into(),
                    points: 50
                },
            ]
        );
        let b = balance_of(&conn, 1, "2026-04-01");
        assert_eq!(b.total, 50);
        let entries = all_entries(&conn, 1).expect("entries");
        assert_eq!(entries[0].kind, "expire");
        assert_eq!(entries[0].date, "2026-04-01");
        assert_eq!(entries[0].points, -70);
        assert_eq!(entries.iter().map(|e| e.points).sum::<i64>(), 50);
        // The ledger now runs to 2026-04-01: an earlier date is refused.
        let e = award_in(&conn, today, 1, 5, d("2026-03-01"), None, None).expect_err("refused");
        assert_eq!(e.code, "date_before_ledger");
        let e = award_in(&conn, today, 1, 5, d("2026-06-02"), None, None).expect_err("refused");
        assert_eq!(e.code, "date_in_future");
        let e = spend_in(&conn, today, 1, 51, today, None, None).expect_err("refused");
        assert_eq!(e.code, "insufficient_points");
    }

    #[test]
    fn merge_rebases_held_points_on_the_merge_date_under_the_signed_in_start() {
        let conn = conn_with_accounts();
        let today = d("2026-06-01");
        // b: first award 2023-09-10 (start month October); c: first award 2024-04-02.
        award_in(&conn, today, 2, 10, d("2023-09-10"), None, None).expect("b");
        award_in(&conn, today, 3, 40, d("2024-04-02"), None, None).expect("c");
        award_in(&conn, today, 3, 5, d("2025-05-01"), None, None).expect("c");
        spend_in(&conn, today, 3, 5, d("2025-05-02"), None, None).expect("c spends");
        let moved = merge_points(&conn, 3, 2, d("2025-06-15")).expect("merge");
        assert_eq!(moved, 40);
        // b's periods: 2023-09-10..2024-09-30, 2024-10-01..2025-09-30 → expires 2026-09-30.
        let b = balance_of(&conn, 2, "2025-06-15");
        assert_eq!(b.first_award.as_deref(), Some("2023-09-10"));
        assert_eq!(
            b.breakdown,
            vec![
                ExpiryBucket {
                    expires: "2025-09-30".into(),
                    points: 10
                },
                ExpiryBucket {
                    expires: "2026-09-30".into(),
                    points: 40
                },
            ]
        );
        assert_eq!(balance_of(&conn, 3, "2025-06-15").total, 0);
        let c_entries = all_entries(&conn, 3).expect("entries");
        assert_eq!(
            (c_entries[0].kind.as_str(), c_entries[0].points),
            ("merge", -40)
        );
        // Nothing left to move: no entries.
        assert_eq!(
            merge_points(&conn, 3, 2, d("2025-06-15")).expect("again"),
            0
        );
        assert_eq!(
            all_entries(&conn, 3).expect("entries").len(),
            c_entries.len()
        );
        assert!(merge_points(&conn, 2, 2, d("2025-06-15")).is_err());
    }

    #[test]
    fn merge_into_an_account_never_awarded_starts_its_accrual_on_the_merge_date() {
        let conn = conn_with_accounts();
        let today = d("2026-06-01");
        award_in(&conn, today, 3, 40, d("2024-04-02"), None, None).expect("c");
        assert_eq!(
            merge_points(&conn, 3, 2, d("2025-06-15")).expect("merge"),
            40
        );
        let b = balance_of(&conn, 2, "2025-06-15");
        assert_eq!(b.first_award.as_deref(), Some("2025-06-15"));
        assert_eq!(b.breakdown[0].expires, "2027-06-30");
    }

    #[test]
    fn a_failed_operation_leaves_no_trace() {
        let conn = conn_with_accounts();
        let today = d("2026-06-01");
        award_in(&conn, today, 2, 10, d("2026-01-01"), None, None).expect("award");
        let before = all_entries(&conn, 2).expect("entries");
        assert!(spend_in(&conn, today, 2, 11, today, None, None).is_err());
        assert_eq!(all_entries(&conn, 2).expect("entries"), before);
        assert_eq!(held(&conn, 2).expect("held"), 10);
    }

    #[test]
    fn emoney_charge_starts_the_accrual_period_only_once() {
        let conn = conn_with_accounts();
        let today = d("2026-06-01");
        note_emoney_charge(&conn, 2, d("2025-01-20")).expect("charge");
        note_emoney_charge(&conn, 2, d("2025-03-20")).expect("charge");
        award_in(&conn, today, 2, 10, d("2025-04-01"), None, None).expect("award");
        let b = balance_of(&conn, 2, "2025-04-01");
        assert_eq!(b.first_award.as_deref(), Some("2025-01-20"));
        assert_eq!(b.breakdown[0].expires, "2027-01-31");
    }
}
