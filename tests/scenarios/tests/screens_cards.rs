//! The cards list and the card registration screen driven headless against the sandbox:
//! the pre-check as the member types, only the questions a card type asks, the retry after a
//! lost answer that registers once, notices after a refresh, and the list offline.

mod screens_common;

use screens_common::{PASSWORD, install, new_login_id};
use tamaru_core::cards::CardState;
use tamaru_core::screens::{CardRegistrationScreen, CardsScreen, Destination, Language};
use tamaru_sandbox::IssueCard;
use tamaru_scenarios::{Phone, closed_port_url, sandbox};

/// Full-width digits with hyphens, as a member types them on a Japanese keyboard.
fn typed_wide(number: &str) -> String {
    let wide: String = number
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    let chars: Vec<char> = wide.chars().collect();
    chars
        .chunks(4)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("ー")
}

async fn member(
    sandbox: &tamaru_sandbox::Sandbox,
    program: &'static str,
    lang: Language,
) -> (Phone, String) {
    let phone = install(sandbox, program, lang);
    let login_id = new_login_id();
    phone
        .app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    (phone, login_id)
}

#[tokio::test]
async fn a_shopping_centre_card_is_checked_as_typed_and_asks_its_questions() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "wester", Language::Ja).await;
    let card = sandbox
        .cards()
        .issue(&IssueCard {
            pin: Some("4321".into()),
            member_registered: true,
            ..IssueCard::new("wester", "sc_point_card")
        })
        .unwrap();

    let screen = CardRegistrationScreen::open(&phone.app);
    let start = screen.state();
    assert_eq!(start.types.len(), 1);
    assert!(start.types[0].chosen, "the program's only type is chosen");
    assert_eq!(start.number.as_ref().unwrap().label, "カード番号（16桁）");
    assert!(start.number.unwrap().problems.is_empty());
    assert_eq!(start.has_pin.as_ref().unwrap().options.len(), 2);
    assert!(
        start.pin.is_none(),
        "no PIN field before the member says there is one"
    );
    assert!(start.member_registered.is_some());
    assert!(!start.submit.enabled);

    let short = screen.set_number("1234");
    let problems = short.number.unwrap().problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("16"), "{problems:?}");

    let fine = screen.set_number(&typed_wide(&card.number));
    assert!(
        fine.number.as_ref().unwrap().problems.is_empty(),
        "{:?}",
        fine.number
    );
    assert!(!fine.submit.enabled, "the questions are not answered yet");

    let with_pin = screen.answer_has_pin(true);
    let pin = with_pin.pin.expect("the PIN is asked now");
    assert_eq!(pin.label, "暗証番号（4桁）");
    assert!(
        !pin.problems.is_empty(),
        "a PIN is required once said to exist"
    );
    screen.set_pin("4321");
    let answered = screen.answer_member_registered(true);
    assert!(answered.pin.as_ref().unwrap().problems.is_empty());
    assert!(answered.member_registered.as_ref().unwrap().options[0].chosen);
    assert!(answered.submit.enabled);
    assert!(
        !format!("{answered:?}").contains("4321"),
        "no PIN in a state"
    );

    let done = screen.submit().await;
    assert_eq!(done.error, None);
    assert_eq!(done.navigate, Some(Destination::Cards));
    let last4 = &card.number[12..];
    assert_eq!(
        done.registered.as_deref(),
        Some(format!("ショッピングセンターポイントカード（末尾{last4}）を登録しました。").as_str())
    );
    assert!(!done.submit.enabled);

    let list = CardsScreen::open(&phone.app).state();
    assert_eq!(list.cards.len(), 1);
    let row = &list.cards[0];
    assert_eq!(row.type_name, "ショッピングセンターポイントカード");
    assert_eq!(row.state, CardState::Active);
    assert_eq!(row.state_label, "利用可能");
    assert_eq!(row.number.replace(' ', ""), card.number);
    assert!(row.registered.ends_with(" 登録") && row.registered.contains('年'));
    assert!(list.empty.is_none());
    assert!(list.add.enabled);
}

