//! The start, sign-up and log-in screens driven headless through their screen objects
//! against the real sandbox: first launch, the live password checklist, a returning member,
//! a phone signed out elsewhere, "I changed phones" and an account withdrawn elsewhere.

mod screens_common;

use screens_common::{PASSWORD, Recorder, install, new_login_id};
use tamaru_core::error::TamaruError;
use tamaru_core::screens::{
    Destination, EntryChoice, EntryKind, EntryScreen, Language, LogInScreen, PointsScreen,
    SignUpScreen,
};
use tamaru_scenarios::{registered_card, sandbox};

#[tokio::test]
async fn first_launch_signs_up_with_the_live_password_checklist() {
    let sandbox = sandbox().await;
    let phone = install(&sandbox, "wester", Language::Ja);

    let entry = EntryScreen::open(&phone.app);
    let welcome = entry.state();
    assert_eq!(welcome.kind, EntryKind::FirstLaunch);
    assert_eq!(welcome.navigate, None);
    assert_eq!(welcome.sign_up.as_ref().unwrap().label, "新規登録");
    assert!(
        welcome
            .changed_phones
            .as_ref()
            .unwrap()
            .label
            .contains("機種変更")
    );
    assert!(welcome.log_in.is_none());
    // A choice the welcome does not offer changes nothing.
    assert_eq!(entry.choose(EntryChoice::LogIn).navigate, None);
    assert_eq!(
        entry.choose(EntryChoice::SignUp).navigate,
        Some(Destination::SignUp)
    );

    let screen = SignUpScreen::open(&phone.app);
    let seen = Recorder::new();
    let _subscription = screen.subscribe(seen.clone());
    let empty = screen.state();
    assert_eq!(empty.title, "新規登録");
    assert!(!empty.submit.enabled);
    assert!(
        empty.login_id.problems.is_empty(),
        "no problem before typing"
    );
    assert!(empty.email.is_none(), "wester's login ID is the address");
    // wester: length, digit, upper, lower, symbol, allowed characters; only the last is met
    // by nothing typed.
    let met: Vec<bool> = empty.checklist.iter().map(|i| i.met).collect();
    assert_eq!(met, [false, false, false, false, false, true]);
    assert_eq!(
        empty.checklist[0].label,
        phone.app.account().password_checklist("")[0].label_ja
    );

    let typo = screen.set_login_id("member@@example.jp");
    assert!(!typo.login_id.problems.is_empty());
    let login_id = new_login_id();
    assert!(screen.set_login_id(&login_id).login_id.problems.is_empty());

    let weak = screen.set_password("tamaru");
    let met: Vec<bool> = weak.checklist.iter().map(|i| i.met).collect();
    assert_eq!(met, [false, false, false, true, false, true]);
    assert!(weak.password.filled);
    assert!(!weak.password.problems.is_empty());
    assert!(!weak.submit.enabled);
    // Full-width characters are named, in Japanese.
    let wide = screen.set_password("Ｔamaru#2026");
    assert!(
        wide.password.problems.iter().any(|p| p.contains("全角")),
        "{:?}",
        wide.password.problems
    );

    let strong = screen.set_password(PASSWORD);
    assert!(strong.checklist.iter().all(|item| item.met));
    assert!(strong.password.problems.is_empty());
    assert!(strong.submit.enabled);
    // The state never carries the password.
    assert!(!format!("{strong:?}").contains(PASSWORD));

    let done = screen.submit().await;
    assert_eq!(done.navigate, Some(Destination::Home));
    assert!(!done.submit.enabled, "no second sign-up from the same form");
    let states = seen.states();
    assert!(states.iter().any(|s| s.busy), "the shell saw it working");
    assert_eq!(seen.last(), done);

    // Pressed again: nothing is sent, the screen stays done.
    assert_eq!(screen.submit().await, done);
    assert_eq!(
        EntryScreen::open(&phone.app).state().navigate,
        Some(Destination::Home)
    );
}

