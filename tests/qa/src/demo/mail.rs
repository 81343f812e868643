//! Demo section: mail settings (SPEC §6). The newsletter is switched off without network
//! (queued on the phone), the app is restarted with the network back and the change is sent
//! once; then the e-mail address is changed with the code from the sandbox's mailbox, an
//! address of another member is refused with the support contacts, and the "mail does not
//! arrive" checklist is shown.
//!
//! The phone's network is simulated the way the scenario tests do it: "offline" is the same
//! install (data directory and secure store) started with its member API at a closed
//! loopback port; "back online" is the app started again at the sandbox's URL.

use tamaru_core::error::TamaruError;
use tamaru_core::mail::{MailSetting, MailSettingsView, MailSyncOutcome};
use tamaru_sandbox::Sandbox;

use super::account::describe;
use super::phone::{install, offline_url};
use super::{heading, step};

fn on_off(on: Option<bool>) -> &'static str {
    match on {
        Some(true) => "on / 受け取る",
        Some(false) => "off / 受け取らない",
        None => "unknown / 未取得",
    }
}

fn show(view: &MailSettingsView) -> String {
    let pending = |p: bool| if p { " (pending / 送信待ち)" } else { "" };
    format!(
        "newsletter {}{} · postal {}{} · last synced {}",
        on_off(view.newsletter.on),
        pending(view.newsletter.pending),
        on_off(view.postal.on),
        pending(view.postal.pending),
        view.last_synced_at.as_deref().unwrap_or("never"),
    )
}

fn show_outcome(o: &MailSyncOutcome) -> String {
    format!(
        "applied {} · pending {} · offline {} · {}",
        o.applied,
        o.pending,
        o.offline,
        show(&o.settings)
    )
}

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Mail settings / メルマガ・郵便物設定 (wester)",
        "offline change, e-mail change, mail that does not arrive / オフライン変更・メールアドレス変更・メールが届かない場合",
    );
    let online = sandbox.program_url("wester");
    let phone = install(&online, "wester")?;
    let app = phone.start()?;
    let account = app
        .account()
        .sign_up("mail-demo@example.jp", "Tamaru#2026", None)
        .await?;
    step(
        "open the mail settings / 設定を開く",
        show(&app.mail().settings().await?),
    );
    drop(app);

    // Offline: the change is kept on the phone.
    let app = phone.clone().at(offline_url("wester")).start()?;
    let outcome = app.mail().set(MailSetting::Newsletter, false).await?;
    step(
        "no network: switch the newsletter off / 圏外でメルマガを停止",
        show_outcome(&outcome),
    );
    let server = sandbox.mail_admin(&account.member_id);
    step(
        "the server still has / サーバーの値",
        format!(
            "newsletter {}",
            on_off(server.as_ref().map(|s| s.newsletter))
        ),
    );
    drop(app);

    // The app starts again with the network back and syncs.
    let app = phone.start()?;
    step(
        "app restarted, still queued / 再起動後も送信待ち",
        show(&app.mail().cached_settings()?),
    );
    let outcome = app.mail().sync().await?;
    step(
        "network back: sync / 通信回復で送信",
        show_outcome(&outcome),
    );
    if let Some(server) = sandbox.mail_admin(&account.member_id) {
        step(
            "the server now has / サーバーの値",
            format!(
                "newsletter {} · applied {} time(s)",
                on_off(Some(server.newsletter)),
                server.applied_changes
            ),
        );
    }

    // The e-mail address.
    let new = "mail-demo-new@example.jp";
    let requested = app.mail().request_email_change(new).await?;
    step(
        &format!("change the address to {new} / メールアドレス変更"),
        format!(
            "code sent to {} (valid until {})",
            requested.new_email, requested.expires_at
        ),
    );
    let mails = sandbox.mailbox(new);
    let code: String = mails
        .last()
        .and_then(|m| m.body.split("確認コード: ").nth(1))
        .map(|rest| rest.chars().take(6).collect())
        .unwrap_or_default();
    step("the mailbox of the new address / 受信箱", &code);
    step(
        "a wrong code / 誤ったコード",
        describe(app.mail().confirm_email_change("012345").await.map(|_| ())),
    );
    let changed = app.mail().confirm_email_change(&code).await?;
    step(
        "confirm the code / コードを確認",
        format!(
            "address {} · log in with {} from now on",
            changed.email, changed.login_id
        ),
    );

    let other = install(&online, "wester")?;
    let other_app = other.start()?;
    other_app
        .account()
        .sign_up("someone-else@example.jp", "Tamaru#2026", None)
        .await?;
    step(
        "an address another member uses / 他の会員のアドレス",
        describe(
            app.mail()
                .request_email_change("someone-else@example.jp")
                .await
                .map(|_| ()),
        ),
    );
    step(
        "a malformed address (checked offline) / 形式の誤り",
        describe(
            app.mail()
                .request_email_change("taro@@example.jp")
                .await
                .map(|_| ()),
        ),
    );

    // Mail does not arrive.
    app.mail().set(MailSetting::Newsletter, false).await?;
    let help = app.mail().delivery_help().await?;
    step(
        "mail does not arrive / メールが届かない場合",
        format!(
            "address {} · domains {}",
            help.masked_address.as_deref().unwrap_or("-"),
            help.sender_domains.join(", ")
        ),
    );
    for (i, item) in help.items.iter().enumerate() {
        let action = item.action.map(|a| format!(" [{a:?}]")).unwrap_or_default();
        println!(
            "      {}. {}{action}\n         {}",
            i + 1,
            item.text_ja,
            item.text_en
        );
    }
    app.mail().set(MailSetting::Newsletter, true).await?;
    Ok(())
}
