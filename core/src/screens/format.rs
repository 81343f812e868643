//! Numbers and dates as members read them: points as `+300 pt` with thousands separators,
//! calendar dates and instants in Japan time (`2026年3月31日`, `31 Mar 2026`), countdowns as
//! `4:05`. The capabilities hand out `YYYY-MM-DD` and RFC 3339 for machines; no raw timestamp
//! reaches a screen.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

use super::Language;

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A held amount: `1,200 pt`.
pub fn points(n: u64) -> String {
    format!("{} pt", thousands(n))
}

/// A change of points, always signed: `+300 pt`, `-1,200 pt`, `0 pt`.
pub fn signed_points(n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{} pt", thousands(n.unsigned_abs()))
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_en(month: u32) -> &'static str {
    MONTHS_EN
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// A Japan calendar date: `2026年3月31日` / `31 Mar 2026`.
pub fn date(day: NaiveDate, language: Language) -> String {
    match language {
        Language::Ja => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Language::En => format!("{} {} {}", day.day(), month_en(day.month()), day.year()),
    }
}

/// A `YYYY-MM-DD` text from a capability as [`date`]; text that is not a date stays as it
/// is (never an empty line).
pub fn date_text(text: &str, language: Language) -> String {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => date(day, language),
        Err(_) => text.to_owned(),
    }
}

fn japan() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// An instant in Japan time: `2026年11月22日 16:50` / `22 Nov 2026, 16:50`.
pub fn date_time(instant: DateTime<FixedOffset>, language: Language) -> String {
    let t = instant.with_timezone(&japan());
    let day = date(t.date_naive(), language);
    let sep = match language {
        Language::Ja => " ",
        Language::En => ", ",
    };
    format!("{day}{sep}{:02}:{:02}", t.hour(), t.minute())
}

/// An RFC 3339 text from a capability as [`date_time`]; `None` for text that is not one.
pub fn date_time_text(text: &str, language: Language) -> Option<String> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| date_time(t, language))
}

/// Seconds left as `m:ss`: `305` → `5:05`.
pub fn countdown(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_signed_and_grouped() {
        assert_eq!(signed_points(300), "+300 pt");
        assert_eq!(signed_points(-1200), "-1,200 pt");
        assert_eq!(signed_points(0), "0 pt");
        assert_eq!(signed_points(i64::MIN), "-9,223,372,036,854,775,808 pt");
        assert_eq!(points(1_234_567), "1,234,567 pt");
        assert_eq!(points(999), "999 pt");
    }

    #[test]
    fn dates_read_as_members_read_them() {
        assert_eq!(date_text("2026-03-31", Language::Ja), "2026年3月31日");
        assert_eq!(date_text("2026-03-31", Language::En), "31 Mar 2026");
        assert_eq!(date_text("not a date", Language::En), "not a date");
    }

    #[test]
    fn instants_are_shown_in_japan_time() {
        // 15:30 UTC is 00:30 the next day in Japan.
        let t = "2026-11-30T15:30:00Z";
        assert_eq!(
            date_time_text(t, Language::Ja).as_deref(),
            Some("2026年12月1日 00:30")
        );
        assert_eq!(
            date_time_text(t, Language::En).as_deref(),
            Some("1 Dec 2026, 00:30")
        );
        assert_eq!(date_time_text("yesterday", Language::Ja), None);
    }

    #[test]
    fn countdowns_are_minutes_and_seconds() {
        assert_eq!(countdown(305), "5:05");
        assert_eq!(countdown(59), "0:59");
        assert_eq!(countdown(0), "0:00");
    }
}
