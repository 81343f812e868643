//! `tamaru-qa check password --profile P`: the core's password policy (SPEC §2.1) as JSON
//! lines, so QA can test the policy without an app.
//!
//! Stable contract: each input line is one JSON string (the password); each output line is
//! `{"valid": bool, "violations": [{"code": "...", "char": "...", "position": N}]}`, with
//! `char` and `position` present only for the per-character codes. Messages are left out on
//! purpose: their wording may improve without breaking QA's comparisons. A line that is JSON
//! but not a string gets `{"error": "..."}`, and the run goes on.

use std::io::{self, BufRead, Write};

use serde_json::{Map, Value, json};
use tamaru_core::login::policy::{PasswordCheck, check_password};
use tamaru_core::profile::Profile;

use crate::jsonl;

pub fn run(profile: &Profile, input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<()> {
    jsonl::for_each_line(input, output, |value| match value {
        Value::String(password) => answer(&check_password(&profile.password, &password)),
        other => jsonl::error(format!(
            "expected a JSON string (the password), got {}",
            json_type(&other)
        )),
    })
}

/// The contract's shape of a check: codes, characters and positions only.
fn answer(check: &PasswordCheck) -> Value {
    let violations: Vec<Value> = check
        .violations
        .iter()
        .map(|v| {
            let mut entry = Map::new();
            entry.insert("code".into(), json!(v.code.as_str()));
            if let Some(ch) = &v.character {
                entry.insert("char".into(), json!(ch));
            }
            if let Some(position) = v.position {
                entry.insert("position".into(), json!(position));
            }
            Value::Object(entry)
        })
        .collect();
    json!({ "valid": check.valid, "violations": violations })
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
}
