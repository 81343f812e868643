//! `tamaru-qa expiry --profile P`: point expiry dates by the profile's rule (SPEC §5, §9).
//!
//! Stable JSON-lines contract, one object per input line, in order, by the profile's
//! `points.expiry` rule:
//!
//! - `fiscal_year` (`wester`) and `months_after_award`: `{"earned": "YYYY-MM-DD"}`;
//! - `accrual_period` (`waon`): `{"first_award": "YYYY-MM-DD", "earned": "YYYY-MM-DD"}`;
//! - `rolling`: `{"last_activity": "YYYY-MM-DD"}` (the member's last earn or use);
//! - answer: `{"expires": "YYYY-MM-DD"}`, the last day on which the points are valid;
//!   `{"expires": null}` under `never`;
//! - a bad line (not JSON, not an object, a missing or non-string field, a non-date such as
//!   `2023-02-30`, earned before the first award), and every line under `server_dated` (the
//!   server dates each lot), gets `{"error": "..."}` and the rest still run. Empty lines are
//!   skipped.
//!
//! The rule (and `points.expiry_months`) is taken from the profile, never from its name, so
//! a profile file (`--profile path.toml|path.json`) behaves by what it says. Dates are Japan
//! calendar dates in the strict form `YYYY-MM-DD`
//! ([`tamaru_core::points::expiry::parse_date`]). Fields a rule does not use (a `first_award`
//! under the fiscal-year rule) and unknown fields are ignored, so one input file can be fed
//! to every profile.

use std::io::{self, BufRead, Write};

use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value, json};
use tamaru_core::points::expiry::{ExpiryFacts, expiry_by_rules, parse_date};
use tamaru_core::profile::{ExpiryRule, PointRules, Profile};

use crate::jsonl::for_each_line;

