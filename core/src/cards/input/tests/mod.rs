use super::*;

/// Random and hostile input.
mod hostile;

use std::sync::Arc;

use crate::profile::CheckDigit;

fn wester() -> Arc<Profile> {
    Profile::builtin("wester").expect("wester profile")
}

fn waon() -> Arc<Profile> {
    Profile::builtin("waon").expect("waon profile")
}

/// A valid 16-digit Luhn number starting with `prefix15` (15 digits).
fn valid16(prefix15: &str) -> String {
    assert_eq!(prefix15.len(), 15);
    let check = luhn_check_digit(prefix15).expect("digits");
    format!("{prefix15}{check}")
}

/// The same number with its last digit changed, so the check digit no longer matches.
fn bad_check(number: &str) -> String {
    let (head, last) = number.split_at(number.len() - 1);
    let d = last.parse::<u32>().expect("digit");
    format!("{head}{}", (d + 1) % 10)
}

fn codes(errors: &[CardInputError]) -> Vec<&'static str> {
    errors.iter().map(CardInputError::code).collect()
}

fn sc(number: &str) -> CardInput {
    CardInput::new("sc_point_card", number)
}

fn sc_with_pin(number: &str, has_pin: Option<bool>, pin: Option<&str>) -> CardInput {
    CardInput {
        has_pin,
        pin: pin.map(str::to_owned),
        ..sc(number)
    }
}

// --- Luhn ---------------------------------------------------------------------------------

#[test]
fn luhn_known_values() {
    assert!(luhn_valid("79927398713"));
    assert!(luhn_valid("4111111111111111"));
    assert!(luhn_valid("0"));
    assert!(!luhn_valid("79927398710"));
    assert!(!luhn_valid("4111111111111112"));
    assert_eq!(luhn_check_digit("7992739871"), Some('3'));
    assert_eq!(luhn_check_digit("411111111111111"), Some('1'));
}

#[test]
fn luhn_rejects_non_digits_and_empty() {
    assert!(!luhn_valid(""));
    assert!(!luhn_valid("4111 1111 1111 1111"));
    assert!(!luhn_valid("４１１１１１１１１１１１１１１１"));
    assert_eq!(luhn_check_digit("12a"), None);
    assert_eq!(luhn_check_digit("１２"), None);
    assert_eq!(luhn_check_digit(""), Some('0'));
}

#[test]
fn luhn_check_digit_always_makes_a_valid_number() {
    let mut partial = String::new();
    for i in 0..40u32 {
        partial.push(char::from_digit((i * 7 + 3) % 10, 10).expect("digit"));
        let check = luhn_check_digit(&partial).expect("digits");
        let full = format!("{partial}{check}");
        assert!(luhn_valid(&full), "{full}");
        // Every other final digit fails.
        for other in ('0'..='9').filter(|&c| c != check) {
            assert!(!luhn_valid(&format!("{partial}{other}")));
        }
    }
}

// --- Normalisation ------------------------------------------------------------------------

#[test]
fn plain_digits_pass_through() {
    assert_eq!(normalize("1234567890"), Ok("1234567890".to_owned()));
}

#[test]
fn full_width_digits_become_half_width() {
    assert_eq!(
        normalize("０１２３４５６７８９"),
        Ok("0123456789".to_owned())
    );
    assert_eq!(normalize("１2３4"), Ok("1234".to_owned()));
}

#[test]
fn every_space_variant_is_removed() {
    for space in [" ", "\t", "\u{3000}", "\u{00A0}"] {
        let input = format!("{space}1234{space}5678{space}{space}");
        assert_eq!(
            normalize(&input),
            Ok("12345678".to_owned()),
            "space U+{:04X}",
            space.chars().next().map_or(0, u32::from)
        );
    }
}

