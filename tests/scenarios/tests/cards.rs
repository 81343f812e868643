//! Point cards against the real sandbox (SPEC §4): registration and each of its refusals,
//! the limits, the e-money link, the life cycle (reissue, lapse), the idempotent retry after
//! a lost answer, where a credit card's number must never be, and the account merge.

use std::path::Path;

use tamaru_core::cards::input::{CardInput, CardInputError};
use tamaru_core::cards::{
    CardMismatch, CardNoticeKind, CardState, MergeRequest, PersonalDetails, PersonalDetailsProblem,
};
use tamaru_core::error::TamaruError;
use tamaru_sandbox::{AccountHolder, Holder, IssueCard, IssuedCard, Sandbox};
use tamaru_scenarios::{Phone, closed_port_url, sandbox, signed_up, typed};

/// Issues an active card of the default holder (山田 花子).
fn issue(sandbox: &Sandbox, program: &str, card_type: &str) -> IssuedCard {
    sandbox
        .cards()
        .issue(&IssueCard::new(program, card_type))
        .expect("the sandbox issues the card")
}

fn issue_with(sandbox: &Sandbox, req: IssueCard) -> IssuedCard {
    sandbox
        .cards()
        .issue(&req)
        .expect("the sandbox issues the card")
}

fn hanako() -> PersonalDetails {
    PersonalDetails {
        name: "山田 花子".into(),
        birth_date: "1990-04-01".into(),
    }
}

/// The number of card registrations and merges the sandbox received.
fn requests(sandbox: &Sandbox) -> u64 {
    sandbox.cards().stats().requests
}

// ---------------------------------------------------------------------------------------
// Registration

#[tokio::test]
async fn a_card_is_registered_and_listed_offline() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let card = issue_with(
        &sandbox,
        IssueCard {
            pin: Some("4321".into()),
            member_registered: true,
            ..IssueCard::new("wester", "sc_point_card")
        },
    );
    // Typed the way members type: full-width digits and hyphens.
    let wide: String = card
        .number
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    let typed_number = format!("{}ー{}－{}", &wide[..12], &wide[12..24], &wide[24..]);
    let registered = phone
        .app
        .cards()
        .register(&CardInput {
            number: typed_number,
            ..typed(&card)
        })
        .await
        .unwrap();
    assert!(!registered.already_registered);
    assert!(registered.linked.is_empty());
    let shown = &registered.card;
    assert_eq!(shown.number.as_deref(), Some(card.number.as_str()));
    assert_eq!(shown.last4, &card.number[12..]);
    assert_eq!(shown.display_number.len(), 19, "grouped in fours");
    assert_eq!(shown.state, CardState::Active);
    assert_eq!(shown.issuer.as_deref(), Some("ルクア大阪"));
    assert_eq!(shown.point_account, None);

    let list = phone.app.cards().list().unwrap();
    assert_eq!(list.cards, vec![shown.clone()]);
    assert_eq!(list.synced_at, None, "never fetched whole yet");
    let refreshed = phone.app.cards().refresh().await.unwrap();
    assert_eq!(refreshed.cards, vec![shown.clone()]);
    assert!(refreshed.notices.is_empty());

    // Offline: the copy still shows, marked with when it was synced.
    let phone = phone.restart_at(closed_port_url("wester"));
    let offline = phone.app.cards().list().unwrap();
    assert_eq!(offline.cards, vec![shown.clone()]);
    assert_eq!(offline.synced_at, Some(refreshed.synced_at));
    assert!(matches!(
        phone.app.cards().refresh().await,
        Err(TamaruError::Network { .. })
    ));
}

#[tokio::test]
async fn typos_are_refused_before_any_request_with_every_problem() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let card = issue(&sandbox, "wester", "sc_point_card");
    let last = card.number.as_bytes()[15] - b'0';
    let wrong_check = format!("{}{}", &card.number[..15], (last + 1) % 10);
    let result = phone
        .app
        .cards()
        .register(&CardInput {
            card_type: "sc_point_card".into(),
            number: wrong_check,
            has_pin: Some(true),
            pin: Some("12".into()),
            member_registered: Some(false),
        })
        .await;
    assert_eq!(
        result,
        Err(TamaruError::CardInput {
            errors: vec![
                CardInputError::BadCheckDigit,
                CardInputError::PinWrongDigitCount {
                    given: 2,
                    expected: 4
                }
            ]
        })
    );
    let short = phone
        .app
        .cards()
        .register(&CardInput::new("sc_point_card", &card.number[..15]))
        .await;
    assert_eq!(
        short,
        Err(TamaruError::CardInput {
            errors: vec![
                CardInputError::WrongDigitCount {
                    given: 15,
                    expected: 16
                },
                CardInputError::MemberRegisteredRequired,
            ]
        })
    );
    assert_eq!(requests(&sandbox), 0, "nothing was sent");
    let Err(e) = short else { unreachable!() };
    assert_eq!(e.code(), "card_input");
    assert!(e.message_ja().contains("桁数"), "{}", e.message_ja());
}

