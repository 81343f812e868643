//! Points against the real sandbox (SPEC §5): the app's cache equals the server's ledger after
//! mixed earn/use/expire/adjust/transfer/merge timelines; the sandbox's expiry agrees with the
//! core's rules; the cache shows offline, refreshes incrementally and survives an interrupted
//! sync; using points needs a linked `wester` account; family limits and the square-member rule.
//!
//! Each test stages a timeline on known Japan dates: the sandbox's clock and the phone's
//! injected clock are both set to noon (Japan time) of the day.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tamaru_core::app::MemberApp;
use tamaru_core::clock::ManualClock;
use tamaru_core::error::TamaruError;
use tamaru_core::points::expiry::{expiry_for, parse_date};
use tamaru_core::points::{HistoryQuery, PointEntry, PointEntryKind};
use tamaru_core::profile::{ExpiryRule, Profile};
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::{Install, closed_port_url, sandbox, uuid_like};

const PASSWORD: &str = "Tamaru#2026";

fn d(text: &str) -> NaiveDate {
    parse_date(text).expect("date")
}

fn noon_jst(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(3, 0, 0).expect("time").and_utc()
}

/// One member on one phone whose clock the test sets.
struct Member {
    app: MemberApp,
    clock: Arc<ManualClock>,
    install: Install,
    program: &'static str,
    login_id: String,
}

impl Member {
    /// Signs up a new member on `today` (which becomes the sandbox's and the phone's date).
    async fn new(sandbox: &Sandbox, program: &'static str, today: NaiveDate) -> Member {
        sandbox.points().set_today(today);
        let install = Install::new(
            Profile::builtin(program).expect("profile"),
            sandbox.program_url(program),
        )
        .expect("a temporary data directory")
        .with_manual_clock(noon_jst(today));
        let app = install.start().expect("app builds");
        let login_id = format!("p{}@example.jp", uuid_like().replace('-', ""));
        app.account()
            .sign_up(&login_id, PASSWORD, None)
            .await
            .expect("sign-up");
        Member {
            app,
            clock: install.clock().expect("a manual clock").clone(),
            install,
            program,
            login_id,
        }
    }

    /// The same phone talking to another server (a closed port, a junk server).
    fn rebuilt_for(self, url: &str) -> Member {
        let Member {
            app,
            clock,
            install,
            program,
            login_id,
        } = self;
        drop(app);
        let install = install.at(url);
        Member {
            app: install.start().expect("app builds"),
            clock,
            install,
            program,
            login_id,
        }
    }

    /// Moves both clocks to noon of `date` and logs in again (a jump of months outlives the
    /// refresh token; that is not what these tests are about).
    async fn at(&self, sandbox: &Sandbox, date: NaiveDate) {
        sandbox.points().set_today(date);
        self.clock.set(noon_jst(date));
        self.app
            .account()
            .log_in(&self.login_id, PASSWORD)
            .await
            .expect("log-in");
    }

    async fn member_id(&self) -> String {
        self.app
            .account()
            .details()
            .await
            .expect("account")
            .member_id
    }

    fn award(&self, sandbox: &Sandbox, points: i64, date: &str, store: &str) {
        sandbox
            .points()
            .award(self.program, &self.login_id, points, d(date), store, "")
            .expect("award");
    }
}

/// Every history entry in the app's cache, newest first, page by page.
fn cached_history(app: &MemberApp, mut query: HistoryQuery) -> Vec<PointEntry> {
    let mut all = Vec::new();
    loop {
        let page = app.points().history(&query).expect("history page");
        all.extend(page.entries);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return all,
        }
    }
}

fn all_kinds(limit: u32) -> HistoryQuery {
    HistoryQuery {
        limit,
        ..HistoryQuery::default()
    }
}

/// The server's ledger in the app's terms.
fn ledger_entries(sandbox: &Sandbox, member: &Member) -> Vec<PointEntry> {
    sandbox
        .points()
        .ledger(member.program, &member.login_id)
        .expect("ledger")
        .entries
        .into_iter()
        .map(|e| PointEntry {
            id: e.id,
            date: e.date,
            points: e.points,
            kind: PointEntryKind::parse(&e.kind).expect("kind"),
            store: e.store,
            text: e.text,
        })
        .collect()
}

