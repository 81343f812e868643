//! Login rules against the real sandbox: lockout, one refresh for many waiting calls,
//! password change and reset, the external member ID, withdrawal.

use std::sync::Arc;

use tamaru_core::error::TamaruError;
use tamaru_sandbox::SandboxConfig;
use tamaru_scenarios::{Phone, registered_card, sandbox, sandbox_with, signed_up, typed};

#[tokio::test]
async fn repeated_failures_lock_the_account_until_the_stated_time() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    phone.app.account().log_out().await.unwrap();
    for left in [4, 3, 2, 1] {
        assert_eq!(
            phone.app.account().log_in(&login_id, "Wrong#Pass1").await,
            Err(TamaruError::WrongPassword {
                attempts_left: Some(left)
            })
        );
    }
    let locked = phone.app.account().log_in(&login_id, "Wrong#Pass1").await;
    let Err(TamaruError::AccountLocked {
        retry_at,
        retry_after_seconds,
    }) = locked
    else {
        panic!("the 5th failure locks: {locked:?}");
    };
    assert_eq!(retry_after_seconds, 15 * 60);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&retry_at).is_ok(),
        "{retry_at}"
    );
    // Even the right password waits for the lock to end.
    assert!(matches!(
        phone.app.account().log_in(&login_id, &password).await,
        Err(TamaruError::AccountLocked { .. })
    ));
    sandbox.advance_clock(15 * 60 + 1);
    phone
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .expect("the lock has ended");
}

#[tokio::test]
async fn one_refresh_serves_every_waiting_call() {
    let sandbox = sandbox_with(SandboxConfig {
        access_ttl_seconds: 60,
        ..SandboxConfig::default()
    })
    .await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    sandbox.advance_clock(61);
    let app = Arc::new(phone.app);
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.account().details().await })
        })
        .collect();
    for call in calls {
        call.await
            .unwrap()
            .expect("every waiting call succeeds after the refresh");
    }
    assert_eq!(
        sandbox.stats().refreshes,
        1,
        "exactly one refresh for 20 waiting calls"
    );
    app.account().details().await.unwrap();
    assert_eq!(
        sandbox.stats().refreshes,
        1,
        "the new token is used afterwards"
    );
}

/// Calls that start while a refresh is under way, or just after it, still succeed: a
/// request sent with the token the refresh replaced is repeated with the new one, never
/// taken for a lost session (found by the Kotlin test of the same name).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn calls_overlapping_a_refresh_keep_the_session() {
    let sandbox = sandbox_with(SandboxConfig {
        access_ttl_seconds: 60,
        ..SandboxConfig::default()
    })
    .await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let app = Arc::new(phone.app);
    for round in 0..5 {
        sandbox.advance_clock(61);
        let calls: Vec<_> = (0..24u64)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_micros(i * 400)).await;
                    app.account().details().await
                })
            })
            .collect();
        for call in calls {
            call.await.unwrap().expect("no call loses the session");
        }
        assert_eq!(
            sandbox.stats().refreshes,
            round + 1,
            "one refresh per expiry"
        );
    }
    assert!(app.is_signed_in().unwrap());
}

#[tokio::test]
async fn an_expired_refresh_token_ends_the_session() {
    let sandbox = sandbox_with(SandboxConfig {
        access_ttl_seconds: 60,
        refresh_ttl_seconds: 120,
        ..SandboxConfig::default()
    })
    .await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    sandbox.advance_clock(121);
    assert_eq!(
        phone.app.account().details().await,
        Err(TamaruError::SessionExpired)
    );
    assert!(!phone.app.is_signed_in().unwrap());
    assert!(phone.store.keys().is_empty(), "the dead tokens are wiped");
}

#[tokio::test]
async fn password_change_checks_the_policy_then_the_old_password() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    match phone.app.account().change_password(&password, "weak").await {
        Err(TamaruError::PasswordPolicy { violations }) => assert!(violations.len() >= 2),
        other => panic!("expected PasswordPolicy, got {other:?}"),
    }
    assert_eq!(
        phone
            .app
            .account()
            .change_password(&password, &password)
            .await,
        Err(TamaruError::PasswordUnchanged)
    );
    assert_eq!(
        phone
            .app
            .account()
            .change_password("Not#Theold1", "Brand#New2026")
            .await,
        Err(TamaruError::WrongOldPassword)
    );
    phone
        .app
        .account()
        .change_password(&password, "Brand#New2026")
        .await
        .unwrap();
    phone.app.account().log_out().await.unwrap();
    assert!(matches!(
        phone.app.account().log_in(&login_id, &password).await,
        Err(TamaruError::WrongPassword { .. })
    ));
    phone
        .app
        .account()
        .log_in(&login_id, "Brand#New2026")
        .await
        .unwrap();
}

/// The 6-digit code in the newest mail to `address`.
fn reset_code(sandbox: &tamaru_sandbox::Sandbox, address: &str) -> String {
    let mail = sandbox.mailbox(address).pop().expect("a mail was sent");
    let start = mail.body.find(": ").expect("code label") + 2;
    mail.body[start..start + 6].to_owned()
}

