//! The login-ID check case by case: e-mail shapes, web IDs, spaces and full-width forms,
//! with their messages.

use super::*;

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
