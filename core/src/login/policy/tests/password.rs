//! The password check case by case: each rule, its message in both languages, and the
//! character and position of what is wrong.

use super::*;

#[test]
fn too_short_names_both_numbers() {
    let check = check_password(&wester_pw(), "Ab1!x");
    assert!(!check.valid);
    assert_eq!(check.codes(), vec![P::TooShort]);
    let v = &check.violations[0];
    assert_eq!(v.message_en, "At least 8 characters (you typed 5).");
    assert_eq!(v.message_ja, "8文字以上で入力してください（現在5文字）。");
    assert_eq!((v.character.as_deref(), v.position), (None, None));
}

#[test]
fn too_long_names_both_numbers() {
    let pw = format!("Aa1!{}", "a".repeat(61));
    let check = check_password(&wester_pw(), &pw);
    assert_eq!(check.codes(), vec![P::TooLong]);
    assert_eq!(
        check.violations[0].message_en,
        "At most 64 characters (you typed 65)."
    );
    assert_eq!(
        check.violations[0].message_ja,
        "64文字以内で入力してください（現在65文字）。"
    );
}

#[test]
fn length_counts_characters_not_bytes() {
    // 4 characters, 12 bytes of UTF-8.
    let check = check_password(&waon_pw(), "Ａｂ１！");
    assert_eq!(check.violations[0].code, P::TooShort);
    assert!(check.violations[0].message_en.contains("you typed 4"));
    // 8 characters, 24 bytes: not too short, not too long.
    let check = check_password(&waon_pw(), "あいうえおかきく");
    assert!(!check.codes().contains(&P::TooShort));
    assert!(!check.codes().contains(&P::TooLong));
    // 64 emoji are 256 bytes but 64 characters.
    let check = check_password(&waon_pw(), &"😀".repeat(64));
    assert!(!check.codes().contains(&P::TooLong));
}

#[test]
fn missing_messages_are_specific() {
    let check = check_password(&wester_pw(), "");
    let ja: Vec<&str> = check
        .violations
        .iter()
        .map(|v| v.message_ja.as_str())
        .collect();
    assert_eq!(ja[1], "半角数字（0〜9）を1文字以上含めてください。");
    assert_eq!(ja[2], "半角英大文字（A〜Z）を1文字以上含めてください。");
    assert_eq!(ja[3], "半角英小文字（a〜z）を1文字以上含めてください。");
    assert_eq!(
        ja[4],
        "指定の記号（ !\"#$%&'()-^\\@[;:],./=~|`{+*}<>?_ ）を1文字以上含めてください。"
    );
    assert!(
        check.violations[4]
            .message_en
            .ends_with("!\"#$%&'()-^\\@[;:],./=~|`{+*}<>?_")
    );
    let letter = &check_password(&waon_pw(), "12345678").violations[0];
    assert_eq!(
        letter.message_ja,
        "半角英字（A〜Z、a〜z）を1文字以上含めてください。"
    );
}

#[test]
fn every_rule_required_reports_in_the_documented_order() {
    let rules = PasswordRules {
        min_length: 8,
        max_length: 10,
        require_digit: true,
        require_upper: true,
        require_lower: true,
        require_letter: true,
        require_symbol: true,
        symbols: "!".into(),
    };
    let check = check_password(&rules, "あ \u{3000}Ａ　 ");
    assert_eq!(
        check.codes(),
        vec![
            P::TooShort,
            P::MissingDigit,
            P::MissingUpper,
            P::MissingLower,
            P::MissingLetter,
            P::MissingSymbol,
            P::DisallowedCharacter,
            P::DisallowedCharacter,
            P::FullWidthCharacter,
            P::FullWidthCharacter,
            P::FullWidthCharacter,
            P::LeadingOrTrailingSpace,
        ]
    );
    let positions: Vec<u32> = check.violations.iter().filter_map(|v| v.position).collect();
    assert_eq!(positions, vec![0, 1, 2, 3, 4, 5]);
    let too_long = check_password(&rules, &"Aa1!Aa1!Aa1!".repeat(2));
    assert_eq!(too_long.codes(), vec![P::TooLong]);
}

#[test]
fn every_faq_symbol_is_allowed_and_counts_as_a_symbol() {
    for sym in FAQ_SYMBOLS.chars() {
        let pw = format!("Passw0rd{sym}");
        for rules in [wester_pw(), waon_pw()] {
            let check = check_password(&rules, &pw);
            assert!(check.valid, "{pw:?}: {:?}", check.codes());
        }
        // The symbol alone satisfies wester's symbol rule.
        let check = check_password(&wester_pw(), &format!("Password1{sym}"));
        assert!(check.valid, "{sym:?}: {:?}", check.codes());
    }
    assert!(check_password(&wester_pw(), &format!("Aa1{FAQ_SYMBOLS}")).valid);
}