#[test]
fn every_hyphen_variant_is_removed() {
    let hyphens = [
        '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
        '\u{FF0D}', '\u{FE63}', '\u{30FC}', '\u{FF70}', '\u{00AD}',
    ];
    for h in hyphens {
        let input = format!("1234{h}5678{h}{h}9012");
        assert_eq!(
            normalize(&input),
            Ok("123456789012".to_owned()),
            "hyphen U+{:04X}",
            u32::from(h)
        );
    }
}

#[test]
fn japanese_input_style_number_normalises() {
    // Full-width digits with the long-vowel mark typed for a hyphen and an ideographic space.
    assert_eq!(
        normalize("１２３４ー５６７８\u{3000}９０１２－３４５６"),
        Ok("1234567890123456".to_owned())
    );
}

#[test]
fn empty_and_separator_only_inputs_are_empty() {
    for input in ["", " ", "\u{3000}", "----", " - ー － "] {
        assert_eq!(normalize(input), Err(CardInputError::Empty), "{input:?}");
    }
}

#[test]
fn invalid_character_is_named_with_its_position_in_characters() {
    assert_eq!(
        normalize("1234a"),
        Err(CardInputError::InvalidCharacter {
            character: "a".into(),
            position: 4
        })
    );
    // Multi-byte characters before it count as one each.
    assert_eq!(
        normalize("１２ー３Ｘ"),
        Err(CardInputError::InvalidCharacter {
            character: "Ｘ".into(),
            position: 4
        })
    );
    // The first of several is reported.
    assert_eq!(
        normalize("12.34,56"),
        Err(CardInputError::InvalidCharacter {
            character: ".".into(),
            position: 2
        })
    );
    // Letters that look like digits are not digits.
    assert_eq!(
        normalize("O123"),
        Err(CardInputError::InvalidCharacter {
            character: "O".into(),
            position: 0
        })
    );
}

#[test]
fn hostile_characters_are_invalid() {
    for (input, character, position) in [
        ("12\u{0}34", '\u{0}', 2),
        ("\u{200F}1234", '\u{200F}', 0),
        ("1\u{0301}", '\u{0301}', 1),
        ("12🙂", '🙂', 2),
        ("1\n2", '\n', 1),
        ("1\r", '\r', 1),
        ("1\u{FEFF}2", '\u{FEFF}', 1),
        ("١٢٣", '١', 0), // Arabic-Indic digits are not accepted
        ("①", '①', 0),
    ] {
        assert_eq!(
            normalize(input),
            Err(CardInputError::InvalidCharacter {
                character: character.to_string(),
                position
            }),
            "{input:?}"
        );
    }
}

#[test]
fn lossy_normalisation_keeps_what_it_cannot_use() {
    assert_eq!(normalize_lossy("１２３４-abcd ５６"), "1234abcd56");
    assert_eq!(normalize_lossy(""), "");
    assert_eq!(normalize_lossy(" ー "), "");
    assert_eq!(normalize_lossy("1234 5678"), "12345678");
}

// --- Pre-check: number --------------------------------------------------------------------

#[test]
fn wester_valid_card_without_pin() {
    let number = valid16("123456789012345");
    let input = CardInput {
        has_pin: Some(false),
        member_registered: Some(true),
        ..sc(&number)
    };
    let card = precheck(&wester(), &input).expect("valid");
    assert_eq!(card.card_type, "sc_point_card");
    assert_eq!(card.number, number);
    assert_eq!(card.pin, None);
    assert_eq!(card.member_registered, Some(true));
    assert_eq!(card.last4, number[12..]);
    assert_eq!(card.masked, format!("**** **** **** {}", &number[12..]));
    assert_eq!(
        card.grouped,
        format!(
            "{} {} {} {}",
            &number[..4],
            &number[4..8],
            &number[8..12],
            &number[12..]
        )
    );
    assert!(!card.credit_card);
    assert_eq!(card.display_number(), card.grouped);
    assert_eq!(card.storable_number(), number);
}