#[tokio::test]
async fn details_that_do_not_match_the_card_are_named() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let with_pin = issue_with(
        &sandbox,
        IssueCard {
            pin: Some("1234".into()),
            member_registered: true,
            ..IssueCard::new("wester", "sc_point_card")
        },
    );
    let cards = phone.app.cards();
    let mismatch = |mismatches: Vec<CardMismatch>| {
        Err::<(), _>(TamaruError::CardDetailsMismatch { mismatches })
    };
    // "No PIN" for a card with one.
    let no_pin = cards
        .register(&CardInput {
            has_pin: Some(false),
            pin: None,
            ..typed(&with_pin)
        })
        .await;
    assert_eq!(
        no_pin.map(|_| ()),
        mismatch(vec![CardMismatch::PinPresence])
    );
    // The wrong PIN and the wrong answer about the member registration, both at once.
    let wrong = cards
        .register(&CardInput {
            pin: Some("9999".into()),
            member_registered: Some(false),
            ..typed(&with_pin)
        })
        .await;
    assert_eq!(
        wrong.map(|_| ()),
        mismatch(vec![CardMismatch::Pin, CardMismatch::MemberRegistration])
    );
    // No answer about the member registration: the member must state it (SPEC §4.2), so the
    // phone asks for it before any request (the server refuses it too, as a mismatch).
    let before = requests(&sandbox);
    let unanswered = cards
        .register(&CardInput {
            member_registered: None,
            ..typed(&with_pin)
        })
        .await;
    assert_eq!(
        unanswered.map(|_| ()),
        Err(TamaruError::CardInput {
            errors: vec![CardInputError::MemberRegisteredRequired]
        })
    );
    assert_eq!(requests(&sandbox), before, "nothing was sent");
    // A PIN for a card without one.
    let without_pin = issue(&sandbox, "wester", "sc_point_card");
    let extra_pin = cards
        .register(&CardInput {
            has_pin: Some(true),
            pin: Some("1234".into()),
            ..typed(&without_pin)
        })
        .await;
    assert_eq!(
        extra_pin.map(|_| ()),
        mismatch(vec![CardMismatch::PinPresence])
    );
    // A well-formed number no card has.
    let body = "604599999999999";
    let unknown = format!(
        "{body}{}",
        tamaru_core::cards::input::luhn_check_digit(body).unwrap()
    );
    let never_issued = cards
        .register(&CardInput {
            member_registered: Some(false),
            ..CardInput::new("sc_point_card", unknown)
        })
        .await;
    assert_eq!(
        never_issued.map(|_| ()),
        mismatch(vec![CardMismatch::Number])
    );
    let Err(e) = cards
        .register(&CardInput {
            pin: Some("0000".into()),
            ..typed(&with_pin)
        })
        .await
    else {
        panic!("a wrong PIN registers nothing");
    };
    assert_eq!(e.code(), "card_details_mismatch");
    assert!(e.message_ja().contains("PIN番号"), "{}", e.message_ja());
    // Nothing was registered by any of these; the right details then work.
    assert!(cards.list().unwrap().cards.is_empty());
    cards.register(&typed(&with_pin)).await.unwrap();
}

#[tokio::test]
async fn a_number_of_another_card_type_is_a_mismatch() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let point_card = issue(&sandbox, "waon", "waon_point_card");
    let as_emoney = phone
        .app
        .cards()
        .register(&CardInput::new("waon_emoney", point_card.number.clone()))
        .await;
    assert_eq!(
        as_emoney.map(|_| ()),
        Err(TamaruError::CardDetailsMismatch {
            mismatches: vec![CardMismatch::CardType]
        })
    );
}

#[tokio::test]
async fn expired_invalid_lapsed_and_replaced_cards_are_refused() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let cards = phone.app.cards();
    let expired = issue_with(
        &sandbox,
        IssueCard {
            status: Some("expired".into()),
            ..IssueCard::new("wester", "sc_point_card")
        },
    );
    let result = cards.register(&typed(&expired)).await;
    assert_eq!(
        result.map(|_| ()),
        Err(TamaruError::CardExpiredOrInvalid {
            expired_on: Some(expired.expires_on.clone())
        })
    );
    for status in ["invalid", "lapsed"] {
        let card = issue_with(
            &sandbox,
            IssueCard {
                status: Some(status.into()),
                ..IssueCard::new("wester", "sc_point_card")
            },
        );
        assert_eq!(
            cards.register(&typed(&card)).await.map(|_| ()),
            Err(TamaruError::CardExpiredOrInvalid { expired_on: None }),
            "{status}"
        );
    }
    // The old number of a reissued card.
    let old = issue(&sandbox, "wester", "sc_point_card");
    let new = sandbox.cards().reissue("wester", &old.number).unwrap();
    assert_eq!(
        cards.register(&typed(&old)).await.map(|_| ()),
        Err(TamaruError::CardExpiredOrInvalid { expired_on: None })
    );
    cards.register(&typed(&new)).await.unwrap();
    let e = TamaruError::CardExpiredOrInvalid {
        expired_on: Some(expired.expires_on.clone()),
    };
    assert_eq!(e.code(), "card_expired_or_invalid");
    assert!(
        e.message_ja().contains(&expired.expires_on),
        "{}",
        e.message_ja()
    );
}

