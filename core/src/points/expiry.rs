//! Point expiry rules (SPEC §5.1, §5.2) as pure functions on Japan calendar dates.
//!
//! Every rule here works on [`NaiveDate`]s that are *Japan* dates: the programs count days in
//! Japan Standard Time (UTC+9, no daylight saving time), so an award at 2025-03-31T15:30Z
//! belongs to 1 April 2025 and hence to the next fiscal year. Convert instants with
//! [`japan_date`] (or [`japan_today`]) before calling anything else.
//!
//! An expiry date is the *last day on which the points are still valid* (SPEC: "valid to
//! 2026-03-31"); they are gone from the next day on.
//!
//! - [`fiscal_year_expiry`]: `wester`, points are valid until 31 March of the fiscal year
//!   after the one (April to March) in which they were earned.
//! - [`accrual_period_expiry`], [`accrual_period`], [`start_month`]: `waon`, points are grouped
//!   into yearly accrual periods counted from the first award, and expire at the end of the
//!   same month one year after their period's last month.
//! - [`merged_points_expiry`], [`merged_first_award`]: the account-merge rule of §4.5/§5.2.
//! - [`expiry_for`]: picks the rule from a profile's [`ExpiryRule`].
//! - [`days_until`], [`expiring_within`]: the "expiring within 30 days" figure of §5.3.
//!
//! The functions stay on `chrono` types; chrono types cannot cross UniFFI, so what may cross
//! it ([`ExpiryError`], [`YearMonth`]) carries ISO strings or plain numbers instead, and
//! [`parse_date`] reads the strict `YYYY-MM-DD` form that the FFI and QA layers exchange.

use std::cmp::max;
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use crate::clock::Clock;
use crate::profile::ExpiryRule;

/// Japan Standard Time's offset from UTC. Japan has had no daylight saving time since 1951,
/// so one fixed offset is right for every date the programs can see.
const JST_OFFSET_HOURS: i64 = 9;

/// Why an expiry date could not be given.
///
/// Dates are carried as ISO `YYYY-MM-DD` strings so that the error can cross UniFFI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum ExpiryError {
    /// Under the accrual-period rule points cannot be earned before the account's first
    /// award: the first award *is* the earliest award by definition, so such input is
    /// inconsistent data, not a date to guess an expiry for.
    #[error("points earned on {earned} cannot precede the first award on {first_award}")]
    EarnedBeforeFirstAward { first_award: String, earned: String },
    /// The accrual-period rule was asked for without the date of the account's first award
    /// (or, for e-money, its first charge), which the rule cannot do without.
    #[error("the accrual-period rule needs the date of the first award")]
    MissingFirstAward,
    /// Text that is not a calendar date in the strict form `YYYY-MM-DD` (e.g. `2023-02-30`).
    #[error("`{text}` is not a calendar date of the form YYYY-MM-DD")]
    InvalidDate { text: String },
    /// The rule counts months (`rolling`, `months_after_award`) and no month count was
    /// given; a loaded profile always has one (`points.expiry_months`).
    #[error("the expiry rule counts months but no month count was given")]
    MissingMonths,
    /// The rule needs a date that was not given (`earned`, `last_activity`).
    #[error("the expiry rule needs the date `{field}`")]
    MissingDate { field: String },
    /// Under the `server_dated` rule each lot's expiry comes from the server: there is
    /// nothing to compute on the phone.
    #[error("under this program's rule the server dates each lot's expiry")]
    ServerDated,
    /// Under the `never` rule points do not expire, so there is no date to give.
    #[error("under this program's rule points never expire")]
    NeverExpires,
    /// The date would fall outside what `chrono` can represent (about ±262,000 years). Only
    /// absurd input gets here; it is an error rather than a panic or a wrong date.
    #[error("the expiry of points earned on {earned} is beyond the last representable date")]
    OutOfRange { earned: String },
}

