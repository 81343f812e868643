//! Mail settings against the real sandbox (SPEC §6): read and write, the offline outbox
//! across restarts, exactly-once across lost answers, the latest choice winning over a value
//! set elsewhere, the e-mail change by code, and the "mail does not arrive" checklist.
//!
//! "Offline" is the app restarted with its member API at a closed loopback port (connection
//! refused, as without network); "back online" is a restart at the sandbox's URL. The
//! sandbox's fault switch (503) covers the server being down while the app keeps running,
//! and its "drop the answer" switch commits a change and then breaks the connection.

use tamaru_core::app::StartScreen;
use tamaru_core::error::TamaruError;
use tamaru_core::login::policy::LoginIdViolationCode;
use tamaru_core::mail::{DeliveryAction, DeliveryCheck, MailSetting};
use tamaru_sandbox::{MailFaults, Sandbox};
use tamaru_scenarios::{Phone, closed_port_url, sandbox, signed_up, uuid_like};

async fn member_id(phone: &Phone) -> String {
    phone
        .app
        .account()
        .details()
        .await
        .expect("account")
        .member_id
}

/// The code in the newest mail to `address`.
fn code_from_mailbox(sandbox: &Sandbox, address: &str) -> String {
    let mails = sandbox.mailbox(address);
    let mail = mails.last().expect("a mail was sent");
    let at = mail
        .body
        .find("確認コード: ")
        .expect("the mail holds a code")
        + "確認コード: ".len();
    let code: String = mail.body[at..].chars().take(6).collect();
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
    code
}

fn fresh_address() -> String {
    format!("new{}@example.com", uuid_like().replace('-', ""))
}

#[tokio::test]
async fn settings_are_read_and_written_on_the_server() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;

    let view = phone.app.mail().settings().await.unwrap();
    assert_eq!(view.newsletter.on, Some(true), "default: newsletter on");
    assert_eq!(view.postal.on, Some(true), "default: postal on");
    assert!(view.from_server);
    assert!(view.last_synced_at.is_some());
    assert_eq!(view.pending_changes, 0);

    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    assert_eq!((outcome.applied, outcome.pending), (1, 0));
    assert!(!outcome.offline);
    assert!(outcome.overridden.is_empty());
    assert_eq!(outcome.settings.newsletter.on, Some(false));
    assert!(!outcome.settings.newsletter.pending);
    assert_eq!(outcome.settings.newsletter.server_on, Some(false));

    phone
        .app
        .mail()
        .set(MailSetting::Postal, false)
        .await
        .unwrap();
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(!server.newsletter && !server.postal);
    assert_eq!(server.applied_changes, 2);

    // A new phone restores the settings from the server (SPEC §3).
    let other = Phone::new(&sandbox, "wester");
    assert_eq!(
        other.app.mail().cached_settings(),
        Err(TamaruError::NotSignedIn),
        "no member, no settings"
    );
    other
        .app
        .account()
        .log_in(&login_id, &password)
        .await
        .unwrap();
    let before = other.app.mail().cached_settings().unwrap();
    assert_eq!(
        before.newsletter.on, None,
        "not guessed before the first read"
    );
    let view = other.app.mail().settings().await.unwrap();
    assert_eq!(
        (view.newsletter.on, view.postal.on),
        (Some(false), Some(false))
    );

    phone
        .app
        .mail()
        .set(MailSetting::Newsletter, true)
        .await
        .unwrap();
    let view = other.app.mail().sync().await.unwrap().settings;
    assert_eq!(
        view.newsletter.on,
        Some(true),
        "sync reads changes made elsewhere"
    );
}