pub fn run(profile: &Profile, input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<()> {
    let rules = &profile.points;
    for_each_line(input, output, |value| {
        answer(rules, &value)
            .map(|expires| json!({ "expires": expires.map(|date| date.to_string()) }))
    })
}

/// The expiry for one input value (`None`: never), or the message of its error line.
fn answer(rules: &PointRules, value: &Value) -> Result<Option<NaiveDate>, String> {
    let Some(fields) = value.as_object() else {
        return Err("expected a JSON object".to_owned());
    };
    // Read only the dates the rule needs, in the order the contract names them.
    let names: &[&str] = match rules.expiry {
        ExpiryRule::FiscalYear | ExpiryRule::MonthsAfterAward => &["earned"],
        ExpiryRule::AccrualPeriod => &["first_award", "earned"],
        ExpiryRule::Rolling => &["last_activity"],
        ExpiryRule::ServerDated | ExpiryRule::Never => &[],
    };
    let mut facts = ExpiryFacts::default();
    for name in names {
        let date = Some(date_field(fields, name)?);
        match *name {
            "earned" => facts.earned = date,
            "first_award" => facts.first_award = date,
            _ => facts.last_activity = date,
        }
    }
    let expires = expiry_by_rules(rules, &facts).map_err(|e| e.to_string())?;
    // Only absurd input (earned in 9999) gets here; the contract promises four-digit years.
    if let Some(date) = expires.filter(|date| date.year() > 9999) {
        return Err(format!("expiry {date} cannot be written as YYYY-MM-DD"));
    }
    Ok(expires)
}

fn date_field(fields: &Map<String, Value>, name: &str) -> Result<NaiveDate, String> {
    match fields.get(name) {
        None => Err(format!("missing field `{name}`")),
        Some(Value::String(text)) => parse_date(text).map_err(|e| format!("field `{name}`: {e}")),
        Some(_) => Err(format!("field `{name}` must be a string \"YYYY-MM-DD\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lines(profile: &Profile, input: &str) -> Vec<Value> {
        let mut output = Vec::new();
        run(profile, &mut input.as_bytes(), &mut output).expect("run");
        String::from_utf8(output)
            .expect("utf-8")
            .lines()
            .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
            .collect()
    }

    fn wester() -> Profile {
        Profile::clone(&Profile::builtin("wester").expect("wester"))
    }

    fn waon() -> Profile {
        Profile::clone(&Profile::builtin("waon").expect("waon"))
    }

    fn is_error(value: &Value) -> bool {
        value
            .as_object()
            .is_some_and(|o| o.len() == 1 && o.get("error").is_some_and(Value::is_string))
    }

    #[test]
    fn wester_spec_examples() {
        let out = run_lines(
            &wester(),
            "{\"earned\": \"2025-03-31\"}\n{\"earned\": \"2025-04-01\"}\n",
        );
        assert_eq!(
            out,
            vec![
                json!({"expires": "2026-03-31"}),
                json!({"expires": "2027-03-31"})
            ]
        );
    }

    #[test]
    fn waon_spec_worked_example() {
        let input = [
            ("2020-09-10", "2020-09-10", "2022-09-30"),
            ("2020-09-10", "2021-09-30", "2022-09-30"),
            ("2020-09-10", "2021-10-01", "2023-09-30"),
            ("2020-09-10", "2022-09-30", "2023-09-30"),
            ("2020-09-10", "2022-10-01", "2024-09-30"),
            ("2020-09-10", "2023-09-30", "2024-09-30"),
            ("2020-02-29", "2023-03-01", "2025-02-28"),
            ("2020-12-15", "2022-01-01", "2023-12-31"),
        ];
        let text: String = input
            .iter()
            .map(|(first, earned, _)| {
                format!("{}\n", json!({"first_award": first, "earned": earned}))
            })
            .collect();
        let want: Vec<Value> = input
            .iter()
            .map(|(_, _, expires)| json!({ "expires": expires }))
            .collect();
        assert_eq!(run_lines(&waon(), &text), want);
    }

    #[test]
    fn bad_lines_get_errors_and_the_rest_still_run() {
        let input = concat!(
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2021-10-01\"}\n",
            "[\"2021-10-01\"]\n",
            "\"2021-10-01\"\n",
            "{\"earned\": \"2021-10-01\"}\n",
            "{\"first_award\": \"2020-09-10\"}\n",
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2023-02-30\"}\n",
            "{\"first_award\": \"2023-02-29\", \"earned\": \"2023-03-01\"}\n",
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2020-09-09\"}\n",
            "{\"first_award\": \"2020-09-10\", \"earned\": 20210101}\n",
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2021-1-1\"}\n",
            "not json\n",
            "\n",
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2022-10-01\"}\n",
        );
        let out = run_lines(&waon(), input);
        assert_eq!(out.len(), 12, "{out:?}");
        assert_eq!(out[0], json!({"expires": "2023-09-30"}));
        for (i, line) in out[1..11].iter().enumerate() {
            assert!(is_error(line), "line {}: {line}", i + 2);
        }
        assert_eq!(out[11], json!({"expires": "2024-09-30"}));
        let message = |i: usize| out[i]["error"].as_str().unwrap_or_default().to_owned();
        assert!(message(1).contains("object"));
        assert!(message(3).contains("first_award"));
        assert!(message(4).contains("earned"));
        assert!(message(5).contains("2023-02-30"));
        assert!(message(6).contains("2023-02-29"));
        assert!(message(7).contains("2020-09-09") && message(7).contains("2020-09-10"));
        assert!(message(8).contains("string"));
        assert!(message(10).contains("JSON"));
    }

    #[test]
    fn wester_bad_lines() {
        let input = "{}\n{\"earned\": \"2023-02-30\"}\n{\"earned\": null}\n42\n{\"earned\": \"2024-02-29\"}\n";
        let out = run_lines(&wester(), input);
        assert_eq!(out.len(), 5);
        assert!(out[..4].iter().all(is_error), "{out:?}");
        assert_eq!(out[4], json!({"expires": "2025-03-31"}));
    }

    #[test]
    fn fiscal_year_ignores_first_award_and_unknown_fields() {
        let input = "{\"first_award\": \"2030-01-01\", \"earned\": \"2025-04-01\", \"note\": 1}\n\
                     {\"first_award\": \"not a date\", \"earned\": \"2025-03-31\"}\n";
        let out = run_lines(&wester(), input);
        assert_eq!(
            out,
            vec![
                json!({"expires": "2027-03-31"}),
                json!({"expires": "2026-03-31"})
            ]
        );
    }

    #[test]
    fn the_rule_comes_from_the_profile_not_its_name() {
        // A profile named `wester` that uses the accrual-period rule behaves like `waon`.
        let mut accrual = wester();
        accrual.points.expiry = ExpiryRule::AccrualPeriod;
        let line = "{\"first_award\": \"2020-09-10\", \"earned\": \"2021-10-01\"}\n";
        assert_eq!(
            run_lines(&accrual, line),
            vec![json!({"expires": "2023-09-30"})]
        );
        assert!(is_error(
            &run_lines(&accrual, "{\"earned\": \"2021-10-01\"}\n")[0]
        ));
        // And a profile named `waon` with the fiscal-year rule like `wester`.
        let mut fiscal = waon();
        fiscal.points.expiry = ExpiryRule::FiscalYear;
        assert_eq!(
            run_lines(&fiscal, "{\"earned\": \"2025-04-01\"}\n"),
            vec![json!({"expires": "2027-03-31"})]
        );
    }

    #[test]
    fn crlf_and_empty_input() {
        assert!(run_lines(&wester(), "").is_empty());
        assert!(run_lines(&wester(), "\n  \n").is_empty());
        let out = run_lines(
            &wester(),
            "{\"earned\": \"2025-03-31\"}\r\n{\"earned\": \"2025-04-01\"}",
        );
        assert_eq!(
            out,
            vec![
                json!({"expires": "2026-03-31"}),
                json!({"expires": "2027-03-31"})
            ]
        );
    }

    #[test]
    fn expiry_beyond_four_digit_years_is_an_error_line() {
        let out = run_lines(
            &wester(),
            "{\"earned\": \"9999-12-31\"}\n{\"earned\": \"9998-03-31\"}\n",
        );
        assert!(is_error(&out[0]), "{out:?}");
        assert_eq!(out[1], json!({"expires": "9999-03-31"}));
    }

    fn with_rule(rule: ExpiryRule, months: Option<u32>) -> Profile {
        let mut profile = waon();
        profile.points.expiry = rule;
        profile.points.expiry_months = months;
        profile
    }

    #[test]
    fn rolling_reads_the_last_activity() {
        let profile = with_rule(ExpiryRule::Rolling, Some(12));
        let out = run_lines(
            &profile,
            "{\"last_activity\": \"2024-02-29\"}\n{\"earned\": \"2024-02-29\"}\n{\"last_activity\": \"2024-01-31\"}\n",
        );
        assert_eq!(out[0], json!({"expires": "2025-02-28"}));
        assert!(
            is_error(&out[1])
                && out[1]["error"]
                    .as_str()
                    .is_some_and(|m| m.contains("last_activity"))
        );
        assert_eq!(out[2], json!({"expires": "2025-01-31"}));
    }

    #[test]
    fn months_after_award_reads_the_earned_date() {
        let profile = with_rule(ExpiryRule::MonthsAfterAward, Some(1));
        let out = run_lines(
            &profile,
            "{\"earned\": \"2024-01-31\"}\n{\"earned\": \"2023-01-15\"}\n",
        );
        assert_eq!(
            out,
            vec![
                json!({"expires": "2024-02-29"}),
                json!({"expires": "2023-02-28"})
            ]
        );
    }

    #[test]
    fn never_answers_null_and_server_dated_an_error() {
        let never = run_lines(
            &with_rule(ExpiryRule::Never, None),
            "{}\n{\"earned\": \"2024-01-31\"}\n",
        );
        assert_eq!(
            never,
            vec![json!({"expires": null}), json!({"expires": null})]
        );
        let server = run_lines(
            &with_rule(ExpiryRule::ServerDated, None),
            "{\"earned\": \"2024-01-31\"}\n",
        );
        assert!(
            is_error(&server[0])
                && server[0]["error"]
                    .as_str()
                    .is_some_and(|m| m.contains("server"))
        );
    }
}
