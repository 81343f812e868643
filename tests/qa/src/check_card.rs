//! `tamaru-qa check card --profile P`: the offline card-number pre-check (SPEC §4.1, §4.2)
//! as JSON lines.
//!
//! Stable contract. Each input line is a JSON object
//! `{"type": "...", "number": "...", "has_pin": true|false, "pin": "...", "member_registered": true|false}`
//! of which only `type` and `number` are required (`null` counts as absent). Each output line
//! is `{"valid": true|false, "normalized": "...", "errors": ["code", ...]}`: `normalized` is
//! the number with digits made half-width and spaces and hyphens removed, every other
//! character kept, even when the input is invalid; `errors` are the codes of
//! `CardInputError::code`, in the order the core reports them (number, PIN, answers), empty
//! when valid. A line that is not JSON, not an object, lacks a `type` or `number` string, or
//! has an optional field of the wrong kind gets `{"error": "..."}`, and the rest still run.
//!
//! Interpretations (the core's, see `tamaru_core::cards::input`): besides the spaces and
//! marks SPEC §4.1 lists, the core also drops a few look-alikes a member cannot tell apart on
//! screen (tab, no-break space, soft hyphen, figure dash, horizontal bar, small hyphen-minus,
//! half-width `ｰ`); `has_pin` left out with a PIN given is checked as "has a PIN"; an answer
//! to `member_registered` (even `false`) for a card type that does not ask it is
//! `member_registered_not_expected`.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::{Map, Value};
use tamaru_core::cards::input::{CardInput, normalize_lossy, precheck};
use tamaru_core::profile::Profile;

use crate::jsonl::for_each_line;

pub fn run(profile: &Profile, input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<()> {
    for_each_line(input, output, |value| {
        card_input(&value).map(|card| check(profile, &card))
    })
}

/// One output line, fields in the README's order: `{"valid", "normalized", "errors"}`.
#[derive(Debug, Serialize)]
struct Answer {
    valid: bool,
    normalized: String,
    errors: Vec<&'static str>,
}

/// The answer for one well-formed line.
fn check(profile: &Profile, card: &CardInput) -> Answer {
    let errors: Vec<&'static str> = match precheck(profile, card) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.code()).collect(),
    };
    Answer {
        valid: errors.is_empty(),
        normalized: normalize_lossy(&card.number),
        errors,
    }
}

/// Reads one input object; the message says what is wrong with the line.
fn card_input(value: &Value) -> Result<CardInput, String> {
    let Value::Object(object) = value else {
        return Err(format!(
            "expected a JSON object with \"type\" and \"number\" strings, got {}",
            kind(value)
        ));
    };
    Ok(CardInput {
        card_type: required_string(object, "type")?,
        number: required_string(object, "number")?,
        has_pin: optional_bool(object, "has_pin")?,
        pin: optional_string(object, "pin")?,
        member_registered: optional_bool(object, "member_registered")?,
    })
}

fn required_string(object: &Map<String, Value>, key: &str) -> Result<String, String> {
    match object.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) => Err(format!("missing \"{key}\" (a string)")),
        Some(other) => Err(format!("\"{key}\" must be a string, got {}", kind(other))),
    }
}

fn optional_string(object: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(format!("\"{key}\" must be a string, got {}", kind(other))),
    }
}

