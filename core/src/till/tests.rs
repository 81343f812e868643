//! The seed's "POSまわりの実装" table, written out independently of the profile, against
//! every terminal kind × card kind × read method, and every receipt case.

use super::*;
use crate::profile::{ProfileError, ReadMethod};

fn waon() -> std::sync::Arc<Profile> {
    Profile::builtin("waon").expect("waon")
}

const TERMINALS: [&str; 3] = ["common_pos", "omron_mp", "vinx_mp"];
const KINDS: [&str; 5] = [
    "waon_point_card",
    "aeon_card",
    "waon_emoney",
    "member_code",
    "app_code",
];

/// The seed, transcribed: (terminal, card kind, read) triples that are accepted.
fn seed_accepts(terminal: &str, card: &str, read: ReadMethod) -> bool {
    use ReadMethod::*;
    match (terminal, card) {
        // 共通POS: WAON POINTカード (磁気・バーコード), イオンカード (磁気), iAEON会員コード,
        // WAON POINTカード機能を有するアプリ (バーコード)
        ("common_pos", "waon_point_card") => matches!(read, Magnetic | Barcode),
        ("common_pos", "aeon_card") => read == Magnetic,
        ("common_pos", "member_code" | "app_code") => read == Barcode,
        // オムロンMP: WAON POINTカード (磁気), イオンカード (磁気), iAEON会員コード; バーコードは
        // 会員コードのみ
        ("omron_mp", "waon_point_card" | "aeon_card") => read == Magnetic,
        ("omron_mp", "member_code") => read == Barcode,
        // ヴィンクスMP: WAON POINTカード (磁気・バーコード), イオンカード (コンタクトレス・接触IC・
        // 磁気), iAEON会員コード
        ("vinx_mp", "waon_point_card") => matches!(read, Magnetic | Barcode),
        ("vinx_mp", "aeon_card") => matches!(read, Contactless | ContactIc | Magnetic),
        ("vinx_mp", "member_code") => read == Barcode,
        _ => false,
    }
}

#[test]
fn every_terminal_accepts_exactly_what_the_seed_lists() {
    let profile = waon();
    let mut accepted = 0;
    for terminal in TERMINALS {
        for card in KINDS {
            for read in ReadMethod::ALL {
                let got = till_accepts(&profile, terminal, card, read).expect("known");
                assert_eq!(
                    got,
                    seed_accepts(terminal, card, read),
                    "{terminal} {card} {read:?}"
                );
                accepted += usize::from(got);
            }
        }
    }
    assert_eq!(accepted, 5 + 3 + 6);
}

const PAN: &str = "4980561234567897";
const POINT_ACCOUNT: &str = "9000000000004321";
const WAON_POINT_CARD: &str = "6900000000001111";
const MEMBER_CODE_DIGITS: &str = "43001234567890121234567890125678";
const APP_CODE_DIGITS: &str = "1090000000002222";

fn receipt(terminal: &str, card: &str, moved: bool) -> (Vec<&'static str>, Option<&'static str>) {
    let (read, account) = match card {
        "aeon_card" => (PAN, Some(POINT_ACCOUNT)),
        "waon_point_card" => (WAON_POINT_CARD, None),
        "member_code" => (MEMBER_CODE_DIGITS, None),
        _ => (APP_CODE_DIGITS, None),
    };
    let r = till_receipt(&waon(), terminal, card, read, account, moved).expect("receipt");
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    (
        r.numbers.into_iter().map(leak).collect(),
        r.id_line.map(leak),
    )
}

#[test]
fn a_swiped_aeon_card_prints_as_the_seed_describes() {
    // 共通POS: PAN下4桁はポイント付与・利用時のみ; 「ID: X000」(PAN 6桁目) は必ず.
    assert_eq!(
        receipt("common_pos", "aeon_card", true),
        (vec!["…7897"], Some("ID: 6000"))
    );
    assert_eq!(
        receipt("common_pos", "aeon_card", false),
        (vec![], Some("ID: 6000"))
    );
    // オムロン: PAN下4桁 と WAON POINT番号下4桁.
    for moved in [true, false] {
        assert_eq!(
            receipt("omron_mp", "aeon_card", moved),
            (vec!["…7897", "…4321"], None)
        );
        // ヴィンクス: WAON POINT番号下4桁.
        assert_eq!(
            receipt("vinx_mp", "aeon_card", moved),
            (vec!["…4321"], None)
        );
    }
}

#[test]
fn cards_and_barcodes_print_their_last_4_as_the_seed_describes() {
    for (card, figure) in [
        ("waon_point_card", "…1111"),
        ("member_code", "…5678"),
        ("app_code", "…2222"),
    ] {
        assert_eq!(
            receipt("common_pos", card, true),
            (vec![figure], None),
            "{card}"
        );
        assert_eq!(receipt("common_pos", card, false), (vec![], None), "{card}");
    }
    for terminal in ["omron_mp", "vinx_mp"] {
        for moved in [true, false] {
            for (card, figure) in [("waon_point_card", "…1111"), ("member_code", "…5678")] {
                assert_eq!(
                    receipt(terminal, card, moved),
                    (vec![figure], None),
                    "{terminal} {card}"
                );
            }
        }
    }
}

