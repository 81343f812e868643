//! Small rules: check digits, names, last 4 digits, counters, stored error bodies.

use super::*;

/// The Luhn check digit to append to `partial` (ASCII digits). The sandbox is the server and
/// depends on nothing from the core, so it has its own.
pub fn luhn_check_digit(partial: &str) -> char {
    let sum: u32 = partial
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0') % 10);
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

/// Whether `digits` (ASCII digits) passes the Luhn check.
#[cfg_attr(not(test), allow(dead_code))]
pub fn luhn_valid(digits: &str) -> bool {
    match digits.len().checked_sub(1) {
        Some(n) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            luhn_check_digit(&digits[..n]) == char::from(digits.as_bytes()[n])
        }
        _ => false,
    }
}

/// A name as compared between a card and an account: spaces (also the ideographic space)
/// removed, full-width letters and digits made half-width, letters lower-cased, so
/// `山田　花子` and `山田 花子`, or `ＹＡＭＡＤＡ` and `Yamada`, are the same person.
pub(super) fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn same_person(a: &Holder, b: &Holder) -> bool {
    name_key(&a.name) == name_key(&b.name) && a.birth_date.trim() == b.birth_date.trim()
}

pub(super) fn last4(number: &str) -> String {
    number[number.len().saturating_sub(4)..].to_owned()
}

/// The month after `first_award` (`YYYY-MM`): the accrual start month of SPEC §5.2.
pub(super) fn start_month(first_award: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(first_award, "%Y-%m-%d").ok()?;
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    Some(format!("{year:04}-{month:02}"))
}

pub(super) fn bump(db: &Connection, counter: &str) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO card_counters (name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1",
        [counter],
    )?;
    Ok(())
}

/// The body an [`ApiErr`] answers with (to store a refusal for replays).
pub(super) fn error_body(e: &ApiErr) -> Value {
    let mut body = e.extra.clone();
    body.insert("error".into(), json!(e.code));
    body.insert("message".into(), json!(e.message));
    Value::Object(body)
}