#[test]
fn wester_valid_card_typed_with_full_width_and_hyphens() {
    let number = valid16("987654321098765");
    let typed: String = number
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let wide =
                char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).expect("full-width digit");
            let sep = if i % 4 == 3 && i < 15 {
                Some('ー')
            } else {
                None
            };
            std::iter::once(wide).chain(sep)
        })
        .collect();
    let card = precheck(&wester(), &sc(&typed)).expect("valid");
    assert_eq!(card.number, number);
}

#[test]
fn empty_number() {
    assert_eq!(
        precheck(&wester(), &sc("")),
        Err(vec![CardInputError::Empty])
    );
    assert_eq!(
        precheck(&wester(), &sc(" - ")),
        Err(vec![CardInputError::Empty])
    );
}

#[test]
fn invalid_character_in_number() {
    assert_eq!(
        precheck(&wester(), &sc("1234 5678 9012 345x")),
        Err(vec![CardInputError::InvalidCharacter {
            character: "x".into(),
            position: 18
        }])
    );
}

#[test]
fn wrong_digit_count_carries_given_and_expected() {
    let number = valid16("123456789012345");
    assert_eq!(
        precheck(&wester(), &sc(&number[..15])),
        Err(vec![CardInputError::WrongDigitCount {
            given: 15,
            expected: 16
        }])
    );
    assert_eq!(
        precheck(&wester(), &sc(&format!("{number}0"))),
        Err(vec![CardInputError::WrongDigitCount {
            given: 17,
            expected: 16
        }])
    );
}

#[test]
fn wrong_digit_count_is_not_also_a_bad_check_digit() {
    // 15 digits that fail Luhn: only the count is reported.
    let errors = precheck(&wester(), &sc("123456789012340")).expect_err("wrong count");
    assert_eq!(codes(&errors), vec!["wrong_digit_count"]);
}

#[test]
fn bad_check_digit() {
    let number = bad_check(&valid16("123456789012345"));
    assert_eq!(
        precheck(&wester(), &sc(&number)),
        Err(vec![CardInputError::BadCheckDigit])
    );
}

#[test]
fn no_check_digit_when_the_profile_says_none() {
    let mut profile = (*wester()).clone();
    profile.cards.types[0].check = CheckDigit::None;
    let number = bad_check(&valid16("123456789012345"));
    assert!(precheck(&profile, &sc(&number)).is_ok());
}

#[test]
fn unknown_card_type_is_reported_alone() {
    let input = CardInput {
        pin: Some("x".into()),
        has_pin: Some(true),
        ..CardInput::new("aeon_card", "")
    };
    assert_eq!(
        precheck(&wester(), &input),
        Err(vec![CardInputError::UnknownCardType {
            card_type: "aeon_card".into()
        }])
    );
    assert_eq!(
        precheck(&waon(), &sc("1234")),
        Err(vec![CardInputError::UnknownCardType {
            card_type: "sc_point_card".into()
        }])
    );
}

// --- Pre-check: PIN -----------------------------------------------------------------------

#[test]
fn pin_given_when_member_says_the_card_has_one() {
    let number = valid16("123456789012345");
    let card = precheck(
        &wester(),
        &sc_with_pin(&number, Some(true), Some("１２－３４")),
    )
    .expect("valid");
    assert_eq!(card.pin.as_deref(), Some("1234"));
}

#[test]
fn pin_required_when_member_says_the_card_has_one() {
    let number = valid16("123456789012345");
    for pin in [None, Some(""), Some(" "), Some("ー")] {
        assert_eq!(
            precheck(&wester(), &sc_with_pin(&number, Some(true), pin)),
            Err(vec![CardInputError::PinRequired]),
            "{pin:?}"
        );
    }
}

#[test]
fn pin_not_expected_when_member_says_there_is_none() {
    let number = valid16("123456789012345");
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, Some(false), Some("1234"))),
        Err(vec![CardInputError::PinNotExpected])
    );
    // A blank PIN field is no PIN.
    let card = precheck(&wester(), &sc_with_pin(&number, Some(false), Some(" "))).expect("valid");
    assert_eq!(card.pin, None);
}

