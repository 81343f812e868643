//! Tests of the expiry rules: the spec's worked examples, calendar edges, and a brute-force
//! cross-check against independent, deliberately naive implementations (day-by-day stepping,
//! periods walked forward one at a time) that share no code with the module.

use super::*;
use chrono::{Months, Timelike};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test instant")
        .to_utc()
}

fn accrual(first_award: &str, earned: &str) -> NaiveDate {
    accrual_period_expiry(d(first_award), d(earned)).expect("accrual expiry")
}

fn period(first_award: &str, date: &str) -> (NaiveDate, NaiveDate, NaiveDate) {
    let p = accrual_period(d(first_award), d(date)).expect("accrual period");
    (p.start, p.end, p.expires)
}

// --- Independent oracles ------------------------------------------------------------------------

/// The last day of `date`'s month, found by stepping day by day.
fn naive_month_end(date: NaiveDate) -> NaiveDate {
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
fn naive_first_of_month_after(date: NaiveDate, n: u32) -> NaiveDate {
    let mut first = date.with_day(1).expect("1st");
    for _ in 0..n {
        first = naive_month_end(first).succ_opt().expect("next month");
    }
    first
}

/// Walks accrual periods forward from the first award, exactly as the source describes them.
struct NaivePeriods {
    start: NaiveDate,
    end: NaiveDate,
    /// The end of the same month one year after the period's last month (kept, not
    /// recomputed: the day-by-day stepping is slow in debug builds).
    expires: NaiveDate,
}

impl NaivePeriods {
    fn new(first_award: NaiveDate) -> Self {
        // First period: first award to the end of the same month one year later.
        let end = naive_month_end(naive_first_of_month_after(first_award, 12));
        Self {
            start: first_award,
            end,
            expires: Self::expiry_of(end),
        }
    }

    /// Moves on to the next period: one year from the 1st of the start month.
    fn advance(&mut self) {
        self.start = self.end.succ_opt().expect("next start");
        self.end = naive_month_end(naive_first_of_month_after(self.start, 11));
        self.expires = Self::expiry_of(self.end);
    }

    fn expiry_of(end: NaiveDate) -> NaiveDate {
        naive_month_end(naive_first_of_month_after(end, 12))
    }
}

fn is_month_end(date: NaiveDate) -> bool {
    date.succ_opt().is_some_and(|next| next.day() == 1)
}

fn plus_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n))
        .expect("plus months")
}

// --- SPEC examples --------------------------------------------------------------------------

#[test]
fn spec_5_1_examples() {
    assert_eq!(fiscal_year_expiry(d("2025-03-31")), d("2026-03-31"));
    assert_eq!(fiscal_year_expiry(d("2025-04-01")), d("2027-03-31"));
    assert_eq!(fiscal_year(d("2025-03-31")), 2024);
    assert_eq!(fiscal_year(d("2025-04-01")), 2025);
}

#[test]
fn spec_5_2_worked_example() {
    let first = "2020-09-10";
    assert_eq!(
        start_month(d(first)),
        YearMonth {
            year: 2020,
            month: 10
        }
    );
    // 2020-09-10..2021-09-30 → 2022-09-30
    for earned in [
        "2020-09-10",
        "2020-09-30",
        "2020-10-01",
        "2021-01-01",
        "2021-09-10",
        "2021-09-30",
    ] {
        assert_eq!(accrual(first, earned), d("2022-09-30"), "earned {earned}");
    }
    // 2021-10-01..2022-09-30 → 2023-09-30
    for earned in ["2021-10-01", "2022-02-28", "2022-09-30"] {
        assert_eq!(accrual(first, earned), d("2023-09-30"), "earned {earned}");
    }
    // 2022-10-01..2023-09-30 → 2024-09-30
    for earned in ["2022-10-01", "2023-09-30"] {
        assert_eq!(accrual(first, earned), d("2024-09-30"), "earned {earned}");
    }
    // "and so on"
    assert_eq!(accrual(first, "2023-10-01"), d("2025-09-30"));
    assert_eq!(accrual(first, "2030-09-30"), d("2031-09-30"));

    assert_eq!(
        period(first, "2021-05-05"),
        (d("2020-09-10"), d("2021-09-30"), d("2022-09-30"))
    );
    assert_eq!(
        period(first, "2021-10-01"),
        (d("2021-10-01"), d("2022-09-30"), d("2023-09-30"))
    );
    assert_eq!(
        period(first, "2023-09-30"),
        (d("2022-10-01"), d("2023-09-30"), d("2024-09-30"))
    );
}

