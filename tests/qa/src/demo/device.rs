//! Demo section: moving to a new phone (SPEC §3): nothing needed on the old one.

use tamaru_core::error::TamaruError;
use tamaru_sandbox::Sandbox;

use super::phone::new_phone;
use super::{heading, step};

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Changing phones / 機種変更",
        "「すでにアカウントをお持ちの方(機種変更された方もこちら)」",
    );
    let old = new_phone(sandbox, "waon")?;
    let login_id = "hanako_waon";
    let password = "waon2026pass";
    let before = old
        .app
        .account()
        .sign_up(login_id, password, Some("hanako@example.jp"))
        .await?;
    step(
        "old phone: member / 旧端末",
        suffix_line(&before.member_id, before.device_number.as_deref()),
    );

    let new = new_phone(sandbox, "waon")?;
    step(
        "new phone, first screen / 新端末の最初の画面",
        format!("{:?}", new.app.start_screen()?),
    );
    let after = new.app.account().log_in(login_id, password).await?;
    step(
        "new phone: log in / 新端末でログイン",
        suffix_line(&after.member_id, after.device_number.as_deref()),
    );
    step(
        "restored / 引き継ぎ",
        format!("e-mail {}", after.email.as_deref().unwrap_or("-")),
    );
    Ok(())
}

fn suffix_line(member_id: &str, device_number: Option<&str>) -> String {
    let suffix = device_number
        .map(|d| &d[d.len().saturating_sub(4)..])
        .unwrap_or("-");
    format!("member {member_id} · install suffix / 端末下4桁 {suffix}")
}