#[test]
fn the_symbol_set_is_all_of_ascii_punctuation() {
    let mut faq: Vec<char> = FAQ_SYMBOLS.chars().collect();
    faq.sort_unstable();
    faq.dedup();
    let punct: Vec<char> = (0u8..128)
        .map(char::from)
        .filter(char::is_ascii_punctuation)
        .collect();
    assert_eq!(faq, punct);
    for rules in [wester_pw(), waon_pw()] {
        let mut got: Vec<char> = rules.symbols.chars().collect();
        got.sort_unstable();
        assert_eq!(got, faq);
    }
}

#[test]
fn full_width_forms_are_named_with_their_half_width_character() {
    let check = check_password(&wester_pw(), "Ｐassw0rd!");
    // The full-width `Ｐ` does not count as an upper-case letter.
    assert_eq!(check.codes(), vec![P::MissingUpper, P::FullWidthCharacter]);
    assert_eq!(pw_chars(&check), vec![one(P::FullWidthCharacter, "Ｐ", 0)]);
    let v = &check.violations[1];
    assert_eq!(
        v.message_ja,
        "1文字目の「Ｐ」は全角文字です。半角の「P」で入力してください。"
    );
    assert_eq!(
        v.message_en,
        "Character 1 (“Ｐ”) is full-width: type the half-width “P”."
    );

    let check = check_password(&wester_pw(), "Passw１rd！");
    assert_eq!(
        check.codes(),
        vec![
            P::MissingDigit,
            P::MissingSymbol,
            P::FullWidthCharacter,
            P::FullWidthCharacter
        ]
    );
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::FullWidthCharacter, "１", 5),
            one(P::FullWidthCharacter, "！", 8)
        ]
    );
    // Both ends of the full-width block.
    let check = check_password(&waon_pw(), "pass1234！～");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::FullWidthCharacter, "！", 8),
            one(P::FullWidthCharacter, "～", 9)
        ]
    );
}

#[test]
fn a_full_width_form_of_a_symbol_the_profile_lacks_is_disallowed() {
    let rules = PasswordRules {
        symbols: "!@".into(),
        ..wester_pw()
    };
    let check = check_password(&rules, "Passw0rd！＃#");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::FullWidthCharacter, "！", 8),
            one(P::DisallowedCharacter, "＃", 9),
            one(P::DisallowedCharacter, "#", 10),
        ]
    );
}

#[test]
fn the_ideographic_space_is_full_width_anywhere() {
    let check = check_password(&wester_pw(), "Pass\u{3000}w0rd!");
    assert_eq!(check.codes(), vec![P::FullWidthCharacter]);
    assert_eq!(
        pw_chars(&check),
        vec![one(P::FullWidthCharacter, "\u{3000}", 4)]
    );
    assert_eq!(
        check.violations[0].message_ja,
        "5文字目に全角スペースが入っています。スペースは使用できません。"
    );

    let check = check_password(&wester_pw(), "Passw0rd!\u{3000}");
    assert_eq!(
        pw_chars(&check),
        vec![one(P::FullWidthCharacter, "\u{3000}", 9)]
    );
    assert!(check.violations[0].message_ja.contains("末尾"));
}

#[test]
fn leading_and_trailing_spaces_are_their_own_code() {
    let check = check_password(&wester_pw(), " Passw0rd!");
    assert_eq!(
        pw_chars(&check),
        vec![one(P::LeadingOrTrailingSpace, " ", 0)]
    );
    let v = &check.violations[0];
    assert_eq!(
        v.message_ja,
        "1文字目（先頭）に余分なスペースが入っています。前後のスペースを削除してください（コピー＆ペーストの際にご注意ください）。"
    );
    assert!(
        v.message_en
            .starts_with("Character 1 is a space at the start")
    );

    let check = check_password(&wester_pw(), "Passw0rd! \t\r\n");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::LeadingOrTrailingSpace, " ", 9),
            one(P::LeadingOrTrailingSpace, "\t", 10),
            one(P::LeadingOrTrailingSpace, "\r", 11),
            one(P::LeadingOrTrailingSpace, "\n", 12),
        ]
    );
    assert!(
        check.violations[1]
            .message_ja
            .starts_with("11文字目（末尾）に余分なタブ")
    );
    assert!(
        check.violations[3]
            .message_en
            .contains("a line break at the end")
    );
}