/// Asserts that the app's balance and history equal the sandbox's ledger.
fn assert_matches_ledger(sandbox: &Sandbox, member: &Member) {
    let ledger = sandbox
        .points()
        .ledger(member.program, &member.login_id)
        .expect("ledger");
    let balance = member.app.points().balance().expect("balance");
    assert_eq!(balance.total as i64, ledger.balance.total);
    let server: Vec<(String, u64)> = ledger
        .balance
        .breakdown
        .iter()
        .map(|b| (b.expires.clone(), b.points as u64))
        .collect();
    let app: Vec<(String, u64)> = balance
        .breakdown
        .iter()
        .map(|b| (b.expires.clone(), b.points))
        .collect();
    assert_eq!(app, server);
    assert_eq!(balance.first_award, ledger.balance.first_award);
    let history = cached_history(&member.app, all_kinds(7));
    assert_eq!(history, ledger_entries(sandbox, member));
    // The entries add up to the balance (every change to the lots is an entry).
    assert_eq!(
        history.iter().map(|e| e.points).sum::<i64>(),
        ledger.balance.total
    );
}

#[tokio::test]
async fn wester_balance_and_history_match_the_ledger_after_earn_use_adjust_and_expiry() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2024-04-10")).await;
    sandbox
        .points()
        .link("wester", &m.login_id, true)
        .expect("link");
    m.award(&sandbox, 500, "2024-04-10", "Osaka Station City");
    sandbox.points().set_today(d("2024-06-01"));
    m.award(&sandbox, 300, "2024-06-01", "Kyoto Porta");
    sandbox
        .points()
        .spend("wester", &m.login_id, 200, d("2024-06-01"), "Kyoto Porta")
        .expect("spend");
    sandbox.points().set_today(d("2025-05-01"));
    m.award(&sandbox, 1000, "2025-05-01", "Sannomiya");
    sandbox
        .points()
        .adjust("wester", &m.login_id, -50, d("2025-05-01"))
        .expect("adjust");

    // 2026-04-05: the points of fiscal 2024 (valid to 2026-03-31) are gone.
    m.at(&sandbox, d("2026-04-05")).await;
    let report = m.app.points().refresh().await.expect("refresh");
    assert!(report.changed);
    assert_eq!(report.new_entries, 6);
    assert_matches_ledger(&sandbox, &m);
    let history = cached_history(&m.app, all_kinds(20));
    // The use and the adjustment took the soonest-expiring points (fiscal 2024's 800), so
    // 550 expired and the 1000 of fiscal 2025 are whole.
    assert_eq!(history[0].kind, PointEntryKind::Expire);
    assert_eq!(history[0].date, "2026-04-01");
    assert_eq!(history[0].points, -550);
    let balance = m.app.points().balance().expect("balance");
    assert_eq!(balance.total, 1000);
    assert_eq!(balance.breakdown[0].expires, "2027-03-31");
    assert_eq!(balance.as_of, "2026-04-05");

    // A use in the app, then the cache follows.
    let entry = m.app.points().use_points(120, "交換").await.expect("use");
    assert_eq!((entry.kind, entry.points), (PointEntryKind::Use, -120));
    assert_eq!(m.app.points().balance().expect("balance").total, 880);
    assert_matches_ledger(&sandbox, &m);

    // The award's store shows in the history; expiry entries have none.
    let earns = cached_history(
        &m.app,
        HistoryQuery {
            kinds: vec![PointEntryKind::Earn],
            ..all_kinds(10)
        },
    );
    assert_eq!(earns.len(), 3);
    assert_eq!(earns[2].store.as_deref(), Some("Osaka Station City"));
    assert_eq!(history[0].store, None);
}

