//! Values taken from a server's answer, checked before they go into a [`TamaruError`]
//! (whose texts are shown, logged and sent to analytics). A server, a proxy in between or a
//! bug may put anything in a body, a member's card number or e-mail address included; an
//! error carries only what it would carry from a correct server: a protocol code, a date, an
//! instant. Anything else is dropped, never quoted.
//!
//! [`TamaruError`]: crate::error::TamaruError

/// The most characters a protocol code (`wrong_password`, `6213`) has.
const MAX_CODE_CHARS: usize = 40;
/// A run of more digits than this is a number, not a code (a card number, a PIN, a phone).
const MAX_CODE_DIGIT_RUN: usize = 4;

/// `code` if it looks like a protocol code: lowercase ASCII letters, digits and `_`, at
/// most 40 characters, no run of more than 4 digits.
pub fn protocol_code(code: &str) -> Option<&str> {
    let shape = !code.is_empty()
        && code.len() <= MAX_CODE_CHARS
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let longest_digit_run = code
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    (shape && longest_digit_run <= MAX_CODE_DIGIT_RUN).then_some(code)
}

/// What stands for a code the server sent that is not a protocol code.
pub const UNRECOGNISED_CODE: &str = "unrecognised";

/// `text` if it is a calendar date `YYYY-MM-DD`.
pub fn date(text: &str) -> Option<&str> {
    (text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok())
        .then_some(text)
}

/// `text` as a normalised RFC 3339 instant (UTC), if it is one.
pub fn instant(text: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc).to_rfc3339())
}

/// The count under `key` in a server's body (attempts left, say), if it is a whole number
/// from 0 to `u32::MAX`. A negative, fractional, textual or larger value is no count: it is
/// dropped, never wrapped round into a smaller one.
pub fn count(body: &serde_json::Value, key: &str) -> Option<u32> {
    body.get(key)
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_pass_and_values_do_not() {
        for code in ["wrong_password", "6213", "card_limit_reached", "e2"] {
            assert_eq!(protocol_code(code), Some(code));
        }
        for value in [
            "",
            "4980000000000001",
            "12345",
            "member@example.jp",
            "Wrong_Password",
            "a b",
            "café",
            "x".repeat(41).as_str(),
        ] {
            assert_eq!(protocol_code(value), None, "{value}");
        }
    }

    #[test]
    fn dates_and_instants_are_checked() {
        assert_eq!(date("2026-03-31"), Some("2026-03-31"));
        assert_eq!(date("2026-02-30"), None);
        assert_eq!(date("4980000000000001"), None);
        assert_eq!(
            instant("2026-11-22T16:50:44+09:00").as_deref(),
            Some("2026-11-22T07:50:44+00:00")
        );
        assert_eq!(instant("member@example.jp"), None);
    }

    #[test]
    fn counts_are_whole_numbers_that_fit_and_nothing_else() {
        let body = serde_json::json!({
            "zero": 0, "four": 4, "max": 4_294_967_295u64, "over": 4_294_967_297u64,
            "negative": -1, "fraction": 1.5, "text": "4"
        });
        assert_eq!(count(&body, "zero"), Some(0));
        assert_eq!(count(&body, "four"), Some(4));
        assert_eq!(count(&body, "max"), Some(u32::MAX));
        for key in ["over", "negative", "fraction", "text", "missing"] {
            assert_eq!(count(&body, key), None, "{key}");
        }
    }
}
