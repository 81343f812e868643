//! The rule kinds of SPEC §9 as profile data: every value loads from TOML and JSON, and
//! everything the core cannot do is refused at load with the field named.

use super::super::*;

const WAON_TOML: &str = include_str!("../../../profiles/waon.toml");

fn field_of(result: Result<Profile, ProfileError>) -> String {
    match result {
        Err(ProfileError::InvalidField { field, .. }) => field,
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

fn with_expiry(rule_lines: &str) -> String {
    WAON_TOML.replace("expiry = \"accrual_period\"\n", rule_lines)
}

#[test]
fn every_expiry_rule_loads_with_its_month_count_beside_it() {
    for (lines, rule, months) in [
        ("expiry = \"fiscal_year\"\n", ExpiryRule::FiscalYear, None),
        (
            "expiry = \"accrual_period\"\n",
            ExpiryRule::AccrualPeriod,
            None,
        ),
        (
            "expiry = \"rolling\"\nexpiry_months = 12\n",
            ExpiryRule::Rolling,
            Some(12),
        ),
        (
            "expiry = \"months_after_award\"\nexpiry_months = 24\n",
            ExpiryRule::MonthsAfterAward,
            Some(24),
        ),
        ("expiry = \"server_dated\"\n", ExpiryRule::ServerDated, None),
        ("expiry = \"never\"\n", ExpiryRule::Never, None),
    ] {
        let profile = Profile::from_toml(&with_expiry(lines)).expect(lines);
        assert_eq!(profile.points.expiry, rule);
        assert_eq!(profile.points.expiry_months, months);
        // The same profile round-trips through JSON.
        let json = serde_json::to_string(&profile).expect("json");
        assert_eq!(Profile::from_json(&json).expect("from json"), profile);
    }
}

#[test]
fn todays_profiles_stay_valid_without_a_month_count() {
    for id in Profile::builtin_ids() {
        let profile = Profile::builtin(id).expect("shipped");
        assert_eq!(profile.points.expiry_months, None);
        // And they serialise without the field, so older readers are not surprised.
        let json = serde_json::to_value(&*profile).expect("json");
        assert!(json["points"].get("expiry_months").is_none());
    }
}

#[test]
fn month_rules_without_months_are_refused_naming_the_field() {
    for rule in ["rolling", "months_after_award"] {
        let text = with_expiry(&format!("expiry = \"{rule}\"\n"));
        assert_eq!(field_of(Profile::from_toml(&text)), "points.expiry_months");
    }
}

#[test]
fn month_counts_out_of_range_or_for_other_rules_are_refused() {
    for lines in [
        "expiry = \"rolling\"\nexpiry_months = 0\n",
        "expiry = \"rolling\"\nexpiry_months = 1201\n",
        "expiry = \"months_after_award\"\nexpiry_months = 0\n",
        "expiry = \"fiscal_year\"\nexpiry_months = 12\n",
        "expiry = \"never\"\nexpiry_months = 12\n",
        "expiry = \"server_dated\"\nexpiry_months = 1\n",
    ] {
        assert_eq!(
            field_of(Profile::from_toml(&with_expiry(lines))),
            "points.expiry_months",
            "{lines}"
        );
    }
    let negative = with_expiry("expiry = \"rolling\"\nexpiry_months = -1\n");
    assert_eq!(
        field_of(Profile::from_toml(&negative)),
        "points.expiry_months"
    );
    let text = with_expiry("expiry = \"rolling\"\nexpiry_months = \"twelve\"\n");
    assert_eq!(field_of(Profile::from_toml(&text)), "points.expiry_months");
}

#[test]
fn rules_the_core_does_not_know_are_refused_naming_the_field() {
    let weekly = with_expiry("expiry = \"weekly\"\n");
    assert_eq!(field_of(Profile::from_toml(&weekly)), "points.expiry");
    let verhoeff = WAON_TOML.replacen("check = \"luhn\"", "check = \"verhoeff\"", 2);
    assert_eq!(
        field_of(Profile::from_toml(&verhoeff)),
        "cards.types[0].check"
    );
    // JSON names the field the same way.
    let mut json = serde_json::to_value(&*Profile::builtin("waon").expect("waon")).expect("json");
    json["cards"]["types"][1]["check"] = "damm".into();
    assert_eq!(
        field_of(Profile::from_json(&json.to_string())),
        "cards.types[1].check"
    );
}

#[test]
fn every_check_digit_kind_loads() {
    for (name, kind) in [
        ("luhn", CheckDigit::Luhn),
        ("mod10_w3", CheckDigit::Mod10W3),
        ("none", CheckDigit::None),
    ] {
        let text = WAON_TOML.replace("check = \"luhn\"", &format!("check = \"{name}\""));
        let profile = Profile::from_toml(&text).expect(name);
        assert!(
            profile.cards.types.iter().all(|t| t.check == kind),
            "{name}"
        );
    }
}
