//! Profile parsing (TOML and JSON, loaded at run time): hostile documents get a typed error
//! naming the field, never a panic, and the shipped profiles survive a round trip.

use proptest::prelude::*;
use tamaru_core::profile::{Profile, ProfileError};

use super::CASES;

const WESTER: &str = include_str!("../../profiles/wester.toml");
const WAON: &str = include_str!("../../profiles/waon.toml");

/// A shipped profile with one line's value replaced by something hostile.
fn mutated_profile() -> impl Strategy<Value = String> {
    let values = prop_oneof![
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("4294967296".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("\"\"".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("true".to_owned()),
        Just("1e308".to_owned()),
        Just("\"\\u0000\"".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[ -~]{0,12}".prop_map(|s| format!("{s:?}")),
    ];
    (any::<bool>(), any::<proptest::sample::Index>(), values).prop_map(|(waon, line, value)| {
        let text = if waon { WAON } else { WESTER };
        let lines: Vec<&str> = text.lines().collect();
        let index = line.index(lines.len());
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| match l.split_once(" = ") {
                Some((key, _)) if i == index => format!("{key} = {value}"),
                _ => (*l).to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn answer_is_typed(result: Result<Profile, ProfileError>) -> Result<(), TestCaseError> {
    match result {
        Ok(profile) => {
            // Whatever loads has passed the checks a record from the app goes through too.
            prop_assert!(profile.validate().is_ok());
        }
        Err(ProfileError::InvalidField { reason, .. }) => prop_assert!(!reason.is_empty()),
        Err(other) => prop_assert!(false, "unexpected {:?}", other),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_text_is_a_profile_or_a_typed_error(text in any::<String>()) {
        answer_is_typed(Profile::from_toml(&text))?;
        answer_is_typed(Profile::from_json(&text))?;
    }

    #[test]
    fn a_mutated_profile_loads_or_names_the_field(text in mutated_profile()) {
        answer_is_typed(Profile::from_toml(&text))?;
    }

    /// A profile cut off anywhere is a typed error or (cut in trailing space) the profile.
    #[test]
    fn a_truncated_profile_is_an_error_not_a_panic(cut in any::<proptest::sample::Index>()) {
        let json = serde_json::to_string(&*Profile::builtin("waon").expect("builtin")).expect("json");
        let end = cut.index(json.len());
        if let Some(prefix) = json.get(..end) {
            answer_is_typed(Profile::from_json(prefix))?;
        }
    }
}

#[test]
fn shipped_profiles_survive_a_round_trip_through_toml_and_json() {
    for id in Profile::builtin_ids() {
        let profile = Profile::builtin(id).expect("builtin");
        let toml = toml::to_string(&*profile).expect("to toml");
        assert_eq!(Profile::from_toml(&toml).expect("from toml"), *profile);
        let json = serde_json::to_string(&*profile).expect("to json");
        assert_eq!(Profile::from_json(&json).expect("from json"), *profile);
    }
}