#[test]
fn unknown_terminals_and_kinds_are_typed_errors() {
    let profile = waon();
    assert_eq!(
        till_accepts(&profile, "ncr", "aeon_card", ReadMethod::Magnetic),
        Err(TillError::UnknownTerminal {
            terminal: "ncr".into()
        })
    );
    assert_eq!(
        till_receipt(&profile, "omron_mp", "nanaco", "1", None, true),
        Err(TillError::UnknownCardKind {
            card: "nanaco".into()
        })
    );
    let wester = Profile::builtin("wester").expect("wester");
    assert_eq!(
        till_accepts(&wester, "common_pos", "member_code", ReadMethod::Barcode),
        Err(TillError::NoTillRules)
    );
    assert!(till_guide(&wester, None).is_empty());
}

#[test]
fn barcodes_are_told_apart_by_the_profile() {
    let profile = waon();
    assert_eq!(
        classify_code(&profile, MEMBER_CODE_DIGITS),
        Some("member_code")
    );
    assert_eq!(classify_code(&profile, APP_CODE_DIGITS), Some("app_code"));
    assert_eq!(classify_code(&profile, "6900000000000016"), None);
    assert_eq!(classify_code(&profile, "4300123"), None);
    assert_eq!(classify_code(&profile, "12345"), None);
}

#[test]
fn the_member_code_screen_says_what_to_show_and_what_the_receipt_shows() {
    let guide = till_guide(&waon(), Some("5678"));
    assert_eq!(
        guide
            .iter()
            .map(|g| g.terminal.as_str())
            .collect::<Vec<_>>(),
        TERMINALS
    );
    assert!(guide.iter().all(|g| g.accepts_member_code));
    let common = &guide[0];
    assert!(common.receipt_en.contains("…5678") && common.receipt_en.contains("only when"));
    assert!(common.receipt_ja.contains("…5678") && common.receipt_ja.contains("ときだけ"));
    for other in &guide[1..] {
        assert!(!other.receipt_en.contains("only when"), "{other:?}");
        assert!(other.receipt_ja.contains("…5678"));
    }
    let vinx_aeon = guide[2]
        .cards
        .iter()
        .find(|c| c.card_type == "aeon_card")
        .expect("vinx reads the AEON card");
    assert_eq!(
        vinx_aeon.reads,
        vec![
            ReadMethod::Contactless,
            ReadMethod::ContactIc,
            ReadMethod::Magnetic
        ]
    );
    assert!(
        guide[1]
            .cards
            .iter()
            .all(|c| c.reads == vec![ReadMethod::Magnetic])
    );
    // What the receipt shows for a swiped AEON card, at each kind of till.
    let aeon = |i: usize| {
        guide[i]
            .cards
            .iter()
            .find(|c| c.card_type == "aeon_card")
            .expect("reads the AEON card")
            .clone()
    };
    assert!(
        aeon(0).receipt_en.contains("card number only when"),
        "{}",
        aeon(0).receipt_en
    );
    assert!(aeon(0).receipt_en.contains("ID: X000") && aeon(0).receipt_en.contains("digit 6"));
    assert!(
        aeon(0).receipt_ja.contains("6桁目"),
        "{}",
        aeon(0).receipt_ja
    );
    assert!(
        aeon(1).receipt_en.contains("card number.") && aeon(1).receipt_en.contains("point number.")
    );
    assert!(!aeon(1).receipt_en.contains("ID:"));
    assert!(
        aeon(2).receipt_en.contains("point number") && !aeon(2).receipt_en.contains("card number")
    );
    // A WAON POINT card at the common POS: only when points moved.
    let waon_card = guide[0]
        .cards
        .iter()
        .find(|c| c.card_type == "waon_point_card")
        .expect("common POS reads it");
    assert!(
        waon_card.receipt_ja.contains("ときだけ"),
        "{}",
        waon_card.receipt_ja
    );
    // A till without the member code says to present a card instead.
    let mut profile = Profile::clone(&waon());
    let till = profile.till.as_mut().expect("till");
    till.terminals[1]
        .accepts
        .retain(|a| a.card != "member_code");
    let guide = till_guide(&profile, None);
    assert!(!guide[1].accepts_member_code);
    assert!(guide[1].show_ja.contains("読み取れません") && guide[1].receipt_en.is_empty());
}

fn field_of(text: &str) -> String {
    match Profile::from_toml(text) {
        Err(ProfileError::InvalidField { field, .. }) => field,
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

const WAON_TOML: &str = include_str!("../../profiles/waon.toml");

#[test]
fn till_rules_the_core_cannot_use_are_refused_naming_the_field() {
    assert_eq!(
        field_of(&WAON_TOML.replacen(
            "{ card = \"aeon_card\", read = \"magnetic\" }",
            "{ card = \"nanaco\", read = \"magnetic\" }",
            1
        )),
        "till.terminals[0].accepts[2].card"
    );
    assert_eq!(
        field_of(&WAON_TOML.replacen("read = \"contact_ic\"", "read = \"nfc_f\"", 1)),
        "till.terminals[2].accepts[3].read"
    );
    assert_eq!(
        field_of(&WAON_TOML.replacen("id_line_digit = 6", "id_line_digit = 17", 1)),
        "till.terminals[0].receipt[0].id_line_digit"
    );
    assert_eq!(
        field_of(&WAON_TOML.replacen("id = \"omron_mp\"", "id = \"common_pos\"", 1)),
        "till.terminals[1].id"
    );
    assert_eq!(
        field_of(&WAON_TOML.replacen("app_code_prefix = \"109\"\n", "", 1)),
        "till.app_code_length"
    );
    assert_eq!(
        field_of(&WAON_TOML.replacen("when = \"always\"", "when = \"sometimes\"", 1)),
        "till.terminals[1].receipt[0].numbers[0].when"
    );
}
