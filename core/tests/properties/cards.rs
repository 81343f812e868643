//! Card-number normalisation (SPEC §4.1) and the offline pre-check on hostile text.

use proptest::prelude::*;
use tamaru_core::cards::input::{CardInput, CardInputError, normalize, precheck};
use tamaru_core::profile::Profile;

use super::CASES;

const SEPARATORS: &[char] = &[' ', '\u{3000}', '-', '‐', '‑', '–', '—', '−', '－', 'ー'];
const WIDE_DIGITS: &[char] = &['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];

/// Digits as a member may type them: each half- or full-width, separators anywhere.
fn typed_digits() -> impl Strategy<Value = (String, String)> {
    proptest::collection::vec(
        (
            0u8..10,
            any::<bool>(),
            proptest::option::of(0..SEPARATORS.len()),
        ),
        1..40,
    )
    .prop_map(|items| {
        let mut typed = String::new();
        let mut digits = String::new();
        for (d, wide, sep) in items {
            if let Some(s) = sep {
                typed.push(SEPARATORS[s]);
            }
            let c = char::from(b'0' + d);
            typed.push(if wide { WIDE_DIGITS[usize::from(d)] } else { c });
            digits.push(c);
        }
        (typed, digits)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Any text: digits only, or a named character that is really there.
    #[test]
    fn any_text_normalises_to_digits_or_names_the_character(text in any::<String>()) {
        match normalize(&text) {
            Ok(digits) => {
                prop_assert!(!digits.is_empty());
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{:?}", digits);
                // Normalising again changes nothing.
                prop_assert_eq!(normalize(&digits), Ok(digits.clone()));
            }
            Err(CardInputError::Empty) => {
                prop_assert!(text.chars().all(|c| !c.is_ascii_digit()));
            }
            Err(CardInputError::InvalidCharacter { character, position }) => {
                let at = text.chars().nth(position as usize).map(String::from);
                prop_assert_eq!(at, Some(character));
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn typed_digits_normalise_to_the_digits((typed, digits) in typed_digits()) {
        prop_assert_eq!(normalize(&typed), Ok(digits));
    }

    /// The pre-check of any card type, number and PIN: an answer, never a panic, and a
    /// card that passes is 16 half-width digits.
    #[test]
    fn precheck_answers_anything(
        number in any::<String>(),
        pin in proptest::option::of(any::<String>()),
        type_index in 0usize..5,
    ) {
        for id in ["wester", "waon"] {
            let profile = Profile::builtin(id).expect("builtin");
            let types: Vec<String> = profile.cards.types.iter().map(|t| t.id.clone()).chain(["nope".to_owned()]).collect();
            let card_type = types[type_index % types.len()].clone();
            let mut input = CardInput::new(card_type, number.clone());
            input.has_pin = Some(pin.is_some());
            input.pin = pin.clone();
            input.member_registered = Some(true);
            if let Ok(card) = precheck(&profile, &input) {
                prop_assert!(card.number.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
