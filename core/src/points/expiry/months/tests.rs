//! Exhaustive tests of the month-counting rules against day-by-day oracles that share no code
//! with the rules: every day of 2023 to 2025 (a leap year between two common ones, so every
//! month end and 29 February is met) for month counts 0 to 25 and a few longer ones.

use super::*;
use crate::points::expiry::{japan_date, parse_date};
use chrono::Datelike;

fn d(text: &str) -> NaiveDate {
    parse_date(text).expect("test date")
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test instant")
        .to_utc()
}

fn rules(expiry: ExpiryRule, months: Option<u32>) -> PointRules {
    PointRules {
        expiry,
        expiry_months: months,
        expiring_soon_days: 30,
    }
}

/// The last day of `date`'s month, by stepping day by day.
fn oracle_month_end(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while let Some(next) = day.succ_opt() {
        if next.month() != day.month() {
            break;
        }
        day = next;
    }
    day
}

/// The 1st of the month `n` months after `date`'s month, by stepping over month ends.
fn oracle_first_of_month_after(date: NaiveDate, n: u32) -> NaiveDate {
    let mut first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("1st");
    for _ in 0..n {
        first = oracle_month_end(first).succ_opt().expect("next month");
    }
    first
}

/// Same day `n` months on, or that month's last day: walk to the target month's 1st, then
/// step forward while the day of the month is below the wanted one and the month goes on.
fn oracle_rolling(date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = oracle_first_of_month_after(date, n);
    while day.day() < date.day() {
        match day.succ_opt() {
            Some(next) if next.month() == day.month() => day = next,
            _ => break,
        }
    }
    day
}

fn every_day(from: &str, to: &str) -> impl Iterator<Item = NaiveDate> {
    let (from, to) = (d(from), d(to));
    from.iter_days().take_while(move |day| *day <= to)
}

const MONTH_COUNTS: &[u32] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    36, 48, 60, 120,
];

#[test]
fn rolling_matches_the_oracle_for_every_day_of_three_years() {
    for day in every_day("2023-01-01", "2025-12-31") {
        for &n in MONTH_COUNTS {
            assert_eq!(
                rolling_expiry(day, n),
                Ok(oracle_rolling(day, n)),
                "{day} + {n}"
            );
        }
    }
}

#[test]
fn months_after_award_matches_the_oracle_for_every_day_of_three_years() {
    for day in every_day("2023-01-01", "2025-12-31") {
        for &n in MONTH_COUNTS {
            let oracle = oracle_month_end(oracle_first_of_month_after(day, n));
            assert_eq!(months_after_award_expiry(day, n), Ok(oracle), "{day} + {n}");
        }
    }
}

#[test]
fn rolling_clamps_to_shorter_month_ends_and_knows_leap_years() {
    for (last, months, expires) in [
        ("2024-01-31", 1, "2024-02-29"), // leap February
        ("2023-01-31", 1, "2023-02-28"), // common February
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2099-02-28", 12, "2100-02-28"), // 2100 is not a leap year
        ("2099-01-29", 13, "2100-02-28"),
        ("1999-02-28", 12, "2000-02-28"),
        ("1999-01-29", 13, "2000-02-29"), // 2000 is one
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-08-31", 1, "2024-09-30"),
        ("2024-10-31", 1, "2024-11-30"),
        ("2024-05-31", 12, "2025-05-31"),
        ("2024-12-31", 2, "2025-02-28"),
        ("2024-12-15", 1, "2025-01-15"), // year change
        ("2024-06-30", 1, "2024-07-30"), // a longer month keeps the day, it does not go to 31
        ("2024-02-29", 1, "2024-03-29"),
    ] {
        assert_eq!(
            rolling_expiry(d(last), months),
            Ok(d(expires)),
            "{last} + {months}"
        );
    }
}