#[tokio::test]
async fn someone_elses_card_is_refused() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "wester").await;
    let suzuki = IssueCard {
        holder: Some(Holder {
            name: "鈴木 一郎".into(),
            birth_date: "1985-10-10".into(),
        }),
        ..IssueCard::new("wester", "sc_point_card")
    };
    // The account's personal details, as the member gave them at sign-up.
    sandbox
        .cards()
        .set_holder(
            "wester",
            &login_id,
            &AccountHolder {
                name: "山田　花子".into(),
                birth_date: "1990-04-01".into(),
                first_award_date: None,
            },
        )
        .unwrap();
    let others = issue_with(&sandbox, suzuki.clone());
    assert_eq!(
        phone
            .app
            .cards()
            .register(&typed(&others))
            .await
            .map(|_| ()),
        Err(TamaruError::CardOfAnotherPerson)
    );
    // The same name written with another space is the same person.
    let own = issue(&sandbox, "wester", "sc_point_card");
    phone.app.cards().register(&typed(&own)).await.unwrap();

    // An account without personal details takes its first card's holder; a card of
    // someone else is refused after that.
    let (second, second_login, _) = signed_up(&sandbox, "wester").await;
    let first = issue(&sandbox, "wester", "sc_point_card");
    second.app.cards().register(&typed(&first)).await.unwrap();
    assert_eq!(
        sandbox
            .cards()
            .account("wester", &second_login)
            .unwrap()
            .holder
            .map(|h| h.name),
        Some("山田 花子".into())
    );
    let others = issue_with(&sandbox, suzuki);
    assert_eq!(
        second
            .app
            .cards()
            .register(&typed(&others))
            .await
            .map(|_| ()),
        Err(TamaruError::CardOfAnotherPerson)
    );
}

#[tokio::test]
async fn a_card_of_another_account_is_refused_and_ones_own_again_is_fine() {
    let sandbox = sandbox().await;
    let (first, _, _) = signed_up(&sandbox, "waon").await;
    let (second, _, _) = signed_up(&sandbox, "waon").await;
    let card = issue(&sandbox, "waon", "waon_point_card");
    let registered = first.app.cards().register(&typed(&card)).await.unwrap();
    assert_eq!(
        second.app.cards().register(&typed(&card)).await.map(|_| ()),
        Err(TamaruError::CardRegisteredToAnotherAccount)
    );
    // Registering one's own card again is a success that changes nothing.
    let again = first.app.cards().register(&typed(&card)).await.unwrap();
    assert!(again.already_registered);
    assert_eq!(again.card, registered.card);
    assert_eq!(first.app.cards().refresh().await.unwrap().cards.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Limits and the e-money link

#[tokio::test]
async fn fifty_cards_in_all_then_the_limit() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    for _ in 0..50 {
        let card = issue(&sandbox, "wester", "sc_point_card");
        phone.app.cards().register(&typed(&card)).await.unwrap();
    }
    assert_eq!(phone.app.cards().list().unwrap().cards.len(), 50);
    let sent = requests(&sandbox);
    let one_more = issue(&sandbox, "wester", "sc_point_card");
    let refused = phone.app.cards().register(&typed(&one_more)).await;
    assert_eq!(
        refused.map(|_| ()),
        Err(TamaruError::CardLimitReached { limit: 50 })
    );
    assert_eq!(
        requests(&sandbox),
        sent,
        "the phone knew: the number was not sent"
    );
    // Another phone of the same member, with no copy of the list: the server refuses.
    let other = Phone::new(&sandbox, "wester");
    other
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    let refused = other.app.cards().register(&typed(&one_more)).await;
    assert_eq!(
        refused.map(|_| ()),
        Err(TamaruError::CardLimitReached { limit: 50 })
    );
    assert_eq!(requests(&sandbox), sent + 1);
    assert_eq!(
        sandbox
            .cards()
            .account("wester", &login_id)
            .unwrap()
            .registrations
            .len(),
        50
    );
}

#[tokio::test]
async fn a_stale_copy_never_blocks_a_registration() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let mut numbers = Vec::new();
    for _ in 0..50 {
        let card = issue(&sandbox, "wester", "sc_point_card");
        phone.app.cards().register(&typed(&card)).await.unwrap();
        numbers.push(card.number);
    }
    // One membership lapses; the phone's copy still shows 50.
    sandbox
        .cards()
        .set_status("wester", &numbers[0], "lapsed")
        .unwrap();
    let card = issue(&sandbox, "wester", "sc_point_card");
    phone.app.cards().register(&typed(&card)).await.unwrap();
    assert_eq!(phone.app.cards().refresh().await.unwrap().cards.len(), 50);
}