#[test]
fn pin_invalid_character() {
    let number = valid16("123456789012345");
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, Some(true), Some("１２a4"))),
        Err(vec![CardInputError::PinInvalidCharacter {
            character: "a".into(),
            position: 2
        }])
    );
}

#[test]
fn pin_wrong_digit_count() {
    let number = valid16("123456789012345");
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, Some(true), Some("123"))),
        Err(vec![CardInputError::PinWrongDigitCount {
            given: 3,
            expected: 4
        }])
    );
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, Some(true), Some("12345"))),
        Err(vec![CardInputError::PinWrongDigitCount {
            given: 5,
            expected: 4
        }])
    );
}

#[test]
fn unanswered_pin_question_checks_what_was_entered() {
    let number = valid16("123456789012345");
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, None, None))
            .expect("valid")
            .pin,
        None
    );
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, None, Some("4321")))
            .expect("valid")
            .pin
            .as_deref(),
        Some("4321")
    );
    assert_eq!(
        precheck(&wester(), &sc_with_pin(&number, None, Some("43"))),
        Err(vec![CardInputError::PinWrongDigitCount {
            given: 2,
            expected: 4
        }])
    );
}

#[test]
fn number_and_pin_errors_are_reported_together() {
    let number = bad_check(&valid16("123456789012345"));
    assert_eq!(
        codes(
            &precheck(&wester(), &sc_with_pin(&number, Some(true), Some("12"))).expect_err("bad")
        ),
        vec!["bad_check_digit", "pin_wrong_digit_count"]
    );
    assert_eq!(
        codes(&precheck(&wester(), &sc_with_pin("", Some(true), None)).expect_err("bad")),
        vec!["empty", "pin_required"]
    );
    assert_eq!(
        codes(&precheck(&wester(), &sc_with_pin("12a", Some(false), Some("1"))).expect_err("bad")),
        vec!["invalid_character", "pin_not_expected"]
    );
    let input = CardInput {
        has_pin: Some(true),
        pin: Some("1".into()),
        member_registered: Some(false),
        ..CardInput::new("waon_point_card", "1234")
    };
    assert_eq!(
        codes(&precheck(&waon(), &input).expect_err("bad")),
        vec![
            "wrong_digit_count",
            "pin_not_expected",
            "member_registered_not_expected"
        ]
    );
}

// --- Pre-check: member-registration answer ------------------------------------------------

#[test]
fn member_registered_answer_is_passed_on_where_asked() {
    let number = valid16("123456789012345");
    for answer in [None, Some(true), Some(false)] {
        let input = CardInput {
            member_registered: answer,
            ..sc(&number)
        };
        assert_eq!(
            precheck(&wester(), &input)
                .expect("valid")
                .member_registered,
            answer
        );
    }
}

#[test]
fn member_registered_answer_not_expected_where_not_asked() {
    let number = valid16("123456789012345");
    let input = CardInput {
        member_registered: Some(true),
        ..CardInput::new("waon_point_card", &number)
    };
    assert_eq!(
        precheck(&waon(), &input),
        Err(vec![CardInputError::MemberRegisteredNotExpected])
    );
}

// --- waon card types ----------------------------------------------------------------------

#[test]
fn waon_card_types_accept_valid_numbers() {
    let number = valid16("600000000000000");
    for card_type in ["aeon_card", "waon_point_card", "waon_emoney"] {
        let input = CardInput {
            has_pin: Some(false),
            ..CardInput::new(card_type, &number)
        };
        let card = precheck(&waon(), &input).expect(card_type);
        assert_eq!(card.number, number);
        assert_eq!(card.card_type, card_type);
        assert_eq!(card.pin, None);
    }
}