/// A calendar month of a given year, e.g. the accrual start month `2020-10`.
///
/// Plain numbers, so that it can cross UniFFI. `month` is 1 to 12. Ordered by year, then
/// month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct YearMonth {
    pub year: i32,
    /// 1 (January) to 12 (December).
    pub month: u32,
}

impl YearMonth {
    /// The month that `date` lies in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The 1st of the month, or `None` beyond chrono's range (or for a month outside 1..=12).
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The last day of the month (28th to 31st), or `None` beyond chrono's range.
    pub fn last_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, days_in_month(self.year, self.month)?)
    }

    /// The month `n` months later (earlier for negative `n`), e.g. `2020-12` + 1 = `2021-01`.
    pub fn add_months(self, n: i64) -> Self {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        // Out-of-range years are caught by `first_day`/`last_day`; saturating here only keeps
        // the arithmetic itself from wrapping.
        let year = i32::try_from(index.div_euclid(12)).unwrap_or(if index < 0 {
            i32::MIN
        } else {
            i32::MAX
        });
        // rem_euclid(12) is 0..=11, so the cast is lossless.
        let month = index.rem_euclid(12) as u32 + 1;
        Self { year, month }
    }
}

impl fmt::Display for YearMonth {
    /// `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Days in a month of the proleptic Gregorian calendar, or `None` for a month outside 1..=12.
fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if leap { 29 } else { 28 }),
        _ => None,
    }
}

/// The Japan (JST) calendar date of an instant.
///
/// Awards are stamped by servers in UTC but the programs' rules count Japan days: an award at
/// 2025-03-31T15:30Z is on 2025-04-01 in Japan. At the very last representable instant, whose
/// Japan date would not exist, the last representable date is returned.
pub fn japan_date(instant: DateTime<Utc>) -> NaiveDate {
    instant
        .naive_utc()
        .checked_add_signed(TimeDelta::hours(JST_OFFSET_HOURS))
        .map_or(NaiveDate::MAX, |local| local.date())
}

/// Today's Japan date by the injected clock (see [`japan_date`]).
pub fn japan_today(clock: &dyn Clock) -> NaiveDate {
    japan_date(clock.now())
}

/// Reads a date in the strict form `YYYY-MM-DD` (four-digit year, two-digit month and day).
///
/// Stricter than chrono's `%Y-%m-%d`, which also takes `2023-2-3` or `+2023-02-03`: the FFI
/// and QA contracts name one form only, so any other spelling is an error rather than a guess.
/// Non-dates such as `2023-02-30` or `2023-02-29` are [`ExpiryError::InvalidDate`].
pub fn parse_date(text: &str) -> Result<NaiveDate, ExpiryError> {
    let invalid = || ExpiryError::InvalidDate {
        text: text.to_owned(),
    };
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(invalid());
    }
    // The shape check makes every slice ASCII digits, so these parses cannot fail.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| invalid());
    let year = i32::try_from(number(0..4)?).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or_else(invalid)
}

// ---------------------------------------------------------------------------------------------
// §5.1 Fiscal-year rule (`wester`)
// ---------------------------------------------------------------------------------------------

/// The Japanese fiscal year (April to March) that a date lies in, named by the calendar year
/// in which it starts: 2025-03-31 is in fiscal 2024, 2025-04-01 in fiscal 2025.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// SPEC §5.1: points are valid until 31 March of the fiscal year after the fiscal year in
/// which they were earned. Earned 2025-03-31 → 2026-03-31; earned 2025-04-01 → 2027-03-31.
///
/// `earned` is a Japan date (see [`japan_date`]). For absurd dates whose expiry would lie
/// beyond chrono's range this saturates at [`NaiveDate::MAX`]; [`expiry_for`] reports
/// [`ExpiryError::OutOfRange`] instead.
pub fn fiscal_year_expiry(earned: NaiveDate) -> NaiveDate {
    try_fiscal_year_expiry(earned).unwrap_or(NaiveDate::MAX)
}