#[tokio::test]
async fn an_offline_change_is_queued_survives_restarts_and_is_sent_when_back_online() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();
    let calls_before = sandbox.mail_admin(&member).unwrap().api_calls;

    let phone = phone.restart_at(closed_port_url("wester"));
    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    assert!(outcome.offline);
    assert_eq!((outcome.applied, outcome.pending), (0, 1));
    let n = &outcome.settings.newsletter;
    assert_eq!(n.on, Some(false), "the member's choice shows at once");
    assert!(n.pending);
    assert_eq!(n.server_on, Some(true));
    assert!(!outcome.settings.from_server);

    // Offline, the settings screen still has the truth to show.
    let view = phone.app.mail().settings().await.unwrap();
    assert!(!view.from_server);
    assert!(view.newsletter.pending);
    let sync = phone.app.mail().sync().await.unwrap();
    assert!(sync.offline);
    assert_eq!(sync.pending, 1);

    // Killed while offline, started again still offline: the change is still there.
    let phone = phone.restart();
    let view = phone.app.mail().cached_settings().unwrap();
    assert!(view.newsletter.pending);
    assert_eq!(view.newsletter.on, Some(false));
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(server.newsletter, "nothing reached the server yet");
    assert_eq!(server.api_calls, calls_before);

    // Network back: the app's start-up sync sends it.
    let phone = phone.restart_at(sandbox.program_url("wester"));
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!((outcome.applied, outcome.pending), (1, 0));
    assert!(!outcome.offline);
    assert!(!outcome.settings.newsletter.pending);
    assert_eq!(outcome.settings.newsletter.on, Some(false));
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(!server.newsletter);
    assert_eq!(server.applied_changes, 1);

    // Nothing is sent twice later.
    phone.app.mail().sync().await.unwrap();
    assert_eq!(sandbox.mail_admin(&member).unwrap().applied_changes, 1);
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_the_same_key_and_applied_once() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();
    assert!(sandbox.set_mail_faults(
        &member,
        MailFaults {
            unavailable: false,
            drop_answers: 1
        }
    ));

    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Postal, false)
        .await
        .unwrap();
    assert!(outcome.offline, "the answer never came");
    assert_eq!(outcome.pending, 1);
    assert!(outcome.settings.postal.pending);
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(!server.postal, "the server did commit it");
    assert_eq!(server.applied_changes, 1);

    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!((outcome.applied, outcome.pending), (1, 0));
    assert!(
        outcome.overridden.is_empty(),
        "its own change is no conflict"
    );
    assert_eq!(outcome.settings.postal.on, Some(false));
    let server = sandbox.mail_admin(&member).unwrap();
    assert_eq!(server.applied_changes, 1, "applied exactly once");
    assert_eq!(server.replays, 1, "the retry got the stored result");
}

#[tokio::test]
async fn a_lost_answer_then_a_kill_and_restart_still_applies_once_and_in_order() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();
    sandbox.set_mail_faults(
        &member,
        MailFaults {
            unavailable: false,
            drop_answers: 1,
        },
    );
    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    assert_eq!(outcome.pending, 1);

    // The member changes their mind while the first change is unconfirmed: it cannot be
    // edited any more (it may have been applied), so the new choice queues behind it.
    let phone = phone.restart_at(closed_port_url("wester"));
    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Newsletter, true)
        .await
        .unwrap();
    assert_eq!(outcome.pending, 2);
    assert_eq!(
        outcome.settings.newsletter.on,
        Some(true),
        "latest choice shown"
    );

    // Killed; back online.
    let phone = phone.restart_at(sandbox.program_url("wester"));
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!((outcome.applied, outcome.pending), (2, 0));
    assert!(
        outcome.overridden.is_empty(),
        "the phone's own earlier change is not a change made elsewhere: {:?}",
        outcome.overridden
    );
    assert_eq!(outcome.settings.newsletter.on, Some(true));
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(server.newsletter, "sent in order: off, then on");
    assert_eq!(server.applied_changes, 2);
    assert_eq!(server.replays, 1);
}