#[tokio::test]
async fn an_aeon_card_brings_its_emoney_card_and_only_one_is_allowed() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "waon").await;
    let aeon = issue(&sandbox, "waon", "aeon_card");
    let registered = phone.app.cards().register(&typed(&aeon)).await.unwrap();
    let card = &registered.card;
    assert_eq!(card.card_type, "aeon_card");
    assert_eq!(card.number, None);
    assert_eq!(card.last4, &aeon.number[12..]);
    assert_eq!(
        card.display_number,
        format!("**** **** **** {}", &aeon.number[12..])
    );
    assert_eq!(card.point_account, aeon.point_account);
    assert_eq!(registered.linked.len(), 1);
    let emoney = &registered.linked[0];
    assert_eq!(emoney.card_type, "waon_emoney");
    assert_eq!(emoney.number, aeon.built_in_emoney);
    assert_eq!(emoney.linked_to.as_deref(), Some(card.id.as_str()));
    let list = phone.app.cards().refresh().await.unwrap().cards;
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|c| c.card_type == "waon_emoney"));

    // A second AEON card: the phone knows offline (the number is not sent)…
    let second = issue(&sandbox, "waon", "aeon_card");
    let sent = requests(&sandbox);
    assert_eq!(
        phone
            .app
            .cards()
            .register(&typed(&second))
            .await
            .map(|_| ()),
        Err(TamaruError::SecondCreditCard { server_code: None })
    );
    assert_eq!(requests(&sandbox), sent);
    // …and the server refuses with its code 6213.
    let other = Phone::new(&sandbox, "waon");
    other
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    let refused = other.app.cards().register(&typed(&second)).await;
    assert_eq!(
        refused.clone().map(|_| ()),
        Err(TamaruError::SecondCreditCard {
            server_code: Some("6213".into())
        })
    );
    let e = refused.unwrap_err();
    assert_eq!(e.code(), "second_credit_card");
    assert!(e.message_ja().contains("(6213)"), "{}", e.message_ja());

    // The built-in e-money card cannot be registered on its own.
    let (someone, _, _) = signed_up(&sandbox, "waon").await;
    let third = issue(&sandbox, "waon", "aeon_card");
    let built_in = third.built_in_emoney.clone().unwrap();
    assert_eq!(
        someone
            .app
            .cards()
            .register(&CardInput::new("waon_emoney", built_in))
            .await
            .map(|_| ()),
        Err(TamaruError::BuiltInEmoneyCard)
    );
}

#[tokio::test]
async fn an_aeon_card_needs_room_for_its_emoney_card() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "waon").await;
    for _ in 0..49 {
        let card = issue(&sandbox, "waon", "waon_point_card");
        phone.app.cards().register(&typed(&card)).await.unwrap();
    }
    let aeon = issue(&sandbox, "waon", "aeon_card");
    assert_eq!(
        phone.app.cards().register(&typed(&aeon)).await.map(|_| ()),
        Err(TamaruError::CardLimitReached { limit: 50 })
    );
    let other = Phone::new(&sandbox, "waon");
    other
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    assert_eq!(
        other.app.cards().register(&typed(&aeon)).await.map(|_| ()),
        Err(TamaruError::CardLimitReached { limit: 50 })
    );
    // One more point card still fits.
    let last = issue(&sandbox, "waon", "waon_point_card");
    other.app.cards().register(&typed(&last)).await.unwrap();
}

// ---------------------------------------------------------------------------------------
// Where a credit card's number must never be

/// Every file under `dir` (the phone's database, its WAL, everything), as bytes.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn no_full_credit_card_number_on_the_phone_or_in_the_registrations() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let aeon = issue(&sandbox, "waon", "aeon_card");
    let registered = phone.app.cards().register(&typed(&aeon)).await.unwrap();
    phone.app.cards().refresh().await.unwrap();
    let emoney = registered.linked[0].number.clone().unwrap();
    let pan = aeon.number.clone();
    let grouped_pan = format!(
        "{} {} {} {}",
        &pan[..4],
        &pan[4..8],
        &pan[8..12],
        &pan[12..]
    );

    let files = files_under(&phone.data_dir);
    assert!(
        files.iter().any(|(_, bytes)| contains(bytes, &emoney)),
        "the scan reads the stored list (the e-money card's number is there)"
    );
    for (name, bytes) in &files {
        assert!(
            !contains(bytes, &pan),
            "{name} holds the credit card number"
        );
        assert!(!contains(bytes, &grouped_pan), "{name} holds it grouped");
        assert!(
            !contains(bytes, &pan[..12]),
            "{name} holds its first 12 digits"
        );
    }

    let admin = sandbox.cards();
    assert!(
        admin
            .table_text("card_registry")
            .unwrap()
            .iter()
            .any(|v| v.contains(&pan)),
        "the issuer's registry knows the number (so the scan can find it)"
    );
    for table in [
        "card_registrations",
        "card_requests",
        "card_accounts",
        "card_merges",
    ] {
        assert!(
            admin
                .table_text(table)
                .unwrap()
                .iter()
                .all(|v| !v.contains(&pan) && !v.contains(&pan[..12])),
            "{table} holds the credit card number"
        );
    }
    assert!(
        !format!("{registered:?}").contains(&pan),
        "not even in Debug output"
    );
}

// ---------------------------------------------------------------------------------------
// A lost answer