#[tokio::test]
async fn sign_up_asks_an_address_for_a_web_id_and_checks_it_as_typed() {
    let sandbox = sandbox().await;
    let phone = install(&sandbox, "waon", Language::En);
    let screen = SignUpScreen::open(&phone.app);
    assert_eq!(screen.state().login_id.label, "E-mail address or web ID");

    let web_id = format!(
        "web_{}",
        &tamaru_scenarios::uuid_like().replace('-', "")[..10]
    );
    let state = screen.set_login_id(&web_id);
    assert!(
        state.login_id.problems.is_empty(),
        "{:?}",
        state.login_id.problems
    );
    let email = state.email.expect("an address is asked for a web ID");
    assert_eq!(email.label, "E-mail address (optional)");

    screen.set_password("tamaru2026");
    assert!(screen.state().submit.enabled, "the address is optional");
    // A space pasted at the end is a problem the member sees, not something cut silently.
    let spaced = screen.set_email("member@example.jp ");
    let problems = spaced.email.unwrap().problems;
    assert!(!problems.is_empty());
    assert!(!spaced.submit.enabled);
    let address = new_login_id();
    let fixed = screen.set_email(&address);
    assert!(fixed.email.unwrap().problems.is_empty());
    assert!(fixed.submit.enabled);
    assert!(fixed.checklist.iter().all(|i| i.met));
    assert_eq!(
        fixed.checklist[0].label,
        phone.app.account().password_checklist("")[0].label_en
    );

    assert_eq!(screen.submit().await.navigate, Some(Destination::Home));
    let account = phone.app.account().details().await.unwrap();
    assert_eq!(account.email.as_deref(), Some(address.as_str()));

    // An address as the login ID needs no second address.
    let other = SignUpScreen::open(&phone.app);
    assert!(other.set_login_id(&new_login_id()).email.is_none());
}

#[tokio::test]
async fn a_returning_member_logs_in_and_a_refusal_is_worded() {
    let sandbox = sandbox().await;
    let phone = install(&sandbox, "wester", Language::Ja);
    let login_id = new_login_id();
    phone
        .app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    phone.app.account().log_out().await.unwrap();

    let entry = EntryScreen::open(&phone.app).state();
    assert_eq!(entry.kind, EntryKind::SignedOut);
    assert_eq!(entry.navigate, Some(Destination::LogIn));

    let screen = LogInScreen::open(&phone.app, false);
    let start = screen.state();
    assert_eq!(start.title, "ログイン");
    assert!(start.restored_from_server.is_empty());
    assert!(!start.submit.enabled);
    screen.set_login_id(&login_id);
    assert!(!screen.state().submit.enabled, "no password yet");
    screen.set_password("Wrong#2026x");
    let refused = screen.submit().await;
    let error = refused.error.expect("the refusal shows");
    assert_eq!(error.code, "wrong_password");
    let expected = TamaruError::WrongPassword {
        attempts_left: Some(4),
    };
    assert_eq!(error.text, expected.message_ja());
    assert_eq!(refused.navigate, None);
    assert!(refused.submit.enabled, "the member may try again");

    // Typing again clears the refusal.
    assert!(screen.set_password(PASSWORD).error.is_none());
    let done = screen.submit().await;
    assert_eq!(done.navigate, Some(Destination::Home));
    assert!(done.restored.is_empty() && done.go_on.is_none());
}

