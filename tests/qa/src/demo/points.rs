//! Demo section: points (SPEC §5). A `wester` member earns and spends points over two fiscal
//! years, sees what expires when, uses points in the app (after linking the external ID), and
//! watches points expire; the history shows offline. Then `waon` family sharing.
//!
//! It stages its timeline on fixed Japan dates by moving the embedded sandbox's clock (and the
//! demo phone's own clock), so it runs after the other sections.

use chrono::NaiveDate;
use tamaru_core::error::TamaruError;
use tamaru_core::points::{HistoryQuery, PointBalance, PointEntry, PointEntryKind};
use tamaru_sandbox::Sandbox;

use super::account::describe;
use super::phone::{Phone, install, offline_url};
use super::{heading, step};

const PASSWORD: &str = "Tamaru#2026";

/// A demo phone on a clock the demo moves, set to noon (Japan time) of `today`.
fn new_phone(url: &str, program: &str, today: NaiveDate) -> Result<Phone, TamaruError> {
    Phone::start(install(url, program)?.with_manual_clock(noon(today)))
}

fn noon(date: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    date.and_hms_opt(3, 0, 0).unwrap_or_default().and_utc()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

/// Both clocks to noon (Japan time) of `day`.
fn set_day(sandbox: &Sandbox, phone: &Phone, day: &str) {
    sandbox.points().set_today(date(day));
    phone.clock().set(noon(date(day)));
}

fn server(e: String) -> TamaruError {
    TamaruError::Server {
        status: 500,
        code: "sandbox".into(),
        reason: e,
    }
}

fn show_balance(b: &PointBalance) -> String {
    let buckets: Vec<String> = b
        .breakdown
        .iter()
        .map(|x| {
            format!(
                "{} pt valid to {} ({} days{})",
                x.points,
                x.expires,
                x.days_left,
                if x.expiring_soon {
                    ", soon / まもなく失効"
                } else {
                    ""
                }
            )
        })
        .collect();
    format!(
        "{} pt on {} · expiring within {} days: {} pt · [{}] · synced {}",
        b.total,
        b.as_of,
        b.expiring_soon_days,
        b.expiring_soon,
        buckets.join("; "),
        b.last_synced
    )
}

fn show_entries(entries: &[PointEntry]) -> String {
    entries
        .iter()
        .map(|e| {
            format!(
                "\n        {} {:>6} {:<8} {}{}",
                e.date,
                format!("{:+}", e.points),
                e.kind.as_str(),
                e.text,
                e.store
                    .as_deref()
                    .map(|s| format!(" @ {s}"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Points / ポイント (wester)",
        "earn, use, expiry by fiscal year, history offline / 獲得・利用・年度末失効・履歴",
    );
    let admin = sandbox.points();
    let url = sandbox.program_url("wester");
    let login = "points-demo@example.jp";
    sandbox.points().set_today(date("2024-05-10"));
    let phone = new_phone(&url, "wester", date("2024-05-10"))?;
    phone.app.account().sign_up(login, PASSWORD, None).await?;
    let award = |points: i64, day: &str, store: &str| {
        admin.set_today(date(day));
        admin
            .award("wester", login, points, date(day), store, "お買い物")
            .map_err(server)
    };
    award(800, "2024-05-10", "ルクア大阪")?;
    award(300, "2024-11-03", "京都ポルタ")?;
    award(1200, "2025-06-20", "ミント神戸")?;
    admin.set_today(date("2025-08-01"));
    step(
        "a till tries to take 500 pt before the WESTER ID is linked / 未連携で利用",
        match admin.spend("wester", login, 500, date("2025-08-01"), "天王寺ミオ") {
            Ok(_) => "taken".to_owned(),
            Err(e) => format!("refused: {e}"),
        },
    );
    admin.link("wester", login, true).map_err(server)?;
    admin
        .spend("wester", login, 500, date("2025-08-01"), "天王寺ミオ")
        .map_err(server)?;
    step(
        "awarded 800 (2024-05-10), 300 (2024-11-03), 1200 (2025-06-20); linked; used 500 at a till (2025-08-01)",
        "the use takes the points that expire first (fiscal 2024's, valid to 2026-03-31)",
    );

    set_day(sandbox, &phone, "2026-03-10");
    phone.app.account().log_in(login, PASSWORD).await?;
    let report = phone.app.points().refresh().await?;
    step(
        "2026-03-10: open the app, first sync / 初回同期",
        format!(
            "{} entries in {} request(s)",
            report.new_entries, report.requests
        ),
    );
    step(
        "balance / 残高",
        show_balance(&phone.app.points().balance()?),
    );
    let used = phone.app.points().use_points(100, "商品券と交換").await?;
    step(
        "use 100 pt in the app / アプリでポイント利用",
        format!(
            "{:+} pt; balance {} pt",
            used.points,
            phone.app.points().balance()?.total
        ),
    );
    let again = phone.app.points().refresh().await?;
    step(
        "refresh with nothing new / 変更なしの更新",
        format!(
            "changed: {}, {} request, {} new entries",
            again.changed, again.requests, again.new_entries
        ),
    );

    set_day(sandbox, &phone, "2026-04-02");
    phone.app.account().log_in(login, PASSWORD).await?;
    phone.app.points().refresh().await?;
    step(
        "2026-04-02: fiscal 2024's points have expired / 有効期限切れ",
        show_balance(&phone.app.points().balance()?),
    );
    let page = phone.app.points().history(&HistoryQuery {
        limit: 10,
        ..HistoryQuery::default()
    })?;
    step(
        "history, newest first / ポイント履歴",
        show_entries(&page.entries),
    );
    let uses = phone.app.points().history(&HistoryQuery {
        kinds: vec![PointEntryKind::Use, PointEntryKind::Expire],
        from: Some("2025-01-01".into()),
        to: None,
        cursor: None,
        limit: 10,
    })?;
    step(
        "only uses and expiry since 2025 / 利用・失効のみ",
        show_entries(&uses.entries),
    );

    // The same install with the server out of reach: the cache still shows everything.
    phone.clock().set(noon(date("2026-04-03")));
    let offline = phone.install().clone().at(offline_url("wester")).start()?;
    step(
        "next day, no network: refresh / 圏外で更新",
        describe(offline.points().refresh().await.map(|_| ())),
    );
    step(
        "no network: balance from the cache / 圏外でも残高表示",
        show_balance(&offline.points().balance()?),
    );
    drop(offline);

    family(sandbox).await
}

async fn family(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Family sharing / 家族でシェア (waon)",
        "up to 15 IDs; square-member IDs may create a group but not join one",
    );
    let url = sandbox.program_url("waon");
    let today = sandbox.points().today();
    let parent = new_phone(&url, "waon", today)?;
    let child = new_phone(&url, "waon", today)?;
    parent.clock().set(noon(today));
    child.clock().set(noon(today));
    parent
        .app
        .account()
        .sign_up("family-parent@example.jp", PASSWORD, None)
        .await?;
    child
        .app
        .account()
        .sign_up("family_child1", "waon2026pass", Some("child@example.jp"))
        .await?;
    sandbox
        .points()
        .award(
            "waon",
            "family-parent@example.jp",
            1000,
            today,
            "イオン",
            "",
        )
        .map_err(server)?;
    let group = parent.app.points().create_family().await?;
    let code = group
        .group
        .as_ref()
        .map(|g| g.invite_code.clone())
        .unwrap_or_default();
    step(
        "create a family group / 家族グループ作成",
        format!("invite code {code}"),
    );
    let joined = child.app.points().join_family_by_code(&code).await?;
    step(
        "the child joins with the code / 招待コードで参加",
        format!(
            "{} member(s) of at most {}",
            joined.group.as_ref().map_or(0, |g| g.members.len()),
            joined.group.as_ref().map_or(0, |g| g.max_members)
        ),
    );
    let child_id = child.app.account().details().await?.member_id;
    parent.app.points().send_points(&child_id, 300).await?;
    child.app.points().refresh().await?;
    step(
        "send 300 pt to the child / ポイントを送る",
        format!(
            "parent {} pt, child {} pt",
            parent.app.points().balance()?.total,
            child.app.points().balance()?.total
        ),
    );
    let square = new_phone(&url, "waon", today)?;
    square
        .app
        .account()
        .sign_up("square_member1", "waon2026pass", Some("sq@example.jp"))
        .await?;
    sandbox
        .points()
        .set_login_kind("waon", "square_member1", "square_member")
        .map_err(server)?;
    step(
        "a square-member ID tries to join / スクエアメンバーIDで参加",
        describe(
            square
                .app
                .points()
                .join_family_by_code(&code)
                .await
                .map(|_| ()),
        ),
    );
    step(
        "the square-member ID creates its own group / グループ作成",
        describe(square.app.points().create_family().await.map(|_| ())),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use tamaru_sandbox::SandboxConfig;

    #[tokio::test(flavor = "multi_thread")]
    async fn the_points_section_runs_through() {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        super::run(&sandbox).await.expect("the points demo runs");
        // The timeline it staged is on the server: fiscal 2024's points expired on 2026-04-01.
        let ledger = sandbox
            .points()
            .ledger("wester", "points-demo@example.jp")
            .expect("ledger");
        assert!(
            ledger
                .entries
                .iter()
                .any(|e| e.kind == "expire" && e.date == "2026-04-01" && e.points == -500)
        );
        assert_eq!(ledger.balance.total, 1200);
    }

    use super::Sandbox;
}