#[test]
fn a_space_in_the_middle_is_disallowed() {
    let check = check_password(&wester_pw(), "Pass w0rd!");
    assert_eq!(check.codes(), vec![P::DisallowedCharacter]);
    assert_eq!(pw_chars(&check), vec![one(P::DisallowedCharacter, " ", 4)]);
    assert_eq!(
        check.violations[0].message_ja,
        "5文字目のスペースは使用できません。半角英数字と指定の記号で入力してください。"
    );
    // Spaces at both ends and in the middle at once.
    let check = check_password(&wester_pw(), "  Pass w0rd!  ");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::LeadingOrTrailingSpace, " ", 0),
            one(P::LeadingOrTrailingSpace, " ", 1),
            one(P::DisallowedCharacter, " ", 6),
            one(P::LeadingOrTrailingSpace, " ", 12),
            one(P::LeadingOrTrailingSpace, " ", 13),
        ]
    );
}

#[test]
fn the_ideographic_space_does_not_break_the_edge_run() {
    let check = check_password(&wester_pw(), "\u{3000} Passw0rd! \u{3000}");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::FullWidthCharacter, "\u{3000}", 0),
            one(P::LeadingOrTrailingSpace, " ", 1),
            one(P::LeadingOrTrailingSpace, " ", 11),
            one(P::FullWidthCharacter, "\u{3000}", 12),
        ]
    );
}

#[test]
fn a_password_of_spaces_only_is_all_edge() {
    let check = check_password(&waon_pw(), "        ");
    assert_eq!(check.codes()[..2], [P::MissingDigit, P::MissingLetter]);
    let chars = pw_chars(&check);
    assert_eq!(chars.len(), 8);
    assert!(
        chars
            .iter()
            .all(|(code, ch, _)| *code == P::LeadingOrTrailingSpace && ch == " ")
    );
}

#[test]
fn other_characters_are_disallowed_and_named() {
    let cases: [(&str, &str); 12] = [
        ("あ", "「あ」"),
        ("漢", "「漢」"),
        ("ｱ", "「ｱ」"),   // half-width katakana
        ("¥", "「¥」"),   // yen sign U+00A5
        ("￥", "「￥」"), // full-width yen U+FFE5, outside U+FF01..U+FF5E
        ("😀", "「😀」"),
        ("\u{7}", "制御文字（U+0007）"),
        ("\u{0}", "制御文字（U+0000）"),
        ("\u{301}", "結合文字（U+0301）"),
        ("\u{200B}", "見えない文字（U+200B）"),
        ("\u{202E}", "見えない文字（U+202E）"),
        ("\u{A0}", "見えない文字（U+00A0）"),
    ];
    for (bad, named) in cases {
        let pw = format!("Pass{bad}w0rd!");
        let check = check_password(&wester_pw(), &pw);
        assert_eq!(
            pw_chars(&check),
            vec![one(P::DisallowedCharacter, bad, 4)],
            "{pw:?}"
        );
        assert_eq!(
            check.violations[0].message_ja,
            format!("5文字目の{named}は使用できません。半角英数字と指定の記号で入力してください。")
        );
    }
    let check = check_password(&wester_pw(), "Passw0rd!\u{7}");
    assert_eq!(
        check.violations[0].message_en,
        "Character 10 (a control character (U+0007)) cannot be used. \
         Use half-width letters, digits and the listed symbols."
    );
    // A vertical tab is not ASCII whitespace (WHATWG): disallowed even at the end.
    let check = check_password(&wester_pw(), "Passw0rd!\u{B}");
    assert_eq!(check.codes(), vec![P::DisallowedCharacter]);
}

#[test]
fn positions_count_characters_after_multibyte_ones() {
    let check = check_password(&wester_pw(), "あい😀Passw0rd!Ａ ");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::DisallowedCharacter, "あ", 0),
            one(P::DisallowedCharacter, "い", 1),
            one(P::DisallowedCharacter, "😀", 2),
            one(P::FullWidthCharacter, "Ａ", 12),
            one(P::LeadingOrTrailingSpace, " ", 13),
        ]
    );
    assert!(
        check.violations[3]
            .message_ja
            .starts_with("13文字目の「Ａ」")
    );
    // A decomposed が: the voicing mark is its own character.
    let check = check_password(&waon_pw(), "pass1234か\u{3099}");
    assert_eq!(
        pw_chars(&check),
        vec![
            one(P::DisallowedCharacter, "か", 8),
            one(P::DisallowedCharacter, "\u{3099}", 9)
        ]
    );
}