#[tokio::test]
async fn a_server_outage_keeps_changes_queued_until_the_next_mail_call() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();
    sandbox.set_mail_faults(
        &member,
        MailFaults {
            unavailable: true,
            drop_answers: 0,
        },
    );
    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Postal, false)
        .await
        .unwrap();
    assert!(outcome.offline);
    assert_eq!(outcome.pending, 1);
    assert!(outcome.rejected.is_empty(), "an outage is not a refusal");
    assert!(sandbox.mail_admin(&member).unwrap().postal);

    sandbox.set_mail_faults(&member, MailFaults::default());
    // Any mail call sends what waits (here: opening the settings screen).
    let view = phone.app.mail().settings().await.unwrap();
    assert!(view.from_server);
    assert_eq!(view.pending_changes, 0);
    assert_eq!(view.postal.on, Some(false));
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(!server.postal);
    assert_eq!(server.applied_changes, 1);
}

#[tokio::test]
async fn the_latest_choice_wins_over_a_value_set_elsewhere_and_the_ui_is_told() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();

    // Offline, the member switches the newsletter off and on again (one request queued).
    let phone = phone.restart_at(closed_port_url("wester"));
    phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    let outcome = phone
        .app
        .mail()
        .set(MailSetting::Newsletter, true)
        .await
        .unwrap();
    assert_eq!(
        outcome.pending, 1,
        "a change never sent takes the newer choice"
    );
    // Meanwhile, on the web, the newsletter is switched off.
    assert!(sandbox.change_mail_elsewhere(&member, Some(false), None));

    let phone = phone.restart_at(sandbox.program_url("wester"));
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!(outcome.applied, 1);
    assert_eq!(outcome.overridden.len(), 1, "{:?}", outcome.overridden);
    let o = &outcome.overridden[0];
    assert_eq!(o.setting, MailSetting::Newsletter);
    assert!(!o.replaced, "the web's value was off");
    assert!(o.on, "the member's choice, on, is in force");
    assert!(o.replaced_set_at.is_some());
    assert!(o.message_ja.contains("メルマガ配信"), "{}", o.message_ja);
    assert!(o.message_en.contains("elsewhere"), "{}", o.message_en);
    assert_eq!(outcome.settings.newsletter.on, Some(true));
    let server = sandbox.mail_admin(&member).unwrap();
    assert!(server.newsletter);
    assert_eq!(server.applied_changes, 1, "two taps, one request");
}

#[tokio::test]
async fn a_value_changed_back_and_forth_elsewhere_is_still_reported_and_unrelated_changes_are_not()
{
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let member = member_id(&phone).await;
    phone.app.mail().settings().await.unwrap();

    let phone = phone.restart_at(closed_port_url("waon"));
    phone
        .app
        .mail()
        .set(MailSetting::Postal, false)
        .await
        .unwrap();
    // Elsewhere: postal off then on again (the value the phone last saw, but set later than
    // the phone looked), and the newsletter off (a setting the phone did not touch).
    sandbox.change_mail_elsewhere(&member, None, Some(false));
    sandbox.change_mail_elsewhere(&member, Some(false), Some(true));

    let phone = phone.restart_at(sandbox.program_url("waon"));
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!(
        outcome
            .overridden
            .iter()
            .map(|o| (o.setting, o.replaced, o.on))
            .collect::<Vec<_>>(),
        [(MailSetting::Postal, true, false)]
    );
    assert_eq!(outcome.settings.postal.on, Some(false));
    assert_eq!(
        outcome.settings.newsletter.on,
        Some(false),
        "the untouched setting shows the web's value"
    );
}