fn optional_bool(object: &Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match object.get(key) {
        Some(Value::Bool(b)) => Ok(Some(*b)),
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(format!(
            "\"{key}\" must be true or false, got {}",
            kind(other)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    use tamaru_core::cards::input::luhn_check_digit;

    fn run_lines(profile_id: &str, input: &str) -> Vec<Value> {
        let profile = Profile::builtin(profile_id).expect("profile");
        let mut out = Vec::new();
        run(&profile, &mut input.as_bytes(), &mut out).expect("run");
        String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
            .collect()
    }

    fn one(profile_id: &str, line: Value) -> Value {
        let mut answers = run_lines(profile_id, &format!("{line}\n"));
        assert_eq!(answers.len(), 1);
        answers.remove(0)
    }

    fn valid16(prefix15: &str) -> String {
        format!("{prefix15}{}", luhn_check_digit(prefix15).expect("digits"))
    }

    #[test]
    fn valid_card_with_pin() {
        let number = valid16("123456789012345");
        let answer = one(
            "wester",
            json!({"type": "sc_point_card", "number": number, "has_pin": true, "pin": "1234", "member_registered": true}),
        );
        assert_eq!(
            answer,
            json!({"valid": true, "normalized": number, "errors": []})
        );
    }

    #[test]
    fn full_width_and_hyphens_are_normalised() {
        let number = valid16("123456789012345");
        let wide: String = number
            .chars()
            .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).expect("full-width"))
            .collect();
        let typed = format!(
            "{}ー{}\u{3000}{}－{}",
            &wide[..12],
            &wide[12..24],
            &wide[24..36],
            &wide[36..]
        );
        let answer = one("waon", json!({"type": "waon_point_card", "number": typed}));
        assert_eq!(
            answer,
            json!({"valid": true, "normalized": number, "errors": []})
        );
    }

    #[test]
    fn invalid_lines_keep_the_best_effort_number() {
        let answer = one(
            "wester",
            json!({"type": "sc_point_card", "number": "１２３４-abcd"}),
        );
        assert_eq!(
            answer,
            json!({"valid": false, "normalized": "1234abcd", "errors": ["invalid_character"]})
        );
        let answer = one(
            "wester",
            json!({"type": "sc_point_card", "number": "1234 5678"}),
        );
        assert_eq!(
            answer,
            json!({"valid": false, "normalized": "12345678", "errors": ["wrong_digit_count"]})
        );
    }

    #[test]
    fn every_failure_is_listed() {
        let number = valid16("123456789012345");
        let bad = format!(
            "{}{}",
            &number[..15],
            (number.as_bytes()[15] - b'0' + 1) % 10
        );
        let answer = one(
            "wester",
            json!({"type": "sc_point_card", "number": bad, "has_pin": true, "pin": "12"}),
        );
        assert_eq!(
            answer["errors"],
            json!(["bad_check_digit", "pin_wrong_digit_count"])
        );
        assert_eq!(answer["valid"], json!(false));

        let answer = one(
            "wester",
            json!({"type": "sc_point_card", "number": "", "has_pin": true}),
        );
        assert_eq!(
            answer,
            json!({"valid": false, "normalized": "", "errors": ["empty", "pin_required"]})
        );

        let answer = one(
            "waon",
            json!({"type": "aeon_card", "number": number, "pin": "1234"}),
        );
        assert_eq!(answer["errors"], json!(["pin_not_expected"]));

        let answer = one("waon", json!({"type": "sc_point_card", "number": number}));
        assert_eq!(answer["errors"], json!(["unknown_card_type"]));
        assert_eq!(answer["normalized"], json!(number));
    }

    #[test]
    fn optional_fields_may_be_null() {
        let number = valid16("600000000000000");
        let answer = one(
            "waon",
            json!({"type": "waon_emoney", "number": number, "has_pin": null, "pin": null, "member_registered": null}),
        );
        assert_eq!(answer["valid"], json!(true));
    }

    #[test]
    fn malformed_lines_get_an_error_and_the_rest_still_run() {
        let number = valid16("123456789012345");
        let good = json!({"type": "sc_point_card", "number": number}).to_string();
        let input = [
            "not json",
            "\"1234\"",
            "[1, 2]",
            "{\"number\": \"1234\"}",
            "{\"type\": \"sc_point_card\"}",
            "{\"type\": \"sc_point_card\", \"number\": 1234}",
            "{\"type\": 1, \"number\": \"1234\"}",
            "{\"type\": \"sc_point_card\", \"number\": \"1234\", \"has_pin\": \"yes\"}",
            "{\"type\": \"sc_point_card\", \"number\": \"1234\", \"pin\": 1234}",
            "{\"type\": \"sc_point_card\", \"number\": \"1234\", \"member_registered\": 1}",
            "",
            good.as_str(),
        ]
        .join("\n");
        let answers = run_lines("wester", &input);
        assert_eq!(answers.len(), 11, "blank lines are skipped");
        for answer in &answers[..10] {
            let message = answer["error"].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{answer}");
            assert_eq!(answer.as_object().map(Map::len), Some(1));
        }
        assert!(
            answers[3]["error"]
                .as_str()
                .unwrap_or_default()
                .contains("\"type\"")
        );
        assert!(
            answers[4]["error"]
                .as_str()
                .unwrap_or_default()
                .contains("\"number\"")
        );
        assert!(
            answers[7]["error"]
                .as_str()
                .unwrap_or_default()
                .contains("has_pin")
        );
        assert_eq!(
            answers[10],
            json!({"valid": true, "normalized": number, "errors": []})
        );
    }

    #[test]
    fn invalid_utf8_and_hostile_text_do_not_stop_the_run() {
        let number = valid16("123456789012345");
        let mut input = b"\xff\xfe{\n".to_vec();
        input.extend_from_slice(
            json!({"type": "sc_point_card", "number": "12\u{0}\u{200F}🙂"})
                .to_string()
                .as_bytes(),
        );
        input.push(b'\n');
        input.extend_from_slice(
            json!({"type": "sc_point_card", "number": number})
                .to_string()
                .as_bytes(),
        );
        input.push(b'\n');
        let profile = Profile::builtin("wester").expect("profile");
        let mut out = Vec::new();
        run(&profile, &mut input.as_slice(), &mut out).expect("run");
        let answers: Vec<Value> = String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(answers.len(), 3);
        assert!(answers[0].get("error").is_some());
        assert_eq!(
            answers[1],
            json!({"valid": false, "normalized": "12\u{0}\u{200F}🙂", "errors": ["invalid_character"]})
        );
        assert_eq!(answers[2]["valid"], json!(true));
    }

    #[test]
    fn fields_are_written_in_the_readme_order() {
        // README: `{"valid", "normalized", "errors": [code…]}`.
        let profile = Profile::builtin("wester").expect("profile");
        let mut out = Vec::new();
        run(
            &profile,
            &mut &b"{\"type\": \"sc_point_card\", \"number\": \"1234-5678\"}\n"[..],
            &mut out,
        )
        .expect("run");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "{\"valid\":false,\"normalized\":\"12345678\",\"errors\":[\"wrong_digit_count\"]}\n"
        );
    }

    #[test]
    fn every_spec_separator_is_removed() {
        // SPEC §4.1: ASCII and ideographic spaces; `-`, `‐`, `‑`, `–`, `—`, `−`, `－`, `ー`.
        let number = valid16("123456789012345");
        for mark in [
            " ", "\u{3000}", "-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{2212}",
            "\u{FF0D}", "\u{30FC}",
        ] {
            let typed = format!(
                "{}{mark}{}{mark}{}{mark}{}",
                &number[..4],
                &number[4..8],
                &number[8..12],
                &number[12..]
            );
            assert_eq!(
                one("wester", json!({"type": "sc_point_card", "number": typed})),
                json!({"valid": true, "normalized": number, "errors": []}),
                "{mark:?}"
            );
        }
        // Anything else left is an error, and `normalized` keeps it.
        for other in [".", "/", "_", "a", "Ａ", "\u{301C}", "*"] {
            let typed = format!("{}{other}{}", &number[..8], &number[8..]);
            assert_eq!(
                one("wester", json!({"type": "sc_point_card", "number": typed})),
                json!({"valid": false, "normalized": typed, "errors": ["invalid_character"]}),
                "{other:?}"
            );
        }
    }

    #[test]
    fn digit_counts_and_pins() {
        let number = valid16("123456789012345");
        let answers = run_lines(
            "wester",
            &[
                json!({"type": "sc_point_card", "number": &number[..15]}),
                json!({"type": "sc_point_card", "number": format!("{number}0")}),
                json!({"type": "sc_point_card", "number": number, "has_pin": true}),
                json!({"type": "sc_point_card", "number": number, "has_pin": true, "pin": "１２３４"}),
                json!({"type": "sc_point_card", "number": number, "has_pin": true, "pin": "123"}),
                json!({"type": "sc_point_card", "number": number, "has_pin": true, "pin": "12345"}),
                json!({"type": "sc_point_card", "number": number, "has_pin": false}),
                json!({"type": "aeon_card", "number": number}),
            ]
            .iter()
            .map(|line| format!("{line}\n"))
            .collect::<String>(),
        );
        let errors: Vec<Value> = answers.iter().map(|a| a["errors"].clone()).collect();
        assert_eq!(
            errors,
            vec![
                json!(["wrong_digit_count"]),
                json!(["wrong_digit_count"]),
                json!(["pin_required"]),
                json!([]),
                json!(["pin_wrong_digit_count"]),
                json!(["pin_wrong_digit_count"]),
                json!([]),
                json!(["unknown_card_type"]),
            ]
        );
        for answer in &answers {
            assert_eq!(answer["valid"], json!(answer["errors"] == json!([])));
        }
    }
}
