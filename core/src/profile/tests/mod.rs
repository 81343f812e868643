use super::*;

const WESTER_TOML: &str = include_str!("../../../profiles/wester.toml");

/// The JSON the build embeds (build.rs) holds exactly what the TOML files say: every shipped
/// profile read from the embedded JSON equals the same file read by the TOML loader.
#[test]
fn every_profile_file_is_shipped_as_it_is_written() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("profiles dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(Profile::builtin_ids(), files.as_slice());
    for id in Profile::builtin_ids() {
        let from_file = Profile::from_file(&dir.join(format!("{id}.toml"))).expect(id);
        assert_eq!(*Profile::builtin(id).expect(id), from_file, "{id}");
    }
    assert_eq!(
        ProfileError::UnknownProfile {
            id: "nanaco".into()
        }
        .to_string(),
        "unknown profile `nanaco` (shipped: waon, wester)"
    );
}

#[test]
fn both_reference_profiles_load() {
    let wester = Profile::builtin("wester").expect("wester");
    assert_eq!(wester.member_code.prefix, "109");
    assert_eq!(wester.member_code.length, 16);
    assert!(wester.password.require_symbol && wester.password.require_upper);
    assert!(wester.external_id.is_some());
    assert_eq!(wester.cards.types.len(), 1);

    let waon = Profile::builtin("waon").expect("waon");
    assert_eq!(waon.member_code.prefix, "4300");
    assert_eq!(waon.member_code.length, 32);
    assert!(!waon.password.require_symbol && waon.password.require_letter);
    assert_eq!(
        waon.card_type("aeon_card").and_then(|t| t.max_per_account),
        Some(1)
    );
    assert_eq!(waon.family.as_ref().map(|f| f.max_members), Some(15));
    assert_eq!(
        waon.login.id_kinds,
        vec![LoginIdKind::Email, LoginIdKind::WebId]
    );
}

#[test]
fn symbol_set_is_exactly_the_spec_list() {
    let wester = Profile::builtin("wester").expect("wester");
    let mut got: Vec<char> = wester.password.symbols.chars().collect();
    got.sort_unstable();
    let mut want: Vec<char> = "!\"#$%&'()-^\\@[;:],./=~|`{+*}<>?_".chars().collect();
    want.sort_unstable();
    assert_eq!(got, want);
}

#[test]
fn unknown_builtin_is_a_typed_error() {
    assert_eq!(
        Profile::builtin("nanaco"),
        Err(ProfileError::UnknownProfile {
            id: "nanaco".into()
        })
    );
}

#[test]
fn bad_field_is_named() {
    let text = WESTER_TOML.replace("min_length = 8", "min_length = \"eight\"");
    match Profile::from_toml(&text) {
        Err(ProfileError::InvalidField { field, .. }) => assert_eq!(field, "password.min_length"),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn missing_field_is_named() {
    let text = WESTER_TOML.replace("validity_seconds = 300\n", "");
    match Profile::from_toml(&text) {
        Err(ProfileError::InvalidField { field, reason }) => {
            assert_eq!(field, "member_code");
            assert!(reason.contains("validity_seconds"), "{reason}");
        }
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn inconsistent_lengths_are_named() {
    let text = WESTER_TOML.replace("min_length = 8", "min_length = 80");
    match Profile::from_toml(&text) {
        Err(ProfileError::InvalidField { field, .. }) => assert_eq!(field, "password.min_length"),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn json_round_trip() {
    let waon = Profile::builtin("waon").expect("waon");
    let json = serde_json::to_string(&*waon).expect("serialise");
    assert_eq!(Profile::from_json(&json).expect("parse"), *waon);
    let broken = json.replace("\"max_total\":50", "\"max_total\":-1");
    match Profile::from_json(&broken) {
        Err(ProfileError::InvalidField { field, .. }) => assert_eq!(field, "cards.max_total"),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn absurd_card_digits_and_a_zero_code_validity_are_named() {
    let cases = [
        ("digits = 16", "digits = 0", "cards.types[0].digits"),
        (
            "digits = 16",
            "digits = 4294967295",
            "cards.types[0].digits",
        ),
        (
            "validity_seconds = 300",
            "validity_seconds = 0",
            "member_code.validity_seconds",
        ),
    ];
    for (from, to, field) in cases {
        let text = WESTER_TOML.replacen(from, to, 1);
        match Profile::from_toml(&text) {
            Err(ProfileError::InvalidField { field: got, .. }) => assert_eq!(got, field, "{to}"),
            other => panic!("{to}: expected InvalidField, got {other:?}"),
        }
    }
    // A record built by hand (as an app does over the FFI) is held to the same rules.
    let mut profile = (*Profile::builtin("waon").expect("waon")).clone();
    profile.cards.types[1].pin_digits = 0;
    match profile.validate() {
        Err(ProfileError::InvalidField { field, .. }) => {
            assert_eq!(field, "cards.types[1].pin_digits")
        }
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

mod rule_kinds;