#[tokio::test]
async fn password_reset_by_a_code_sent_by_mail() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let other_phone = Phone::new(&sandbox, "wester");
    other_phone
        .app
        .account()
        .request_password_reset(&login_id)
        .await
        .unwrap();
    let code = reset_code(&sandbox, &login_id);
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        other_phone
            .app
            .account()
            .confirm_password_reset(&login_id, wrong, "Reset#2026pw")
            .await,
        Err(TamaruError::InvalidResetCode {
            attempts_left: Some(4)
        })
    );
    assert!(matches!(
        other_phone
            .app
            .account()
            .confirm_password_reset(&login_id, &code, "weak")
            .await,
        Err(TamaruError::PasswordPolicy { .. })
    ));
    other_phone
        .app
        .account()
        .confirm_password_reset(&login_id, &code, "Reset#2026pw")
        .await
        .unwrap();
    other_phone
        .app
        .account()
        .log_in(&login_id, "Reset#2026pw")
        .await
        .unwrap();
    assert!(
        other_phone
            .app
            .account()
            .log_in(&login_id, &password)
            .await
            .is_err()
    );
    // Whoever knew the old password is signed out everywhere.
    assert_eq!(
        phone.app.account().details().await,
        Err(TamaruError::NotSignedIn)
    );
    assert!(!phone.app.is_signed_in().unwrap());
}

#[tokio::test]
async fn a_reset_code_expires() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
    phone
        .app
        .account()
        .request_password_reset(&login_id)
        .await
        .unwrap();
    let code = reset_code(&sandbox, &login_id);
    sandbox.advance_clock(31 * 60);
    assert_eq!(
        phone
            .app
            .account()
            .confirm_password_reset(&login_id, &code, "reset2026pw")
            .await,
        Err(TamaruError::ResetCodeExpired)
    );
}

#[tokio::test]
async fn a_linked_account_is_sent_to_the_external_support_page() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    assert!(sandbox.set_external_link("wester", &login_id, true));
    let page = phone
        .app
        .profile()
        .external_id
        .as_ref()
        .unwrap()
        .support_page
        .clone();
    assert_eq!(
        phone
            .app
            .account()
            .change_password(&password, "Brand#New2026")
            .await,
        Err(TamaruError::ExternalSupportPage { url: page.clone() })
    );
    let preview = phone.app.account().withdrawal_preview().await.unwrap();
    assert!(!preview.possible_in_app);
    assert_eq!(preview.external_page.as_deref(), Some(page.as_str()));
    assert_eq!(
        preview.blockers,
        vec!["SMART ICOCA", "モバイルICOCA", "J-WESTカード"]
    );
    assert_eq!(
        phone.app.account().withdraw(&password).await,
        Err(TamaruError::ExternalSupportPage { url: page })
    );
    assert!(phone.app.is_signed_in().unwrap(), "nothing happened");
}

#[tokio::test]
async fn withdrawal_states_its_consequences_then_ends_the_account_and_wipes_the_phone() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let card = registered_card(&sandbox, &phone, "wester", "sc_point_card").await;
    let today = sandbox.points().today();
    sandbox
        .points()
        .award("wester", &login_id, 1200, today, "ルクア大阪", "お買い物")
        .unwrap();
    let preview = phone.app.account().withdrawal_preview().await.unwrap();
    assert_eq!(preview.points_to_lose, 1200);
    assert_eq!(sandbox.held_points("wester", &login_id), 1200);
    assert!(
        preview.consequences[0].text_ja.contains("1200ポイント"),
        "{}",
        preview.consequences[0].text_ja
    );
    assert!(preview.possible_in_app);
    assert_eq!(preview.cards_to_withdraw, 1);
    assert!(
        preview.consequences[1].text_ja.contains("1枚"),
        "{}",
        preview.consequences[1].text_ja
    );
    let codes: Vec<_> = preview
        .consequences
        .iter()
        .map(|n| n.code.as_str())
        .collect();
    assert_eq!(codes, ["points_deleted", "cards_withdrawn", "postal_mail"]);
    assert!(preview.blockers.is_empty());

    assert_eq!(
        phone.app.account().withdraw("Wrong#Pass1").await,
        Err(TamaruError::WrongPassword {
            attempts_left: None
        })
    );
    assert!(
        phone.app.is_signed_in().unwrap(),
        "a wrong password withdraws nothing"
    );
    phone.app.account().withdraw(&password).await.unwrap();
    assert!(!phone.app.is_signed_in().unwrap());
    assert!(phone.store.keys().is_empty(), "secrets wiped");
    assert_eq!(
        phone.app.account().log_in(&login_id, &password).await,
        Err(TamaruError::AccountWithdrawn)
    );
    let other = Phone::new(&sandbox, "wester");
    assert_eq!(
        other.app.account().log_in(&login_id, &password).await,
        Err(TamaruError::AccountWithdrawn)
    );
    assert_eq!(
        sandbox.held_points("wester", &login_id),
        0,
        "every point is gone"
    );
    // The card was withdrawn with the account: nobody can register it again.
    let (someone, _, _) = signed_up(&sandbox, "wester").await;
    assert!(matches!(
        someone.app.cards().register(&typed(&card)).await,
        Err(TamaruError::CardExpiredOrInvalid { .. })
    ));
}

#[tokio::test]
async fn a_withdrawing_member_leaves_the_family_group() {
    let sandbox = sandbox().await;
    let (parent, _, _) = signed_up(&sandbox, "waon").await;
    let (child, _, password) = signed_up(&sandbox, "waon").await;
    let created = parent.app.points().create_family().await.unwrap();
    let code = created.group.unwrap().invite_code;
    child.app.points().join_family_by_code(&code).await.unwrap();
    let before = parent.app.points().family().await.unwrap().group.unwrap();
    assert_eq!(before.members.len(), 2);
    child.app.account().withdraw(&password).await.unwrap();
    let after = parent.app.points().family().await.unwrap().group.unwrap();
    assert_eq!(
        after.members.len(),
        1,
        "the withdrawn member is gone from the group"
    );
}
