//! The mail settings, e-mail change and "mail does not arrive" screens driven headless
//! against the sandbox: switches that work offline and say so, the address change with a
//! code from the mailbox, an address another member holds, and the delivery checklist with
//! its actions.

mod screens_common;

use screens_common::{PASSWORD, install, new_login_id};
use tamaru_core::mail::{DeliveryAction, MailSetting};
use tamaru_core::screens::{
    DeliveryHelpScreen, Destination, EmailChangeScreen, Language, MailSettingsScreen,
};
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::{Phone, closed_port_url, sandbox};

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

fn code_from_mailbox(sandbox: &Sandbox, address: &str) -> String {
    let mails = sandbox.mailbox(address);
    let body = &mails.last().expect("a mail was sent").body;
    let at = body.find("確認コード: ").expect("a code in the mail") + "確認コード: ".len();
    body[at..].chars().take(6).collect()
}

#[tokio::test]
async fn mail_switches_work_offline_and_say_what_waits() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "wester", Language::Ja).await;
    let screen = MailSettingsScreen::open(&phone.app);
    assert_eq!(screen.state().title, "メール配信設定");
    let fresh = screen.refresh().await;
    assert_eq!(fresh.error, None);
    assert_eq!(fresh.switches.len(), 2);
    assert_eq!(fresh.switches[0].setting, MailSetting::Newsletter);
    assert_eq!(fresh.switches[0].label, MailSetting::Newsletter.label_ja());
    assert!(
        fresh
            .switches
            .iter()
            .all(|s| s.on.is_some() && s.status.is_none())
    );
    assert!(fresh.synced.as_deref().unwrap().ends_with(" 更新"));
    assert!(fresh.postal_note.contains("郵送"));

    let off = screen.set(MailSetting::Newsletter, false).await;
    assert_eq!(off.switches[0].on, Some(false));
    assert!(off.notices.is_empty(), "{:?}", off.notices);

    let offline = phone.restart_at(closed_port_url("wester"));
    let screen = MailSettingsScreen::open(&offline.app);
    let queued = screen.set(MailSetting::Postal, false).await;
    assert_eq!(queued.error, None, "a queued change is not a failure");
    assert_eq!(
        queued.switches[1].on,
        Some(false),
        "the member's choice shows"
    );
    assert_eq!(
        queued.switches[1].status.as_deref(),
        Some("送信待ち（通信できるようになると反映されます）")
    );
    assert!(queued.notices.iter().any(|n| n.contains("通信できない")));

    let online = offline.restart_at(sandbox.program_url("wester"));
    let screen = MailSettingsScreen::open(&online.app);
    let sent = screen.refresh().await;
    assert_eq!(sent.switches[1].on, Some(false));
    assert_eq!(sent.switches[1].status, None, "sent once back online");
    assert!(sent.notices.is_empty());
    assert_eq!(
        screen.open_delivery_help().navigate,
        Some(Destination::DeliveryHelp)
    );
}

#[tokio::test]
async fn the_address_changes_with_the_code_from_the_mailbox() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "wester", Language::En).await;
    let screen = EmailChangeScreen::open(&phone.app);
    let start = screen.state();
    assert_eq!(start.email.label, "New e-mail address");
    assert!(!start.request.enabled);
    assert!(start.code.is_none() && start.confirm.is_none());

    let typo = screen.set_email("member@@example.jp");
    assert!(!typo.email.problems.is_empty());
    assert!(!typo.request.enabled);
    let new = new_login_id();
    assert!(screen.set_email(&new).request.enabled);
    let sent = screen.request().await;
    assert_eq!(sent.error, None);
    let said = sent.sent.unwrap();
    assert!(
        said.starts_with(&format!("A code was sent to {new} (valid until ")),
        "{said}"
    );
    assert_eq!(sent.code.unwrap().label, "Code (6 digits)");
    assert!(!sent.confirm.as_ref().unwrap().enabled, "no code typed yet");
    assert_eq!(sent.request.label, "Send a new code");

    // The app restarted on this screen finds the request again.
    let again = EmailChangeScreen::open(&phone.app);
    assert_eq!(again.resume().await.email.value, new);

    screen.set_code("000000");
    let wrong = screen.confirm().await;
    assert_eq!(wrong.error.unwrap().code, "wrong_email_code");
    assert_eq!(wrong.navigate, None);

    let code = code_from_mailbox(&sandbox, &new);
    let wide: String = code
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    screen.set_code(&wide);
    let done = screen.confirm().await;
    assert_eq!(done.error, None);
    assert_eq!(done.navigate, Some(Destination::MailSettings));
    assert_eq!(
        done.done.as_deref(),
        Some(format!("Your e-mail address is now {new}; log in with it from now on.").as_str())
    );
    assert_eq!(phone.app.account().details().await.unwrap().login_id, new);
}

#[tokio::test]
async fn an_address_another_member_holds_points_to_support() {
    let sandbox = sandbox().await;
    let (_, taken) = member(&sandbox, "wester", Language::Ja).await;
    let (phone, _) = member(&sandbox, "wester", Language::Ja).await;
    let screen = EmailChangeScreen::open(&phone.app);
    screen.set_email(&taken);
    let refused = screen.request().await;
    let error = refused.error.unwrap();
    assert_eq!(error.code, "email_taken");
    assert!(error.text.contains("0570-00-8999"), "{}", error.text);
    assert!(refused.code.is_none(), "no code was sent");
}

#[tokio::test]
async fn the_delivery_help_lists_what_to_check_and_switches_the_newsletter_on() {
    let sandbox = sandbox().await;
    let (phone, _) = member(&sandbox, "wester", Language::En).await;
    phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .unwrap();
    let screen = DeliveryHelpScreen::open(&phone.app);
    assert!(screen.state().items.is_empty(), "nothing before loading");
    let help = screen.load().await;
    assert_eq!(help.title, "Mail does not arrive");
    assert_eq!(
        help.sender_domains,
        ["jrw-sc.jp", "jr-odekake.net", "wester"]
    );
    assert_eq!(help.items.len(), 4);
    assert!(help.items[0].text.contains("jrw-sc.jp"));
    let newsletter = help.items.last().unwrap();
    assert!(newsletter.needs_attention);
    assert_eq!(newsletter.action, Some(DeliveryAction::SwitchNewsletterOn));
    assert_eq!(
        newsletter.action_button.as_ref().unwrap().label,
        "Switch the newsletter on"
    );
    let address = &help.items[2];
    assert_eq!(address.action, Some(DeliveryAction::ChangeEmail));

    let on = screen.act(DeliveryAction::SwitchNewsletterOn).await;
    let newsletter = on.items.last().unwrap();
    assert!(!newsletter.needs_attention);
    assert_eq!(newsletter.action, None);
    assert_eq!(newsletter.text, "The newsletter is switched on.");
    assert_eq!(
        screen.act(DeliveryAction::ChangeEmail).await.navigate,
        Some(Destination::EmailChange)
    );
}
