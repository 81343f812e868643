//! The points screen driven headless against the sandbox: the balance and what expires soon
//! worded, the history with its kinds, dates and signs, kind and date filters, paging, and
//! "as of" the last sync when the server cannot be reached.

mod screens_common;

use chrono::NaiveDate;
use screens_common::{PASSWORD, install_at, new_login_id};
use tamaru_core::points::{HistoryQuery, PointEntryKind};
use tamaru_core::screens::{Language, PointsScreen};
use tamaru_scenarios::{Phone, closed_port_url, sandbox};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A wester member on 2026-03-10 (noon in Japan) with points from two fiscal years, one use
/// and 22 small awards in February: 25 history entries.
async fn member_with_history(
    sandbox: &tamaru_sandbox::Sandbox,
    language: Language,
) -> (Phone, String) {
    let today = d("2026-03-10");
    sandbox.points().set_today(today);
    let noon = today.and_hms_opt(3, 0, 0).unwrap().and_utc();
    let phone = install_at(sandbox, "wester", language, noon);
    let login_id = new_login_id();
    phone
        .app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    let admin = sandbox.points();
    admin
        .award(
            "wester",
            &login_id,
            200,
            d("2024-06-01"),
            "Osaka Station City",
            "",
        )
        .unwrap();
    admin
        .award("wester", &login_id, 500, d("2025-05-01"), "Kyoto Porta", "")
        .unwrap();
    for day in 1..=22 {
        let date = d(&format!("2026-02-{day:02}"));
        admin
            .award("wester", &login_id, 10, date, "Sannomiya", "")
            .unwrap();
    }
    // Using points needs the external member ID linked (SPEC §2.4).
    assert!(sandbox.set_external_link("wester", &login_id, true));
    admin
        .spend("wester", &login_id, 100, d("2026-03-01"), "Tennoji Mio")
        .unwrap();
    (phone, login_id)
}

#[tokio::test]
async fn balance_expiry_and_history_are_worded_for_the_member() {
    let sandbox = sandbox().await;
    let (phone, _) = member_with_history(&sandbox, Language::Ja).await;

    let screen = PointsScreen::open(&phone.app);
    let before = screen.state();
    assert!(
        before.balance.is_none(),
        "nothing synced on this install yet"
    );
    assert!(before.not_loaded.is_some());
    assert!(
        before.history_empty.is_none(),
        "no 'no history' before loading"
    );

    let state = screen.refresh().await;
    assert_eq!(state.error, None);
    let balance = phone.app.points().balance().unwrap();
    assert_eq!(balance.total, 200 + 500 + 220 - 100);
    assert_eq!(state.balance.as_deref(), Some("820 pt"));
    assert_eq!(state.balance_label, "保有ポイント");
    assert!(state.not_loaded.is_none());
    // FY2024's points end on 31 March 2026, within 30 days of 10 March.
    assert!(balance.expiring_soon > 0);
    assert_eq!(
        state.expiring_soon.as_deref(),
        Some(format!("30日以内に失効するポイント {} pt", balance.expiring_soon).as_str())
    );
    assert_eq!(
        state.next_expiry.as_deref(),
        Some(format!("2026年3月31日に {} pt が失効します", balance.expiring_soon).as_str())
    );
    assert_eq!(state.breakdown.len(), balance.breakdown.len());
    assert!(state.breakdown[0].expiring_soon);
    assert_eq!(state.breakdown[0].until, "2026年3月31日まで有効");
    assert!(state.updated.as_deref().unwrap().ends_with(" 更新"));
    assert!(state.as_of.is_none(), "online: no 'as of'");

    // Newest first: the use, then February's awards.
    assert_eq!(state.history.len(), 20, "one page");
    let used = &state.history[0];
    assert_eq!(used.kind, PointEntryKind::Use);
    assert_eq!(used.kind_label, "利用");
    assert_eq!(used.points, "-100 pt");
    assert!(!used.credit);
    assert_eq!(used.date, "2026年3月1日");
    assert_eq!(used.store.as_deref(), Some("Tennoji Mio"));
    let earned = &state.history[1];
    assert_eq!(earned.kind_label, "獲得");
    assert_eq!(earned.points, "+10 pt");
    assert!(earned.credit);
    assert_eq!(earned.date, "2026年2月22日");
    assert!(state.load_more.enabled);
    assert!(!state.clear_filters.enabled);

    let all = screen.load_more();
    assert_eq!(all.history.len(), 25);
    assert!(!all.load_more.enabled, "the last page");
    assert_eq!(all.history[24].points, "+200 pt");
    let ids: Vec<i64> = all.history.iter().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no row twice across pages");
    // The same rows as the points capability's own pages.
    let first = phone
        .app
        .points()
        .history(&HistoryQuery {
            limit: 25,
            ..HistoryQuery::default()
        })
        .unwrap();
    assert_eq!(first.entries.iter().map(|e| e.id).collect::<Vec<_>>(), ids);
}