#[tokio::test]
async fn a_lost_answer_is_sent_again_with_the_same_key_and_registers_once() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
    let card = issue(&sandbox, "waon", "aeon_card");
    // The server registers the card, then the connection breaks before the answer.
    sandbox.cards().drop_answers("/waon/v1/cards", 1).unwrap();
    let registered = phone.app.cards().register(&typed(&card)).await.unwrap();
    assert!(
        !registered.already_registered,
        "the repeat got the first answer, not a new one"
    );
    let stats = sandbox.cards().stats();
    assert_eq!(stats.dropped_answers, 1);
    assert_eq!(stats.replays, 1, "the repeat carried the same key");
    assert_eq!(stats.registrations, 1);
    let on_server = sandbox.cards().account("waon", &login_id).unwrap();
    assert_eq!(
        on_server.registrations.len(),
        2,
        "one AEON card and its e-money card"
    );
    assert_eq!(phone.app.cards().refresh().await.unwrap().cards.len(), 2);
}

#[tokio::test]
async fn after_every_repeat_failed_the_same_attempt_can_be_sent_again() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
    let card = issue(&sandbox, "waon", "waon_point_card");
    // More lost answers than the core repeats on its own.
    sandbox.cards().drop_answers("/waon/v1/cards", 10).unwrap();
    let attempt = phone.app.cards().prepare(&typed(&card)).unwrap();
    assert!(matches!(
        attempt.submit().await,
        Err(TamaruError::Network { .. })
    ));
    let dropped = sandbox.cards().stats().dropped_answers;
    assert!(
        dropped >= 2,
        "the core sent it again on its own ({dropped})"
    );
    sandbox.cards().drop_answers("/waon/v1/cards", 0).unwrap();
    // The member taps "try again": the same attempt, the same key.
    let registered = attempt.submit().await.unwrap();
    assert!(!registered.already_registered);
    let stats = sandbox.cards().stats();
    assert_eq!(stats.registrations, 1);
    assert_eq!(stats.replays, dropped, "every later delivery was a replay");
    assert_eq!(
        sandbox
            .cards()
            .account("waon", &login_id)
            .unwrap()
            .registrations
            .len(),
        1
    );
    // A new attempt (new key) for the same card: already registered, still one card.
    let again = phone.app.cards().register(&typed(&card)).await.unwrap();
    assert!(again.already_registered);
    assert_eq!(phone.app.cards().refresh().await.unwrap().cards.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Life cycle

#[tokio::test]
async fn a_reissued_card_shows_its_new_number_after_a_refresh() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let old = issue(&sandbox, "wester", "sc_point_card");
    let registered = phone.app.cards().register(&typed(&old)).await.unwrap();
    let new = sandbox.cards().reissue("wester", &old.number).unwrap();
    assert_ne!(new.number, old.number);
    // Offline copy: still the old number until a refresh.
    assert_eq!(
        phone.app.cards().list().unwrap().cards[0].number.as_deref(),
        Some(old.number.as_str())
    );
    let refresh = phone.app.cards().refresh().await.unwrap();
    assert_eq!(refresh.cards.len(), 1);
    let card = &refresh.cards[0];
    assert_eq!(card.id, registered.card.id, "the same registration");
    assert_eq!(card.number.as_deref(), Some(new.number.as_str()));
    assert_eq!(refresh.notices.len(), 1);
    let notice = &refresh.notices[0];
    assert_eq!(notice.kind, CardNoticeKind::Reissued);
    assert_eq!(notice.last4, &old.number[12..]);
    assert!(
        notice.text_ja.contains("再登録の必要はありません"),
        "{}",
        notice.text_ja
    );
    assert!(notice.text_en.contains(&new.number[12..]));
    assert!(
        phone
            .app
            .cards()
            .refresh()
            .await
            .unwrap()
            .notices
            .is_empty(),
        "told once"
    );
    assert_eq!(
        phone.app.cards().list().unwrap().cards[0].number.as_deref(),
        Some(new.number.as_str())
    );
    assert_eq!(
        sandbox.cards().stats().registrations,
        1,
        "no new registration"
    );
}

#[tokio::test]
async fn a_lapsed_card_leaves_the_list_and_the_member_is_told_once() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let kept = issue(&sandbox, "wester", "sc_point_card");
    let lapsing = issue_with(
        &sandbox,
        IssueCard {
            issuer: Some("さんちか".into()),
            ..IssueCard::new("wester", "sc_point_card")
        },
    );
    phone.app.cards().register(&typed(&kept)).await.unwrap();
    let gone = phone.app.cards().register(&typed(&lapsing)).await.unwrap();
    sandbox
        .cards()
        .set_status("wester", &lapsing.number, "lapsed")
        .unwrap();
    let refresh = phone.app.cards().refresh().await.unwrap();
    assert_eq!(refresh.cards.len(), 1);
    assert_eq!(
        refresh.cards[0].number.as_deref(),
        Some(kept.number.as_str())
    );
    assert_eq!(refresh.notices.len(), 1);
    let notice = &refresh.notices[0];
    assert_eq!(notice.kind, CardNoticeKind::Lapsed);
    assert_eq!(notice.card_id, gone.card.id);
    assert_eq!(notice.last4, &lapsing.number[12..]);
    assert_eq!(notice.issuer.as_deref(), Some("さんちか"));
    assert!(
        notice.text_ja.contains("さんちかにお問い合わせください"),
        "{}",
        notice.text_ja
    );
    assert!(notice.text_en.contains("contact the card's issuer"));
    assert_eq!(phone.app.cards().list().unwrap().cards.len(), 1);
    assert!(
        phone
            .app
            .cards()
            .refresh()
            .await
            .unwrap()
            .notices
            .is_empty(),
        "told once"
    );
    // A new phone has not told the member yet.
    let other = Phone::new(&sandbox, "wester");
    other
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    let on_other = other.app.cards().refresh().await.unwrap();
    assert_eq!(on_other.cards.len(), 1);
    assert_eq!(on_other.notices.len(), 1);
    // A lapsed card no longer counts against the limit but cannot come back by registering.
    assert_eq!(
        phone
            .app
            .cards()
            .register(&typed(&lapsing))
            .await
            .map(|_| ()),
        Err(TamaruError::CardExpiredOrInvalid { expired_on: None })
    );
}

