//! The member-code screen driven headless against the sandbox: the countdown in words under
//! a moved clock, the next code on demand after a completed payment, the codes held offline
//! and then the point card in their place, the derived codes of `waon`, and the background
//! countdown stopping with the screen.

mod screens_common;

use std::time::Duration;

use screens_common::{PASSWORD, Recorder, install, new_login_id};
use serde_json::json;
use tamaru_core::screens::{Destination, Language, MemberCodeScreen};
use tamaru_scenarios::{Phone, closed_port_url, sandbox};

async fn member(sandbox: &tamaru_sandbox::Sandbox, program: &'static str, lang: Language) -> Phone {
    let phone = install(sandbox, program, lang);
    phone
        .app
        .account()
        .sign_up(&new_login_id(), PASSWORD, None)
        .await
        .unwrap();
    phone
}

/// A till that scans a code and completes the payment at once.
async fn pay_with(sandbox: &tamaru_sandbox::Sandbox, code: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/pos/scan", sandbox.url()))
        .json(&json!({"terminal_id": "till-1", "code": code, "complete": true}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_code_counts_down_and_the_next_one_comes_after_a_payment() {
    let sandbox = sandbox().await;
    let phone = member(&sandbox, "wester", Language::Ja).await;
    let screen = MemberCodeScreen::open(&phone.app);
    let before = screen.state();
    assert_eq!(before.title, "会員コード");
    assert!(before.code.is_none(), "no code fetched yet");
    assert!(before.unavailable.is_some());

    let fetched = screen.refresh().await;
    assert_eq!(fetched.error, None);
    // The sandbox's clock runs in real time while the phone's is held: put the phone at the
    // code's first valid second, so the countdown starts at 5:00 however slow the machine.
    let view = phone.app.member_code().current();
    let issued = view.code().expect("a code after the fetch").valid_from_unix;
    phone
        .clock()
        .set(chrono::DateTime::from_timestamp(issued, 0).unwrap());
    let shown = screen.tick().await;
    let code = shown.code.expect("a code after the fetch");
    assert_eq!(code.code.len(), 16);
    assert_eq!(code.grouped.replace(' ', ""), code.code);
    assert!(code.spoken.starts_with("会員コード "));
    assert_eq!(code.seconds_left, 300);
    assert_eq!(code.countdown, "残り 5:00");
    assert!(code.valid_until.ends_with(" まで有効"));
    assert_eq!(
        code.held_offline.as_deref(),
        Some("オフライン用のコードをあと3件保存しています")
    );
    assert!(shown.next_code.as_ref().unwrap().enabled);

    phone.clock().advance(chrono::Duration::seconds(75));
    let later = screen.tick().await;
    let counting = later.code.unwrap();
    assert_eq!(counting.code, code.code, "the same code counts down");
    assert_eq!(counting.countdown, "残り 3:45");

    assert_eq!(pay_with(&sandbox, &code.code).await, 200);
    let next = screen.next_code().await;
    let next_code = next.code.expect("the next code");
    assert_ne!(next_code.code, code.code, "a used code is not shown again");
    assert_eq!(
        pay_with(&sandbox, &next_code.code).await,
        200,
        "the next code pays"
    );

    let png = screen.render_png(600).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn offline_the_codes_held_show_then_the_point_card_takes_their_place() {
    let sandbox = sandbox().await;
    let phone = member(&sandbox, "wester", Language::En).await;
    let card_phone = phone.twin();
    let card =
        tamaru_scenarios::registered_card(&sandbox, &card_phone, "wester", "sc_point_card").await;
    drop(card_phone);
    MemberCodeScreen::open(&phone.app).refresh().await;

    let offline = phone.restart_at(closed_port_url("wester"));
    let screen = MemberCodeScreen::open(&offline.app);
    assert!(
        screen.state().code.is_some(),
        "a code held on the phone shows offline"
    );
    let refused = screen.refresh().await;
    assert_eq!(refused.error.unwrap().code, "network");
    assert!(refused.code.is_some(), "the code held keeps showing");

    // Past the last code held (1 + 3 windows of 300 s).
    offline.clock().advance(chrono::Duration::seconds(1300));
    let out = screen.tick().await;
    assert!(out.code.is_none());
    assert_eq!(
        out.unavailable.as_deref(),
        Some("Your member codes have expired. Connect to the internet to get a new one.")
    );
    let shown = out.point_card.expect("the point card instead");
    assert_eq!(shown.number, card.number);
    assert!(shown.note.contains("not a one-time code"));
    assert!(shown.spoken.starts_with("Point card: "));
    assert_eq!(out.navigate, None);
    assert!(screen.render_png(600).is_ok(), "the card's barcode renders");
}

#[tokio::test]
async fn derived_codes_show_offline_with_no_next_code_button() {
    let sandbox = sandbox().await;
    let phone = member(&sandbox, "waon", Language::En).await;
    let offline = phone.restart_at(closed_port_url("waon"));
    let screen = MemberCodeScreen::open(&offline.app);
    let state = screen.state();
    let code = state.code.expect("derived on the phone");
    assert_eq!(code.code.len(), 32);
    assert!(code.countdown.starts_with("Valid for "));
    assert!(code.held_offline.is_none());
    assert!(
        state.next_code.is_none(),
        "a derived code has no next code on demand"
    );
    assert_eq!(screen.next_code().await, screen.state());
}

#[tokio::test]
async fn the_countdown_runs_in_the_background_until_the_screen_goes() {
    let sandbox = sandbox().await;
    let phone = member(&sandbox, "waon", Language::Ja).await;
    let screen = MemberCodeScreen::open(&phone.app);
    let seen = Recorder::new();
    let subscription = screen.subscribe(seen.clone());
    screen.keep_ticking().unwrap();
    let mut waited = 0;
    while seen.states().len() < 3 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    assert!(
        seen.states().len() >= 3,
        "the state is told as the seconds pass"
    );
    assert!(subscription.is_active());
    drop(screen);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let told = seen.states().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        seen.states().len(),
        told,
        "nothing after the screen is gone"
    );

    // Signed out: the screen says to log in.
    phone.app.account().log_out().await.unwrap();
    assert_eq!(
        MemberCodeScreen::open(&phone.app).state().navigate,
        Some(Destination::LogIn)
    );
}