#[test]
fn waon_card_types_refuse_a_pin() {
    let number = valid16("600000000000000");
    for card_type in ["aeon_card", "waon_point_card", "waon_emoney"] {
        let with_pin = CardInput {
            pin: Some("1234".into()),
            ..CardInput::new(card_type, &number)
        };
        assert_eq!(
            precheck(&waon(), &with_pin),
            Err(vec![CardInputError::PinNotExpected])
        );
        // Saying it has a PIN, with or without one, is one error.
        let said = CardInput {
            has_pin: Some(true),
            ..with_pin.clone()
        };
        assert_eq!(
            precheck(&waon(), &said),
            Err(vec![CardInputError::PinNotExpected])
        );
        let said_only = CardInput {
            has_pin: Some(true),
            ..CardInput::new(card_type, &number)
        };
        assert_eq!(
            precheck(&waon(), &said_only),
            Err(vec![CardInputError::PinNotExpected])
        );
    }
}

#[test]
fn waon_number_errors() {
    let number = valid16("600000000000000");
    assert_eq!(
        precheck(&waon(), &CardInput::new("waon_emoney", bad_check(&number))),
        Err(vec![CardInputError::BadCheckDigit])
    );
    assert_eq!(
        precheck(&waon(), &CardInput::new("waon_point_card", &number[..12])),
        Err(vec![CardInputError::WrongDigitCount {
            given: 12,
            expected: 16
        }])
    );
}

#[test]
fn credit_card_shows_and_keeps_only_the_last_four() {
    let number = valid16("450000123456789");
    let card = precheck(&waon(), &CardInput::new("aeon_card", &number)).expect("valid");
    let last4 = &number[12..];
    assert!(card.credit_card);
    assert_eq!(card.last4, last4);
    assert_eq!(card.masked, format!("**** **** **** {last4}"));
    assert_eq!(
        card.grouped, card.masked,
        "no display field carries the full number"
    );
    assert_eq!(card.display_number(), card.masked);
    assert_eq!(card.storable_number(), last4);
    // The full number is there for the one registration request only.
    assert_eq!(card.number, number);
    let debug = format!("{card:?}");
    assert!(!debug.contains(&number), "{debug}");
}

#[test]
fn masking_and_grouping_follow_the_digit_count() {
    let mut profile = (*wester()).clone();
    profile.cards.types[0].digits = 13;
    profile.cards.types[0].check = CheckDigit::None;
    let card = precheck(&profile, &sc("1234567890123")).expect("valid");
    assert_eq!(card.grouped, "1234 5678 9012 3");
    assert_eq!(card.masked, "**** **** *012 3");
    assert_eq!(card.last4, "0123");
}

#[test]
fn debug_never_prints_the_pin() {
    let number = valid16("123456789012345");
    let input = sc_with_pin(&number, Some(true), Some("9876"));
    assert!(!format!("{input:?}").contains("9876"));
    let card = precheck(&wester(), &input).expect("valid");
    assert!(!format!("{card:?}").contains("9876"));
}

// --- Errors -------------------------------------------------------------------------------

fn one_of_each() -> Vec<CardInputError> {
    vec![
        CardInputError::UnknownCardType {
            card_type: "nanaco".into(),
        },
        CardInputError::Empty,
        CardInputError::InvalidCharacter {
            character: "a".into(),
            position: 4,
        },
        CardInputError::WrongDigitCount {
            given: 15,
            expected: 16,
        },
        CardInputError::BadCheckDigit,
        CardInputError::PinRequired,
        CardInputError::PinNotExpected,
        CardInputError::PinInvalidCharacter {
            character: "Ｘ".into(),
            position: 1,
        },
        CardInputError::PinWrongDigitCount {
            given: 3,
            expected: 4,
        },
        CardInputError::MemberRegisteredNotExpected,
        CardInputError::MemberRegisteredRequired,
    ]
}

#[test]
fn codes_are_distinct_and_listed() {
    let all = one_of_each();
    let got: Vec<&str> = all.iter().map(CardInputError::code).collect();
    assert_eq!(got, CardInputError::CODES);
    let mut unique = got.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), got.len());
    for code in got {
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{code}"
        );
    }
}

#[test]
fn every_error_has_messages_in_both_languages() {
    for e in one_of_each() {
        assert!(!e.message_en().is_empty());
        assert!(!e.message_ja().is_empty());
        assert_ne!(e.message_en(), e.message_ja());
        assert_eq!(e.to_string(), e.message_en());
    }
}