#[tokio::test]
async fn changes_belong_to_the_member_who_made_them() {
    let sandbox = sandbox().await;
    let (phone, a_login, a_password) = signed_up(&sandbox, "wester").await;
    let a = member_id(&phone).await;
    let (_other, b_login, b_password) = signed_up(&sandbox, "wester").await;

    let phone = phone.restart_at(closed_port_url("wester"));
    phone
        .app
        .mail()
        .set(MailSetting::Postal, false)
        .await
        .unwrap();
    phone.app.account().log_out().await.unwrap();

    // Member B signs in on this phone: A's change is not B's to send.
    let phone = phone.restart_at(sandbox.program_url("wester"));
    phone
        .app
        .account()
        .log_in(&b_login, &b_password)
        .await
        .unwrap();
    let b = member_id(&phone).await;
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!((outcome.applied, outcome.pending), (0, 0));
    assert!(sandbox.mail_admin(&b).unwrap().postal);
    assert!(sandbox.mail_admin(&a).unwrap().postal);
    phone.app.account().log_out().await.unwrap();

    // A is back: the change was kept and goes now.
    phone
        .app
        .account()
        .log_in(&a_login, &a_password)
        .await
        .unwrap();
    let outcome = phone.app.mail().sync().await.unwrap();
    assert_eq!(outcome.applied, 1);
    assert!(!sandbox.mail_admin(&a).unwrap().postal);
}

#[tokio::test]
async fn the_e_mail_address_changes_with_a_code_from_the_mailbox() {
    let sandbox = sandbox().await;
    let (phone, old_login, password) = signed_up(&sandbox, "wester").await;
    let new = fresh_address();

    let old_mails = sandbox.mailbox(&old_login).len();
    let requested = phone.app.mail().request_email_change(&new).await.unwrap();
    assert_eq!(requested.new_email, new);
    assert_eq!(requested.attempts_left, 5);
    assert!(requested.expires_in_seconds > 0);
    assert_eq!(sandbox.mailbox(&new).len(), 1);

    // The app restarted on the code screen finds the request again.
    let phone = phone.restart();
    let pending = phone.app.mail().pending_email_change().await.unwrap();
    assert_eq!(pending.map(|p| p.new_email), Some(new.clone()));

    let code = code_from_mailbox(&sandbox, &new);
    let changed = phone.app.mail().confirm_email_change(&code).await.unwrap();
    assert_eq!(changed.email, new);
    assert_eq!(
        changed.login_id, new,
        "on wester the login ID is the address"
    );
    assert!(changed.login_id_changed);
    assert_eq!(
        phone.app.account().details().await.unwrap().email,
        Some(new.clone())
    );
    assert!(
        matches!(phone.app.start_screen().unwrap(), StartScreen::SignedIn { login_id, .. } if login_id == new),
        "the phone's session knows the new login ID"
    );
    assert_eq!(phone.app.mail().pending_email_change().await.unwrap(), None);
    assert_eq!(
        sandbox.mailbox(&old_login).len(),
        old_mails + 1,
        "the old address is told of the change"
    );

    phone.app.account().log_out().await.unwrap();
    assert_eq!(
        phone
            .app
            .account()
            .log_in(&old_login, &password)
            .await
            .map(|_| ()),
        Err(TamaruError::UnknownAccount)
    );
    phone.app.account().log_in(&new, &password).await.unwrap();
}

#[tokio::test]
async fn an_address_of_another_member_is_its_own_error_with_the_support_contacts() {
    let sandbox = sandbox().await;
    let (phone, own, _) = signed_up(&sandbox, "wester").await;
    let (_other, taken, _) = signed_up(&sandbox, "wester").await;
    let mails_before = sandbox.mailbox(&taken).len();

    let err = phone
        .app
        .mail()
        .request_email_change(&taken.to_uppercase())
        .await
        .unwrap_err();
    let TamaruError::EmailTaken { support } = &err else {
        panic!("expected EmailTaken, got {err:?}");
    };
    assert_eq!(support.phone, "0570-00-8999");
    assert_eq!(support.phone_hours, "9:00-19:00");
    assert_eq!(support, &phone.app.profile().support);
    assert_eq!(err.code(), "email_taken");
    assert!(err.message_ja().contains("0570-00-8999"));
    assert!(err.message_ja().contains("9:00-19:00"));
    assert!(err.message_en().contains(&support.form_url));
    assert_eq!(
        sandbox.mailbox(&taken).len(),
        mails_before,
        "no code to someone else"
    );

    // The same address is free in the other program (each its own member base), and waon
    // points to its own support line.
    let (waon, _, _) = signed_up(&sandbox, "waon").await;
    waon.app.mail().request_email_change(&taken).await.unwrap();
    let (_w2, waon_taken, _) = signed_up(&sandbox, "waon").await;
    let err = waon
        .app
        .mail()
        .request_email_change(&waon_taken)
        .await
        .unwrap_err();
    let TamaruError::EmailTaken { support } = err else {
        panic!("expected EmailTaken");
    };
    assert_eq!(support, waon.app.profile().support);
    assert_ne!(support.phone, "0570-00-8999");

    // The own address is not a change.
    phone.app.mail().settings().await.unwrap();
    assert_eq!(
        phone.app.mail().request_email_change(&own).await,
        Err(TamaruError::EmailUnchanged)
    );
}