#[tokio::test]
async fn waon_transfer_and_merge_keep_every_cache_equal_to_its_ledger() {
    let sandbox = sandbox().await;
    let a = Member::new(&sandbox, "waon", d("2024-09-10")).await;
    let b = Member::new(&sandbox, "waon", d("2024-09-10")).await;
    let c = Member::new(&sandbox, "waon", d("2024-09-10")).await;
    sandbox.points().set_today(d("2025-03-01"));
    a.award(&sandbox, 400, "2024-09-10", "AEON Makuhari"); // first award: start month October
    a.award(&sandbox, 100, "2024-12-01", "AEON Makuhari");
    b.award(&sandbox, 10, "2025-01-15", "MaxValu");
    c.award(&sandbox, 70, "2024-11-20", "Daiei");

    a.at(&sandbox, d("2025-03-01")).await;
    b.at(&sandbox, d("2025-03-01")).await;
    let family = a.app.points().create_family().await.expect("create");
    let code = family.group.expect("group").invite_code;
    let joined = b
        .app
        .points()
        .join_family_by_code(&code)
        .await
        .expect("join");
    assert_eq!(joined.group.as_ref().map(|g| g.members.len()), Some(2));
    let b_id = b.member_id().await;
    let sent = a.app.points().send_points(&b_id, 450).await.expect("send");
    assert_eq!((sent.kind, sent.points), (PointEntryKind::Transfer, -450));

    // The cards flow's merge: c's held points move into a on the merge date.
    sandbox
        .points()
        .merge("waon", &c.login_id, &a.login_id, d("2025-03-01"))
        .expect("merge");

    for m in [&a, &b] {
        m.app.points().refresh().await.expect("refresh");
        assert_matches_ledger(&sandbox, m);
    }
    // b received a's soonest-expiring points with their dates: the 400 of a's first
    // period (valid to 2026-09-30) and 50 of the 100 earned 2024-12-01 (same period).
    let b_balance = b.app.points().balance().expect("balance");
    assert_eq!(b_balance.total, 460);
    let a_balance = a.app.points().balance().expect("balance");
    // a keeps 50 and the 70 merged, re-based on the merge date under a's start (2024-09-10):
    // 2025-03-01 is in the first period too, valid to 2026-09-30.
    assert_eq!(a_balance.total, 120);
    assert_eq!(a_balance.first_award.as_deref(), Some("2024-09-10"));
    let merged = cached_history(
        &a.app,
        HistoryQuery {
            kinds: vec![PointEntryKind::Merge],
            ..all_kinds(10)
        },
    );
    assert_eq!(merged.len(), 1);
    assert_eq!(
        (merged[0].points, merged[0].date.as_str()),
        (70, "2025-03-01")
    );
}

#[tokio::test]
async fn the_sandbox_computes_expiry_as_the_core_rules_do() {
    let sandbox = sandbox().await;
    let admin = sandbox.points();
    // Every day of 2019..2031 under the fiscal-year rule.
    let mut day = d("2019-01-01");
    let mut checked = 0;
    while day <= d("2031-12-31") {
        assert_eq!(
            admin.expiry("wester", None, day),
            expiry_for(ExpiryRule::FiscalYear, None, day).ok(),
            "wester {day}"
        );
        day += Duration::days(1);
        checked += 1;
    }
    // Accrual periods from first awards on awkward days (month ends, 29 February, the 1st),
    // over every day of the following four years.
    let firsts = [
        "2020-01-01",
        "2020-01-31",
        "2020-02-29",
        "2020-03-31",
        "2020-09-10",
        "2020-12-01",
        "2020-12-31",
        "2021-02-28",
        "2021-06-15",
        "2023-11-30",
        "2024-02-29",
    ];
    for first in firsts.map(d) {
        let mut day = first - Duration::days(3);
        while day <= first + Duration::days(4 * 366) {
            assert_eq!(
                admin.expiry("waon", Some(first), day),
                expiry_for(ExpiryRule::AccrualPeriod, Some(first), day).ok(),
                "waon first {first} earned {day}"
            );
            day += Duration::days(1);
            checked += 1;
        }
    }
    assert!(checked > 20_000);
}

/// Awards on many dates, then checks that every point expired or is held with the expiry the
/// core's rule gives (expired points show as `expire` entries the day after their expiry).
async fn ledger_expiry_follows_the_core_rule(program: &'static str, rule: ExpiryRule, first: &str) {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, program, d(first)).await;
    let last = d(first) + Duration::days(1200);
    sandbox.points().set_today(last);
    let mut want: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut day = d(first);
    let mut points = 1;
    while day <= last {
        m.award(&sandbox, points, &day.to_string(), "");
        let expires = expiry_for(rule, Some(d(first)), day).expect("expiry");
        *want.entry(expires).or_default() += points;
        day += Duration::days(13);
        points += 1;
    }
    let ledger = sandbox
        .points()
        .ledger(program, &m.login_id)
        .expect("ledger");
    let mut got: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for bucket in &ledger.balance.breakdown {
        *got.entry(d(&bucket.expires)).or_default() += bucket.points;
    }
    for entry in ledger.entries.iter().filter(|e| e.kind == "expire") {
        *got.entry(d(&entry.date) - Duration::days(1)).or_default() -= entry.points;
    }
    assert_eq!(got, want, "{program}");
    assert!(
        ledger.entries.iter().any(|e| e.kind == "expire"),
        "the timeline reaches past some expiry"
    );
}

#[tokio::test]
async fn wester_ledger_expiry_follows_the_fiscal_year_rule() {
    ledger_expiry_follows_the_core_rule("wester", ExpiryRule::FiscalYear, "2021-02-20").await;
}