// ---------------------------------------------------------------------------------------
// Account merge (waon)

/// A waon member with personal details and a first award, holding these cards.
async fn member_with(
    sandbox: &Sandbox,
    holder: &PersonalDetails,
    first_award: Option<&str>,
    card_types: &[&str],
) -> (Phone, String, Vec<IssuedCard>) {
    let (phone, login_id, _) = signed_up(sandbox, "waon").await;
    sandbox
        .cards()
        .set_holder(
            "waon",
            &login_id,
            &AccountHolder {
                name: holder.name.clone(),
                birth_date: holder.birth_date.clone(),
                first_award_date: first_award.map(Into::into),
            },
        )
        .unwrap();
    let mut issued = Vec::new();
    for card_type in card_types {
        let card = issue_with(
            sandbox,
            IssueCard {
                holder: Some(Holder {
                    name: holder.name.clone(),
                    birth_date: holder.birth_date.clone(),
                }),
                ..IssueCard::new("waon", card_type)
            },
        );
        phone.app.cards().register(&typed(&card)).await.unwrap();
        issued.push(card);
    }
    (phone, login_id, issued)
}

fn merge_of(card: &IssuedCard, holder: PersonalDetails) -> MergeRequest {
    MergeRequest {
        card_type: card.card_type.clone(),
        card_number: card.number.clone(),
        holder,
    }
}

#[tokio::test]
async fn a_merge_moves_the_cards_and_keeps_the_signed_in_start_month() {
    let sandbox = sandbox().await;
    // Signed in: a WAON POINT card, first award 2020-09-10 (start month October). Merged: an
    // AEON card with its e-money card, first award 2021-04-05 (the source's example).
    let (phone, login_id, _) = member_with(
        &sandbox,
        &hanako(),
        Some("2020-09-10"),
        &["waon_point_card"],
    )
    .await;
    let (_other, other_login, theirs) =
        member_with(&sandbox, &hanako(), Some("2021-04-05"), &["aeon_card"]).await;
    // The merged account holds 500 points: they move as awarded on the merge date.
    let today = sandbox.points().today();
    sandbox
        .points()
        .award("waon", &other_login, 500, today, "イオン", "お買い物")
        .unwrap();
    let result = phone
        .app
        .cards()
        .merge(&merge_of(&theirs[0], hanako()))
        .await
        .unwrap();
    assert_eq!(result.merged_cards, 2);
    assert_eq!(result.cards.len(), 3);
    assert_eq!(result.first_award_date.as_deref(), Some("2020-09-10"));
    assert_eq!(result.accrual_start_month.as_deref(), Some("2020-10"));
    assert!(
        result
            .cards
            .iter()
            .any(|c| c.card_type == "aeon_card" && c.number.is_none())
    );
    assert_eq!(phone.app.cards().list().unwrap().cards, result.cards);

    let admin = sandbox.cards();
    assert_eq!(
        admin
            .account("waon", &login_id)
            .unwrap()
            .registrations
            .len(),
        3
    );
    let other = admin.account("waon", &other_login).unwrap();
    assert!(other.registrations.is_empty());
    assert_eq!(other.merged_into.as_deref(), Some(login_id.as_str()));
    assert_eq!(
        admin
            .account("waon", &login_id)
            .unwrap()
            .first_award_date
            .as_deref(),
        Some("2020-09-10")
    );
    assert_eq!(admin.stats().merges, 1);

    // The points came along, valid under the signed-in account's start month (October).
    let expected = tamaru_core::points::expiry::accrual_period_expiry(
        chrono::NaiveDate::from_ymd_opt(2020, 9, 10).unwrap(),
        today,
    )
    .unwrap();
    phone.app.points().refresh().await.unwrap();
    let balance = phone.app.points().balance().unwrap();
    assert_eq!(balance.total, 500);
    assert_eq!(balance.breakdown.len(), 1);
    assert_eq!(balance.breakdown[0].expires, expected.to_string());
    assert_eq!(
        sandbox
            .points()
            .ledger("waon", &other_login)
            .unwrap()
            .balance
            .total,
        0
    );
}

