//! The soak (issue 14): several simulated phones run over a thousand mixed operations
//! against one sandbox whose fault layer faults 20 % of the requests (seeded, so a run can
//! be repeated): log-ins, card registrations, point uses in the app and at the till, family
//! sends, mail changes, history syncs and app restarts. A member who is told "not known
//! yet" presses again, as members do.
//!
//! Afterwards, with the faults off: no card registered twice, no point movement applied
//! twice or lost, no mail change lost, every phone's cache equal to the server, every
//! operation ended in a success or a typed error, and what each phone was told matches
//! what the server did. The counts are printed and written to `build/soak.txt`
//! (`scripts/test-all.sh` prints that file, since the test runner keeps a passing test's
//! output to itself).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tamaru_core::error::TamaruError;
use tamaru_core::http::RetryPolicy;
use tamaru_core::mail::MailSetting;
use tamaru_sandbox::{FaultPlan, IssueCard, Sandbox};
use tamaru_scenarios::{Phone, sandbox, signed_up, typed};

const PHONES: usize = 6;
const OPS_PER_PHONE: usize = 175;
const FAULT_RATE: f64 = 0.2;
const SEED: u64 = 14;
const START_POINTS: i64 = 100_000;
const APP_TEXT: &str = "soak app use";
const TILL_STORE: &str = "soak till";

/// SplitMix64, so each phone's choices repeat from run to run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A write whose outcome the phone was not told yet.
#[derive(Debug, Clone)]
enum Unknown {
    AppUse(i64),
    Send { to: usize, points: i64 },
}

/// What one phone was told, and what it did.
#[derive(Default)]
struct Told {
    app_uses: Vec<i64>,
    till_uses: Vec<i64>,
    /// Points sent to each other phone.
    sent: BTreeMap<usize, i64>,
    cards: Vec<String>,
    newsletter: Option<bool>,
    /// Outcomes not known yet (resolved before the next write, and at the end).
    unknown: Vec<Unknown>,
    ops: BTreeMap<&'static str, u64>,
    errors: BTreeMap<String, u64>,
}

impl Told {
    fn op(&mut self, name: &'static str) {
        *self.ops.entry(name).or_default() += 1;
    }

    fn error(&mut self, e: &TamaruError) {
        *self.errors.entry(e.code().to_owned()).or_default() += 1;
    }
}

struct Member {
    phone: Option<Phone>,
    login_id: String,
    password: String,
    member_id: String,
    told: Told,
}

impl Member {
    fn phone(&self) -> &Phone {
        self.phone.as_ref().expect("phone")
    }

    /// Asks what became of the writes the member was not told about; true when none is left.
    async fn resolve(&mut self) -> bool {
        if self.told.unknown.is_empty() {
            return true;
        }
        let resolved = match self.phone().app.resolve_pending_writes().await {
            Ok(resolved) => resolved,
            Err(e) => {
                self.told.error(&e);
                return false;
            }
        };
        for r in resolved {
            let Some(i) = self.told.unknown.iter().position(|u| {
                matches!(
                    (u, r.kind.as_str()),
                    (Unknown::AppUse(_), "points_use") | (Unknown::Send { .. }, "family_send")
                )
            }) else {
                continue;
            };
            if r.outcome == "unknown" {
                continue;
            }
            let write = self.told.unknown.remove(i);
            if r.outcome == "applied" {
                match write {
                    Unknown::AppUse(points) => self.told.app_uses.push(points),
                    Unknown::Send { to, points } => {
                        *self.told.sent.entry(to).or_default() += points
                    }
                }
            }
        }
        self.told.unknown.is_empty()
    }
}

/// Presses a write up to 3 times while the answer is "not known yet".
async fn press<T, F, Fut>(told: &mut Told, mut write: F) -> Result<T, TamaruError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, TamaruError>>,
{
    let mut last = None;
    for _ in 0..3 {
        match write().await {
            Err(e @ TamaruError::WriteOutcomeUnknown { .. }) => {
                told.error(&e);
                last = Some(e);
            }
            other => return other,
        }
    }
    Err(last.expect("pressed"))
}