#[tokio::test]
async fn waon_ledger_expiry_follows_the_accrual_period_rule() {
    ledger_expiry_follows_the_core_rule("waon", ExpiryRule::AccrualPeriod, "2020-09-10").await;
}

#[tokio::test]
async fn balance_says_what_expires_within_30_days() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "waon", d("2023-05-20")).await;
    m.award(&sandbox, 300, "2023-05-20", "AEON"); // first period to 2024-05-31, valid to 2025-05-31
    sandbox.points().set_today(d("2025-05-01"));
    m.award(&sandbox, 40, "2025-05-01", "AEON"); // 2024-06-01..2025-05-31 → 2026-05-31
    m.at(&sandbox, d("2025-05-01")).await;
    m.app.points().refresh().await.expect("refresh");
    let b = m.app.points().balance().expect("balance");
    assert_eq!(
        (b.total, b.expiring_soon, b.expiring_soon_days),
        (340, 300, 30)
    );
    assert_eq!(
        b.next_expiry
            .as_ref()
            .map(|n| (n.expires.as_str(), n.days_left)),
        Some(("2025-05-31", 30))
    );
    // A day earlier by the phone's clock the 300 are 31 days away.
    m.clock.set(noon_jst(d("2025-04-30")));
    assert_eq!(m.app.points().balance().expect("balance").expiring_soon, 0);
    // Offline past the expiry date: the 300 are gone before the server says so.
    m.clock.set(noon_jst(d("2025-06-01")));
    let b = m.app.points().balance().expect("balance");
    assert_eq!((b.total, b.expiring_soon), (40, 0));
}

#[tokio::test]
async fn the_cache_shows_balance_and_history_offline_with_when_it_was_synced() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2025-10-01")).await;
    assert_eq!(m.app.points().balance(), Err(TamaruError::PointsNotSynced));
    assert_eq!(m.app.points().last_synced(), Ok(None));
    m.award(&sandbox, 250, "2025-10-01", "Tennoji");
    let report = m.app.points().refresh().await.expect("refresh");
    let online_balance = m.app.points().balance().expect("balance");
    let online_history = cached_history(&m.app, all_kinds(10));
    assert_eq!(online_balance.last_synced, report.last_synced);

    // Later, with no server: the app still shows both, marked with the sync time.
    m.clock.advance(Duration::hours(5));
    let offline = m.rebuilt_for(&closed_port_url("wester"));
    assert!(matches!(
        offline.app.points().refresh().await,
        Err(TamaruError::Network { .. })
    ));
    let balance = offline.app.points().balance().expect("offline balance");
    assert_eq!(balance, online_balance);
    assert_eq!(balance.last_synced, report.last_synced);
    let page = offline
        .app
        .points()
        .history(&all_kinds(10))
        .expect("offline history");
    assert_eq!(page.entries, online_history);
    assert_eq!(page.last_synced, report.last_synced);
}

#[tokio::test]
async fn an_unchanged_refresh_costs_one_small_request_and_a_change_only_the_new_entries() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "waon", d("2025-10-01")).await;
    for i in 0..30 {
        m.award(&sandbox, 10 + i, "2025-10-01", "AEON");
    }
    let first = m.app.points().refresh().await.expect("first sync");
    assert_eq!(first.new_entries, 30);
    let stats = |s: &Sandbox| s.points().ledger("waon", &m.login_id).expect("ledger").sync;
    let before = stats(&sandbox);
    assert_eq!(before.entries_sent, 30);

    m.clock.advance(Duration::minutes(10));
    let unchanged = m.app.points().refresh().await.expect("refresh");
    assert!(!unchanged.changed);
    assert_eq!((unchanged.requests, unchanged.new_entries), (1, 0));
    let after = stats(&sandbox);
    assert_eq!(after.requests, before.requests + 1, "one request");
    assert_eq!(
        after.entries_sent, before.entries_sent,
        "no entry sent again"
    );
    // The sync time moves: the cache is confirmed current.
    assert_eq!(
        m.app.points().last_synced(),
        Ok(Some(unchanged.last_synced.clone()))
    );
    assert_ne!(unchanged.last_synced, first.last_synced);

    m.award(&sandbox, 5, "2025-10-01", "AEON");
    let changed = m.app.points().refresh().await.expect("refresh");
    assert_eq!((changed.requests, changed.new_entries), (1, 1));
    let last = stats(&sandbox);
    assert_eq!(
        last.entries_sent,
        after.entries_sent + 1,
        "only the new entry"
    );
    assert_eq!(
        m.app.points().balance().expect("balance").total,
        30 * 10 + 435 + 5
    );
    assert_matches_ledger(&sandbox, &m);
}

