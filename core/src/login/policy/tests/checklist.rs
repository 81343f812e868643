//! The live checklist under the password field (SPEC §2.1), per profile.

use super::*;

fn ticks(list: &[PasswordRuleStatus]) -> Vec<(PasswordRule, bool)> {
    list.iter().map(|s| (s.rule, s.met)).collect()
}

#[test]
fn wester_lists_every_class_it_requires() {
    use PasswordRule::*;
    let list = rule_checklist(&wester_pw(), "");
    assert_eq!(
        ticks(&list),
        vec![
            (Length, false),
            (Digit, false),
            (Upper, false),
            (Lower, false),
            (Symbol, false),
            (AllowedCharacters, true)
        ]
    );
    assert_eq!(list[0].label_ja, "8〜64文字");
    assert_eq!(list[0].label_en, "8-64 characters");
    assert_eq!(list[2].label_ja, "半角英大文字（A〜Z）を含む");
    assert!(
        list[4]
            .label_ja
            .contains("!\"#$%&'()-^\\@[;:],./=~|`{+*}<>?_")
    );

    let list = rule_checklist(&wester_pw(), "pass1");
    assert_eq!(
        ticks(&list),
        vec![
            (Length, false),
            (Digit, true),
            (Upper, false),
            (Lower, true),
            (Symbol, false),
            (AllowedCharacters, true)
        ]
    );
    assert!(
        rule_checklist(&wester_pw(), "Passw0rd!")
            .iter()
            .all(|s| s.met)
    );
    let list = rule_checklist(&wester_pw(), "Passw0rd!あ");
    assert_eq!(ticks(&list).last(), Some(&(AllowedCharacters, false)));
}

#[test]
fn waon_lists_digit_and_letter_only() {
    use PasswordRule::*;
    let list = rule_checklist(&waon_pw(), "abc");
    assert_eq!(
        ticks(&list),
        vec![
            (Length, false),
            (Digit, false),
            (Letter, true),
            (AllowedCharacters, true)
        ]
    );
    assert_eq!(list[2].label_ja, "半角英字を含む");
    assert!(rule_checklist(&waon_pw(), "abcd1234").iter().all(|s| s.met));
}

#[test]
fn equal_bounds_name_one_number() {
    let rules = PasswordRules {
        min_length: 8,
        max_length: 8,
        ..waon_pw()
    };
    let list = rule_checklist(&rules, "");
    assert_eq!(
        (list[0].label_en.as_str(), list[0].label_ja.as_str()),
        ("8 characters", "8文字")
    );
}

#[test]
fn serialises_with_snake_case_rules() {
    let list = rule_checklist(&waon_pw(), "");
    let json = serde_json::to_value(&list).expect("serialise");
    assert_eq!(json[3]["rule"], "allowed_characters");
    assert_eq!(json[0]["met"], false);
}
