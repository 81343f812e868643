//! `tamaru-qa check password --profile P`: the core's password policy (SPEC §2.1) as JSON
//! lines, so QA can test the policy without an app.
//!
//! Stable contract: each input line is one JSON string (the password); each output line is
//! `{"valid": bool, "violations": [{"code": "...", "char": "...", "position": N}]}`, with
//! `char` and `position` present only for the per-character codes. Messages are left out on
//! purpose: their wording may improve without breaking QA's comparisons. A line that is JSON
//! but not a string gets `{"error": "..."}`, and the run goes on.
//!
//! Interpretations (the core's, pinned by the tests below): a full-width form (`Ａ`, `１`,
//! `！`) is `full_width_character` and does not count towards `missing_digit` and the other
//! class codes; the ideographic space U+3000 is `full_width_character` wherever it stands
//! (also at an end), while ASCII whitespace (space, tab, line break) at an end is
//! `leading_or_trailing_space` and in the middle `disallowed_character`; lengths and
//! positions count Unicode scalar values from 0.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;
use tamaru_core::login::policy::{PasswordCheck, check_password};
use tamaru_core::profile::Profile;

use crate::jsonl;

pub fn run(profile: &Profile, input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<()> {
    jsonl::for_each_line(input, output, |value| match value {
        Value::String(password) => Ok(answer(&check_password(&profile.password, &password))),
        other => Err(format!(
            "expected a JSON string (the password), got {}",
            json_type(&other)
        )),
    })
}

/// One output line, fields in the README's order: `{"valid", "violations"}`.
#[derive(Debug, Serialize)]
struct Answer {
    valid: bool,
    violations: Vec<Violation>,
}

/// One violation, fields in the README's order: `{"code", "char"?, "position"?}`; `char`
/// and `position` only for the per-character codes.
#[derive(Debug, Serialize)]
struct Violation {
    code: &'static str,
    #[serde(rename = "char", skip_serializing_if = "Option::is_none")]
    character: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
}

/// The contract's shape of a check: codes, characters and positions only.
fn answer(check: &PasswordCheck) -> Answer {
    Answer {
        valid: check.valid,
        violations: check
            .violations
            .iter()
            .map(|v| Violation {
                code: v.code.as_str(),
                character: v.character.clone(),
                position: v.position,
            })
            .collect(),
    }
}

/// The JSON type's name, for the error line (never the value: it could be a password).
fn json_type(value: &Value) -> &'static str {
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

    use serde_json::{Map, json};

    fn run_on(profile: &str, input: &[u8]) -> Vec<Value> {
        let profile = Profile::builtin(profile).expect("shipped profile");
        let mut output = Vec::new();
        run(&profile, &mut &input[..], &mut output).expect("run");
        let text = String::from_utf8(output).expect("UTF-8 output");
        assert!(text.is_empty() || text.ends_with('\n'));
        text.lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect()
    }

    #[test]
    fn a_valid_password_is_one_exact_line() {
        let profile = Profile::builtin("wester").expect("wester");
        let mut output = Vec::new();
        run(&profile, &mut &b"\"Passw0rd!\"\n"[..], &mut output).expect("run");
        assert_eq!(
            String::from_utf8(output).expect("UTF-8"),
            "{\"valid\":true,\"violations\":[]}\n"
        );
    }

    #[test]
    fn every_violation_with_char_and_position_only_where_they_apply() {
        let lines = run_on("wester", "\"pass w０rd \"\n".as_bytes());
        assert_eq!(
            lines,
            vec![json!({
                "valid": false,
                "violations": [
                    {"code": "missing_digit"},
                    {"code": "missing_upper"},
                    {"code": "missing_symbol"},
                    {"code": "disallowed_character", "char": " ", "position": 4},
                    {"code": "full_width_character", "char": "０", "position": 6},
                    {"code": "leading_or_trailing_space", "char": " ", "position": 9},
                ]
            })]
        );
    }

    #[test]
    fn the_profiles_differ() {
        let input = b"\"passw0rd\"\n\"short\"\n";
        assert_eq!(
            run_on("waon", input),
            vec![
                json!({"valid": true, "violations": []}),
                json!({"valid": false, "violations": [{"code": "too_short"}, {"code": "missing_digit"}]}),
            ]
        );
        assert_eq!(
            run_on("wester", input)[0],
            json!({"valid": false, "violations": [{"code": "missing_upper"}, {"code": "missing_symbol"}]})
        );
    }

    #[test]
    fn escapes_and_multibyte_positions() {
        // JSON escapes reach the check decoded: a leading tab, an ideographic space, an emoji.
        let lines = run_on("waon", br#""\tabc\u30001234\ud83d\ude00""#);
        assert_eq!(
            lines,
            vec![json!({
                "valid": false,
                "violations": [
                    {"code": "leading_or_trailing_space", "char": "\t", "position": 0},
                    {"code": "full_width_character", "char": "\u{3000}", "position": 4},
                    {"code": "disallowed_character", "char": "😀", "position": 9},
                ]
            })]
        );
    }

    #[test]
    fn non_strings_and_non_json_get_an_error_and_the_run_goes_on() {
        let lines = run_on(
            "wester",
            b"42\n{\"password\": \"x\"}\nnull\nnot json\n\n\"Passw0rd!\"\n",
        );
        assert_eq!(lines.len(), 5, "the blank line is skipped");
        for line in &lines[..4] {
            let message = line["error"].as_str().expect("an error line");
            assert!(!message.contains("\"x\""), "the value is not echoed");
            assert_eq!(line.as_object().map(Map::len), Some(1));
        }
        assert!(
            lines[0]["error"]
                .as_str()
                .is_some_and(|m| m.contains("a number"))
        );
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|m| m.contains("an object"))
        );
        assert_eq!(lines[4], json!({"valid": true, "violations": []}));
    }

    #[test]
    fn an_empty_string_is_checked_not_skipped() {
        assert_eq!(
            run_on("waon", b"\"\"\n"),
            vec![json!({
                "valid": false,
                "violations": [{"code": "too_short"}, {"code": "missing_digit"}, {"code": "missing_letter"}]
            })]
        );
    }

    #[test]
    fn fields_are_written_in_the_readme_order() {
        // README: `{"valid": bool, "violations": [{"code", "char"?, "position"?}]}`.
        let profile = Profile::builtin("wester").expect("wester");
        let mut output = Vec::new();
        run(&profile, &mut &b"\" Abcdef1!\"\n"[..], &mut output).expect("run");
        assert_eq!(
            String::from_utf8(output).expect("UTF-8"),
            "{\"valid\":false,\"violations\":[\
             {\"code\":\"leading_or_trailing_space\",\"char\":\" \",\"position\":0}]}\n"
        );
    }

    /// SPEC §2.1's symbol set, exactly as listed (the FAQ's list, `\` and `=` included).
    const SPEC_SYMBOLS: &str = r##"!"#$%&'()-^\@[;:],./=~|`{+*}<>?_"##;

    #[test]
    fn each_spec_symbol_alone_makes_a_wester_password_valid() {
        assert_eq!(SPEC_SYMBOLS.chars().count(), 32);
        let input: String = SPEC_SYMBOLS
            .chars()
            .map(|c| format!("{}\n", json!(format!("Abcdef1{c}"))))
            .collect();
        for (line, c) in run_on("wester", input.as_bytes())
            .iter()
            .zip(SPEC_SYMBOLS.chars())
        {
            assert_eq!(line, &json!({"valid": true, "violations": []}), "{c:?}");
        }
        // And every other printable ASCII character that is not a letter or digit is not one:
        // the space is the only one, and in the middle it is disallowed.
        let others: Vec<char> = (' '..='~')
            .filter(|c| !c.is_ascii_alphanumeric() && !SPEC_SYMBOLS.contains(*c))
            .collect();
        assert_eq!(others, vec![' ']);
    }

    #[test]
    fn length_bounds_count_characters() {
        let lines = run_on(
            "wester",
            format!(
                "{}\n{}\n{}\n{}\n{}\n",
                json!("Abcde1!"),
                json!("Abcdef1!"),
                json!(format!("Abcdef1!{}", "a".repeat(56))),
                json!(format!("Abcdef1!{}", "a".repeat(57))),
                // 8 characters, 32 bytes: not too short, just not allowed.
                json!("😀".repeat(8)),
            )
            .as_bytes(),
        );
        assert_eq!(
            lines[0],
            json!({"valid": false, "violations": [{"code": "too_short"}]})
        );
        assert_eq!(lines[1], json!({"valid": true, "violations": []}));
        assert_eq!(lines[2], json!({"valid": true, "violations": []}));
        assert_eq!(
            lines[3],
            json!({"valid": false, "violations": [{"code": "too_long"}]})
        );
        let codes: Vec<&str> = lines[4]["violations"]
            .as_array()
            .expect("violations")
            .iter()
            .filter_map(|v| v["code"].as_str())
            .collect();
        assert!(!codes.contains(&"too_short"), "{codes:?}");
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "disallowed_character")
                .count(),
            8
        );
    }

    #[test]
    fn waon_needs_a_digit_and_a_letter_only() {
        let lines = run_on(
            "waon",
            b"\"abcdefgh\"\n\"12345678\"\n\"abcd1234\"\n\"ABCD1234\"\n\"abc!1234\"\n",
        );
        assert_eq!(
            lines,
            vec![
                json!({"valid": false, "violations": [{"code": "missing_digit"}]}),
                json!({"valid": false, "violations": [{"code": "missing_letter"}]}),
                json!({"valid": true, "violations": []}),
                json!({"valid": true, "violations": []}),
                json!({"valid": true, "violations": []}),
            ]
        );
    }

    #[test]
    fn full_width_forms_and_spaces_are_named_where_they_stand() {
        let lines = run_on(
            "wester",
            "\"Ａbcdef1!\"\n\"Abcdef１!\"\n\"Abcdef1！\"\n\"Abc\u{3000}def1!\"\n\"Abc def1!\"\n\"Abcdef1!\\t\"\n"
                .as_bytes(),
        );
        assert_eq!(
            lines,
            vec![
                json!({"valid": false, "violations": [
                    {"code": "missing_upper"},
                    {"code": "full_width_character", "char": "Ａ", "position": 0}]}),
                json!({"valid": false, "violations": [
                    {"code": "missing_digit"},
                    {"code": "full_width_character", "char": "１", "position": 6}]}),
                json!({"valid": false, "violations": [
                    {"code": "missing_symbol"},
                    {"code": "full_width_character", "char": "！", "position": 7}]}),
                json!({"valid": false, "violations": [
                    {"code": "full_width_character", "char": "\u{3000}", "position": 3}]}),
                json!({"valid": false, "violations": [
                    {"code": "disallowed_character", "char": " ", "position": 3}]}),
                json!({"valid": false, "violations": [
                    {"code": "leading_or_trailing_space", "char": "\t", "position": 8}]}),
            ]
        );
    }
}