#[tokio::test]
async fn a_credit_card_brings_its_e_money_card_and_the_list_masks_it() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "waon", Language::En).await;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("waon", "aeon_card"))
        .unwrap();

    let screen = CardRegistrationScreen::open(&phone.app);
    let start = screen.state();
    // Every type of the profile is offered (a test install has no platform to limit them).
    assert_eq!(start.types.len(), phone.app.profile().cards.types.len());
    assert!(start.types.len() >= 3);
    assert!(start.types.iter().all(|t| !t.chosen));
    assert!(start.number.is_none(), "no number before a type is chosen");
    let chosen = screen.choose_type("aeon_card");
    assert!(chosen.types[0].chosen);
    assert!(chosen.has_pin.is_none() && chosen.member_registered.is_none());
    screen.set_number(&card.number);
    let done = screen.submit().await;
    let text = done.registered.expect("registered");
    assert!(
        text.starts_with("The AEON card (credit card) ending"),
        "{text}"
    );
    assert!(
        text.contains("Its WAON e-money is registered with it."),
        "{text}"
    );

    let list = CardsScreen::open(&phone.app).state();
    assert_eq!(list.cards.len(), 2);
    let credit = list
        .cards
        .iter()
        .find(|c| c.type_name.starts_with("AEON"))
        .unwrap();
    assert!(
        credit.number.starts_with("**** **** ****"),
        "{}",
        credit.number
    );
    let emoney = list
        .cards
        .iter()
        .find(|c| c.type_name == "WAON e-money")
        .unwrap();
    assert!(
        emoney
            .linked_note
            .as_deref()
            .unwrap()
            .starts_with("Came with the AEON card (credit card) ending"),
        "{:?}",
        emoney.linked_note
    );
}

#[tokio::test]
async fn try_again_after_a_lost_answer_registers_the_card_once() {
    let sandbox = sandbox().await;
    let (phone, login_id) = member(&sandbox, "waon", Language::Ja).await;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("waon", "waon_point_card"))
        .unwrap();
    let screen = CardRegistrationScreen::open(&phone.app);
    screen.choose_type("waon_point_card");
    screen.set_number(&card.number);
    sandbox.cards().drop_answers("/waon/v1/cards", 10).unwrap();
    let lost = screen.submit().await;
    assert_eq!(lost.error.unwrap().code, "network");
    assert_eq!(lost.navigate, None);
    assert!(lost.submit.enabled, "the member may try again");

    sandbox.cards().drop_answers("/waon/v1/cards", 0).unwrap();
    let done = screen.submit().await;
    assert_eq!(done.navigate, Some(Destination::Cards));
    assert_eq!(sandbox.cards().stats().registrations, 1);
    let on_server = sandbox.cards().account("waon", &login_id).unwrap();
    assert_eq!(on_server.registrations.len(), 1);
}

#[tokio::test]
async fn a_lapsed_card_is_told_once_and_the_list_shows_offline() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "wester", Language::Ja).await;
    let empty = CardsScreen::open(&phone.app).state();
    assert_eq!(
        empty.empty.as_deref(),
        Some("登録されたカードはありません。")
    );
    assert!(empty.synced.is_none());

    let phone_for_cards = phone.twin();
    let kept =
        tamaru_scenarios::registered_card(&sandbox, &phone_for_cards, "wester", "sc_point_card")
            .await;
    let lapsing =
        tamaru_scenarios::registered_card(&sandbox, &phone_for_cards, "wester", "sc_point_card")
            .await;
    drop(phone_for_cards);
    sandbox
        .cards()
        .set_status("wester", &lapsing.number, "lapsed")
        .unwrap();

    let screen = CardsScreen::open(&phone.app);
    assert_eq!(screen.state().cards.len(), 2, "the phone's copy first");
    let refreshed = screen.refresh().await;
    assert_eq!(refreshed.error, None);
    assert_eq!(refreshed.cards.len(), 1);
    assert_eq!(refreshed.cards[0].number.replace(' ', ""), kept.number);
    assert_eq!(refreshed.notices.len(), 1);
    let notice = refreshed.notices[0].clone();
    assert!(
        notice.text.contains(&lapsing.number[12..]),
        "{}",
        notice.text
    );
    assert!(refreshed.synced.as_deref().unwrap().ends_with(" 更新"));
    assert!(screen.dismiss_notice(&notice.id).notices.is_empty());
    // Told once: the next refresh brings no notice again.
    assert!(screen.refresh().await.notices.is_empty());

    // Offline: the list stays, the error is said, the session goes on.
    let offline = phone.restart_at(closed_port_url("wester"));
    let screen = CardsScreen::open(&offline.app);
    let state = screen.refresh().await;
    assert_eq!(state.cards.len(), 1);
    assert_eq!(state.error.unwrap().code, "network");
    assert_eq!(state.navigate, None);
    assert!(state.refresh.enabled);
    assert_eq!(
        screen.add_card().navigate,
        Some(Destination::CardRegistration)
    );
}
