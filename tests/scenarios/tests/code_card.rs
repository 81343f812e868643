//! The AEON card behind the member code (SPEC §4.6) against the real sandbox: a change moves
//! the code to the new card's point account and changes its fixed last 4 digits, at most once
//! a Japan day; mobile WAON's exchange source stays; member codes and other apps' codes never
//! count toward the 50-card limit.

use chrono::{Duration, Timelike};
use serde_json::{Value, json};
use tamaru_core::barcode::MemberCodeState;
use tamaru_core::error::TamaruError;
use tamaru_core::secure_store::SecureStore;
use tamaru_sandbox::{FaultKind, IssueCard, Sandbox};
use tamaru_scenarios::{Phone, registered_card, sandbox, signed_up, typed};

fn code_now(phone: &Phone) -> String {
    match phone.app.member_code().current() {
        MemberCodeState::Ready { code } => code.code,
        other => panic!("a waon code offline: {other:?}"),
    }
}

fn issue(sandbox: &Sandbox, card_type: &str) -> tamaru_sandbox::IssuedCard {
    sandbox
        .cards()
        .issue(&IssueCard::new("waon", card_type))
        .expect("issued")
}

/// The member code at a common POS: accepted, and whose.
async fn at_the_till(sandbox: &Sandbox, code: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{}/pos/till", sandbox.url()))
        .json(
            &json!({"program": "waon", "terminal": "common_pos", "read": "barcode",
                      "data": code, "amount": 0}),
        )
        .send()
        .await
        .expect("till")
        .json()
        .await
        .expect("JSON")
}

/// Seconds from the sandbox's now to the next Japan midnight.
fn to_japan_midnight(sandbox: &Sandbox) -> i64 {
    let jst = sandbox.now() + Duration::hours(9);
    i64::from(86_400 - jst.num_seconds_from_midnight())
}

#[tokio::test]
async fn a_change_moves_the_code_and_is_allowed_once_a_japan_day() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let first = registered_card(&sandbox, &phone, "waon", "aeon_card").await;
    // Mobile WAON (an e-money card of its own) linked before the change.
    registered_card(&sandbox, &phone, "waon", "waon_emoney").await;
    let last4 = |n: &str| n[n.len() - 4..].to_owned();
    let codes = phone.app.member_code();
    let before = codes.code_card().await.expect("the card behind the code");
    assert_eq!(before.card_last4, Some(last4(&first.number)));
    assert_eq!(
        before.point_account_last4.as_deref(),
        first.point_account.as_deref().map(|a| &a[12..])
    );
    let old_code = code_now(&phone);
    assert_eq!(before.device_suffix, last4(&old_code));
    assert_eq!(at_the_till(&sandbox, &old_code).await["accepted"], true);

    // Change to a second AEON card of the same member.
    let second = issue(&sandbox, "aeon_card");
    let after = codes
        .change_code_card(&second.number)
        .await
        .expect("the first change of the day");
    assert_eq!(after.card_last4, Some(last4(&second.number)));
    assert_eq!(
        after.point_account_last4.as_deref(),
        second.point_account.as_deref().map(|a| &a[12..])
    );
    assert_ne!(after.point_account_last4, before.point_account_last4);
    // The code's fixed last 4 digits changed, on the phone at once.
    assert_ne!(after.device_suffix, before.device_suffix);
    let new_code = code_now(&phone);
    assert_eq!(last4(&new_code), after.device_suffix);
    // The till knows the new code, and no longer the old one.
    let till = at_the_till(&sandbox, &new_code).await;
    assert_eq!(till["accepted"], true, "{till}");
    assert_eq!(at_the_till(&sandbox, &old_code).await["accepted"], false);
    // Mobile WAON still exchanges from the account it was linked to.
    assert_eq!(after.exchange_source_last4, before.point_account_last4);
    // The AEON card in the list is the new one; still one credit card.
    let list = phone.app.cards().refresh().await.expect("refresh");
    let aeon: Vec<_> = list
        .cards
        .iter()
        .filter(|c| c.card_type == "aeon_card")
        .collect();
    assert_eq!(aeon.len(), 1);
    assert_eq!(aeon[0].last4, last4(&second.number));
    assert_eq!(aeon[0].point_account, second.point_account);

    // A second change the same Japan day is refused, saying from when.
    let third = issue(&sandbox, "aeon_card");
    let allowed_from = match codes.change_code_card(&third.number).await {
        Err(TamaruError::CodeCardChangeLimited { allowed_from }) => allowed_from,
        other => panic!("expected the once-a-day refusal, got {other:?}"),
    };
    let allowed = chrono::DateTime::parse_from_rfc3339(&allowed_from).expect("RFC 3339");
    assert_eq!(
        (allowed + Duration::hours(9))
            .time()
            .num_seconds_from_midnight(),
        0
    );
    assert_eq!(
        after.next_change_from.as_deref(),
        Some(allowed_from.as_str())
    );
    // One second before Japan midnight: still the same day. The clock stands still from
    // here, so "one second before" is exact whatever the requests cost.
    sandbox.freeze_clock();
    sandbox.advance_clock(to_japan_midnight(&sandbox) - 1);
    assert!(matches!(
        codes.change_code_card(&third.number).await,
        Err(TamaruError::CodeCardChangeLimited { .. })
    ));
    // At Japan midnight: a new day.
    sandbox.advance_clock(1);
    let next_day = codes
        .change_code_card(&third.number)
        .await
        .expect("allowed again from Japan midnight");
    assert_eq!(next_day.card_last4, Some(last4(&third.number)));
    assert_eq!(next_day.exchange_source_last4, before.point_account_last4);
}