#[tokio::test]
async fn a_malformed_address_is_refused_offline_with_what_is_wrong() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let member = member_id(&phone).await;
    let calls = sandbox.mail_admin(&member).unwrap().api_calls;

    for (typed, code) in [
        ("taro@@example.jp", LoginIdViolationCode::InvalidEmail),
        ("taro@example", LoginIdViolationCode::InvalidEmail),
        (
            "taro@example.jp ",
            LoginIdViolationCode::LeadingOrTrailingSpace,
        ),
        ("ｔaro@example.jp", LoginIdViolationCode::FullWidthCharacter),
        ("", LoginIdViolationCode::Empty),
    ] {
        match phone.app.mail().request_email_change(typed).await {
            Err(TamaruError::InvalidEmail { violations }) => {
                assert!(
                    violations.iter().any(|v| v.code == code),
                    "{typed:?}: {violations:?}"
                );
                assert!(violations.iter().all(|v| !v.message_ja.is_empty()));
            }
            other => panic!("{typed:?}: expected InvalidEmail, got {other:?}"),
        }
    }
    assert_eq!(
        sandbox.mail_admin(&member).unwrap().api_calls,
        calls,
        "no request was made"
    );

    // Without any network the answer is the same (not a network error).
    let phone = phone.restart_at(closed_port_url("wester"));
    let err = phone
        .app
        .mail()
        .request_email_change("taro@@example.jp")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_email");
    assert!(phone.app.mail().check_email("taro@example.jp").valid);
}

#[tokio::test]
async fn wrong_and_expired_codes_are_typed() {
    let sandbox = sandbox().await;
    // A waon member with a web ID as login ID and an address beside it.
    let phone = Phone::new(&sandbox, "waon");
    phone
        .app
        .account()
        .sign_up("taro_1234", "waon2026pass", Some("taro@example.jp"))
        .await
        .unwrap();
    let member = member_id(&phone).await;
    let new = fresh_address();
    phone.app.mail().request_email_change(&new).await.unwrap();
    let code = code_from_mailbox(&sandbox, &new);

    // Codes never start with 0, so this one is always wrong.
    assert_eq!(
        phone.app.mail().confirm_email_change("012345").await,
        Err(TamaruError::WrongEmailCode {
            attempts_left: Some(4)
        })
    );
    // Text that cannot be a code costs no attempt and no request.
    let calls = sandbox.mail_admin(&member).unwrap().api_calls;
    assert_eq!(
        phone.app.mail().confirm_email_change("12a").await,
        Err(TamaruError::WrongEmailCode {
            attempts_left: None
        })
    );
    assert_eq!(sandbox.mail_admin(&member).unwrap().api_calls, calls);

    sandbox.advance_clock(10 * 60 + 1);
    assert_eq!(
        phone.app.mail().confirm_email_change(&code).await,
        Err(TamaruError::EmailCodeExpired)
    );
    assert_ne!(
        phone.app.account().details().await.unwrap().email,
        Some(new.clone())
    );

    // A new request; five wrong codes use it up.
    phone.app.mail().request_email_change(&new).await.unwrap();
    let code = code_from_mailbox(&sandbox, &new);
    for left in (0..5).rev() {
        assert_eq!(
            phone.app.mail().confirm_email_change("011111").await,
            Err(TamaruError::WrongEmailCode {
                attempts_left: Some(left)
            })
        );
    }
    let err = phone
        .app
        .mail()
        .confirm_email_change(&code)
        .await
        .unwrap_err();
    assert_eq!(err, TamaruError::EmailCodeExpired);
    assert!(err.message_ja().contains("もう一度"));

    // Full-width digits as typed with Japanese input work.
    phone.app.mail().request_email_change(&new).await.unwrap();
    let code = code_from_mailbox(&sandbox, &new);
    let full_width: String = code
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    let changed = phone
        .app
        .mail()
        .confirm_email_change(&full_width)
        .await
        .unwrap();
    assert_eq!(changed.email, new);
    assert_eq!(changed.login_id, "taro_1234", "a web ID stays the login ID");
    assert!(!changed.login_id_changed);
}