/// The till: a client of its own that resends with the same key until it has an answer.
async fn till_use(
    http: &reqwest::Client,
    sandbox_url: &str,
    code: &str,
    points: i64,
    key: &str,
    tries: u32,
) -> Option<bool> {
    let body = serde_json::json!({
        "code": code, "program": "waon", "kind": "use", "points": points,
        "store": TILL_STORE, "idempotency_key": key,
    });
    for _ in 0..tries {
        let sent = http
            .post(format!("{sandbox_url}/pos/points"))
            .json(&body)
            .send()
            .await;
        let Ok(response) = sent else { continue };
        let status = response.status().as_u16();
        let json = response.json::<serde_json::Value>().await;
        match (status, json) {
            (200, Ok(v)) if v["entry"]["points"] == -points => return Some(true),
            (s, Ok(v)) if (400..500).contains(&s) && v["error"].is_string() => {
                return Some(false);
            }
            _ => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
    None
}

async fn run_phone(
    sandbox: Arc<Sandbox>,
    me: usize,
    members: Arc<Vec<(String, String)>>,
    mut member: Member,
    till_log: Arc<Mutex<Vec<(usize, i64, String)>>>,
) -> Member {
    let mut rng = Rng(SEED * 1000 + me as u64);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    for op in 0..OPS_PER_PHONE {
        let signed_in = member.phone().app.is_signed_in().unwrap_or(false);
        if !signed_in {
            member.told.op("log_in");
            match member
                .phone()
                .app
                .account()
                .log_in(&member.login_id, &member.password)
                .await
            {
                Ok(_) => {}
                Err(e) => member.told.error(&e),
            }
            continue;
        }
        let roll = rng.below(100);
        let is_write = roll < 75;
        if is_write && !member.resolve().await {
            // Still unknown: the app shows "checking" and the member looks at the history.
            member.told.op("history_sync");
            if let Err(e) = member.phone().app.points().refresh().await {
                member.told.error(&e);
            }
            continue;
        }
        match roll {
            0..=24 => {
                member.told.op("app_use");
                let points = 1 + rng.below(50) as i64;
                let service = member.phone().app.points();
                let result = press(&mut member.told, || {
                    service.use_points(points as u64, APP_TEXT)
                })
                .await;
                match result {
                    Ok(entry) => {
                        assert_eq!(entry.points, -points, "told the amount used");
                        member.told.app_uses.push(points);
                    }
                    Err(TamaruError::WriteOutcomeUnknown { .. }) => {
                        member.told.unknown.push(Unknown::AppUse(points));
                    }
                    Err(e) => member.told.error(&e),
                }
            }
            25..=39 => {
                member.told.op("till_use");
                let points = 1 + rng.below(40) as i64;
                let Some(code) = member
                    .phone()
                    .app
                    .member_code()
                    .current()
                    .code()
                    .map(|c| c.code.clone())
                else {
                    member.told.errors.entry("no_code".into()).or_default();
                    continue;
                };
                let key = format!("soak-till-{me}-{op}");
                match till_use(&http, &sandbox.url(), &code, points, &key, 8).await {
                    Some(true) => member.told.till_uses.push(points),
                    Some(false) => {
                        *member.told.errors.entry("till_refused".into()).or_default() += 1
                    }
                    None => till_log.lock().unwrap().push((me, points, key)),
                }
            }
            40..=54 => {
                member.told.op("family_send");
                let to = (me + 1 + rng.below(PHONES as u64 - 1) as usize) % PHONES;
                let points = 1 + rng.below(30) as i64;
                let to_id = members[to].1.clone();
                let service = member.phone().app.points();
                let result = press(&mut member.told, || {
                    service.send_points(&to_id, points as u64)
                })
                .await;
                match result {
                    Ok(entry) => {
                        assert_eq!(entry.points, -points);
                        *member.told.sent.entry(to).or_default() += points;
                    }
                    Err(TamaruError::WriteOutcomeUnknown { .. }) => {
                        member.told.unknown.push(Unknown::Send { to, points });
                    }
                    Err(e) => member.told.error(&e),
                }
            }
            55..=64 => {
                member.told.op("card_registration");
                let card = sandbox
                    .cards()
                    .issue(&IssueCard::new("waon", "waon_point_card"))
                    .expect("issued");
                let attempt = member
                    .phone()
                    .app
                    .cards()
                    .prepare(&typed(&card))
                    .expect("input");
                let mut result = attempt.submit().await;
                // "Try again" after a network error: the same attempt, the same key.
                for _ in 0..3 {
                    if matches!(
                        result,
                        Err(TamaruError::Network { .. } | TamaruError::Server { .. })
                    ) {
                        result = attempt.submit().await;
                    }
                }
                match result {
                    Ok(_) => member.told.cards.push(card.number.clone()),
                    Err(e) => {
                        member.told.error(&e);
                        // The member tries once more later, with the network back (below).
                        member.told.cards.push(format!("?{}", card.number));
                        drop(attempt);
                    }
                }
            }
            65..=74 => {
                member.told.op("mail_change");
                let on = rng.below(2) == 0;
                match member
                    .phone()
                    .app
                    .mail()
                    .set(MailSetting::Newsletter, on)
                    .await
                {
                    Ok(_) => member.told.newsletter = Some(on),
                    Err(e) => member.told.error(&e),
                }
            }
            75..=89 => {
                member.told.op("history_sync");
                if let Err(e) = member.phone().app.points().refresh().await {
                    member.told.error(&e);
                }
            }
            90..=95 => {
                member.told.op("restart");
                let phone = member.phone.take().expect("phone").restart();
                member.phone = Some(phone);
                member.resolve().await;
            }
            _ => {
                member.told.op("log_in");
                // Log out only with nothing pending (the app asks first), then log in again.
                if member.resolve().await {
                    let _ = member.phone().app.account().log_out().await;
                    if let Err(e) = member
                        .phone()
                        .app
                        .account()
                        .log_in(&member.login_id, &member.password)
                        .await
                    {
                        member.told.error(&e);
                    }
                }
            }
        }
    }
    member
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_operations_through_a_flaky_network_keep_every_account_true() {
    let started = Instant::now();
    let sandbox = Arc::new(sandbox().await);
    // Set up without faults: members, a family of all of them, their starting points.
    let mut members = Vec::new();
    for _ in 0..PHONES {
        let (phone, login_id, password) = signed_up(&sandbox, "waon").await;
        // Two attempts a request, so that answers are lost for good often enough to
        // exercise the pending writes, the repeated presses and the resolving.
        let phone = phone.with_retry_policy(RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::fast()
        });
        let today = sandbox.points().today();
        sandbox
            .points()
            .award("waon", &login_id, START_POINTS, today, "soak", "start")
            .expect("award");
        let member_id = phone
            .app
            .account()
            .details()
            .await
            .expect("account")
            .member_id;
        members.push(Member {
            phone: Some(phone),
            login_id,
            password,
            member_id,
            told: Told::default(),
        });
    }
    let code = members[0]
        .phone()
        .app
        .points()
        .create_family()
        .await
        .expect("family")
        .group
        .expect("group")
        .invite_code;
    for m in &members[1..] {
        m.phone()
            .app
            .points()
            .join_family_by_code(&code)
            .await
            .expect("join");
    }
    let ids: Arc<Vec<(String, String)>> = Arc::new(
        members
            .iter()
            .map(|m| (m.login_id.clone(), m.member_id.clone()))
            .collect(),
    );

    sandbox.set_faults(FaultPlan {
        rate: FAULT_RATE,
        seed: SEED,
        slow_body_ms: 60,
        ..FaultPlan::default()
    });
    let till_log = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for (i, member) in members.into_iter().enumerate() {
        tasks.push(tokio::spawn(run_phone(
            sandbox.clone(),
            i,
            ids.clone(),
            member,
            till_log.clone(),
        )));
    }
    let mut members = Vec::new();
    for task in tasks {
        members.push(task.await.expect("a phone's run ends without a panic"));
    }
    let faults = sandbox.fault_stats();
    sandbox.set_faults(FaultPlan::default());

    // The network is back: every unknown outcome is found out, every queue sent.
    let http = reqwest::Client::new();
    let pending_tills = till_log.lock().unwrap().clone();
    for (me, points, key) in pending_tills {
        let code = members[me]
            .phone()
            .app
            .member_code()
            .current()
            .code()
            .map(|c| c.code.clone())
            .expect("code");
        if till_use(&http, &sandbox.url(), &code, points, &key, 1).await == Some(true) {
            members[me].told.till_uses.push(points);
        }
    }
    for m in &mut members {
        if !m.phone().app.is_signed_in().unwrap() {
            m.phone()
                .app
                .account()
                .log_in(&m.login_id, &m.password)
                .await
                .expect("log in");
        }
        assert!(
            m.resolve().await,
            "every outcome is known with the network back"
        );
        assert!(m.phone().app.pending_writes().unwrap().is_empty());
        m.phone().app.mail().sync().await.expect("mail sync");
        // Cards the member was not told about: registered again, the server says whether
        // they were already.
        let retry: Vec<String> = m
            .told
            .cards
            .iter()
            .filter_map(|c| c.strip_prefix('?').map(str::to_owned))
            .collect();
        for number in retry {
            let input = tamaru_core::cards::input::CardInput {
                card_type: "waon_point_card".into(),
                number: number.clone(),
                has_pin: None,
                pin: None,
                member_registered: None,
            };
            m.phone()
                .app
                .cards()
                .register(&input)
                .await
                .expect("registered");
            let at = m
                .told
                .cards
                .iter()
                .position(|c| *c == format!("?{number}"))
                .unwrap();
            m.told.cards[at] = number;
        }
    }
    for m in &members {
        m.phone().app.points().refresh().await.expect("final sync");
        m.phone().app.cards().refresh().await.expect("card refresh");
    }

    // What the server did equals what each phone was told.
    let mut report = String::new();
    let mut ops_total = 0;
    let mut all_ops: BTreeMap<&str, u64> = BTreeMap::new();
    let mut all_errors: BTreeMap<String, u64> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let ledger = sandbox
            .points()
            .ledger("waon", &m.login_id)
            .expect("ledger");
        let app_uses: Vec<i64> = ledger
            .entries
            .iter()
            .filter(|e| e.kind == "use" && e.text == APP_TEXT)
            .map(|e| -e.points)
            .collect();
        let mut told_app = m.told.app_uses.clone();
        let mut server_app = app_uses.clone();
        told_app.sort_unstable();
        server_app.sort_unstable();
        assert_eq!(server_app, told_app, "phone {i}: app uses applied = told");
        let till: i64 = ledger
            .entries
            .iter()
            .filter(|e| e.kind == "use" && e.store.as_deref() == Some(TILL_STORE))
            .map(|e| -e.points)
            .sum();
        assert_eq!(
            till,
            m.told.till_uses.iter().sum::<i64>(),
            "phone {i}: till uses"
        );
        let sent_out: i64 = ledger
            .entries
            .iter()
            .filter(|e| e.kind == "transfer" && e.points < 0)
            .map(|e| -e.points)
            .sum();
        assert_eq!(
            sent_out,
            m.told.sent.values().sum::<i64>(),
            "phone {i}: sends"
        );
        let received: i64 = ledger
            .entries
            .iter()
            .filter(|e| e.kind == "transfer" && e.points > 0)
            .map(|e| e.points)
            .sum();
        let received_told: i64 = members.iter().filter_map(|o| o.told.sent.get(&i)).sum();
        assert_eq!(received, received_told, "phone {i}: received");
        let expected = START_POINTS - told_app.iter().sum::<i64>() - till - sent_out + received;
        assert_eq!(
            ledger.balance.total, expected,
            "phone {i}: nothing lost or doubled"
        );
        // The cache equals the server.
        let balance = m.phone().app.points().balance().expect("balance");
        assert_eq!(
            balance.total as i64, ledger.balance.total,
            "phone {i}: cached balance"
        );
        let mut cached = Vec::new();
        let mut cursor = None;
        loop {
            let page = m
                .phone()
                .app
                .points()
                .history(&tamaru_core::points::HistoryQuery {
                    limit: 200,
                    cursor: cursor.take(),
                    ..Default::default()
                })
                .expect("history");
            cached.extend(page.entries.into_iter().map(|e| (e.id, e.points)));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let server: Vec<(i64, i64)> = ledger.entries.iter().map(|e| (e.id, e.points)).collect();
        assert_eq!(
            cached, server,
            "phone {i}: the cached history is the server's"
        );
        // Cards: each registered once, and exactly those the phone was told about.
        let account = sandbox
            .cards()
            .account("waon", &m.login_id)
            .expect("account");
        let mut server_cards: Vec<String> = account
            .registrations
            .iter()
            .map(|r| r.last4.clone())
            .collect();
        let mut told_cards: Vec<String> = m
            .told
            .cards
            .iter()
            .map(|n| n[n.len() - 4..].to_owned())
            .collect();
        server_cards.sort();
        told_cards.sort();
        assert_eq!(
            server_cards, told_cards,
            "phone {i}: no card twice, none lost"
        );
        let cached_cards = m.phone().app.cards().list().expect("cards").cards.len();
        assert_eq!(
            cached_cards,
            account.registrations.len(),
            "phone {i}: cached cards"
        );
        // Mail: the last choice the member made is the server's.
        let mail = sandbox.mail_admin(&m.member_id).expect("mail");
        if let Some(on) = m.told.newsletter {
            assert_eq!(mail.newsletter, on, "phone {i}: mail change kept");
        }
        for (op, n) in &m.told.ops {
            ops_total += n;
            *all_ops.entry(op).or_default() += n;
        }
        for (code, n) in &m.told.errors {
            *all_errors.entry(code.clone()).or_default() += n;
        }
    }
    assert!(ops_total >= 1000, "{ops_total} operations");
    let faulted_share = faults.faulted as f64 / faults.requests.max(1) as f64;
    assert!(
        (0.15..=0.25).contains(&faulted_share),
        "about 20 % of requests faulted: {faulted_share:.3}"
    );
    // Every error was a typed one; none of them is a failure of the phone's own store.
    assert!(!all_errors.contains_key("storage"), "{all_errors:?}");

    let idem = sandbox.idempotency_stats();
    let _ = writeln!(
        report,
        "soak: {PHONES} phones, {ops_total} operations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(report, "soak operations: {all_ops:?}");
    let _ = writeln!(
        report,
        "soak faults: {} of {} requests ({:.1} %): {faults:?}",
        faults.faulted,
        faults.requests,
        faulted_share * 100.0
    );
    let _ = writeln!(report, "soak errors told (typed): {all_errors:?}");
    let _ = writeln!(
        report,
        "soak keyed writes: {} applied, {} repeats answered from the first result, {} found never received",
        idem.applied, idem.replays, idem.abandoned
    );
    let _ = writeln!(report, "soak: every check passed");
    print!("{report}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../build");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("soak.txt"), &report);
}
