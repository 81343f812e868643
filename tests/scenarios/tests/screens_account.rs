//! The password change, password reset and withdrawal screens driven headless against the
//! sandbox: the live checklist, refusals worded, a linked account sent to its support page,
//! the reset by a mailed code ending at the log-in, and withdrawal only after its preview,
//! the member's confirmation and the password.

mod screens_common;

use screens_common::{PASSWORD, install, new_login_id};
use tamaru_core::screens::{
    Destination, Language, LogInScreen, PasswordChangeScreen, PasswordResetScreen, WithdrawalScreen,
};
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::{Phone, sandbox};

const NEW_PASSWORD: &str = "Fresh#2027pw";

async fn member(sandbox: &Sandbox, program: &'static str, lang: Language) -> (Phone, String) {
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

fn reset_code(sandbox: &Sandbox, address: &str) -> String {
    let mails = sandbox.mailbox(address);
    let body = &mails.last().expect("a mail").body;
    let at =
        body.find("パスワード再設定コード: ").expect("a code") + "パスワード再設定コード: ".len();
    body[at..].chars().take(6).collect()
}

#[tokio::test]
async fn the_password_changes_after_the_checklist_and_a_wrong_current_one_is_said() {
    let sandbox = sandbox().await;
    let (phone, login_id) = member(&sandbox, "waon", Language::En).await;
    let screen = PasswordChangeScreen::open(&phone.app);
    let start = screen.state();
    assert_eq!(start.title, "Change your password");
    assert!(!start.submit.enabled);
    // waon: length, digit, letter, allowed characters.
    assert_eq!(start.checklist.len(), 4);

    screen.set_current("Wrong#2026x");
    let weak = screen.set_new_password("abc");
    assert!(!weak.new_password.problems.is_empty());
    assert!(!weak.submit.enabled);
    screen.set_new_password(NEW_PASSWORD);
    let wrong = screen.submit().await;
    assert_eq!(wrong.error.unwrap().code, "wrong_old_password");
    assert_eq!(
        wrong.navigate, None,
        "a wrong current password keeps the member here"
    );

    screen.set_current(PASSWORD);
    let done = screen.submit().await;
    assert_eq!(done.error, None);
    assert_eq!(done.done.as_deref(), Some("Your password is changed."));
    assert_eq!(done.navigate, Some(Destination::Home));
    assert!(!format!("{done:?}").contains(NEW_PASSWORD));

    phone.app.account().log_out().await.unwrap();
    phone
        .app
        .account()
        .log_in(&login_id, NEW_PASSWORD)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_linked_account_is_sent_to_its_support_page() {
    let sandbox = sandbox().await;
    let (phone, login_id) = member(&sandbox, "wester", Language::Ja).await;
    assert!(sandbox.set_external_link("wester", &login_id, true));
    let page = phone
        .app
        .profile()
        .external_id
        .as_ref()
        .unwrap()
        .support_page
        .clone();

    let change = PasswordChangeScreen::open(&phone.app);
    change.set_current(PASSWORD);
    change.set_new_password(NEW_PASSWORD);
    let state = change.submit().await;
    assert_eq!(state.external_page.as_deref(), Some(page.as_str()));
    assert_eq!(state.error, None);
    assert!(!state.submit.enabled);

    let withdrawal = WithdrawalScreen::open(&phone.app);
    let preview = withdrawal.load().await;
    assert_eq!(preview.external_page.as_deref(), Some(page.as_str()));
    assert!(!preview.blockers.is_empty());
    assert!(
        preview.blockers.iter().any(|b| b.contains("ICOCA")),
        "{:?}",
        preview.blockers
    );
    assert!(
        preview.withdraw.is_none(),
        "a linked account cannot withdraw in the app"
    );
    assert!(preview.understood.is_none() && preview.password.is_none());
    assert_eq!(withdrawal.withdraw().await.navigate, None);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_mailed_code() {
    let sandbox = sandbox().await;
    let (phone, login_id) = member(&sandbox, "wester", Language::Ja).await;
    phone.app.account().log_out().await.unwrap();

    let log_in = LogInScreen::open(&phone.app, false);
    assert_eq!(
        log_in.state().forgot_password.label,
        "パスワードをお忘れの方"
    );
    assert_eq!(
        log_in.forgot_password().navigate,
        Some(Destination::PasswordReset)
    );

    let screen = PasswordResetScreen::open(&phone.app);
    let start = screen.state();
    assert!(start.code.is_none() && start.confirm.is_none() && start.checklist.is_empty());
    assert!(!start.request.enabled);
    screen.set_login_id(&login_id);
    let sent = screen.request().await;
    assert_eq!(sent.error, None);
    assert!(sent.sent.is_some());
    assert!(sent.code.is_some());
    assert_eq!(sent.checklist.len(), 6, "wester's rules, ticked as typed");

    let code = reset_code(&sandbox, &login_id);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    screen.set_code(wrong);
    screen.set_new_password(NEW_PASSWORD);
    let refused = screen.confirm().await;
    assert_eq!(refused.error.unwrap().code, "invalid_reset_code");
    assert_eq!(refused.navigate, None);

    screen.set_code(&code);
    let done = screen.confirm().await;
    assert_eq!(done.error, None);
    assert_eq!(done.navigate, Some(Destination::LogIn));
    assert!(done.done.unwrap().contains("新しいパスワード"));
    phone
        .app
        .account()
        .log_in(&login_id, NEW_PASSWORD)
        .await
        .unwrap();
}

#[tokio::test]
async fn withdrawal_shows_what_is_lost_and_needs_confirmation_and_the_password() {
    let sandbox = sandbox().await;
    let (phone, login_id) = member(&sandbox, "waon", Language::Ja).await;
    sandbox
        .points()
        .award(
            "waon",
            &login_id,
            1200,
            sandbox.points().today(),
            "AEON",
            "",
        )
        .unwrap();
    let screen = WithdrawalScreen::open(&phone.app);
    assert!(
        screen.state().consequences.is_empty(),
        "nothing before loading"
    );
    let preview = screen.load().await;
    assert_eq!(preview.error, None);
    assert_eq!(preview.consequences.len(), 3);
    assert!(preview.consequences[0].contains("1200ポイント"));
    assert_eq!(
        preview.points_lost.as_deref(),
        Some("1,200 pt が消滅します")
    );
    assert!(preview.blockers.is_empty() && preview.external_page.is_none());
    assert_eq!(preview.understood, Some(false));
    assert!(!preview.withdraw.as_ref().unwrap().enabled);

    screen.set_password(PASSWORD);
    assert!(
        !screen.state().withdraw.unwrap().enabled,
        "not before the member confirms"
    );
    screen.set_understood(true);
    screen.set_password("Wrong#2026x");
    let refused = screen.withdraw().await;
    assert_eq!(refused.error.unwrap().code, "wrong_password");
    assert_eq!(refused.navigate, None);
    assert!(phone.app.is_signed_in().unwrap());

    screen.set_password(PASSWORD);
    let done = screen.withdraw().await;
    assert_eq!(done.error, None);
    assert_eq!(done.navigate, Some(Destination::Welcome));
    assert!(done.done.is_some());
    assert!(!phone.app.is_signed_in().unwrap());
    assert_eq!(sandbox.held_points("waon", &login_id), 0);
    // The phone holds no member any more: its next start is a first launch (the welcome
    // with sign-up), not the log-in a signed-out member sees.
    assert_eq!(
        phone.app.start_screen().unwrap(),
        tamaru_core::app::StartScreen::FirstLaunch
    );
}
