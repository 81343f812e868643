//! The month-counting expiry rules of SPEC §9 (`rolling`, `months_after_award`), and
//! [`expiry_by_rules`], which dates points under any rule a profile can name.
//!
//! "A day" is a Japan (JST, UTC+9) calendar day here as everywhere in the expiry rules: the
//! last activity at 2024-03-31T15:00Z is on 1 April in Japan. An expiry date is the last day
//! on which the points are valid; they are gone at [`end_of_japan_day`] of it.

use chrono::{DateTime, Months, NaiveDate, TimeDelta, Utc};

use super::{ExpiryError, JST_OFFSET_HOURS, YearMonth, accrual_period_expiry, expiry_for};
use crate::profile::{ExpiryRule, PointRules};

/// `date` moved `months` months on, on the same day of the month, or on the month's last day
/// when that month is shorter: 2024-01-31 + 1 = 2024-02-29, 2023-01-31 + 1 = 2023-02-28,
/// 2024-02-29 + 12 = 2025-02-28. `None` beyond the representable calendar.
pub fn add_months_clamped(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    // chrono clamps the day to the target month's length, which is exactly the rule.
    date.checked_add_months(Months::new(months))
}

/// SPEC §9 `rolling`: every point expires together, `months` months after the member's last
/// earn or use (a Japan date), at the end of that day; on the month's last day when the month
/// is shorter. Each earn or use moves the date on: callers pass the latest one.
pub fn rolling_expiry(last_activity: NaiveDate, months: u32) -> Result<NaiveDate, ExpiryError> {
    add_months_clamped(last_activity, months).ok_or_else(|| ExpiryError::OutOfRange {
        earned: last_activity.to_string(),
    })
}

/// SPEC §9 `months_after_award`: each lot expires at the end of the `months`-th month after
/// its award month. Awarded 2024-05-10 with 12 months: valid to 2025-05-31; with 1 month, to
/// 2024-06-30; awarded 2024-01-31 with 1 month, to 2024-02-29.
pub fn months_after_award_expiry(earned: NaiveDate, months: u32) -> Result<NaiveDate, ExpiryError> {
    YearMonth::of(earned)
        .add_months(i64::from(months))
        .last_day()
        .ok_or_else(|| ExpiryError::OutOfRange {
            earned: earned.to_string(),
        })
}

/// The instant the points valid to `expires` are gone: the next Japan midnight, as UTC
/// (`2025-02-28` → `2025-02-28T15:00:00Z`). `None` beyond the representable calendar.
pub fn end_of_japan_day(expires: NaiveDate) -> Option<DateTime<Utc>> {
    let next_midnight = expires.succ_opt()?.and_hms_opt(0, 0, 0)?;
    Some(
        next_midnight
            .checked_sub_signed(TimeDelta::hours(JST_OFFSET_HOURS))?
            .and_utc(),
    )
}

/// The dates a rule may need; which ones it needs depends on the rule (see
/// [`expiry_by_rules`]). All are Japan dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryFacts {
    /// The day the points were earned (every per-lot rule).
    pub earned: Option<NaiveDate>,
    /// The account's first award (or first e-money charge): `accrual_period`.
    pub first_award: Option<NaiveDate>,
    /// The member's last earn or use: `rolling`.
    pub last_activity: Option<NaiveDate>,
}

/// The last valid day of points under a profile's rules, `Ok(None)` when they never expire.
///
/// What each rule reads: `fiscal_year` and `months_after_award` the `earned` date;
/// `accrual_period` `first_award` and `earned`; `rolling` `last_activity` (one date for the
/// whole balance). `server_dated` is [`ExpiryError::ServerDated`]: the server sends each lot's
/// date. A date the rule needs and did not get is [`ExpiryError::MissingDate`] (or
/// [`ExpiryError::MissingFirstAward`]); dates a rule does not read are ignored.
pub fn expiry_by_rules(
    rules: &PointRules,
    facts: &ExpiryFacts,
) -> Result<Option<NaiveDate>, ExpiryError> {
    let need = |date: Option<NaiveDate>, field: &str| {
        date.ok_or_else(|| ExpiryError::MissingDate {
            field: field.to_owned(),
        })
    };
    let months = || rules.expiry_months.ok_or(ExpiryError::MissingMonths);
    match rules.expiry {
        ExpiryRule::FiscalYear => {
            expiry_for(ExpiryRule::FiscalYear, None, need(facts.earned, "earned")?).map(Some)
        }
        ExpiryRule::AccrualPeriod => accrual_period_expiry(
            facts.first_award.ok_or(ExpiryError::MissingFirstAward)?,
            need(facts.earned, "earned")?,
        )
        .map(Some),
        ExpiryRule::Rolling => {
            rolling_expiry(need(facts.last_activity, "last_activity")?, months()?).map(Some)
        }
        ExpiryRule::MonthsAfterAward => {
            months_after_award_expiry(need(facts.earned, "earned")?, months()?).map(Some)
        }
        ExpiryRule::ServerDated => Err(ExpiryError::ServerDated),
        ExpiryRule::Never => Ok(None),
    }
}

#[cfg(test)]
mod tests;