#[test]
fn months_after_award_ends_at_month_ends() {
    for (earned, months, expires) in [
        ("2024-05-10", 12, "2025-05-31"),
        ("2024-05-10", 1, "2024-06-30"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-01", 1, "2023-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2023-02-28", 12, "2024-02-29"),
        ("2024-12-01", 1, "2025-01-31"),
        ("2024-11-30", 14, "2026-01-31"),
        ("2024-07-15", 0, "2024-07-31"),
    ] {
        assert_eq!(
            months_after_award_expiry(d(earned), months),
            Ok(d(expires)),
            "{earned} + {months}"
        );
    }
}

#[test]
fn japan_day_boundaries_decide_which_day_counts() {
    // 2024-03-31T14:59:59Z is still 31 March in Japan (23:59:59 JST); a second later it is
    // 1 April, and a month on from each is a different day.
    let before = japan_date(utc("2024-03-31T14:59:59Z"));
    let after = japan_date(utc("2024-03-31T15:00:00Z"));
    assert_eq!((before, after), (d("2024-03-31"), d("2024-04-01")));
    assert_eq!(rolling_expiry(before, 1), Ok(d("2024-04-30")));
    assert_eq!(rolling_expiry(after, 1), Ok(d("2024-05-01")));
    assert_eq!(months_after_award_expiry(before, 1), Ok(d("2024-04-30")));
    assert_eq!(months_after_award_expiry(after, 1), Ok(d("2024-05-31")));
    // A UTC date of 28 February that is 29 February in Japan.
    let leap = japan_date(utc("2024-02-28T15:30:00Z"));
    assert_eq!(leap, d("2024-02-29"));
    assert_eq!(rolling_expiry(leap, 12), Ok(d("2025-02-28")));
}

#[test]
fn points_are_gone_at_the_next_japan_midnight() {
    assert_eq!(
        end_of_japan_day(d("2025-02-28")),
        Some(utc("2025-02-28T15:00:00Z"))
    );
    assert_eq!(
        end_of_japan_day(d("2024-12-31")),
        Some(utc("2024-12-31T15:00:00Z"))
    );
    // Every day of a leap year: the end is 15:00Z that day, and one second before it the
    // Japan date is still the expiry date.
    for day in every_day("2024-01-01", "2024-12-31") {
        let end = end_of_japan_day(day).expect("end");
        assert_eq!(japan_date(end - TimeDelta::seconds(1)), day);
        assert_eq!(japan_date(end), day.succ_opt().expect("next"));
    }
    assert_eq!(end_of_japan_day(NaiveDate::MAX), None);
}

#[test]
fn dates_beyond_the_calendar_are_errors_not_panics() {
    assert!(matches!(
        rolling_expiry(NaiveDate::MAX, 1),
        Err(ExpiryError::OutOfRange { .. })
    ));
    assert!(matches!(
        months_after_award_expiry(NaiveDate::MAX, 1),
        Err(ExpiryError::OutOfRange { .. })
    ));
    assert!(matches!(
        rolling_expiry(NaiveDate::MIN, u32::MAX),
        Err(ExpiryError::OutOfRange { .. })
    ));
}

#[test]
fn expiry_by_rules_reads_what_each_rule_needs() {
    let earned = Some(d("2025-04-01"));
    let facts = ExpiryFacts {
        earned,
        first_award: Some(d("2020-09-10")),
        last_activity: Some(d("2025-06-15")),
    };
    let cases = [
        (rules(ExpiryRule::FiscalYear, None), Some(d("2027-03-31"))),
        (
            rules(ExpiryRule::AccrualPeriod, None),
            Some(d("2026-09-30")),
        ),
        (rules(ExpiryRule::Rolling, Some(12)), Some(d("2026-06-15"))),
        (
            rules(ExpiryRule::MonthsAfterAward, Some(6)),
            Some(d("2025-10-31")),
        ),
        (rules(ExpiryRule::Never, None), None),
    ];
    for (rules, expected) in cases {
        assert_eq!(expiry_by_rules(&rules, &facts), Ok(expected), "{rules:?}");
    }
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::ServerDated, None), &facts),
        Err(ExpiryError::ServerDated)
    );
}

#[test]
fn expiry_by_rules_names_the_missing_date() {
    let none = ExpiryFacts::default();
    let missing = |field: &str| {
        Err(ExpiryError::MissingDate {
            field: field.to_owned(),
        })
    };
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::FiscalYear, None), &none),
        missing("earned")
    );
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::MonthsAfterAward, Some(3)), &none),
        missing("earned")
    );
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::Rolling, Some(3)), &none),
        missing("last_activity")
    );
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::AccrualPeriod, None), &none),
        Err(ExpiryError::MissingFirstAward)
    );
    // The last earn date is not the last activity: rolling does not guess from `earned`.
    let earned_only = ExpiryFacts {
        earned: Some(d("2025-01-01")),
        ..ExpiryFacts::default()
    };
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::Rolling, Some(3)), &earned_only),
        missing("last_activity")
    );
    // Never needs nothing.
    assert_eq!(
        expiry_by_rules(&rules(ExpiryRule::Never, None), &none),
        Ok(None)
    );
}

#[test]
fn a_month_rule_without_months_is_an_error() {
    let facts = ExpiryFacts {
        earned: Some(d("2025-01-01")),
        last_activity: Some(d("2025-01-01")),
        ..ExpiryFacts::default()
    };
    for rule in [ExpiryRule::Rolling, ExpiryRule::MonthsAfterAward] {
        assert_eq!(
            expiry_by_rules(&rules(rule, None), &facts),
            Err(ExpiryError::MissingMonths)
        );
        assert_eq!(
            expiry_for(rule, None, d("2025-01-01")),
            Err(ExpiryError::MissingMonths)
        );
    }
    assert_eq!(
        expiry_for(ExpiryRule::Never, None, d("2025-01-01")),
        Err(ExpiryError::NeverExpires)
    );
    assert_eq!(
        expiry_for(ExpiryRule::ServerDated, None, d("2025-01-01")),
        Err(ExpiryError::ServerDated)
    );
}
