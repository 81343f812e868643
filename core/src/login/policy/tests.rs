use std::sync::Arc;

use super::*;
use crate::profile::{LoginIdKind, LoginRules, PasswordRules, Profile};

use LoginIdViolationCode as L;
use PasswordViolationCode as P;

fn profile(id: &str) -> Arc<Profile> {
    Profile::builtin(id).expect("shipped profile")
}

fn wester_pw() -> PasswordRules {
    profile("wester").password.clone()
}

fn waon_pw() -> PasswordRules {
    profile("waon").password.clone()
}

fn wester_id() -> LoginRules {
    profile("wester").login.clone()
}

fn waon_id() -> LoginRules {
    profile("waon").login.clone()
}

/// The symbols exactly as the source FAQ prints them (its `\` appears twice).
const FAQ_SYMBOLS: &str = "!\"#$%&'()-^\\@[;:],./\\=~|`{+*}<>?_";

/// (code, character, position) of every per-character violation.
fn pw_chars(check: &PasswordCheck) -> Vec<(P, String, u32)> {
    check
        .violations
        .iter()
        .filter_map(|v| Some((v.code, v.character.clone()?, v.position?)))
        .collect()
}

fn id_chars(check: &LoginIdCheck) -> Vec<(L, String, u32)> {
    check
        .violations
        .iter()
        .filter_map(|v| Some((v.code, v.character.clone()?, v.position?)))
        .collect()
}

fn one(code: P, ch: &str, pos: u32) -> (P, String, u32) {
    (code, ch.to_owned(), pos)
}

fn one_id(code: L, ch: &str, pos: u32) -> (L, String, u32) {
    (code, ch.to_owned(), pos)
}

mod password {
    use super::*;

    #[test]
    fn good_passwords_pass_under_each_profile() {
        for pw in ["Passw0rd!", "Aa1!Aa1!", "zZ9_____", "Tamaru-2025@WESPO"] {
            let check = check_password(&wester_pw(), pw);
            assert!(check.valid, "{pw}: {:?}", check.codes());
            assert!(check.violations.is_empty());
        }
        for pw in ["passw0rd", "PASSW0RD", "abcd!234", "a1234567"] {
            let check = check_password(&waon_pw(), pw);
            assert!(check.valid, "{pw}: {:?}", check.codes());
        }
    }

