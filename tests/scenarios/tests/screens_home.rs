//! Home driven headless: the tabs and settings entries the profile gives (family sharing
//! and card merge only where the program has them), worded in the member's language, and
//! log-out sending the member to the log-in.

mod screens_common;

use screens_common::{PASSWORD, Recorder, install, new_login_id};
use tamaru_core::screens::{Destination, EntryScreen, HomeEntry, HomeScreen, Language};
use tamaru_scenarios::sandbox;

fn entries(links: &[tamaru_core::screens::HomeLink]) -> Vec<HomeEntry> {
    links.iter().map(|l| l.entry).collect()
}

#[tokio::test]
async fn home_lists_what_the_program_offers_in_the_members_language() {
    let sandbox = sandbox().await;
    let waon = install(&sandbox, "waon", Language::En);
    let home = HomeScreen::open(&waon.app).state();
    assert_eq!(home.title, waon.app.profile().name);
    assert_eq!(
        entries(&home.tabs),
        [
            HomeEntry::MemberCode,
            HomeEntry::Points,
            HomeEntry::Cards,
            HomeEntry::Settings
        ]
    );
    assert_eq!(home.tabs[0].label, "Member code");
    assert_eq!(home.tabs[3].label, "Settings");
    assert_eq!(
        entries(&home.settings),
        [
            HomeEntry::MailSettings,
            HomeEntry::PasswordChange,
            HomeEntry::Family,
            HomeEntry::CardMerge,
            HomeEntry::Withdrawal
        ]
    );
    assert_eq!(home.log_out.label, "Log out");
    assert!(home.log_out.enabled);

    // wester has neither family sharing nor card merge: no entry leads to them.
    let wester = install(&sandbox, "wester", Language::Ja);
    let home = HomeScreen::open(&wester.app).state();
    assert_eq!(home.title, wester.app.profile().name_ja);
    assert_eq!(
        entries(&home.settings),
        [
            HomeEntry::MailSettings,
            HomeEntry::PasswordChange,
            HomeEntry::Withdrawal
        ]
    );
    assert_eq!(home.tabs[0].label, "会員コード");
    assert_eq!(home.log_out.label, "ログアウト");
}

#[tokio::test]
async fn log_out_sends_the_member_to_the_log_in() {
    let sandbox = sandbox().await;
    let phone = install(&sandbox, "waon", Language::Ja);
    phone
        .app
        .account()
        .sign_up(&new_login_id(), PASSWORD, None)
        .await
        .unwrap();
    let home = HomeScreen::open(&phone.app);
    let seen = Recorder::new();
    let _subscription = home.subscribe(seen.clone());
    assert_eq!(home.state().navigate, None);

    let done = home.log_out().await;
    assert_eq!(done.error, None);
    assert_eq!(done.navigate, Some(Destination::LogIn));
    assert!(seen.states().iter().any(|s| s.busy && !s.log_out.enabled));
    assert_eq!(seen.last(), done);
    assert!(!phone.app.is_signed_in().unwrap());
    assert_eq!(
        EntryScreen::open(&phone.app).state().navigate,
        Some(Destination::LogIn)
    );
}