#[test]
fn expiry_for_picks_the_profile_rule() {
    let fy = ExpiryRule::FiscalYear;
    let ap = ExpiryRule::AccrualPeriod;
    assert_eq!(expiry_for(fy, None, d("2025-03-31")), Ok(d("2026-03-31")));
    // The fiscal-year rule ignores the first award, even a later one.
    assert_eq!(
        expiry_for(fy, Some(d("2030-01-01")), d("2025-04-01")),
        Ok(d("2027-03-31"))
    );
    assert_eq!(
        expiry_for(ap, Some(d("2020-09-10")), d("2021-10-01")),
        Ok(d("2023-09-30"))
    );
    assert_eq!(
        expiry_for(ap, None, d("2021-10-01")),
        Err(ExpiryError::MissingFirstAward)
    );
    assert_eq!(
        expiry_for(ap, Some(d("2020-09-10")), d("2020-09-09")),
        Err(ExpiryError::EarnedBeforeFirstAward {
            first_award: "2020-09-10".into(),
            earned: "2020-09-09".into()
        })
    );
}

#[test]
fn reference_profiles_use_their_rules() {
    let wester = crate::profile::Profile::builtin("wester").expect("wester");
    let waon = crate::profile::Profile::builtin("waon").expect("waon");
    assert_eq!(wester.points.expiry, ExpiryRule::FiscalYear);
    assert_eq!(waon.points.expiry, ExpiryRule::AccrualPeriod);
    assert_eq!(
        expiry_for(wester.points.expiry, None, d("2025-04-01")),
        Ok(d("2027-03-31"))
    );
    assert_eq!(
        expiry_for(waon.points.expiry, Some(d("2020-09-10")), d("2022-10-01")),
        Ok(d("2024-09-30"))
    );
}

// --- Errors -------------------------------------------------------------------------------------

#[test]
fn earned_before_first_award_is_a_typed_error() {
    let err = accrual_period_expiry(d("2020-09-10"), d("2020-09-09")).expect_err("before");
    assert_eq!(
        err,
        ExpiryError::EarnedBeforeFirstAward {
            first_award: "2020-09-10".into(),
            earned: "2020-09-09".into()
        }
    );
    assert!(err.to_string().contains("2020-09-09") && err.to_string().contains("2020-09-10"));
    assert!(accrual_period(d("2020-09-10"), d("2019-12-31")).is_err());
    // The first award day itself is fine.
    assert_eq!(accrual("2020-09-10", "2020-09-10"), d("2022-09-30"));
}