#[tokio::test]
async fn a_long_history_syncs_in_pages_and_pages_back_the_same() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2025-10-01")).await;
    for i in 0..2100 {
        m.award(&sandbox, 1 + i % 9, "2025-10-01", "");
    }
    let report = m.app.points().refresh().await.expect("sync");
    assert_eq!((report.new_entries, report.requests), (2100, 3));
    assert_matches_ledger(&sandbox, &m);
}

/// A server whose first changes page is fine (one new entry, "more to come") and whose second
/// answer, for the entries after that one, is `page2`.
async fn half_broken_server(page2: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let n = socket.read(&mut buf).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let body = if request.contains("since=9000001") {
                page2.to_owned()
            } else {
                "{\"entries\":[{\"id\":9000001,\"kind\":\"earn\",\"date\":\"2025-10-01\",\"points\":999,\"store\":null,\"text\":\"x\"}],\"cursor\":\"9000001\",\"more\":true,\"balance\":{\"total\":999,\"breakdown\":[{\"expires\":\"2027-03-31\",\"points\":999}],\"first_award\":null}}"
                    .to_owned()
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{addr}/wester/")
}

#[tokio::test]
async fn an_interrupted_sync_leaves_the_cache_as_it_was() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2025-10-01")).await;
    m.award(&sandbox, 100, "2025-10-01", "Hakata");
    m.award(&sandbox, 20, "2025-10-01", "Hakata");
    m.app.points().refresh().await.expect("sync");
    let balance = m.app.points().balance().expect("balance");
    let history = cached_history(&m.app, all_kinds(50));
    let synced = m.app.points().last_synced().expect("synced");

    let broken_pages = [
        "{\"entries\":[{\"id\":9000002,\"kind\":\"earn\",\"da",
        "{\"entries\":[{\"id\":9000002,\"kind\":\"bonus\",\"date\":\"2025-10-01\",\"points\":1,\"text\":\"\"}],\"cursor\":\"9000002\",\"more\":false,\"balance\":{\"breakdown\":[]}}",
        "{\"entries\":[{\"id\":9000002,\"kind\":\"earn\",\"date\":\"2025-13-01\",\"points\":1,\"text\":\"\"}],\"cursor\":\"9000002\",\"more\":false,\"balance\":{\"breakdown\":[]}}",
    ];
    let mut phone = m;
    for page2 in broken_pages {
        phone.clock.advance(Duration::minutes(1));
        let url = half_broken_server(page2).await;
        phone = phone.rebuilt_for(&url);
        let result = phone.app.points().refresh().await;
        assert!(
            matches!(result, Err(TamaruError::MalformedResponse { .. })),
            "{page2}: {result:?}"
        );
        assert_eq!(phone.app.points().balance().expect("balance"), balance);
        assert_eq!(cached_history(&phone.app, all_kinds(50)), history);
        assert_eq!(phone.app.points().last_synced().expect("synced"), synced);
    }
    // Back on the real server, the next sync picks up from the old cursor.
    let phone = phone.rebuilt_for(&sandbox.program_url("wester"));
    phone.award(&sandbox, 1, "2025-10-01", "");
    let report = phone.app.points().refresh().await.expect("sync");
    assert_eq!(report.new_entries, 1);
    assert_matches_ledger(&sandbox, &phone);
}

#[tokio::test]
async fn using_points_needs_a_linked_wester_account() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2025-10-01")).await;
    m.award(&sandbox, 300, "2025-10-01", "Osaka");
    let entries_before = ledger_entries(&sandbox, &m);
    let support_page = Profile::builtin("wester")
        .expect("profile")
        .external_id
        .clone()
        .expect("external ID rules")
        .support_page;
    assert_eq!(
        m.app.points().use_points(100, "").await,
        Err(TamaruError::PointsNeedLinkedId {
            url: support_page.clone()
        })
    );
    // The till is refused too, and nothing was taken.
    assert!(
        sandbox
            .points()
            .spend("wester", &m.login_id, 100, d("2025-10-01"), "Osaka")
            .expect_err("refused")
            .starts_with("external_id_not_linked")
    );
    assert_eq!(ledger_entries(&sandbox, &m), entries_before);

    sandbox
        .points()
        .link("wester", &m.login_id, true)
        .expect("link");
    m.app
        .points()
        .use_points(100, "")
        .await
        .expect("use once linked");
    assert_eq!(
        m.app.points().use_points(201, "").await,
        Err(TamaruError::InsufficientPoints {
            requested: 201,
            available: 200
        })
    );
    assert!(matches!(
        m.app.points().use_points(0, "").await,
        Err(TamaruError::InvalidPointAmount { .. })
    ));
    assert_matches_ledger(&sandbox, &m);

    // waon has no external ID: its members use points without linking.
    let w = Member::new(&sandbox, "waon", d("2025-10-01")).await;
    w.award(&sandbox, 50, "2025-10-01", "AEON");
    w.app.points().use_points(50, "").await.expect("waon use");
}

