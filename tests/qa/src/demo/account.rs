//! Demo section: the account (sign-up, log-in, log-out, typed errors).

use tamaru_core::error::TamaruError;
use tamaru_sandbox::Sandbox;

use super::phone::new_phone;
use super::{heading, step};

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Account / アカウント (wester)",
        "sign-up, log-in, log-out / 会員登録・ログイン・ログアウト",
    );
    let phone = new_phone(sandbox, "wester")?;
    let login_id = "hanako@example.jp";
    let password = "Tamaru#2026";

    step(
        "first screen / 最初の画面",
        format!("{:?}", phone.app.start_screen()?),
    );
    let account = phone
        .app
        .account()
        .sign_up(login_id, password, None)
        .await?;
    step(
        &format!("sign up as {login_id} / 会員登録"),
        format!(
            "member {} (device {})",
            account.member_id,
            account.device_number.as_deref().unwrap_or("-")
        ),
    );
    step(
        "first screen / 最初の画面",
        format!("{:?}", phone.app.start_screen()?),
    );

    phone.app.account().log_out().await?;
    step(
        "log out / ログアウト",
        format!("signed in: {}", phone.app.is_signed_in()?),
    );

    let wrong = phone.app.account().log_in(login_id, "Tamaru#2025").await;
    step(
        "log in with a wrong password / 誤ったパスワード",
        describe(wrong.map(|_| ())),
    );

    let unknown = phone
        .app
        .account()
        .log_in("nobody@example.jp", password)
        .await;
    step(
        "log in to an unknown account / 未登録のID",
        describe(unknown.map(|_| ())),
    );

    let account = phone.app.account().log_in(login_id, password).await?;
    step(
        "log in / ログイン",
        format!(
            "member {} · external ID {:?}",
            account.member_id, account.external_id
        ),
    );
    phone.app.account().log_out().await?;
    step(
        "log out / ログアウト",
        format!("signed in: {}", phone.app.is_signed_in()?),
    );
    Ok(())
}

/// An outcome as the member would read it: the core's own texts, and the typed code.
pub fn describe(result: Result<(), TamaruError>) -> String {
    match result {
        Ok(()) => "ok".to_owned(),
        Err(e) => format!("[{}] {} / {}", e.code(), e.message_ja(), e.message_en()),
    }
}