#[test]
fn out_of_range_dates_neither_panic_nor_lie() {
    let max = NaiveDate::MAX;
    assert_eq!(fiscal_year_expiry(max), NaiveDate::MAX);
    assert_eq!(
        expiry_for(ExpiryRule::FiscalYear, None, max),
        Err(ExpiryError::OutOfRange {
            earned: max.to_string()
        })
    );
    assert!(matches!(
        accrual_period_expiry(max, max),
        Err(ExpiryError::OutOfRange { .. })
    ));
    assert!(matches!(
        accrual_period_expiry(NaiveDate::MIN, max),
        Err(ExpiryError::OutOfRange { .. })
    ));
    // Far but representable dates still work.
    assert_eq!(
        fiscal_year_expiry(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(NaiveDate::MIN.year() + 1, 3, 31).expect("min")
    );
    assert_eq!(
        accrual_period_expiry(NaiveDate::MIN, NaiveDate::MIN).map(|e| e.month()),
        Ok(1)
    );
    assert_eq!(japan_date(DateTime::<Utc>::MAX_UTC), NaiveDate::MAX);
}

#[test]
fn parse_date_takes_only_strict_iso_dates() {
    assert_eq!(parse_date("2024-02-29"), Ok(d("2024-02-29")));
    assert_eq!(parse_date("0001-01-01"), Ok(d("0001-01-01")));
    assert_eq!(parse_date("9999-12-31"), Ok(d("9999-12-31")));
    for bad in [
        "2023-02-30",
        "2023-02-29",
        "2023-04-31",
        "2023-13-01",
        "2023-00-10",
        "2023-01-00",
        "2023-2-3",
        "+2023-02-03",
        " 2023-02-03",
        "2023-02-03 ",
        "2023/02/03",
        "20230203",
        "2023-02-03T00:00",
        "",
        "２０２３-02-03",
        "2023-０2-03",
        "abcd-ef-gh",
    ] {
        assert_eq!(
            parse_date(bad),
            Err(ExpiryError::InvalidDate { text: bad.into() }),
            "{bad:?}"
        );
    }
}

// --- Japan dates ----------------------------------------------------------------------------

#[test]
fn japan_date_is_utc_plus_nine() {
    assert_eq!(japan_date(utc("2025-03-31T15:30:00Z")), d("2025-04-01"));
    assert_eq!(japan_date(utc("2025-03-31T14:59:59Z")), d("2025-03-31"));
    assert_eq!(japan_date(utc("2025-03-31T15:00:00Z")), d("2025-04-01"));
    assert_eq!(japan_date(utc("2024-12-31T15:00:00Z")), d("2025-01-01"));
    assert_eq!(japan_date(utc("2024-02-28T15:00:00Z")), d("2024-02-29"));
    assert_eq!(japan_date(utc("2024-02-29T23:59:59Z")), d("2024-03-01"));
    assert_eq!(
        japan_date(utc("2025-06-01T00:00:00+09:00")),
        d("2025-06-01")
    );
    // The award at 15:30Z on 31 March is in the next fiscal year.
    assert_eq!(
        fiscal_year_expiry(japan_date(utc("2025-03-31T15:30:00Z"))),
        d("2027-03-31")
    );
    assert_eq!(
        fiscal_year_expiry(japan_date(utc("2025-03-31T14:59:59Z"))),
        d("2026-03-31")
    );
}

#[test]
fn japan_date_every_hour_of_2024_and_2025() {
    let mut instant = utc("2024-01-01T00:00:00Z");
    let end = utc("2026-01-01T00:00:00Z");
    while instant < end {
        let utc_date = instant.date_naive();
        let want = if instant.hour() >= 15 {
            utc_date.succ_opt().expect("next")
        } else {
            utc_date
        };
        assert_eq!(japan_date(instant), want, "{instant}");
        instant += TimeDelta::minutes(30);
    }
}

#[test]
fn japan_today_reads_the_clock() {
    let clock = crate::clock::ManualClock::new(utc("2026-03-31T14:59:59Z"));
    assert_eq!(japan_today(&clock), d("2026-03-31"));
    clock.advance(TimeDelta::seconds(1));
    assert_eq!(japan_today(&clock), d("2026-04-01"));
}

// --- Fiscal-year edges ----------------------------------------------------------------------

#[test]
fn fiscal_year_edges_across_many_years() {
    for year in 1900..=2200 {
        let mar31 = NaiveDate::from_ymd_opt(year, 3, 31).expect("31 March");
        let apr1 = NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April");
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
        let next = |y| NaiveDate::from_ymd_opt(y, 3, 31).expect("expiry");
        assert_eq!(fiscal_year_expiry(mar31), next(year + 1), "{mar31}");
        assert_eq!(fiscal_year_expiry(apr1), next(year + 2), "{apr1}");
        assert_eq!(fiscal_year_expiry(jan1), next(year + 1), "{jan1}");
        assert_eq!(fiscal_year_expiry(dec31), next(year + 2), "{dec31}");
        assert_eq!(fiscal_year(mar31), year - 1);
        assert_eq!(fiscal_year(apr1), year);
    }
}

#[test]
fn fiscal_year_brute_force_against_walked_fiscal_years() {
    // Oracle: walk fiscal years (1 April to 31 March) forward; all their days share 31 March
    // of the following fiscal year.
    let mut fy_start = d("1899-04-01");
    let mut previous: Option<NaiveDate> = None;
    while fy_start < d("2101-04-01") {
        let fy_end = NaiveDate::from_ymd_opt(fy_start.year() + 1, 3, 31).expect("fy end");
        let expires = NaiveDate::from_ymd_opt(fy_start.year() + 2, 3, 31).expect("expiry");
        let mut day = fy_start;
        while day <= fy_end {
            let got = fiscal_year_expiry(day);
            assert_eq!(got, expires, "{day}");
            assert_eq!(expiry_for(ExpiryRule::FiscalYear, None, day), Ok(got));
            assert!(is_month_end(got));
            assert!(got >= plus_months(day, 12), "{day}: at least a year");
            assert!(got < plus_months(day, 24), "{day}: under two years");
            assert!(previous.is_none_or(|p| p <= got), "{day}: monotone");
            previous = Some(got);
            day = day.succ_opt().expect("next day");
        }
        fy_start = fy_end.succ_opt().expect("next fy");
    }
}

// --- Accrual-period calendar edges --------------------------------------------------------------

#[test]
fn first_award_on_month_ends_and_firsts() {
    // First award on the 1st: the first period spans 13 whole months.
    assert_eq!(
        period("2021-04-01", "2021-04-01"),
        (d("2021-04-01"), d("2022-04-30"), d("2023-04-30"))
    );
    assert_eq!(
        period("2021-04-01", "2022-05-01"),
        (d("2022-05-01"), d("2023-04-30"), d("2024-04-30"))
    );
    // First award on the last day of its month: the first period is exactly a year and a day.
    assert_eq!(
        period("2021-04-30", "2021-04-30"),
        (d("2021-04-30"), d("2022-04-30"), d("2023-04-30"))
    );
    assert_eq!(
        start_month(d("2021-04-30")),
        YearMonth {
            year: 2021,
            month: 5
        }
    );
    // Expiries are month ends of 30- and 31-day months alike.
    assert_eq!(accrual("2021-06-15", "2021-06-15"), d("2023-06-30"));
    assert_eq!(accrual("2021-07-15", "2021-07-15"), d("2023-07-31"));
    assert_eq!(accrual("2021-11-15", "2022-12-01"), d("2024-11-30"));
}

#[test]
fn awards_on_the_29th_to_31st() {
    // Periods end at month ends whatever the award's day, so the 29th to 31st need no clamping.
    assert_eq!(
        period("2021-01-31", "2021-01-31"),
        (d("2021-01-31"), d("2022-01-31"), d("2023-01-31"))
    );
    assert_eq!(
        period("2021-01-31", "2022-02-01"),
        (d("2022-02-01"), d("2023-01-31"), d("2024-01-31"))
    );
    assert_eq!(
        start_month(d("2021-01-31")),
        YearMonth {
            year: 2021,
            month: 2
        }
    );
    assert_eq!(
        period("2021-03-31", "2021-03-31"),
        (d("2021-03-31"), d("2022-03-31"), d("2023-03-31"))
    );
    assert_eq!(
        period("2021-03-30", "2022-04-01"),
        (d("2022-04-01"), d("2023-03-31"), d("2024-03-31"))
    );
    assert_eq!(
        period("2021-08-31", "2022-08-31"),
        (d("2021-08-31"), d("2022-08-31"), d("2023-08-31"))
    );
    assert_eq!(
        period("2021-08-29", "2022-09-01"),
        (d("2022-09-01"), d("2023-08-31"), d("2024-08-31"))
    );
    assert_eq!(
        period("2021-10-31", "2021-11-01"),
        (d("2021-10-31"), d("2022-10-31"), d("2023-10-31"))
    );
    assert_eq!(
        period("2021-05-30", "2022-06-30"),
        (d("2022-06-01"), d("2023-05-31"), d("2024-05-31"))
    );
    // Earned on the 29th to 31st: same period as the rest of the month.
    for earned in [
        "2022-01-29",
        "2022-01-30",
        "2022-01-31",
        "2022-03-29",
        "2022-03-30",
        "2022-03-31",
    ] {
        assert_eq!(accrual("2021-09-10", earned), d("2023-09-30"), "{earned}");
    }
}

#[test]
fn leap_years() {
    // First award on 29 February 2020.
    let first = "2020-02-29";
    assert_eq!(
        start_month(d(first)),
        YearMonth {
            year: 2020,
            month: 3
        }
    );
    assert_eq!(
        period(first, "2020-02-29"),
        (d("2020-02-29"), d("2021-02-28"), d("2022-02-28"))
    );
    assert_eq!(
        period(first, "2021-03-01"),
        (d("2021-03-01"), d("2022-02-28"), d("2023-02-28"))
    );
    // A period ending 28 February 2023 expires 29 February 2024 ...
    assert_eq!(
        period(first, "2022-03-01"),
        (d("2022-03-01"), d("2023-02-28"), d("2024-02-29"))
    );
    // ... and one ending 29 February 2024 expires 28 February 2025.
    assert_eq!(
        period(first, "2023-03-01"),
        (d("2023-03-01"), d("2024-02-29"), d("2025-02-28"))
    );
    assert_eq!(accrual(first, "2024-02-29"), d("2025-02-28"));
    assert_eq!(accrual(first, "2024-03-01"), d("2026-02-28"));
    assert_eq!(accrual(first, "2027-03-01"), d("2029-02-28"));
    assert_eq!(accrual(first, "2026-03-01"), d("2028-02-29"));
    // First award 28 February 2023: the first period ends on the leap day 2024-02-29.
    assert_eq!(
        period("2023-02-28", "2024-02-29"),
        (d("2023-02-28"), d("2024-02-29"), d("2025-02-28"))
    );
    assert_eq!(
        start_month(d("2023-02-28")),
        YearMonth {
            year: 2023,
            month: 3
        }
    );
    // First award 29 February 2024: the first period ends 28 February 2025.
    assert_eq!(
        period("2024-02-29", "2025-02-28"),
        (d("2024-02-29"), d("2025-02-28"), d("2026-02-28"))
    );
    assert_eq!(
        period("2024-02-29", "2025-03-01"),
        (d("2025-03-01"), d("2026-02-28"), d("2027-02-28"))
    );
    // First award in February 2022: its first points expire on a leap day.
    assert_eq!(accrual("2022-02-10", "2022-02-10"), d("2024-02-29"));
    // 1900 and 2100 are not leap years, 2000 is.
    assert_eq!(accrual("1899-02-10", "1899-02-10"), d("1901-02-28"));
    assert_eq!(accrual("1898-02-10", "1898-02-10"), d("1900-02-28"));
    assert_eq!(accrual("1998-02-10", "1998-02-10"), d("2000-02-29"));
    assert_eq!(accrual("2098-02-10", "2098-02-10"), d("2100-02-28"));
    // Fiscal years containing a leap day are no different.
    assert_eq!(fiscal_year_expiry(d("2024-02-29")), d("2025-03-31"));
    assert_eq!(fiscal_year_expiry(d("2020-02-29")), d("2021-03-31"));
}

#[test]
fn december_to_january() {
    // First award in December: the start month is January of the next year.
    let first = "2020-12-15";
    assert_eq!(
        start_month(d(first)),
        YearMonth {
            year: 2021,
            month: 1
        }
    );
    assert_eq!(
        period(first, "2020-12-31"),
        (d("2020-12-15"), d("2021-12-31"), d("2022-12-31"))
    );
    assert_eq!(
        period(first, "2021-12-31"),
        (d("2020-12-15"), d("2021-12-31"), d("2022-12-31"))
    );
    assert_eq!(
        period(first, "2022-01-01"),
        (d("2022-01-01"), d("2022-12-31"), d("2023-12-31"))
    );
    assert_eq!(
        period(first, "2022-12-31"),
        (d("2022-01-01"), d("2022-12-31"), d("2023-12-31"))
    );
    assert_eq!(
        period(first, "2023-01-01"),
        (d("2023-01-01"), d("2023-12-31"), d("2024-12-31"))
    );
    assert_eq!(
        start_month(d("2020-12-31")),
        YearMonth {
            year: 2021,
            month: 1
        }
    );
    assert_eq!(
        period("2020-12-31", "2020-12-31"),
        (d("2020-12-31"), d("2021-12-31"), d("2022-12-31"))
    );
    assert_eq!(
        start_month(d("2020-12-01")),
        YearMonth {
            year: 2021,
            month: 1
        }
    );
    // First award in November: periods run December to November, across the new year.
    let first = "2020-11-30";
    assert_eq!(
        start_month(d(first)),
        YearMonth {
            year: 2020,
            month: 12
        }
    );
    assert_eq!(
        period(first, "2021-11-30"),
        (d("2020-11-30"), d("2021-11-30"), d("2022-11-30"))
    );
    assert_eq!(
        period(first, "2021-12-01"),
        (d("2021-12-01"), d("2022-11-30"), d("2023-11-30"))
    );
    assert_eq!(
        period(first, "2022-01-01"),
        (d("2021-12-01"), d("2022-11-30"), d("2023-11-30"))
    );
    // First award in January: periods run February to January.
    let first = "2021-01-01";
    assert_eq!(
        start_month(d(first)),
        YearMonth {
            year: 2021,
            month: 2
        }
    );
    assert_eq!(
        period(first, "2022-01-31"),
        (d("2021-01-01"), d("2022-01-31"), d("2023-01-31"))
    );
    assert_eq!(
        period(first, "2022-12-31"),
        (d("2022-02-01"), d("2023-01-31"), d("2024-01-31"))
    );
    // Fiscal years straddle the new year.
    assert_eq!(fiscal_year_expiry(d("2024-12-31")), d("2026-03-31"));
    assert_eq!(fiscal_year_expiry(d("2025-01-01")), d("2026-03-31"));
}

#[test]
fn year_month_arithmetic_and_display() {
    let ym = YearMonth {
        year: 2020,
        month: 12,
    };
    assert_eq!(
        ym.add_months(1),
        YearMonth {
            year: 2021,
            month: 1
        }
    );
    assert_eq!(
        ym.add_months(-12),
        YearMonth {
            year: 2019,
            month: 12
        }
    );
    assert_eq!(
        ym.add_months(-23),
        YearMonth {
            year: 2019,
            month: 1
        }
    );
    assert_eq!(
        YearMonth {
            year: 2021,
            month: 1
        }
        .add_months(-1),
        ym
    );
    assert_eq!(ym.to_string(), "2020-12");
    assert_eq!(
        YearMonth {
            year: 2024,
            month: 2
        }
        .last_day(),
        Some(d("2024-02-29"))
    );
    assert_eq!(
        YearMonth {
            year: 2023,
            month: 2
        }
        .last_day(),
        Some(d("2023-02-28"))
    );
    assert_eq!(
        YearMonth {
            year: 2023,
            month: 13
        }
        .last_day(),
        None
    );
    assert!(
        YearMonth {
            year: 2020,
            month: 12
        } < YearMonth {
            year: 2021,
            month: 1
        }
    );
    assert_eq!(
        YearMonth::of(d("2020-09-10")),
        YearMonth {
            year: 2020,
            month: 9
        }
    );
}

// --- Merge ----------------------------------------------------------------------------------

#[test]
fn merge_keeps_the_signed_in_start_month_and_reawards_on_the_merge_date() {
    // The source's example: the WAON POINT card account (start month September, so first
    // award in August) is signed in and an AEON card (start month April) is merged into it.
    let signed_in_first = d("2021-08-05");
    let card_first = d("2019-03-20");
    assert_eq!(start_month(signed_in_first).month, 9);
    assert_eq!(start_month(card_first).month, 4);
    let merge = d("2023-06-15");
    assert_eq!(
        merged_first_award(Some(signed_in_first), merge),
        signed_in_first
    );
    assert_eq!(
        start_month(merged_first_award(Some(signed_in_first), merge)).month,
        9
    );
    // The merge date lies in the period 2022-09-01..2023-08-31, so the points expire 2024-08-31,
    // whatever their expiry on the merged card was.
    assert_eq!(
        merged_points_expiry(Some(signed_in_first), merge),
        Ok(d("2024-08-31"))
    );
    assert_eq!(
        merged_points_expiry(Some(signed_in_first), merge),
        accrual_period_expiry(signed_in_first, merge)
    );
    // Signed in to the other account instead, the April start month wins.
    assert_eq!(
        merged_points_expiry(Some(card_first), merge),
        Ok(d("2025-03-31"))
    );
    // Merged within the signed-in account's first period.
    assert_eq!(
        merged_points_expiry(Some(d("2023-05-20")), d("2023-06-15")),
        Ok(d("2025-05-31"))
    );
    // A signed-in account never awarded points: the merge date becomes its first award.
    assert_eq!(merged_first_award(None, merge), merge);
    assert_eq!(merged_points_expiry(None, merge), Ok(d("2025-06-30")));
    // A merge date before the signed-in account's first award is inconsistent data.
    assert!(matches!(
        merged_points_expiry(Some(d("2024-01-01")), merge),
        Err(ExpiryError::EarnedBeforeFirstAward { .. })
    ));
}

// --- Expiring soon ---------------------------------------------------------------------------

#[test]
fn days_until_and_expiring_within() {
    let today = d("2026-03-01");
    assert_eq!(days_until(today, d("2026-03-31")), 30);
    assert_eq!(days_until(today, today), 0);
    assert_eq!(days_until(today, d("2026-02-28")), -1);
    assert_eq!(days_until(d("2024-02-28"), d("2024-03-01")), 2);
    assert_eq!(days_until(d("2023-02-28"), d("2023-03-01")), 1);
    assert_eq!(days_until(d("2025-03-31"), d("2027-03-31")), 730);

    assert!(expiring_within(today, today, 30), "last valid day is today");
    assert!(
        expiring_within(today, d("2026-03-31"), 30),
        "exactly 30 days"
    );
    assert!(!expiring_within(today, d("2026-04-01"), 30), "31 days");
    assert!(
        !expiring_within(today, d("2026-02-28"), 30),
        "already expired"
    );
    assert!(expiring_within(today, today, 0));
    assert!(!expiring_within(today, d("2026-03-02"), 0));
    assert!(
        expiring_within(d("2024-01-31"), d("2024-03-01"), 30),
        "across a leap day: 30 days"
    );
    assert!(
        !expiring_within(d("2023-01-30"), d("2023-03-02"), 30),
        "31 days"
    );
    // No overflow at the extremes.
    assert!(expiring_within(NaiveDate::MIN, NaiveDate::MAX, u32::MAX));
    assert!(!expiring_within(NaiveDate::MAX, NaiveDate::MIN, u32::MAX));
}

// --- Brute force ----------------------------------------------------------------------------

/// Every first award in 2019..=2027, every earned date from it to more than three years on,
/// checked against [`NaivePeriods`] and the rule's invariants.
#[test]
fn accrual_brute_force_against_walked_periods() {
    let mut first = d("2019-01-01");
    let last_first = d("2027-12-31");
    let mut checked = 0u64;
    while first <= last_first {
        let mut oracle = NaivePeriods::new(first);
        let horizon = plus_months(first, 40);
        let mut previous: Option<NaiveDate> = None;
        let mut earned = first;
        while earned <= horizon {
            if earned > oracle.end {
                let old_expiry = oracle.expires;
                oracle.advance();
                // Consecutive periods expire exactly a year apart.
                assert_eq!(
                    oracle.expires,
                    naive_month_end(naive_first_of_month_after(old_expiry, 12))
                );
                // Later periods start on the 1st of the start month.
                assert_eq!(
                    YearMonth::of(oracle.start),
                    YearMonth {
                        year: oracle.start.year(),
                        ..start_month(first)
                    }
                );
                assert_eq!(oracle.start.day(), 1);
            }
            let got = accrual_period(first, earned).expect("period");
            assert_eq!(
                (got.start, got.end, got.expires),
                (oracle.start, oracle.end, oracle.expires),
                "first award {first}, earned {earned}"
            );
            assert!(got.contains(earned));
            let expires = got.expires;
            // Invariants, independent of the oracle.
            assert!(is_month_end(expires), "{first} {earned}: month end");
            assert_eq!(
                expires.month(),
                first.month(),
                "{first} {earned}: award's month"
            );
            assert!(
                expires >= plus_months(earned, 12),
                "{first} {earned}: at least a year"
            );
            assert!(
                expires < plus_months(earned, 25),
                "{first} {earned}: under 25 months"
            );
            assert!(
                previous.is_none_or(|p| p <= expires),
                "{first} {earned}: monotone"
            );
            previous = Some(expires);
            checked += 1;
            earned = earned.succ_opt().expect("next day");
        }
        // Spot-check the other entry points against the same numbers.
        assert_eq!(
            expiry_for(ExpiryRule::AccrualPeriod, Some(first), horizon),
            accrual_period_expiry(first, horizon)
        );
        assert!(accrual_period_expiry(first, first.pred_opt().expect("day before")).is_err());
        first = first.succ_opt().expect("next first award");
    }
    assert!(checked > 3_900_000, "checked {checked}");
}

/// All dates of one period share one expiry, and the period's edges are exactly where the
/// expiry changes: checked from the period side for every first award of 2019..=2027.
#[test]
fn accrual_periods_are_exact_partitions() {
    let mut first = d("2019-01-01");
    while first <= d("2027-12-31") {
        let mut p = accrual_period(first, first).expect("first period");
        assert_eq!(p.start, first);
        for _ in 0..5 {
            for day in [
                p.start,
                p.end,
                p.start.succ_opt().expect("succ"),
                p.end.pred_opt().expect("pred"),
            ] {
                assert_eq!(accrual_period(first, day), Ok(p), "{first} {day}");
            }
            let next = accrual_period(first, p.end.succ_opt().expect("next")).expect("next period");
            assert_eq!(next.start, p.end.succ_opt().expect("next"));
            assert_eq!(
                next.expires,
                plus_months(p.expires.with_day(1).expect("1st"), 13)
                    .pred_opt()
                    .expect("end")
            );
            assert!(next.expires > p.expires);
            p = next;
        }
        first = first.succ_opt().expect("next first award");
    }
}