#[test]
fn ten_kilobytes_of_text() {
    let ascii = "a".repeat(10_240);
    let check = check_password(&wester_pw(), &ascii);
    assert_eq!(
        check.codes(),
        vec![
            P::TooLong,
            P::MissingDigit,
            P::MissingUpper,
            P::MissingSymbol
        ]
    );
    assert!(check.violations[0].message_en.contains("you typed 10240"));

    let kana = "あ".repeat(3_414); // 10 242 bytes
    let check = check_password(&waon_pw(), &kana);
    assert_eq!(pw_chars(&check).len(), 3_414);
    assert_eq!(
        check.violations.last().and_then(|v| v.position),
        Some(3_413)
    );

    let emoji = "👨‍👩‍👧".repeat(600); // ZWJ sequences, 10 800 bytes
    let check = check_password(&waon_pw(), &emoji);
    assert_eq!(pw_chars(&check).len(), emoji.chars().count());
    assert!(
        check
            .violations
            .iter()
            .any(|v| v.message_ja.contains("見えない文字（U+200D）"))
    );
}

#[test]
fn codes_serialise_as_their_snake_case_strings() {
    let all = [
        P::TooShort,
        P::TooLong,
        P::MissingDigit,
        P::MissingUpper,
        P::MissingLower,
        P::MissingLetter,
        P::MissingSymbol,
        P::DisallowedCharacter,
        P::FullWidthCharacter,
        P::LeadingOrTrailingSpace,
    ];
    let expected = [
        "too_short",
        "too_long",
        "missing_digit",
        "missing_upper",
        "missing_lower",
        "missing_letter",
        "missing_symbol",
        "disallowed_character",
        "full_width_character",
        "leading_or_trailing_space",
    ];
    for (code, text) in all.iter().zip(expected) {
        // Exhaustive: a new code must be added here too.
        match code {
            P::TooShort
            | P::TooLong
            | P::MissingDigit
            | P::MissingUpper
            | P::MissingLower
            | P::MissingLetter
            | P::MissingSymbol
            | P::DisallowedCharacter
            | P::FullWidthCharacter
            | P::LeadingOrTrailingSpace => {}
        }
        assert_eq!(code.as_str(), text);
        assert_eq!(
            serde_json::to_value(code).expect("serialise"),
            serde_json::json!(text)
        );
    }
}

#[test]
fn a_violation_serialises_without_absent_fields() {
    let check = check_password(&wester_pw(), "Passw0rd! ");
    let json = serde_json::to_value(&check).expect("serialise");
    assert_eq!(json["valid"], false);
    assert_eq!(json["violations"][0]["code"], "leading_or_trailing_space");
    assert_eq!(json["violations"][0]["character"], " ");
    assert_eq!(json["violations"][0]["position"], 9);
    let short = serde_json::to_value(check_password(&wester_pw(), "Aa1!")).expect("serialise");
    assert!(short["violations"][0].get("character").is_none());
    assert!(short["violations"][0].get("position").is_none());
}

#[test]
fn hand_built_rules_never_panic() {
    let odd = [
        PasswordRules {
            min_length: 0,
            max_length: 0,
            ..wester_pw()
        },
        PasswordRules {
            min_length: 10,
            max_length: 2,
            ..waon_pw()
        },
        PasswordRules {
            min_length: u32::MAX,
            max_length: u32::MAX,
            symbols: String::new(),
            ..wester_pw()
        },
        PasswordRules {
            symbols: "あ😀 \u{0}".into(),
            ..wester_pw()
        },
    ];
    for rules in &odd {
        for pw in ["", "a", "Passw0rd!", " \u{3000}あ😀 ", "\u{0}"] {
            let check = check_password(rules, pw);
            assert_eq!(check.valid, check.violations.is_empty());
            let _ = rule_checklist(rules, pw);
        }
    }
    // A profile may list the space as a symbol: it is fine inside, still flagged at the ends.
    let spaced = PasswordRules {
        symbols: " ".into(),
        ..wester_pw()
    };
    assert!(check_password(&spaced, "Pass w0rD").valid);
    assert_eq!(
        check_password(&spaced, "Pass w0rD ").codes(),
        vec![P::LeadingOrTrailingSpace]
    );
}
