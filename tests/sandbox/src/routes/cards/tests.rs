use std::collections::HashSet;

use super::*;

#[test]
fn luhn_matches_known_numbers() {
    // Well-known test numbers.
    assert!(luhn_valid("4111111111111111"));
    assert!(luhn_valid("79927398713"));
    assert!(!luhn_valid("79927398710"));
    assert!(!luhn_valid(""));
    assert!(!luhn_valid("4111-1111"));
    assert_eq!(luhn_check_digit("7992739871"), '3');
}

#[test]
fn demo_cards_have_valid_numbers_and_load() {
    let conn = crate::db::open(None).expect("schema loads");
    let mut stmt = conn
        .prepare("SELECT program, card_type, number, built_into FROM card_registry")
        .expect("query");
    let rows: Vec<(String, String, String, Option<i64>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), 14, "12 demo cards and 2 built-in e-money cards");
    let mut seen = HashSet::new();
    for (program, card_type, number, _) in &rows {
        assert!(luhn_valid(number), "{number}");
        assert_eq!(number.len(), 16);
        assert!(
            rules_of(program)
                .expect("rules")
                .card_type(card_type)
                .is_some(),
            "{program} {card_type}"
        );
        assert!(seen.insert(number.clone()), "unique {number}");
    }
    let built_in = rows.iter().filter(|r| r.3.is_some()).count();
    assert_eq!(built_in, 2, "each demo AEON card has its e-money card");
}

#[test]
fn the_documented_demo_cards_are_the_ones_loaded() {
    let contract = include_str!("../../../CONTRACT.md");
    let table = contract
        .split("### Demo cards")
        .nth(1)
        .expect("CONTRACT.md documents the demo cards");
    let conn = crate::db::open(None).expect("schema loads");
    let mut documented = 0;
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
        let (program, card_type, number) = (cells[1], cells[2], cells[3].replace(' ', ""));
        let found: Option<String> = conn
            .query_row(
                "SELECT card_type FROM card_registry WHERE program = ?1 AND number = ?2",
                (program, &number),
                |r| r.get(0),
            )
            .optional()
            .expect("query");
        assert_eq!(found.as_deref(), Some(card_type), "{row}");
        documented += 1;
    }
    assert_eq!(documented, 12, "every demo card is documented");
}

#[test]
fn names_compare_as_people_write_them() {
    let a = Holder {
        name: "山田　花子".into(),
        birth_date: "1990-04-01".into(),
    };
    let b = Holder {
        name: "山田花子".into(),
        birth_date: "1990-04-01".into(),
    };
    assert!(same_person(&a, &b));
    let c = Holder {
        name: "ＹＡＭＡＤＡ Hanako".into(),
        birth_date: "1990-04-01".into(),
    };
    let d = Holder {
        name: "yamada hanako".into(),
        birth_date: "1990-04-01".into(),
    };
    assert!(same_person(&c, &d));
    let e = Holder {
        birth_date: "1990-04-02".into(),
        ..b.clone()
    };
    assert!(!same_person(&b, &e));
}

#[test]
fn start_month_is_the_month_after_the_first_award() {
    assert_eq!(start_month("2020-09-10").as_deref(), Some("2020-10"));
    assert_eq!(start_month("2020-12-31").as_deref(), Some("2021-01"));
    assert_eq!(start_month("not a date"), None);
}

/// The sandbox's card rules of each shipped program are the ones its profile
/// (`core/profiles/*.toml`, read through the core's profile API) gives the phone: otherwise
/// the app would offer a card the server refuses, or the other way round.
#[test]
fn the_card_rules_agree_with_the_shipped_profiles() {
    use tamaru_core::profile::{CheckDigit, PinRule, Profile};

    let mut compared = Vec::new();
    for id in Profile::builtin_ids() {
        let profile = Profile::builtin(id).expect("shipped profile");
        let rules = rules_of(id).expect("the sandbox serves every shipped program");
        let cards = &profile.cards;
        assert_eq!(rules.max_total, cards.max_total, "{id}: cards.max_total");
        assert_eq!(
            rules.merge, cards.account_merge,
            "{id}: cards.account_merge"
        );
        assert_eq!(
            rules.types.iter().map(|t| t.id).collect::<HashSet<_>>(),
            cards
                .types
                .iter()
                .map(|t| t.id.as_str())
                .collect::<HashSet<_>>(),
            "{id}: the card types"
        );
        for want in &cards.types {
            let have = rules.card_type(&want.id).expect("same types");
            let what = format!("{id}.{}", want.id);
            assert_eq!(have.digits, want.digits as usize, "{what}: digits");
            let check = match want.check {
                CheckDigit::Luhn => Check::Luhn,
                CheckDigit::Mod10W3 => Check::Mod10W3,
                CheckDigit::None => Check::None,
            };
            assert_eq!(have.check, check, "{what}: check");
            assert_eq!(
                have.pin_possible,
                want.pin == PinRule::MemberStates,
                "{what}: pin"
            );
            assert_eq!(
                have.asks_member_registered, want.asks_member_registered,
                "{what}: asks_member_registered"
            );
            assert_eq!(
                have.max_per_account, want.max_per_account,
                "{what}: max_per_account"
            );
            assert_eq!(have.credit_card, want.credit_card, "{what}: credit_card");
            assert_eq!(
                have.built_in_emoney.is_some(),
                want.links_emoney,
                "{what}: links_emoney"
            );
            if let Some(emoney) = have.built_in_emoney {
                assert!(
                    cards.types.iter().any(|t| t.id == emoney),
                    "{what}: its built-in e-money type {emoney} is a type of the profile"
                );
            }
            compared.push(what);
        }
    }
    // Both shipped programs, every type: a profile that lost its cards cannot pass silently.
    assert_eq!(compared.len(), 5, "{compared:?}");
}

/// No program's rules stand in for an unknown one: it is refused as in a path.
#[test]
fn an_unknown_program_has_no_card_rules() {
    let e = rules_of("nope").expect_err("unknown");
    assert_eq!((e.status.as_u16(), e.code), (404, "unknown_program"));
    assert!(rules_of("wester").is_ok() && rules_of("waon").is_ok());
}