    #[test]
    fn the_profiles_differ_in_required_classes() {
        // Good for waon (digit and letter), short of upper case and a symbol for wester.
        assert!(check_password(&waon_pw(), "passw0rd").valid);
        assert_eq!(
            check_password(&wester_pw(), "passw0rd").codes(),
            vec![P::MissingUpper, P::MissingSymbol]
        );
        // Good for wester; waon allows the symbol too.
        assert!(check_password(&waon_pw(), "Passw0rd!").valid);
        // Digits only: waon wants a letter, wester wants upper, lower and symbol.
        assert_eq!(
            check_password(&waon_pw(), "12345678").codes(),
            vec![P::MissingLetter]
        );
        assert_eq!(
            check_password(&wester_pw(), "12345678").codes(),
            vec![P::MissingUpper, P::MissingLower, P::MissingSymbol]
        );
    }

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
    fn the_bounds_themselves_are_fine() {
        assert!(check_password(&wester_pw(), "Aa1!aaaa").valid);
        assert!(check_password(&wester_pw(), &format!("Aa1!{}", "a".repeat(60))).valid);
        assert_eq!(
            check_password(&wester_pw(), "Aa1!aaa").codes(),
            vec![P::TooShort]
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
    fn an_empty_password_lists_everything_required() {
        assert_eq!(
            check_password(&wester_pw(), "").codes(),
            vec![
                P::TooShort,
                P::MissingDigit,
                P::MissingUpper,
                P::MissingLower,
                P::MissingSymbol
            ]
        );
        assert_eq!(
            check_password(&waon_pw(), "").codes(),
            vec![P::TooShort, P::MissingDigit, P::MissingLetter]
        );
    }

    #[test]
    fn each_missing_class_alone() {
        let w = wester_pw();
        assert_eq!(
            check_password(&w, "Password!").codes(),
            vec![P::MissingDigit]
        );
        assert_eq!(
            check_password(&w, "password1!").codes(),
            vec![P::MissingUpper]
        );
        assert_eq!(
            check_password(&w, "PASSWORD1!").codes(),
            vec![P::MissingLower]
        );
        assert_eq!(
            check_password(&w, "Password1").codes(),
            vec![P::MissingSymbol]
        );
        let a = waon_pw();
        assert_eq!(
            check_password(&a, "abcdefgh").codes(),
            vec![P::MissingDigit]
        );
        assert_eq!(
            check_password(&a, "1234!678").codes(),
            vec![P::MissingLetter]
        );
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
                format!(
                    "5文字目の{named}は使用できません。半角英数字と指定の記号で入力してください。"
                )
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
}

mod checklist {
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
}

mod login_id {
    use super::*;

    #[test]
    fn e_mail_addresses_pass_under_both_profiles() {
        for id in [
            "taro@example.com",
            "taro.yamada+wespo@mail.example.co.jp",
            "a_b-c@x-y.jp",
            "1@2.jp",
        ] {
            for rules in [wester_id(), waon_id()] {
                let check = check_login_id(&rules, id);
                assert!(check.valid, "{id}: {:?}", check.codes());
                assert_eq!(check.kind, Some(LoginIdKind::Email));
            }
        }
    }

    #[test]
    fn old_carrier_addresses_with_odd_dots_pass() {
        let check = check_login_id(&wester_id(), "taro..a.@docomo.ne.jp");
        assert!(check.valid, "{:?}", check.codes());
    }

    #[test]
    fn without_an_at_sign_wester_reads_an_e_mail_and_waon_a_web_id() {
        let check = check_login_id(&wester_id(), "taro_123");
        assert_eq!(check.kind, Some(LoginIdKind::Email));
        assert_eq!(check.codes(), vec![L::InvalidEmail]);
        assert_eq!(
            check.violations[0].message_ja,
            "メールアドレスに「@」が含まれていません。"
        );

        let check = check_login_id(&waon_id(), "taro_123");
        assert_eq!(check.kind, Some(LoginIdKind::WebId));
        assert!(check.valid);
    }

    #[test]
    fn web_id_length_bounds() {
        let rules = waon_id();
        assert!(check_login_id(&rules, "abc123").valid);
        assert!(check_login_id(&rules, &"a".repeat(20)).valid);
        let check = check_login_id(&rules, "abc12");
        assert_eq!(check.codes(), vec![L::TooShort]);
        assert_eq!(
            check.violations[0].message_ja,
            "IDは6文字以上で入力してください（現在5文字）。"
        );
        let check = check_login_id(&rules, &"a".repeat(21));
        assert_eq!(check.codes(), vec![L::TooLong]);
        assert_eq!(
            check.violations[0].message_ja,
            "IDは20文字以内で入力してください（現在21文字）。"
        );
    }

    #[test]
    fn web_id_characters() {
        let rules = waon_id();
        let check = check_login_id(&rules, "taro-123.x");
        assert_eq!(
            id_chars(&check),
            vec![
                one_id(L::DisallowedCharacter, "-", 4),
                one_id(L::DisallowedCharacter, ".", 8)
            ]
        );
        assert_eq!(
            check.violations[0].message_ja,
            "5文字目の「-」はIDに使用できません。半角英数字と「_」で入力してください。"
        );
        let check = check_login_id(&rules, "ｔａｒｏ＿123");
        assert_eq!(check.kind, Some(LoginIdKind::WebId));
        assert_eq!(
            id_chars(&check),
            vec![
                one_id(L::FullWidthCharacter, "ｔ", 0),
                one_id(L::FullWidthCharacter, "ａ", 1),
                one_id(L::FullWidthCharacter, "ｒ", 2),
                one_id(L::FullWidthCharacter, "ｏ", 3),
                one_id(L::FullWidthCharacter, "＿", 4),
            ]
        );
        // `！` has no place in a web ID even half-width: disallowed, not full-width.
        let check = check_login_id(&rules, "taro123！");
        assert_eq!(
            id_chars(&check),
            vec![one_id(L::DisallowedCharacter, "！", 7)]
        );
        let check = check_login_id(&rules, "たろう12345");
        assert_eq!(id_chars(&check).len(), 3);
    }

    #[test]
    fn a_full_width_at_sign_is_read_as_e_mail_and_reported_once() {
        let check = check_login_id(&waon_id(), "taro＠example.com");
        assert_eq!(check.kind, Some(LoginIdKind::Email));
        assert_eq!(check.codes(), vec![L::FullWidthCharacter]);
        assert_eq!(
            id_chars(&check),
            vec![one_id(L::FullWidthCharacter, "＠", 4)]
        );
        assert_eq!(
            check.violations[0].message_ja,
            "5文字目の「＠」は全角文字です。半角の「@」で入力してください。"
        );
    }

    #[test]
    fn empty_and_blank_ids() {
        let check = check_login_id(&wester_id(), "");
        assert_eq!((check.valid, check.kind), (false, None));
        assert_eq!(check.codes(), vec![L::Empty]);
        assert_eq!(
            check.violations[0].message_ja,
            "メールアドレスを入力してください。"
        );
        let check = check_login_id(&waon_id(), "");
        assert_eq!(
            check.violations[0].message_ja,
            "メールアドレスまたはIDを入力してください。"
        );

        let check = check_login_id(&waon_id(), " \u{3000}\t");
        assert_eq!(check.kind, None);
        assert_eq!(
            check.codes(),
            vec![
                L::Empty,
                L::LeadingOrTrailingSpace,
                L::FullWidthCharacter,
                L::LeadingOrTrailingSpace
            ]
        );
    }

    #[test]
    fn an_e_mail_where_only_web_ids_are_accepted() {
        let rules = LoginRules {
            id_kinds: vec![LoginIdKind::WebId],
            ..waon_id()
        };
        let check = check_login_id(&rules, " taro@example.com");
        assert_eq!(check.kind, Some(LoginIdKind::Email));
        assert_eq!(check.codes(), vec![L::KindNotAccepted]);
        assert_eq!(
            check.violations[0].message_ja,
            "メールアドレスではログインできません。IDを入力してください。"
        );
        assert!(check_login_id(&rules, "taro_123").valid);
        let check = check_login_id(&rules, "");
        assert_eq!(check.violations[0].message_ja, "IDを入力してください。");
    }

    #[test]
    fn e_mail_shapes() {
        let rules = wester_id();
        let cases = [
            ("a@@b.jp", "メールアドレスに「@」が複数含まれています。"),
            ("a@b@c.jp", "メールアドレスに「@」が複数含まれています。"),
            ("@b.jp", "「@」の前が入力されていません。"),
            ("a@", "「@」の後ろ（ドメイン）が入力されていません。"),
            ("a@jp", "「@」の後ろ（ドメイン）に「.」が含まれていません。"),
            (
                "a@.jp",
                "「@」の後ろ（ドメイン）の「.」の位置が正しくありません（先頭・末尾や「..」の連続）。",
            ),
            (
                "a@b..jp",
                "「@」の後ろ（ドメイン）の「.」の位置が正しくありません（先頭・末尾や「..」の連続）。",
            ),
            (
                "a@b.jp.",
                "「@」の後ろ（ドメイン）の「.」の位置が正しくありません（先頭・末尾や「..」の連続）。",
            ),
        ];
        for (id, ja) in cases {
            let check = check_login_id(&rules, id);
            assert_eq!(check.codes(), vec![L::InvalidEmail], "{id}");
            assert_eq!(check.violations[0].message_ja, ja, "{id}");
            assert_eq!(check.violations[0].position, None);
        }
        // A character fine before the `@` but not in a domain is named, with its position.
        let check = check_login_id(&rules, "a_b@ex_ample.jp");
        assert_eq!(id_chars(&check), vec![one_id(L::InvalidEmail, "_", 6)]);
        assert_eq!(
            check.violations[0].message_ja,
            "7文字目の「_」は「@」の後ろ（ドメイン）に使用できません。"
        );
        // Only the first structural problem is reported.
        assert_eq!(
            check_login_id(&rules, "a@b_c").codes(),
            vec![L::InvalidEmail]
        );
    }

    #[test]
    fn e_mail_characters_and_spaces() {
        let rules = waon_id();
        let check = check_login_id(&rules, " taro@example.com\n");
        assert_eq!(check.kind, Some(LoginIdKind::Email));
        assert_eq!(
            id_chars(&check),
            vec![
                one_id(L::LeadingOrTrailingSpace, " ", 0),
                one_id(L::LeadingOrTrailingSpace, "\n", 17)
            ]
        );
        let check = check_login_id(&rules, "ta ro@example.com");
        assert_eq!(
            id_chars(&check),
            vec![one_id(L::DisallowedCharacter, " ", 2)]
        );
        assert_eq!(
            check.violations[0].message_ja,
            "3文字目のスペースはメールアドレスに使用できません。"
        );
        let check = check_login_id(&rules, "たろう@例え.jp");
        assert_eq!(check.codes(), vec![L::DisallowedCharacter; 5]);
        assert_eq!(id_chars(&check)[3], one_id(L::DisallowedCharacter, "例", 4));
        let check = check_login_id(&rules, "taro(x)@example.com");
        assert_eq!(check.codes(), vec![L::DisallowedCharacter; 2]);
        // Full-width letters in the domain are reported as such, not as a bad domain.
        let check = check_login_id(&rules, "taro@ｅxample.com");
        assert_eq!(
            id_chars(&check),
            vec![one_id(L::FullWidthCharacter, "ｅ", 5)]
        );
    }

    #[test]
    fn e_mail_length_limit() {
        let at_limit = format!(
            "{}@{}.{}.jp",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(122)
        );
        assert_eq!(at_limit.len(), 254);
        assert!(check_login_id(&wester_id(), &at_limit).valid);
        let over = format!("a{at_limit}");
        let check = check_login_id(&wester_id(), &over);
        assert_eq!(check.codes(), vec![L::TooLong]);
        assert_eq!(
            check.violations[0].message_ja,
            "メールアドレスは254文字以内で入力してください（現在255文字）。"
        );
    }

    #[test]
    fn ten_kilobytes_of_text() {
        let check = check_login_id(&waon_id(), &"a".repeat(10_240));
        assert_eq!(check.codes(), vec![L::TooLong]);
        let check = check_login_id(&wester_id(), &format!("{}@example.com", "あ".repeat(3_400)));
        assert_eq!(check.codes()[0], L::TooLong);
        assert_eq!(id_chars(&check).len(), 3_400);
    }

    #[test]
    fn codes_serialise_as_their_snake_case_strings() {
        let all = [
            (L::Empty, "empty"),
            (L::KindNotAccepted, "kind_not_accepted"),
            (L::TooShort, "too_short"),
            (L::TooLong, "too_long"),
            (L::InvalidEmail, "invalid_email"),
            (L::DisallowedCharacter, "disallowed_character"),
            (L::FullWidthCharacter, "full_width_character"),
            (L::LeadingOrTrailingSpace, "leading_or_trailing_space"),
        ];
        for (code, text) in all {
            match code {
                L::Empty
                | L::KindNotAccepted
                | L::TooShort
                | L::TooLong
                | L::InvalidEmail
                | L::DisallowedCharacter
                | L::FullWidthCharacter
                | L::LeadingOrTrailingSpace => {}
            }
            assert_eq!(code.as_str(), text);
            assert_eq!(
                serde_json::to_value(code).expect("serialise"),
                serde_json::json!(text)
            );
        }
        let json = serde_json::to_value(check_login_id(&waon_id(), "taro_123")).expect("serialise");
        assert_eq!(json["kind"], "web_id");
    }

    #[test]
    fn hand_built_rules_never_panic() {
        let odd = [
            LoginRules {
                id_kinds: vec![],
                web_id_min: 6,
                web_id_max: 20,
            },
            LoginRules {
                id_kinds: vec![LoginIdKind::WebId],
                web_id_min: 30,
                web_id_max: 2,
            },
            LoginRules {
                id_kinds: vec![LoginIdKind::WebId, LoginIdKind::Email],
                web_id_min: 0,
                web_id_max: u32::MAX,
            },
        ];
        for rules in &odd {
            for id in ["", "a", "a@b.jp", " \u{3000}", "＠", "@", "@@", "😀@😀.😀"] {
                let check = check_login_id(rules, id);
                assert_eq!(check.valid, check.violations.is_empty(), "{id:?}");
            }
        }
    }
}

/// Generated hostile input: no panic, and the results keep their invariants.
mod hostile {
    use super::*;

    /// A small deterministic generator (xorshift64*), so a failure is reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn char(&mut self) -> char {
            const POOL: &[char] = &[
                ' ',
                '\t',
                '\n',
                '\r',
                '\u{B}',
                '\u{C}',
                '\0',
                '\u{7F}',
                '\u{3000}',
                '\u{A0}',
                '@',
                '＠',
                '.',
                '_',
                '-',
                '!',
                '"',
                '\\',
                '¥',
                '￥',
                'ｱ',
                'ﾞ',
                'あ',
                'ア',
                '漢',
                '\u{3099}',
                '\u{301}',
                '\u{200B}',
                '\u{200D}',
                '\u{202E}',
                '\u{2066}',
                '\u{FEFF}',
                '\u{FE0F}',
                '😀',
                '👨',
                '\u{1F3FB}',
                '\u{E0041}',
                '\u{FFFD}',
                '\u{FFFF}',
                '\u{10FFFF}',
                '\u{D7FF}',
                '\u{E000}',
                '⦅',
                '｟',
                '～',
            ];
            match self.below(6) {
                0 => char::from(self.below(128) as u8),
                1 => char::from_u32(0xFF01 + self.below(0x5E) as u32).unwrap_or('?'),
                2 => char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{FFFD}'),
                3 => char::from(b"aZ9!"[self.below(4)]),
                _ => POOL[self.below(POOL.len())],
            }
        }

        fn string(&mut self) -> String {
            let len = match self.below(20) {
                0 => 0,
                1 => 300 + self.below(700),
                _ => self.below(40),
            };
            (0..len).map(|_| self.char()).collect()
        }

        fn password_rules(&mut self) -> PasswordRules {
            match self.below(4) {
                0 => wester_pw(),
                1 => waon_pw(),
                _ => {
                    let symbols: String = (0..self.below(10))
                        .map(|_| char::from(b" !#$%&@_-.~"[self.below(11)]))
                        .collect();
                    PasswordRules {
                        min_length: self.below(12) as u32,
                        max_length: self.below(40) as u32,
                        require_digit: self.below(2) == 0,
                        require_upper: self.below(2) == 0,
                        require_lower: self.below(2) == 0,
                        require_letter: self.below(2) == 0,
                        require_symbol: self.below(2) == 0,
                        symbols,
                    }
                }
            }
        }

        fn login_rules(&mut self) -> LoginRules {
            let id_kinds = match self.below(4) {
                0 => vec![LoginIdKind::Email],
                1 => vec![LoginIdKind::Email, LoginIdKind::WebId],
                2 => vec![LoginIdKind::WebId],
                _ => vec![],
            };
            LoginRules {
                id_kinds,
                web_id_min: self.below(10) as u32,
                web_id_max: self.below(30) as u32,
            }
        }
    }

    fn password_rank(code: P) -> usize {
        match code {
            P::TooShort => 0,
            P::TooLong => 1,
            P::MissingDigit => 2,
            P::MissingUpper => 3,
            P::MissingLower => 4,
            P::MissingLetter => 5,
            P::MissingSymbol => 6,
            P::DisallowedCharacter | P::FullWidthCharacter | P::LeadingOrTrailingSpace => 7,
        }
    }

    fn login_rank(code: L) -> usize {
        match code {
            L::Empty => 0,
            L::KindNotAccepted => 1,
            L::TooShort => 2,
            L::TooLong => 3,
            L::InvalidEmail => 4,
            L::DisallowedCharacter | L::FullWidthCharacter | L::LeadingOrTrailingSpace => 5,
        }
    }

    /// Messages never carry a raw control or bidirectional character (they name it instead).
    fn clean(message: &str) -> bool {
        !message.is_empty()
            && !message
                .chars()
                .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c))
    }

    #[test]
    fn generated_passwords() {
        let mut rng = Rng(0x7A3A_12C0_FFEE_0001);
        for _ in 0..3_000 {
            let rules = rng.password_rules();
            let text = rng.string();
            let chars: Vec<char> = text.chars().collect();
            let check = check_password(&rules, &text);
            assert_eq!(check.valid, check.violations.is_empty(), "{text:?}");
            let mut last = (0, None);
            for v in &check.violations {
                assert!(clean(&v.message_en) && clean(&v.message_ja), "{v:?}");
                let rank = password_rank(v.code);
                assert!(rank >= last.0, "order {text:?}: {:?}", check.codes());
                if rank == 7 {
                    let pos = v.position.expect("per-character code has a position");
                    assert!(last.1.is_none_or(|p| p < pos), "positions ascend {text:?}");
                    let ch = chars.get(pos as usize).expect("position inside the text");
                    assert_eq!(v.character.as_deref(), Some(ch.to_string().as_str()));
                    last.1 = Some(pos);
                } else {
                    assert_eq!((v.character.as_ref(), v.position), (None, None));
                }
                last.0 = rank;
            }
            let list = rule_checklist(&rules, &text);
            assert_eq!(list.iter().all(|s| s.met), check.valid, "{text:?}");
            assert!(check.violations.len() <= chars.len() + 7);
        }
    }

    #[test]
    fn generated_login_ids() {
        let mut rng = Rng(0x5EED_0000_1234_ABCD);
        for _ in 0..3_000 {
            let rules = rng.login_rules();
            let mut text = rng.string();
            if rng.below(3) == 0 {
                text.insert(
                    text.len() / 2 * usize::from(text.is_char_boundary(text.len() / 2)),
                    '@',
                );
            }
            let chars: Vec<char> = text.chars().collect();
            let check = check_login_id(&rules, &text);
            assert_eq!(check.valid, check.violations.is_empty(), "{text:?}");
            assert_eq!(
                check.kind.is_none(),
                check.codes().contains(&L::Empty),
                "{text:?}"
            );
            if let Some(kind) = check.kind {
                assert_eq!(
                    rules.id_kinds.contains(&kind),
                    !check.codes().contains(&L::KindNotAccepted)
                );
            }
            let mut last = (0, None);
            for v in &check.violations {
                assert!(clean(&v.message_en) && clean(&v.message_ja), "{v:?}");
                let rank = login_rank(v.code);
                assert!(rank >= last.0, "order {text:?}: {:?}", check.codes());
                if let Some(pos) = v.position {
                    let ch = chars.get(pos as usize).expect("position inside the text");
                    assert_eq!(v.character.as_deref(), Some(ch.to_string().as_str()));
                }
                if rank == 5 {
                    let pos = v.position.expect("per-character code has a position");
                    assert!(last.1.is_none_or(|p| p < pos), "positions ascend {text:?}");
                    last.1 = Some(pos);
                }
                last.0 = rank;
            }
        }
    }
}