#[tokio::test]
async fn kind_and_date_filters_narrow_the_history() {
    let sandbox = sandbox().await;
    let (phone, _) = member_with_history(&sandbox, Language::En).await;
    let screen = PointsScreen::open(&phone.app);
    screen.refresh().await;

    let uses = screen.toggle_kind(PointEntryKind::Use);
    assert_eq!(uses.history.len(), 1);
    assert_eq!(uses.history[0].kind_label, "Used");
    let chosen: Vec<&str> = uses
        .kinds
        .iter()
        .filter(|k| k.chosen)
        .map(|k| k.id.as_str())
        .collect();
    assert_eq!(chosen, ["use"]);
    assert!(uses.clear_filters.enabled);
    let expiries = screen.toggle_kind(PointEntryKind::Use);
    assert_eq!(expiries.history.len(), 20, "toggled off: every kind again");

    let february = screen.set_dates(Some("2026-02-10".into()), Some("2026-02-19".into()));
    assert_eq!(february.history.len(), 10);
    assert_eq!(february.from.text, "10 Feb 2026");
    assert_eq!(february.from.value.as_deref(), Some("2026-02-10"));
    assert_eq!(february.to.text, "19 Feb 2026");
    assert!(!february.load_more.enabled);
    assert_eq!(february.history[0].date, "19 Feb 2026");

    let nothing = screen.toggle_kind(PointEntryKind::Expire);
    assert!(nothing.history.is_empty());
    assert_eq!(
        nothing.history_empty.as_deref(),
        Some("No history matches these filters.")
    );

    let backwards = screen.set_dates(Some("2026-03-01".into()), Some("2026-02-01".into()));
    assert!(backwards.filter_problem.is_some());
    assert!(backwards.history.is_empty());

    let cleared = screen.clear_filters();
    assert!(cleared.filter_problem.is_none());
    assert_eq!(cleared.history.len(), 20);
    assert_eq!(cleared.from.text, "Any");
    assert!(!cleared.clear_filters.enabled);
}

#[tokio::test]
async fn offline_the_points_show_as_of_the_last_sync() {
    let sandbox = sandbox().await;
    let (phone, _) = member_with_history(&sandbox, Language::En).await;
    let synced = PointsScreen::open(&phone.app).refresh().await;
    let updated = synced.updated.unwrap();

    let offline = phone.restart_at(closed_port_url("wester"));
    let screen = PointsScreen::open(&offline.app);
    assert_eq!(
        screen.state().balance.as_deref(),
        Some("820 pt"),
        "from the cache"
    );
    let state = screen.refresh().await;
    assert_eq!(state.error.unwrap().code, "network");
    assert_eq!(state.navigate, None);
    assert_eq!(state.balance.as_deref(), Some("820 pt"));
    assert_eq!(state.history.len(), 20);
    let when = updated.trim_start_matches("Updated ");
    assert_eq!(
        state.as_of.as_deref(),
        Some(format!("Offline: showing your points as of {when}").as_str())
    );
}