#[tokio::test]
async fn the_delivery_checklist_differs_per_profile_and_masks_the_address() {
    let sandbox = sandbox().await;
    let wester = Phone::new(&sandbox, "wester");
    wester
        .app
        .account()
        .sign_up("hanako@example.com", "Tamaru#2026", None)
        .await
        .unwrap();
    let help = wester.app.mail().delivery_help().await.unwrap();
    assert_eq!(
        help.sender_domains,
        ["jrw-sc.jp", "jr-odekake.net", "wester"]
    );
    assert_eq!(help.masked_address.as_deref(), Some("h***@example.com"));
    assert_eq!(help.newsletter_on, Some(true));
    let checks: Vec<_> = help.items.iter().map(|i| i.check).collect();
    assert_eq!(
        checks,
        [
            DeliveryCheck::AllowSenderDomains,
            DeliveryCheck::SpamFolder,
            DeliveryCheck::RegisteredAddress,
            DeliveryCheck::Newsletter
        ]
    );
    assert!(help.items[0].text_ja.contains("「jr-odekake.net」"));
    assert!(
        help.items
            .iter()
            .all(|i| !i.text_ja.contains("hanako") && !i.text_en.contains("hanako"))
    );
    assert_eq!(help.items[3].action, None, "newsletter is on");

    // Switched off: the checklist offers to switch it on, and doing so works.
    wester
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    let help = wester.app.mail().delivery_help().await.unwrap();
    assert_eq!(help.newsletter_on, Some(false));
    assert_eq!(
        help.items[3].action,
        Some(DeliveryAction::SwitchNewsletterOn)
    );
    wester
        .app
        .mail()
        .set(MailSetting::Newsletter, true)
        .await
        .unwrap();
    assert_eq!(
        wester
            .app
            .mail()
            .delivery_help()
            .await
            .unwrap()
            .newsletter_on,
        Some(true)
    );

    // Offline, the checklist still comes, from what the phone knows.
    let wester = wester.restart_at(closed_port_url("wester"));
    let help = wester.app.mail().delivery_help().await.unwrap();
    assert_eq!(help.masked_address.as_deref(), Some("h***@example.com"));

    let waon = Phone::new(&sandbox, "waon");
    waon.app
        .account()
        .sign_up("taro_1234", "waon2026pass", Some("taro@example.jp"))
        .await
        .unwrap();
    let help = waon.app.mail().delivery_help().await.unwrap();
    assert_eq!(help.sender_domains, ["aeon.co.jp"]);
    assert_eq!(help.masked_address.as_deref(), Some("t***@example.jp"));
    assert!(!help.items[0].text_ja.contains("jrw-sc.jp"));

    // Signed out (a sign-up or reset mail may be the one missing): the general checklist.
    waon.app.account().log_out().await.unwrap();
    let help = waon.app.mail().delivery_help().await.unwrap();
    assert_eq!(help.masked_address, None);
    assert_eq!(help.sender_domains, ["aeon.co.jp"]);
}
