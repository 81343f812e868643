//! Program rules as the server knows them: expiry rules, limits, page sizes.

use super::*;

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

/// The expiry rule of `program`; an unknown program is 404 `unknown_program`, never another
/// program's rule.
pub(crate) fn rule_of(program: &str) -> ApiResult<Rule> {
    match program {
        "wester" => Ok(Rule::FiscalYear),
        "waon" => Ok(Rule::AccrualPeriod),
        other => crate::programs::find(other)
            .map(|p| p.expiry)
            .ok_or_else(|| unknown_program(other)),
    }
}

/// Programs whose members need a linked external member ID to use points (SPEC §2.4).
pub(super) fn needs_link_to_use(program: &str) -> bool {
    program == "wester"
}

/// Programs with family sharing (SPEC §5.4).
pub(super) fn has_family(program: &str) -> bool {
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
pub(super) fn roll(conn: &Connection, account_id: i64, date: NaiveDate) -> ApiResult<()> {
    if let Rule::Rolling(months) = rule_of(&program_of(conn, account_id)?)? {
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
pub(super) const MAX_POINTS: i64 = 100_000_000;

/// History and sync page sizes.
pub(super) const DEFAULT_PAGE: i64 = 20;
pub(super) const MAX_HISTORY_PAGE: i64 = 200;
pub(super) const DEFAULT_SYNC_PAGE: i64 = 1000;
pub(super) const MAX_SYNC_PAGE: i64 = 5000;

// ---------------------------------------------------------------------------------------------
// Expiry rules, the server's own
// ---------------------------------------------------------------------------------------------

pub(super) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
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