#[tokio::test]
async fn a_signed_in_account_never_awarded_starts_on_the_merge_date() {
    let sandbox = sandbox().await;
    let (phone, _, _) = member_with(&sandbox, &hanako(), None, &["waon_point_card"]).await;
    let (_other, other_login, theirs) = member_with(
        &sandbox,
        &hanako(),
        Some("2021-04-05"),
        &["waon_point_card"],
    )
    .await;
    let today = sandbox.points().today();
    sandbox
        .points()
        .award("waon", &other_login, 300, today, "イオン", "お買い物")
        .unwrap();
    let result = phone
        .app
        .cards()
        .merge(&merge_of(&theirs[0], hanako()))
        .await
        .unwrap();
    let merge_date = chrono::DateTime::parse_from_rfc3339(&result.merged_at)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(result.first_award_date, Some(merge_date));
    // Neither account awarded: no start month yet.
    let (phone, _, _) = member_with(&sandbox, &hanako(), None, &["waon_point_card"]).await;
    let (_other, _, theirs) = member_with(&sandbox, &hanako(), None, &["waon_emoney"]).await;
    let result = phone
        .app
        .cards()
        .merge(&merge_of(&theirs[0], hanako()))
        .await
        .unwrap();
    assert_eq!(result.first_award_date, None);
    assert_eq!(result.accrual_start_month, None);
}

#[tokio::test]
async fn each_merge_rule_fails_with_its_own_error() {
    let sandbox = sandbox().await;
    let (phone, _, mine) =
        member_with(&sandbox, &hanako(), None, &["aeon_card", "waon_point_card"]).await;
    let cards = phone.app.cards();

    // Personal details that are not the other account's.
    let (_b, _, b_cards) = member_with(&sandbox, &hanako(), None, &["waon_point_card"]).await;
    let wrong_birth = PersonalDetails {
        birth_date: "1990-04-02".into(),
        ..hanako()
    };
    assert_eq!(
        cards.merge(&merge_of(&b_cards[0], wrong_birth)).await,
        Err(TamaruError::MergeDetailsMismatch)
    );
    // Details that are the other account's, but not the signed-in member's.
    let suzuki = PersonalDetails {
        name: "鈴木 一郎".into(),
        birth_date: "1985-10-10".into(),
    };
    let (_c, _, c_cards) = member_with(&sandbox, &suzuki, None, &["waon_point_card"]).await;
    assert_eq!(
        cards.merge(&merge_of(&c_cards[0], suzuki.clone())).await,
        Err(TamaruError::MergeDetailsMismatch)
    );
    // The result would hold a second AEON card: the server's 6213.
    let (_d, _, d_cards) =
        member_with(&sandbox, &hanako(), None, &["aeon_card", "waon_point_card"]).await;
    let second = cards.merge(&merge_of(&d_cards[0], hanako())).await;
    assert_eq!(
        second,
        Err(TamaruError::SecondCreditCard {
            server_code: Some("6213".into())
        })
    );
    // The source's own 6213 example: signed in with AEON card A, the member names WAON POINT
    // card B, whose account holds AEON card B. Naming a point card does not get round it.
    let via_point_card = cards.merge(&merge_of(&d_cards[1], hanako())).await;
    assert_eq!(
        via_point_card,
        Err(TamaruError::SecondCreditCard {
            server_code: Some("6213".into())
        })
    );
    assert!(
        via_point_card.unwrap_err().message_ja().ends_with("(6213)"),
        "the member sees the server's number, as in the source"
    );
    // The result would hold more than 50 cards: 3 here + 48 there.
    let (_e, _, e_cards) = member_with(&sandbox, &hanako(), None, &["waon_point_card"; 48]).await;
    assert_eq!(
        cards.merge(&merge_of(&e_cards[0], hanako())).await,
        Err(TamaruError::MergeCardLimitExceeded {
            limit: 50,
            total: 51
        })
    );
    // No account holds the card.
    let loose = issue(&sandbox, "waon", "waon_point_card");
    assert_eq!(
        cards.merge(&merge_of(&loose, hanako())).await,
        Err(TamaruError::MergeAccountNotFound)
    );
    // The card is the signed-in account's own: offline for a card whose number the phone
    // keeps, from the server for a credit card.
    let sent = requests(&sandbox);
    assert_eq!(
        cards.merge(&merge_of(&mine[1], hanako())).await,
        Err(TamaruError::MergeSameAccount)
    );
    assert_eq!(requests(&sandbox), sent);
    assert_eq!(
        cards.merge(&merge_of(&mine[0], hanako())).await,
        Err(TamaruError::MergeSameAccount)
    );
    // Bad input never leaves the phone.
    let sent = requests(&sandbox);
    assert_eq!(
        cards
            .merge(&MergeRequest {
                card_type: "waon_point_card".into(),
                card_number: "1234".into(),
                holder: hanako(),
            })
            .await,
        Err(TamaruError::CardInput {
            errors: vec![CardInputError::WrongDigitCount {
                given: 4,
                expected: 16
            }]
        })
    );
    assert_eq!(
        cards
            .merge(&merge_of(
                &b_cards[0],
                PersonalDetails {
                    name: "".into(),
                    birth_date: "1990-13-01".into(),
                }
            ))
            .await,
        Err(TamaruError::InvalidPersonalDetails {
            problems: vec![
                PersonalDetailsProblem::NameMissing,
                PersonalDetailsProblem::BirthDateInvalid
            ]
        })
    );
    assert_eq!(requests(&sandbox), sent);
    // None of the refused merges moved anything.
    assert_eq!(cards.refresh().await.unwrap().cards.len(), 3);
    assert_eq!(sandbox.cards().stats().merges, 0);
}