#[tokio::test]
async fn a_family_holds_15_ids_and_square_members_create_but_never_join() {
    let sandbox = sandbox().await;
    let today = d("2025-10-01");
    let owner = Member::new(&sandbox, "waon", today).await;
    let status = owner.app.points().create_family().await.expect("create");
    let group = status.group.expect("group");
    assert!(group.i_am_owner);
    assert_eq!(group.max_members, 15);
    let code = group.invite_code;

    let mut members = Vec::new();
    for i in 0..14 {
        let m = Member::new(&sandbox, "waon", today).await;
        if i % 2 == 0 {
            m.app
                .points()
                .join_family_by_code(&code.to_lowercase())
                .await
                .expect("join by code");
        } else {
            let id = owner
                .app
                .points()
                .invite_to_family(&m.login_id)
                .await
                .expect("invite");
            let invited = m.app.points().family().await.expect("status");
            assert_eq!(invited.invitations.len(), 1);
            assert_eq!(invited.invitations[0].id, id);
            m.app
                .points()
                .accept_family_invitation(&id)
                .await
                .expect("accept");
        }
        members.push(m);
    }
    let full = owner
        .app
        .points()
        .family()
        .await
        .expect("status")
        .group
        .expect("group");
    assert_eq!(full.members.len(), 15);
    assert!(full.full);
    assert!(full.members[0].owner && full.members[0].is_me);

    let sixteenth = Member::new(&sandbox, "waon", today).await;
    assert_eq!(
        sixteenth.app.points().join_family_by_code(&code).await,
        Err(TamaruError::FamilyFull { max_members: 15 })
    );
    assert_eq!(
        owner
            .app
            .points()
            .invite_to_family(&sixteenth.login_id)
            .await,
        Err(TamaruError::FamilyFull { max_members: 15 })
    );

    // One leaves; now there is room, but not for a square member.
    members[0].app.points().leave_family().await.expect("leave");
    let square = Member::new(&sandbox, "waon", today).await;
    sandbox
        .points()
        .set_login_kind("waon", &square.login_id, "square_member")
        .expect("login kind");
    assert_eq!(
        square.app.points().join_family_by_code(&code).await,
        Err(TamaruError::SquareMemberCannotJoin)
    );
    assert_eq!(
        owner.app.points().invite_to_family(&square.login_id).await,
        Err(TamaruError::SquareMemberCannotJoin)
    );
    // ... but a square member may create a group, and others join it.
    let own = square
        .app
        .points()
        .create_family()
        .await
        .expect("square creates");
    let own_code = own.group.expect("group").invite_code;
    sixteenth
        .app
        .points()
        .join_family_by_code(&own_code)
        .await
        .expect("join the square member's group");
    assert_eq!(
        sixteenth.app.points().join_family_by_code(&code).await,
        Err(TamaruError::AlreadyInFamily)
    );
    assert_eq!(
        owner.app.points().create_family().await.map(|_| ()),
        Err(TamaruError::AlreadyInFamily)
    );
}

