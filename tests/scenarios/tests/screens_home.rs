//! The home screen driven headless against the sandbox: the tabs and the settings menu as
//! each program's profile has them, worded in the app's language, and log-out ending at the
//! log-in with the entry screen agreeing.

mod screens_common;

use screens_common::{Install, PASSWORD, Recorder, new_login_id};
use tamaru_core::screens::{
    Destination, EntryKind, EntryScreen, HomeLink, HomeScreen, HomeTab, Language,
};
use tamaru_scenarios::sandbox;

#[tokio::test]
async fn the_tabs_and_menu_follow_the_profile_and_log_out_goes_to_the_log_in() {
    let sandbox = sandbox().await;
    let phone = Install::new(&sandbox, "waon", Language::En);
    phone
        .app
        .sign_up(&new_login_id(), PASSWORD, None)
        .await
        .unwrap();
    let home = HomeScreen::open(&phone.app);
    let state = home.state();
    let tabs: Vec<_> = state
        .tabs
        .iter()
        .map(|t| (t.tab, t.label.as_str()))
        .collect();
    assert_eq!(
        tabs,
        [
            (HomeTab::MemberCode, "Member code"),
            (HomeTab::Points, "Points"),
            (HomeTab::Cards, "Cards"),
            (HomeTab::Settings, "Settings"),
        ]
    );
    let links: Vec<_> = state.links.iter().map(|l| l.link).collect();
    let profile = phone.app.profile();
    assert_eq!(
        links.contains(&HomeLink::Family),
        profile.family.is_some(),
        "family sharing only where the program has it"
    );
    assert_eq!(
        links.contains(&HomeLink::CardMerge),
        profile.cards.account_merge,
        "card merge only where the program offers it"
    );
    assert_eq!(links.first(), Some(&HomeLink::PasswordChange));
    assert_eq!(links.last(), Some(&HomeLink::Withdrawal));
    assert_eq!(state.log_out.label, "Log out");
    assert!(state.log_out.enabled);
    assert_eq!(state.navigate, None);

    let recorder = Recorder::new();
    let _subscription = home.subscribe(recorder.clone());
    let out = home.log_out().await;
    assert_eq!(out.error, None);
    assert_eq!(out.navigate, Some(Destination::LogIn));
    assert!(!phone.app.is_signed_in().unwrap());
    assert!(
        recorder.states().iter().any(|s| s.busy),
        "busy while logging out"
    );
    assert_eq!(recorder.last(), out);
    assert_eq!(
        EntryScreen::open(&phone.app).state().kind,
        EntryKind::SignedOut
    );
}

#[tokio::test]
async fn wester_words_its_home_in_japanese() {
    let sandbox = sandbox().await;
    let phone = Install::new(&sandbox, "wester", Language::Ja);
    let state = HomeScreen::open(&phone.app).state();
    assert_eq!(state.tabs[0].label, "会員コード");
    assert_eq!(state.tabs[3].label, "設定");
    assert_eq!(state.log_out.label, "ログアウト");
    let links: Vec<_> = state.links.iter().map(|l| l.link).collect();
    let profile = phone.app.profile();
    assert_eq!(links.contains(&HomeLink::Family), profile.family.is_some());
    assert_eq!(
        links.contains(&HomeLink::CardMerge),
        profile.cards.account_merge
    );
}