#[tokio::test]
async fn a_phone_signed_out_elsewhere_is_told_why_and_sent_to_log_in() {
    let sandbox = sandbox().await;
    let first = install(&sandbox, "waon", Language::En);
    let login_id = new_login_id();
    first
        .app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    // Three more phones: the device cap is 3, so the first is signed out.
    for _ in 0..3 {
        let other = install(&sandbox, "waon", Language::En);
        other
            .app
            .account()
            .log_in(&login_id, PASSWORD)
            .await
            .unwrap();
    }

    let points = PointsScreen::open(&first.app);
    let ended = points.refresh().await;
    assert_eq!(ended.navigate, Some(Destination::SignedOutElsewhere));
    assert_eq!(ended.error.unwrap().code, "signed_in_elsewhere");

    let entry = EntryScreen::open(&first.app);
    let state = entry.state();
    assert_eq!(state.kind, EntryKind::SignedOutElsewhere);
    assert_eq!(state.title, "You were logged out");
    assert!(state.message.unwrap().contains("another device"));
    assert!(state.sign_up.is_none());
    assert_eq!(state.log_in.unwrap().label, "Log in");
    assert_eq!(
        entry.choose(EntryChoice::LogIn).navigate,
        Some(Destination::LogIn)
    );
}

#[tokio::test]
async fn changed_phones_says_what_comes_back_and_restores_it() {
    let sandbox = sandbox().await;
    let old = install(&sandbox, "wester", Language::Ja);
    let login_id = new_login_id();
    old.app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    let phone = old.twin();
    registered_card(&sandbox, &phone, "wester", "sc_point_card").await;
    drop(phone);
    sandbox
        .points()
        .award(
            "wester",
            &login_id,
            500,
            sandbox.points().today(),
            "Osaka",
            "",
        )
        .unwrap();

    let new = install(&sandbox, "wester", Language::Ja);
    let entry = EntryScreen::open(&new.app);
    assert_eq!(entry.state().kind, EntryKind::FirstLaunch);
    assert_eq!(
        entry.choose(EntryChoice::ChangedPhones).navigate,
        Some(Destination::ChangedPhones)
    );

    let screen = LogInScreen::open(&new.app, true);
    let before = screen.state();
    assert!(before.changed_phones);
    assert_eq!(before.title, "機種変更された方");
    assert_eq!(before.restored_from_server.len(), 4);
    assert!(
        before
            .restored_from_server
            .iter()
            .any(|l| l.contains("カード"))
    );
    assert!(before.not_restored.iter().any(|l| l.contains("末尾4桁")));

    screen.set_login_id(&login_id);
    screen.set_password(PASSWORD);
    let after = screen.submit().await;
    assert_eq!(
        after.navigate, None,
        "the member reads what came back first"
    );
    assert!(
        after
            .restored
            .contains(&"カード1枚を引き継ぎました".to_owned()),
        "{:?}",
        after.restored
    );
    assert!(
        after
            .restored
            .contains(&"ポイント残高 500 pt を引き継ぎました".to_owned()),
        "{:?}",
        after.restored
    );
    assert!(
        after
            .restored
            .contains(&"メール配信の設定を引き継ぎました".to_owned())
    );
    let suffix = new
        .app
        .account()
        .details()
        .await
        .unwrap()
        .device_number
        .unwrap();
    let suffix = &suffix[suffix.len() - 4..];
    assert!(
        after
            .restored
            .iter()
            .any(|l| l.ends_with(&format!("{suffix} です")))
    );
    assert!(!after.submit.enabled);
    assert_eq!(screen.go_on().navigate, Some(Destination::Home));
    // The cards are on the new phone now (offline list).
    assert_eq!(new.app.cards().list().unwrap().cards.len(), 1);
}

#[tokio::test]
async fn an_account_withdrawn_on_another_phone_sends_this_one_to_the_welcome() {
    let sandbox = sandbox().await;
    let here = install(&sandbox, "waon", Language::Ja);
    let login_id = new_login_id();
    here.app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    let there = install(&sandbox, "waon", Language::Ja);
    there
        .app
        .account()
        .log_in(&login_id, PASSWORD)
        .await
        .unwrap();
    there.app.account().withdraw(PASSWORD).await.unwrap();

    let state = PointsScreen::open(&here.app).refresh().await;
    assert_eq!(state.error.unwrap().code, "account_withdrawn");
    assert_eq!(state.navigate, Some(Destination::Welcome));
    assert!(!here.app.is_signed_in().unwrap(), "the tokens are gone");
}