#[tokio::test]
async fn family_refusals_are_typed() {
    let sandbox = sandbox().await;
    let today = d("2025-10-01");
    let a = Member::new(&sandbox, "waon", today).await;
    let b = Member::new(&sandbox, "waon", today).await;
    a.award(&sandbox, 100, "2025-10-01", "AEON");
    let b_id = b.member_id().await;
    let a_id = a.member_id().await;

    assert_eq!(
        a.app.points().send_points(&b_id, 10).await,
        Err(TamaruError::NotInFamily)
    );
    assert_eq!(
        a.app.points().leave_family().await,
        Err(TamaruError::NotInFamily)
    );
    assert_eq!(
        a.app
            .points()
            .join_family_by_code("ZZZZ9999")
            .await
            .map(|_| ()),
        Err(TamaruError::InvalidInviteCode)
    );
    assert_eq!(
        a.app
            .points()
            .join_family_by_code("<script>")
            .await
            .map(|_| ()),
        Err(TamaruError::InvalidInviteCode)
    );
    assert_eq!(
        a.app
            .points()
            .accept_family_invitation("12345")
            .await
            .map(|_| ()),
        Err(TamaruError::FamilyInvitationNotFound)
    );
    a.app.points().create_family().await.expect("create");
    assert_eq!(
        a.app.points().send_points(&b_id, 10).await,
        Err(TamaruError::RecipientNotInFamily)
    );
    assert_eq!(
        a.app.points().send_points(&a_id, 10).await,
        Err(TamaruError::CannotSendToSelf)
    );
    assert!(matches!(
        a.app.points().send_points(&b_id, 0).await,
        Err(TamaruError::InvalidPointAmount { .. })
    ));
    assert_eq!(
        a.app.points().invite_to_family("nobody@example.jp").await,
        Err(TamaruError::UnknownAccount)
    );
    let id = a
        .app
        .points()
        .invite_to_family(&b.login_id)
        .await
        .expect("invite");
    b.app
        .points()
        .accept_family_invitation(&id)
        .await
        .expect("accept");
    assert_eq!(
        b.app.points().invite_to_family(&a.login_id).await,
        Err(TamaruError::NotFamilyOwner)
    );
    assert_eq!(
        a.app.points().send_points(&b_id, 101).await,
        Err(TamaruError::InsufficientPoints {
            requested: 101,
            available: 100
        })
    );
    // The creator leaving dissolves the group.
    a.app.points().leave_family().await.expect("dissolve");
    assert_eq!(b.app.points().family().await.expect("status").group, None);

    // wester has no family sharing: refused before any request.
    let w = Member::new(&sandbox, "wester", today).await;
    assert_eq!(
        w.app.points().family().await,
        Err(TamaruError::FamilyNotAvailable)
    );
    assert_eq!(
        w.app.points().create_family().await,
        Err(TamaruError::FamilyNotAvailable)
    );
}

#[tokio::test]
async fn another_member_on_the_phone_never_sees_the_previous_members_points() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "waon", d("2025-10-01")).await;
    m.award(&sandbox, 77, "2025-10-01", "AEON");
    m.app.points().refresh().await.expect("sync");
    assert_eq!(m.app.points().balance().expect("balance").total, 77);
    m.app.account().log_out().await.expect("log out");
    assert_eq!(m.app.points().balance(), Err(TamaruError::NotSignedIn));

    let other_login = format!("o{}@example.jp", uuid_like().replace('-', ""));
    m.app
        .account()
        .sign_up(&other_login, PASSWORD, None)
        .await
        .expect("sign-up");
    assert_eq!(m.app.points().balance(), Err(TamaruError::PointsNotSynced));
    assert_eq!(
        m.app.points().history(&all_kinds(5)),
        Err(TamaruError::PointsNotSynced)
    );
    m.app.points().refresh().await.expect("sync");
    assert_eq!(m.app.points().balance().expect("balance").total, 0);
    assert!(cached_history(&m.app, all_kinds(5)).is_empty());
}

#[tokio::test]
async fn admin_dates_are_checked() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "wester", d("2025-10-01")).await;
    let admin = sandbox.points();
    assert!(
        admin
            .award("wester", &m.login_id, 5, d("2025-10-02"), "", "")
            .expect_err("refused")
            .starts_with("date_in_future")
    );
    admin
        .award("wester", &m.login_id, 5, d("2025-09-01"), "", "")
        .expect("award");
    assert!(
        admin
            .award("wester", &m.login_id, 5, d("2025-08-01"), "", "")
            .expect_err("refused")
            .starts_with("date_before_ledger")
    );
    assert!(
        admin
            .award("wester", &m.login_id, 0, d("2025-09-01"), "", "")
            .expect_err("refused")
            .starts_with("invalid_points")
    );
    assert!(
        admin
            .award("wester", "nobody@example.jp", 5, d("2025-09-01"), "", "")
            .expect_err("refused")
            .starts_with("unknown_account")
    );
}

/// One call of the sandbox's till, over HTTP.
async fn till(sandbox: &Sandbox, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.url()))
        .json(&body)
        .send()
        .await
        .expect("till request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON answer"))
}