#[tokio::test]
async fn refusals_are_typed() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let codes = phone.app.member_code();
    let spare = issue(&sandbox, "aeon_card");
    // No AEON card registered yet: nothing to change.
    assert_eq!(
        codes.change_code_card(&spare.number).await.err(),
        Some(TamaruError::NoCodeCard)
    );
    let card = registered_card(&sandbox, &phone, "waon", "aeon_card").await;
    assert_eq!(
        codes.change_code_card(&card.number).await.err(),
        Some(TamaruError::CodeCardUnchanged)
    );
    // Bad input is caught before any request.
    assert!(matches!(
        codes.change_code_card("4980-0000").await,
        Err(TamaruError::CardInput { .. })
    ));
    // Someone else's AEON card, and one registered to another account.
    let mut other = IssueCard::new("waon", "aeon_card");
    other.holder = Some(tamaru_sandbox::Holder {
        name: "鈴木 一郎".into(),
        birth_date: "1985-10-10".into(),
    });
    let strangers = sandbox.cards().issue(&other).expect("issued");
    assert_eq!(
        codes.change_code_card(&strangers.number).await.err(),
        Some(TamaruError::CardOfAnotherPerson)
    );
    let (second, _, _) = signed_up(&sandbox, "waon").await;
    let taken = registered_card(&sandbox, &second, "waon", "aeon_card").await;
    assert_eq!(
        codes.change_code_card(&taken.number).await.err(),
        Some(TamaruError::CardRegisteredToAnotherAccount)
    );
    // wester has no card behind its code.
    let (wester, _, _) = signed_up(&sandbox, "wester").await;
    assert_eq!(
        wester.app.member_code().code_card().await.err(),
        Some(TamaruError::NoCodeCard)
    );
}