fn try_fiscal_year_expiry(earned: NaiveDate) -> Option<NaiveDate> {
    // Fiscal year FY ends 31 March FY+1; the next one ends 31 March FY+2.
    NaiveDate::from_ymd_opt(fiscal_year(earned).checked_add(2)?, 3, 31)
}

// ---------------------------------------------------------------------------------------------
// §5.2 Accrual-period rule (`waon`)
// ---------------------------------------------------------------------------------------------

/// One accrual period of the accrual-period rule: every point earned from `start` to `end`
/// (both inclusive) expires at the end of `expires`'s day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccrualPeriod {
    /// The first day: the first award date for the first period, else the 1st of the start
    /// month.
    pub start: NaiveDate,
    /// The last day: the end of the first award's calendar month, one or more years later.
    pub end: NaiveDate,
    /// The last day on which the period's points are valid: the end of the same month one
    /// year after the period's last month.
    pub expires: NaiveDate,
}

impl AccrualPeriod {
    /// Whether `date` lies in this period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// SPEC §5.2: the accrual start month, the month after the first award (for e-money, after
/// the first charge). First award 2020-09-10 → `2020-10`; first award 2020-12-15 → `2021-01`.
///
/// Returned with its year, the first occurrence after the award. Note that the first accrual
/// period runs *past* this month (to the end of the award month a year later); the start month
/// begins the second and every later period (the second one in `year + 1`).
pub fn start_month(first_award: NaiveDate) -> YearMonth {
    YearMonth::of(first_award).add_months(1)
}

/// SPEC §5.2: the accrual period that contains `date`, for an account whose first award (or
/// first e-money charge) was on `first_award`.
///
/// The first period runs from `first_award` to the end of the same month one year later (so
/// it spans 12 to 13 calendar months); every later period runs a year from the 1st of the start
/// month. With first award 2020-09-10: 2020-09-10..2021-09-30, 2021-10-01..2022-09-30, ...
///
/// Errors: `date` before `first_award` ([`ExpiryError::EarnedBeforeFirstAward`]); a period
/// beyond chrono's range ([`ExpiryError::OutOfRange`]).
pub fn accrual_period(
    first_award: NaiveDate,
    date: NaiveDate,
) -> Result<AccrualPeriod, ExpiryError> {
    if date < first_award {
        return Err(ExpiryError::EarnedBeforeFirstAward {
            first_award: first_award.to_string(),
            earned: date.to_string(),
        });
    }
    let out_of_range = || ExpiryError::OutOfRange {
        earned: date.to_string(),
    };
    let award_month = YearMonth::of(first_award);
    let first_period_last = award_month.add_months(12);
    // Every period ends in the award's calendar month. The period holding `date` ends in the
    // first such month at or after `date`'s month, but never before the first period's end.
    let date_month = YearMonth::of(date);
    let months_ahead = (i64::from(award_month.month) - i64::from(date_month.month)).rem_euclid(12);
    let last_month = max(first_period_last, date_month.add_months(months_ahead));
    let start = if last_month == first_period_last {
        first_award
    } else {
        last_month
            .add_months(-11)
            .first_day()
            .ok_or_else(out_of_range)?
    };
    Ok(AccrualPeriod {
        start,
        end: last_month.last_day().ok_or_else(out_of_range)?,
        expires: last_month
            .add_months(12)
            .last_day()
            .ok_or_else(out_of_range)?,
    })
}

/// SPEC §5.2: the last day on which points earned on `earned` are valid, for an account whose
/// first award (or first e-money charge) was on `first_award`: the end of the same month one
/// year after the last month of `earned`'s accrual period (see [`accrual_period`]).
///
/// First award 2020-09-10: earned 2020-09-10..2021-09-30 → 2022-09-30; 2021-10-01..2022-09-30
/// → 2023-09-30; 2022-10-01..2023-09-30 → 2024-09-30.
pub fn accrual_period_expiry(
    first_award: NaiveDate,
    earned: NaiveDate,
) -> Result<NaiveDate, ExpiryError> {
    accrual_period(first_award, earned).map(|period| period.expires)
}

/// SPEC §4.5, §5.2: the first award that governs an account after a merge.
///
/// The signed-in account's start month wins, so its first award stays. Where the signed-in
/// account has never been awarded points (the spec is silent on this case) it has no start
/// month to keep; the merged card's held points, which count as awarded on the merge date,
/// are then its first award, and `merge_date` is returned.
pub fn merged_first_award(
    signed_in_first_award: Option<NaiveDate>,
    merge_date: NaiveDate,
) -> NaiveDate {
    signed_in_first_award.unwrap_or(merge_date)
}

/// SPEC §4.5, §5.2: the new expiry of the points held on a card merged into the signed-in
/// account. They count as awarded on `merge_date` under the signed-in account's first award
/// (its start month wins), so this is [`accrual_period_expiry`] of the merge date; the merged
/// card's own first award and the points' original dates play no part.
///
/// `signed_in_first_award` is `None` for an account never awarded points; see
/// [`merged_first_award`] for that choice. A merge date before the signed-in account's first
/// award is [`ExpiryError::EarnedBeforeFirstAward`].
pub fn merged_points_expiry(
    signed_in_first_award: Option<NaiveDate>,
    merge_date: NaiveDate,
) -> Result<NaiveDate, ExpiryError> {
    accrual_period_expiry(
        merged_first_award(signed_in_first_award, merge_date),
        merge_date,
    )
}

// ---------------------------------------------------------------------------------------------
// By profile, and the "expiring soon" figure
// ---------------------------------------------------------------------------------------------

/// The expiry of points earned on `earned` under a profile's rule (`profile.points.expiry`).
///
/// `first_award` is required by [`ExpiryRule::AccrualPeriod`] ([`ExpiryError::MissingFirstAward`]
/// without it) and ignored by [`ExpiryRule::FiscalYear`], whose dates do not depend on it.
/// The rules of SPEC §9 need more than a rule name (a month count, the last activity) or give
/// no date: use [`expiry_by_rules`] with the profile's [`crate::profile::PointRules`] for them.
pub fn expiry_for(
    rule: ExpiryRule,
    first_award: Option<NaiveDate>,
    earned: NaiveDate,
) -> Result<NaiveDate, ExpiryError> {
    match rule {
        ExpiryRule::FiscalYear => {
            try_fiscal_year_expiry(earned).ok_or_else(|| ExpiryError::OutOfRange {
                earned: earned.to_string(),
            })
        }
        ExpiryRule::AccrualPeriod => {
            accrual_period_expiry(first_award.ok_or(ExpiryError::MissingFirstAward)?, earned)
        }
        ExpiryRule::Rolling | ExpiryRule::MonthsAfterAward => Err(ExpiryError::MissingMonths),
        ExpiryRule::ServerDated => Err(ExpiryError::ServerDated),
        ExpiryRule::Never => Err(ExpiryError::NeverExpires),
    }
}

/// Whole days from `today` to `expires`: 0 on the last valid day, negative once expired.
pub fn days_until(today: NaiveDate, expires: NaiveDate) -> i64 {
    expires.signed_duration_since(today).num_days()
}

/// Whether points valid to `expires` are still valid `today` and expire within `days` days
/// (SPEC §5.3, reference 30 from `profile.points.expiring_soon_days`): `0 <= days_until <=
/// days`.
///
/// Both ends are inclusive: points whose last day is today are "expiring", and so are points
/// whose last day is exactly `days` days away. Points already expired are not: they are no
/// longer part of the balance.
pub fn expiring_within(today: NaiveDate, expires: NaiveDate, days: u32) -> bool {
    (0..=i64::from(days)).contains(&days_until(today, expires))
}

mod months;

pub use months::{
    ExpiryFacts, add_months_clamped, end_of_japan_day, expiry_by_rules, months_after_award_expiry,
    rolling_expiry,
};

#[cfg(test)]
mod tests;
