//! Device migration against the real sandbox (SPEC §3): several installs of one account,
//! each with its own data directory and secure store.

use tamaru_core::app::StartScreen;
use tamaru_core::error::TamaruError;
use tamaru_core::mail::MailSetting;
use tamaru_scenarios::{Phone, closed_port_url, registered_card, sandbox, signed_up};

#[tokio::test]
async fn a_new_phone_needs_nothing_from_the_old_one() {
    let sandbox = sandbox().await;
    let (old_phone, login_id, password) = signed_up(&sandbox, "waon").await;
    let old_account = old_phone.app.account().details().await.unwrap();

    let new_phone = Phone::new(&sandbox, "waon");
    assert_eq!(
        new_phone.app.start_screen().unwrap(),
        StartScreen::FirstLaunch
    );
    let account = new_phone
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    assert_eq!(account.member_id, old_account.member_id);
    assert_eq!(account.email, old_account.email);
    let (old_number, new_number) = (
        old_account.device_number.unwrap(),
        account.device_number.unwrap(),
    );
    assert_ne!(old_number, new_number, "each install is its own device");
    assert_eq!(new_number.len(), 16);
    // Both phones keep working (within the device cap).
    old_phone.app.account().details().await.unwrap();
    new_phone.app.account().details().await.unwrap();
}

#[tokio::test]
async fn a_reinstall_wipes_the_stale_keychain_entry_and_gets_a_new_suffix() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let before = phone.app.account().details().await.unwrap();
    let stale: Vec<String> = phone.store.values();
    assert_eq!(stale.len(), 1, "one session entry in the keychain");

    // The app is deleted and installed again: the keychain entry survives, the data does not.
    let phone = phone.reinstall();
    assert!(
        phone.store.keys().is_empty(),
        "the stale entry is wiped at start, not reused"
    );
    assert_eq!(phone.app.start_screen().unwrap(), StartScreen::FirstLaunch);
    assert_eq!(
        phone.app.account().details().await,
        Err(TamaruError::NotSignedIn)
    );

    let after = phone
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    assert_eq!(after.member_id, before.member_id, "server-side data intact");
    let (old, new) = (before.device_number.unwrap(), after.device_number.unwrap());
    assert_ne!(
        old[12..],
        new[12..],
        "a new install suffix after the next login"
    );
}

#[tokio::test]
async fn a_reinstall_never_reuses_the_stale_tokens_even_if_they_still_work() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let store = phone.store.clone();
    let stale_entry = store.values();
    let phone = phone.reinstall();
    // Put the stale entry back, as a keychain that outlived the app would hold it.
    use tamaru_core::secure_store::SecureStore;
    store.set("tamaru.wester.session", &stale_entry[0]).unwrap();
    let phone = phone.restart();
    assert!(!phone.app.is_signed_in().unwrap());
    assert!(store.keys().is_empty());
}

#[tokio::test]
async fn beyond_the_device_cap_the_oldest_is_signed_out_elsewhere() {
    let sandbox = sandbox().await;
    let (first, login_id, password) = signed_up(&sandbox, "wester").await;
    let mut others = Vec::new();
    for _ in 0..3 {
        let phone = Phone::new(&sandbox, "wester");
        phone
            .app
            .account()
            .log_in(&login_id, &password)
            .await
            .unwrap();
        others.push(phone);
    }
    // The fourth log-in signed out the first phone: it must not silently keep working.
    assert_eq!(
        first.app.account().details().await,
        Err(TamaruError::SignedInElsewhere)
    );
    assert_eq!(
        first.app.start_screen().unwrap(),
        StartScreen::SignedOutElsewhere
    );
    assert!(first.store.keys().is_empty());
    assert_eq!(
        first.app.account().details().await,
        Err(TamaruError::NotSignedIn)
    );
    for phone in &others {
        phone.app.account().details().await.unwrap();
    }
    // Logging in again on the first phone signs out the least recently used of the others.
    first
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    assert!(matches!(
        first.app.start_screen().unwrap(),
        StartScreen::SignedIn { .. }
    ));
    assert_eq!(
        others[0].app.account().details().await,
        Err(TamaruError::SignedInElsewhere)
    );
}

#[tokio::test]
async fn an_offline_start_keeps_the_member_signed_in() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let offline = phone.restart_at(closed_port_url("wester"));
    assert!(matches!(
        offline.app.start_screen().unwrap(),
        StartScreen::SignedIn { .. }
    ));
    assert!(matches!(
        offline.app.account().details().await,
        Err(TamaruError::Network { .. })
    ));
    assert!(
        offline.app.is_signed_in().unwrap(),
        "no signal is not a reason to sign out"
    );
}

#[tokio::test]
async fn logging_in_on_a_new_phone_restores_cards_points_and_mail_settings() {
    let sandbox = sandbox().await;
    let (old, login_id, password) = signed_up(&sandbox, "wester").await;
    let card = registered_card(&sandbox, &old, "wester", "sc_point_card").await;
    let today = sandbox.points().today();
    sandbox
        .points()
        .award("wester", &login_id, 800, today, "ルクア大阪", "お買い物")
        .unwrap();
    old.app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();

    let new = Phone::new(&sandbox, "wester");
    new.app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    let cards = new.app.cards().refresh().await.unwrap().cards;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].last4, card.number[12..]);
    new.app.points().refresh().await.unwrap();
    assert_eq!(new.app.points().balance().unwrap().total, 800);
    let mail = new.app.mail().settings().await.unwrap();
    assert_eq!(mail.newsletter.on, Some(false));
    assert_eq!(mail.postal.on, Some(true));
    // Nothing was needed on the old phone, which keeps working too.
    old.app.account().details().await.unwrap();
}