#[tokio::test]
async fn member_codes_and_other_apps_codes_never_count_toward_the_card_limit() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
    registered_card(&sandbox, &phone, "waon", "aeon_card").await;
    let http = reqwest::Client::new();
    for _ in 0..5 {
        let answer = http
            .post(format!("{}/admin/app-codes", sandbox.url()))
            .json(&json!({"program": "waon", "login_id": login_id}))
            .send()
            .await
            .expect("app code");
        assert!(answer.status().is_success());
    }
    let limit = phone.app.profile().cards.max_total as usize;
    // Register WAON POINT cards until the limit refuses one.
    let refused = loop {
        let card = issue(&sandbox, "waon_point_card");
        match phone.app.cards().register(&typed(&card)).await {
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    assert_eq!(
        refused,
        TamaruError::CardLimitReached {
            limit: limit as u32
        }
    );
    let cards = phone.app.cards().refresh().await.expect("refresh").cards;
    // Every one of the 50 places went to a card: the 5 app codes and the member code took none.
    assert_eq!(cards.len(), limit);
    // And the member code still works at the till.
    assert_eq!(
        at_the_till(&sandbox, &code_now(&phone)).await["accepted"],
        true
    );
}

// Lost answers (issue 14): the change goes through the phone's pending writes and the
// sandbox's idempotency store, so the once-a-day rule never refuses the change that applied.

/// Every attempt the client makes (the first and its retries) for one press.
const ALL_ATTEMPTS: u32 = 4;

/// A waon member with an AEON card behind the code, and a second AEON card to change to.
async fn member_with_two_aeon_cards(sandbox: &Sandbox) -> (Phone, tamaru_sandbox::IssuedCard) {
    let (phone, _, _) = signed_up(sandbox, "waon").await;
    registered_card(sandbox, &phone, "waon", "aeon_card").await;
    (phone, issue(sandbox, "aeon_card"))
}

fn last4(n: &str) -> String {
    n[n.len() - 4..].to_owned()
}

#[tokio::test]
async fn a_change_whose_answer_was_lost_pressed_again_applies_once_and_is_told_done() {
    let sandbox = sandbox().await;
    let (phone, second) = member_with_two_aeon_cards(&sandbox).await;
    let codes = phone.app.member_code();
    let old_code = code_now(&phone);
    let applied_before = sandbox.idempotency_stats().applied;
    sandbox.fault_next("/v1/member-code/card", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(matches!(
        codes.change_code_card(&second.number).await,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    assert_eq!(
        phone.app.pending_writes().unwrap()[0].kind,
        "code_card_change"
    );
    // Pressed again: the first change's answer, not `code_card_change_limited`.
    let after = codes
        .change_code_card(&second.number)
        .await
        .expect("done, with the first result");
    assert_eq!(after.card_last4, Some(last4(&second.number)));
    assert!(phone.app.pending_writes().unwrap().is_empty());
    // Applied once: one write under a key, and the server's state is the one told.
    assert_eq!(sandbox.idempotency_stats().applied, applied_before + 1);
    let now = codes.code_card().await.expect("the card behind the code");
    assert_eq!(now, after);
    // The code moved once: the phone's code ends in the suffix the server holds now.
    let new_code = code_now(&phone);
    assert_ne!(last4(&new_code), last4(&old_code));
    assert_eq!(last4(&new_code), now.device_suffix);
    assert_eq!(at_the_till(&sandbox, &new_code).await["accepted"], true);
    // And the rule still holds for a real second change.
    let third = issue(&sandbox, "aeon_card");
    assert!(matches!(
        codes.change_code_card(&third.number).await,
        Err(TamaruError::CodeCardChangeLimited { .. })
    ));
}

#[tokio::test]
async fn a_change_dropped_before_the_server_acted_is_applied_once_by_the_retry() {
    let sandbox = sandbox().await;
    let (phone, second) = member_with_two_aeon_cards(&sandbox).await;
    let applied_before = sandbox.idempotency_stats().applied;
    sandbox.fault_next("/v1/member-code/card", FaultKind::DropBefore, 1);
    let after = phone
        .app
        .member_code()
        .change_code_card(&second.number)
        .await
        .expect("the retry with the same key got through");
    assert_eq!(after.card_last4, Some(last4(&second.number)));
    assert_eq!(sandbox.idempotency_stats().applied, applied_before + 1);
    assert_eq!(last4(&code_now(&phone)), after.device_suffix);
}

#[tokio::test]
async fn a_change_of_unknown_outcome_is_resolved_after_a_restart_and_the_code_follows() {
    let sandbox = sandbox().await;
    let (phone, second) = member_with_two_aeon_cards(&sandbox).await;
    sandbox.fault_next("/v1/member-code/card", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(
        phone
            .app
            .member_code()
            .change_code_card(&second.number)
            .await
            .is_err()
    );
    let phone = phone.restart();
    let resolved = phone.app.resolve_pending_writes().await.unwrap();
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].kind, "code_card_change");
    assert_eq!(resolved[0].outcome, "applied");
    assert!(phone.app.pending_writes().unwrap().is_empty());
    let now = phone.app.member_code().code_card().await.unwrap();
    assert_eq!(now.card_last4, Some(last4(&second.number)));
    // The new device number was kept from the stored answer: the code verifies at the till.
    let code = code_now(&phone);
    assert_eq!(last4(&code), now.device_suffix);
    assert_eq!(at_the_till(&sandbox, &code).await["accepted"], true);
}

#[tokio::test]
async fn the_same_key_with_another_number_is_refused_and_changes_nothing() {
    let sandbox = sandbox().await;
    let (phone, second) = member_with_two_aeon_cards(&sandbox).await;
    let third = issue(&sandbox, "aeon_card");
    let session = phone
        .store
        .get("tamaru.waon.session")
        .unwrap()
        .expect("session");
    let token = serde_json::from_str::<Value>(&session).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let url = format!("{}v1/member-code/card", sandbox.program_url("waon"));
    let change = |number: &str| {
        http.post(&url)
            .bearer_auth(&token)
            .json(&json!({"number": number, "idempotency_key": "code-card-key-0001"}))
            .send()
    };
    let first = change(&second.number).await.unwrap();
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let repeat: Value = change(&second.number).await.unwrap().json().await.unwrap();
    assert_eq!(repeat, first, "a repeat is answered with the first result");
    let other = change(&third.number).await.unwrap();
    assert_eq!(other.status(), 422);
    let other: Value = other.json().await.unwrap();
    assert_eq!(other["error"], "idempotency_key_reused");
    let now = phone.app.member_code().code_card().await.unwrap();
    assert_eq!(now.card_last4, Some(last4(&second.number)));
}
