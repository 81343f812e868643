//! The password check: total on any text, consistent, and exact about positions.

use proptest::prelude::*;
use tamaru_core::login::policy::{PasswordViolationCode, check_password};
use tamaru_core::profile::Profile;

use super::CASES;

const SYMBOLS: &str = "!\"#$%&'()-^\\@[;:],./=~|`{+*}<>?_";

/// A password the `wester` policy accepts: one of each required class, then any allowed
/// ASCII characters, 8 to 64 in all, shuffled.
fn valid_wester_password() -> impl Strategy<Value = String> {
    let allowed: Vec<char> = ('0'..='9')
        .chain('a'..='z')
        .chain('A'..='Z')
        .chain(SYMBOLS.chars())
        .collect();
    let symbols: Vec<char> = SYMBOLS.chars().collect();
    (
        proptest::sample::select(('0'..='9').collect::<Vec<_>>()),
        proptest::sample::select(('a'..='z').collect::<Vec<_>>()),
        proptest::sample::select(('A'..='Z').collect::<Vec<_>>()),
        proptest::sample::select(symbols),
        proptest::collection::vec(proptest::sample::select(allowed), 4..=60),
    )
        .prop_flat_map(|(d, l, u, s, rest)| {
            let mut chars = vec![d, l, u, s];
            chars.extend(rest);
            Just(chars).prop_shuffle()
        })
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Any text at all: no panic, `valid` exactly when nothing is violated, and every
    /// character-level violation points at that very character.
    #[test]
    fn any_text_gets_a_consistent_answer(text in any::<String>()) {
        for id in ["wester", "waon"] {
            let profile = Profile::builtin(id).expect("builtin");
            let check = check_password(&profile.password, &text);
            prop_assert_eq!(check.valid, check.violations.is_empty());
            let chars: Vec<char> = text.chars().collect();
            for v in &check.violations {
                if let Some(position) = v.position {
                    let at = chars.get(position as usize).copied();
                    prop_assert!(at.is_some(), "position {} past the end", position);
                    prop_assert_eq!(v.character.clone(), at.map(String::from));
                }
                prop_assert!(!v.message_en.is_empty() && !v.message_ja.is_empty());
            }
            // The same text always gets the same answer.
            prop_assert_eq!(check_password(&profile.password, &text), check);
        }
    }

    #[test]
    fn passwords_meeting_every_rule_pass(password in valid_wester_password()) {
        let profile = Profile::builtin("wester").expect("builtin");
        let check = check_password(&profile.password, &password);
        prop_assert!(check.valid, "{:?}: {:?}", password, check.codes());
    }

    /// A pasted space at either end is named as such, never as a disallowed character.
    #[test]
    fn an_edge_space_is_named(password in valid_wester_password(), leading in any::<bool>()) {
        let profile = Profile::builtin("wester").expect("builtin");
        let text = if leading { format!(" {password}") } else { format!("{password} ") };
        let check = check_password(&profile.password, &text);
        let codes = check.codes();
        prop_assert!(codes.contains(&PasswordViolationCode::LeadingOrTrailingSpace), "{:?}", codes);
        prop_assert!(!codes.contains(&PasswordViolationCode::DisallowedCharacter), "{:?}", codes);
    }

    /// The full-width form of any allowed character is reported where it was typed.
    #[test]
    fn a_full_width_character_is_found_where_it_is(
        password in valid_wester_password(),
        wide in 0xFF01u32..=0xFF5E,
        at in any::<proptest::sample::Index>(),
    ) {
        let profile = Profile::builtin("wester").expect("builtin");
        let wide = char::from_u32(wide).expect("full-width block");
        let mut chars: Vec<char> = password.chars().collect();
        let position = at.index(chars.len() + 1);
        chars.insert(position, wide);
        let text: String = chars.into_iter().collect();
        let check = check_password(&profile.password, &text);
        prop_assert!(check.violations.iter().any(|v| {
            v.code == PasswordViolationCode::FullWidthCharacter && v.position == Some(position as u32)
        }), "{:?}", check.violations);
    }
}