#[tokio::test]
async fn a_till_awards_and_spends_points_for_a_scanned_member_code() {
    use serde_json::json;
    use tamaru_core::barcode::MemberCodeState;
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "waon", d("2025-10-01")).await;
    let code = match m.app.member_code().current() {
        MemberCodeState::Ready { code } => code.code,
        other => panic!("expected a code, got {other:?}"),
    };
    let (status, scan) = till(
        &sandbox,
        "/pos/scan",
        json!({"terminal_id": "till-1", "code": code}),
    )
    .await;
    assert_eq!(status, 200, "{scan}");
    let transaction = scan["transaction_id"]
        .as_str()
        .expect("transaction")
        .to_owned();
    let (status, earned) = till(
        &sandbox,
        "/pos/points",
        json!({"transaction_id": transaction, "kind": "earn", "points": 120, "store": "AEON Makuhari"}),
    )
    .await;
    assert_eq!(status, 200, "{earned}");
    assert_eq!(earned["member_id"], m.member_id().await.as_str());
    assert_eq!(earned["entry"]["points"], 120);
    let (status, used) = till(
        &sandbox,
        "/pos/points",
        json!({"code": code, "program": "waon", "kind": "use", "points": 20, "store": "AEON Makuhari"}),
    )
    .await;
    assert_eq!(status, 200, "{used}");
    let (status, refused) = till(
        &sandbox,
        "/pos/points",
        json!({"transaction_id": transaction, "kind": "use", "points": 101}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("insufficient_points"))
    );
    let (status, _) = till(
        &sandbox,
        "/pos/points",
        json!({"transaction_id": "nope", "kind": "earn", "points": 1}),
    )
    .await;
    assert_eq!(status, 404);

    m.app.points().refresh().await.expect("sync");
    assert_eq!(m.app.points().balance().expect("balance").total, 100);
    let history = cached_history(&m.app, all_kinds(10));
    assert_eq!(
        history.iter().map(|e| e.points).collect::<Vec<_>>(),
        vec![-20, 120]
    );
    assert_eq!(history[1].store.as_deref(), Some("AEON Makuhari"));
    assert_matches_ledger(&sandbox, &m);
}

#[tokio::test]
async fn the_servers_history_pages_agree_with_the_cache() {
    let sandbox = sandbox().await;
    let m = Member::new(&sandbox, "waon", d("2025-01-05")).await;
    for (i, day) in [
        "2025-01-05",
        "2025-02-10",
        "2025-02-11",
        "2025-03-01",
        "2025-04-20",
    ]
    .into_iter()
    .enumerate()
    {
        sandbox.points().set_today(d(day));
        for j in 0..3 {
            m.award(&sandbox, 10 * (i as i64 + 1) + j, day, "AEON");
        }
        sandbox
            .points()
            .spend("waon", &m.login_id, 5, d(day), "AEON")
            .expect("spend");
    }
    m.at(&sandbox, d("2025-04-20")).await;
    m.app.points().refresh().await.expect("sync");
    // The access token, as the app holds it, to call the server's own history endpoint.
    let token = m
        .install
        .store()
        .values()
        .iter()
        .find_map(|v| serde_json::from_str::<serde_json::Value>(v).ok())
        .and_then(|v| v["access_token"].as_str().map(str::to_owned))
        .expect("session");
    let http = reqwest::Client::new();
    let mut server = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!(
            "{}v1/points/history?kinds=earn,use&from=2025-02-01&to=2025-03-31&limit=2",
            sandbox.program_url("waon")
        );
        if let Some(c) = &cursor {
            url += &format!("&cursor={c}");
        }
        let page: serde_json::Value = http
            .get(url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("history")
            .json()
            .await
            .expect("JSON");
        for e in page["entries"].as_array().expect("entries") {
            server.push((
                e["id"].as_i64().expect("id"),
                e["points"].as_i64().expect("points"),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let cached: Vec<(i64, i64)> = cached_history(
        &m.app,
        HistoryQuery {
            kinds: vec![PointEntryKind::Earn, PointEntryKind::Use],
            from: Some("2025-02-01".into()),
            to: Some("2025-03-31".into()),
            cursor: None,
            limit: 2,
        },
    )
    .into_iter()
    .map(|e| (e.id, e.points))
    .collect();
    assert_eq!(cached.len(), 12);
    assert_eq!(server, cached);
    let (status, bad) = {
        let r = http
            .get(format!(
                "{}v1/points/history?kinds=bonus",
                sandbox.program_url("waon")
            ))
            .bearer_auth(&token)
            .send()
            .await
            .expect("history");
        (
            r.status().as_u16(),
            r.json::<serde_json::Value>().await.expect("JSON"),
        )
    };
    assert_eq!((status, bad["error"].as_str()), (400, Some("invalid_kind")));
}