#[test]
fn messages_name_what_is_wrong() {
    let e = CardInputError::InvalidCharacter {
        character: "a".into(),
        position: 4,
    };
    assert!(e.message_en().contains("Character 5") && e.message_en().contains("\u{201C}a\u{201D}"));
    assert!(e.message_ja().contains("5文字目") && e.message_ja().contains("「a」"));

    let e = CardInputError::WrongDigitCount {
        given: 15,
        expected: 16,
    };
    assert!(e.message_en().contains("15 digits") && e.message_en().contains("16"));
    assert!(e.message_ja().contains("15桁") && e.message_ja().contains("16桁"));

    let e = CardInputError::PinWrongDigitCount {
        given: 1,
        expected: 4,
    };
    assert!(e.message_en().contains("1 digit;") && e.message_en().contains('4'));
    assert!(e.message_ja().contains("1桁") && e.message_ja().contains("4桁"));

    let e = CardInputError::PinInvalidCharacter {
        character: "Ｘ".into(),
        position: 1,
    };
    assert!(e.message_ja().contains("PIN番号の2文字目の「Ｘ」"));

    let e = CardInputError::UnknownCardType {
        card_type: "nanaco".into(),
    };
    assert!(e.message_en().contains("nanaco") && e.message_ja().contains("「nanaco」"));

    assert!(
        CardInputError::BadCheckDigit
            .message_ja()
            .contains("カード番号に誤りがあります")
    );
    assert!(
        CardInputError::PinRequired
            .message_ja()
            .contains("PIN番号を入力してください")
    );
}

#[test]
fn invisible_characters_are_named_by_code_point() {
    for c in [
        '\u{0}',
        '\u{200F}',
        '\u{0301}',
        '\u{FEFF}',
        '\n',
        '\u{2003}',
        '\u{FE0F}',
        '\u{E0041}',
    ] {
        let e = CardInputError::InvalidCharacter {
            character: c.to_string(),
            position: 0,
        };
        let code = format!("U+{:04X}", u32::from(c));
        assert!(e.message_en().contains(&code), "{}", e.message_en());
        assert!(
            e.message_ja().contains(&code) && e.message_ja().contains("目に見えない文字"),
            "{}",
            e.message_ja()
        );
        assert!(!e.message_en().contains(c) && !e.message_ja().contains(c));
    }
    // Visible characters, emoji included, are quoted as themselves.
    for c in ['a', 'Ｘ', '🙂', '.', '"', '漢'] {
        let e = CardInputError::InvalidCharacter {
            character: c.to_string(),
            position: 0,
        };
        assert!(
            e.message_ja().contains(&format!("「{c}」")),
            "{}",
            e.message_ja()
        );
    }
}

#[test]
fn unknown_card_type_message_is_bounded_and_visible() {
    let hostile = format!("\u{200F}{}", "x".repeat(10_000));
    let e = CardInputError::UnknownCardType { card_type: hostile };
    assert!(e.message_en().chars().count() < 200, "{}", e.message_en());
    assert!(e.message_ja().contains("<U+200F>"));
}

#[test]
fn a_mod10_w3_card_type_checks_the_jan_digit() {
    let mut profile = Profile::clone(&waon());
    profile.cards.types[1].check = CheckDigit::Mod10W3;
    profile.cards.types[1].digits = 13;
    let card = |number: &str| CardInput {
        card_type: profile.cards.types[1].id.clone(),
        number: number.to_owned(),
        has_pin: None,
        pin: None,
        member_registered: None,
    };
    assert!(precheck(&profile, &card("4901234567894")).is_ok());
    assert!(precheck(&profile, &card("４９０１-２３４５-６７８９４")).is_ok());
    assert_eq!(
        precheck(&profile, &card("4901234567895")).err(),
        Some(vec![CardInputError::BadCheckDigit])
    );
}