#[tokio::test]
async fn merging_is_not_offered_on_wester() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let card = issue(&sandbox, "wester", "sc_point_card");
    let result = phone.app.cards().merge(&merge_of(&card, hanako())).await;
    assert_eq!(result, Err(TamaruError::MergeNotOffered));
    assert_eq!(requests(&sandbox), 0);
}

#[tokio::test]
async fn a_merge_whose_answer_was_lost_happens_once() {
    let sandbox = sandbox().await;
    let (phone, _, _) = member_with(&sandbox, &hanako(), None, &["waon_point_card"]).await;
    let (_other, _, theirs) = member_with(
        &sandbox,
        &hanako(),
        None,
        &["waon_point_card", "waon_emoney"],
    )
    .await;
    sandbox
        .cards()
        .drop_answers("/waon/v1/cards/merge", 1)
        .unwrap();
    let result = phone
        .app
        .cards()
        .merge(&merge_of(&theirs[0], hanako()))
        .await
        .unwrap();
    assert_eq!(result.merged_cards, 2);
    assert_eq!(result.cards.len(), 3);
    let stats = sandbox.cards().stats();
    assert_eq!(
        (stats.merges, stats.replays, stats.dropped_answers),
        (1, 1, 1)
    );
}

/// A `waon` install whose operator's profile changes the card rules (a changed record, as the
/// apps may hand `MemberApp`), with a fresh member signed up on it.
async fn operator_phone(
    sandbox: &Sandbox,
    edit: impl FnOnce(&mut tamaru_core::profile::Profile),
) -> Phone {
    let mut profile = (*tamaru_core::profile::Profile::builtin("waon").expect("waon")).clone();
    edit(&mut profile);
    let phone = Phone::with_profile(sandbox, profile);
    let login_id = format!(
        "op{}@example.jp",
        tamaru_scenarios::uuid_like().replace('-', "")
    );
    phone
        .app
        .account()
        .sign_up(&login_id, "Tamaru#2026", None)
        .await
        .expect("sign-up works");
    phone
}

#[tokio::test]
async fn a_card_type_limit_of_the_profile_is_its_own_error_and_nothing_is_sent() {
    let sandbox = sandbox().await;
    let phone = operator_phone(&sandbox, |p| {
        let rule = p
            .cards
            .types
            .iter_mut()
            .find(|t| t.id == "waon_point_card")
            .expect("waon_point_card");
        rule.max_per_account = Some(1);
    })
    .await;
    let first = issue(&sandbox, "waon", "waon_point_card");
    phone.app.cards().register(&typed(&first)).await.unwrap();

    let second = issue(&sandbox, "waon", "waon_point_card");
    let sent = requests(&sandbox);
    let refused = phone.app.cards().register(&typed(&second)).await;
    assert_eq!(
        refused.clone().map(|_| ()),
        Err(TamaruError::CardTypeLimitReached {
            card_type: "waon_point_card".into(),
            limit: 1,
        })
    );
    assert_eq!(requests(&sandbox), sent, "no registration was sent");
    let e = refused.unwrap_err();
    assert_eq!(e.code(), "card_type_limit_reached");
    assert!(e.message_ja().contains("1枚"), "{}", e.message_ja());
    assert_eq!(phone.app.cards().list().unwrap().cards.len(), 1);

    // Another type is still fine.
    let emoney = issue(&sandbox, "waon", "waon_emoney");
    phone.app.cards().register(&typed(&emoney)).await.unwrap();
}

#[tokio::test]
async fn a_refusal_the_core_does_not_know_is_a_typed_server_error() {
    let sandbox = sandbox().await;
    // The operator's profile names a card type the member API does not have.
    let phone = operator_phone(&sandbox, |p| {
        let mut gift = p.cards.types[1].clone();
        gift.id = "gift_card".into();
        p.cards.types.push(gift);
    })
    .await;
    let card = issue(&sandbox, "waon", "waon_point_card");
    let input = CardInput::new("gift_card", card.number.clone());
    let refused = phone.app.cards().register(&input).await;
    let Err(TamaruError::Server {
        status,
        code,
        reason,
    }) = &refused
    else {
        panic!("expected a server error, got {refused:?}");
    };
    assert_eq!((*status, code.as_str()), (400, "unknown_card_type"));
    // The server's own message may quote what was sent: it never reaches the error.
    assert_eq!(reason, "the server refused the request (HTTP 400)");
    let e = refused.unwrap_err();
    assert_eq!(e.code(), "server");
    assert!(!e.message_ja().is_empty() && !e.message_en().is_empty());
    assert!(
        !e.to_string().contains(&card.number),
        "no card number in the error text: {e}"
    );
    assert!(phone.app.cards().list().unwrap().cards.is_empty());
}
