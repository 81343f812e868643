//! Demo section: login rules (a rejected password with its reasons, a lockout, a password
//! change and a reset by mail).

use tamaru_core::error::TamaruError;
use tamaru_sandbox::Sandbox;

use super::account::describe;
use super::phone::new_phone;
use super::{heading, step};

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Login rules / ログインのルール (wester)",
        "password policy, lockout, change, reset",
    );
    let phone = new_phone(sandbox, "wester")?;

    for candidate in [" tamaru2026", "Ｔａｍａｒｕ＃２０２６", "Tamaru2026"] {
        let check = phone.app.account().check_password(candidate);
        step(
            &format!("password {candidate:?} / パスワード"),
            if check.valid {
                "ok".to_owned()
            } else {
                format!("rejected / 不可 ({} reasons / 件)", check.violations.len())
            },
        );
        for v in &check.violations {
            println!("        ✗ {:<26} {}", v.code.as_str(), v.message_ja);
        }
    }

    let login_id = "taro@example.jp";
    let password = "Tamaru#2026";
    phone
        .app
        .account()
        .sign_up(login_id, password, None)
        .await?;
    phone.app.account().log_out().await?;
    step("sign up, log out / 登録・ログアウト", login_id);

    for attempt in 1..=5 {
        let result = phone.app.account().log_in(login_id, "Tamaru#2025").await;
        step(
            &format!("wrong password, attempt {attempt} / 誤ったパスワード {attempt}回目"),
            describe(result.map(|_| ())),
        );
    }
    let locked = phone.app.account().log_in(login_id, password).await;
    step(
        "right password while locked / ロック中の正しいパスワード",
        describe(locked.map(|_| ())),
    );
    sandbox.advance_clock(15 * 60 + 1);
    phone.app.account().log_in(login_id, password).await?;
    step("15 minutes later / 15分後", "logged in / ログインしました");

    let weak = phone
        .app
        .account()
        .change_password(password, "tamaru")
        .await;
    step("change to \"tamaru\" / パスワード変更", describe(weak));
    phone
        .app
        .account()
        .change_password(password, "Tamaru#2027")
        .await?;
    step(
        "change to a policy-conforming password / 条件を満たすパスワードに変更",
        "ok",
    );

    phone.app.account().request_password_reset(login_id).await?;
    let mail = sandbox
        .mailbox(login_id)
        .pop()
        .map(|m| m.subject)
        .unwrap_or_default();
    step(
        "forgot password: code sent by mail / 再設定コードをメール送信",
        format!("mailbox: {mail}"),
    );
    Ok(())
}
