//! Member codes against the real sandbox (SPEC §1, §7): offline waon codes and issued wester
//! codes read at the sandbox's point of sale, the advance batch shown with the server gone,
//! the countdown and refresh under a moved clock, one use per code, slowed-down guessing,
//! and the typed reasons when no code can be shown.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tamaru_core::app::MemberApp;
use tamaru_core::barcode::{
    BarcodeError, MemberCodeListener, MemberCodeState, MemberCodeUnavailable, MemberCodeView,
    Symbology, UnavailableReason,
};
use tamaru_core::cards::input::CardInput;
use tamaru_core::clock::ManualClock;
use tamaru_core::error::TamaruError;
use tamaru_core::profile::{MemberCodeSource, Profile};
use tamaru_core::secure_store::{MemoryStore, SecureStore};
use tamaru_sandbox::{IssueCard, Sandbox};
use tamaru_scenarios::{Install, closed_port_url, sandbox, uuid_like};

const PASSWORD: &str = "Tamaru#2026";

/// One install whose clock the test moves.
struct Phone {
    app: MemberApp,
    clock: Arc<ManualClock>,
    store: Arc<MemoryStore>,
    program: &'static str,
    install: Install,
}

impl Phone {
    fn new(sandbox: &Sandbox, program: &'static str, now: DateTime<Utc>) -> Phone {
        let profile = Profile::builtin(program).unwrap();
        let install = Install::new(profile, sandbox.program_url(program))
            .unwrap()
            .with_manual_clock(now);
        Self::open(install, program)
    }

    fn open(install: Install, program: &'static str) -> Phone {
        Phone {
            app: install.start().unwrap(),
            clock: install.clock().unwrap().clone(),
            store: install.store().clone(),
            program,
            install,
        }
    }

    /// The same install (data directory, secure store, clock) with the server unreachable:
    /// a port nothing listens on.
    fn offline_twin(&self) -> Phone {
        let offline = self.install.clone().at(closed_port_url(self.program));
        Self::open(offline, self.program)
    }

    async fn sign_up(&self) -> tamaru_core::login::AccountDetails {
        let login_id = format!("code{}@example.jp", uuid_like().replace('-', ""));
        self.app
            .account()
            .sign_up(&login_id, PASSWORD, None)
            .await
            .unwrap()
    }

    fn advance(&self, seconds: i64) {
        self.clock.advance(chrono::Duration::seconds(seconds));
    }

    fn code(&self) -> MemberCodeView {
        match self.app.member_code().current() {
            MemberCodeState::Ready { code } => code,
            other => panic!("expected a code, got {other:?}"),
        }
    }

    fn unavailable(&self) -> MemberCodeUnavailable {
        match self.app.member_code().current() {
            MemberCodeState::Unavailable { unavailable } => unavailable,
            other => panic!("expected no code, got {other:?}"),
        }
    }
}

/// A till of the sandbox's point of sale, over HTTP.
struct Till {
    http: reqwest::Client,
    base: String,
    terminal: String,
}

impl Till {
    fn new(sandbox: &Sandbox, terminal: &str) -> Till {
        Till {
            http: reqwest::Client::new(),
            base: sandbox.url(),
            terminal: terminal.to_owned(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn scan(&self, code: &str) -> (u16, Value) {
        self.post(
            "/pos/scan",
            json!({"terminal_id": self.terminal, "code": code}),
        )
        .await
    }

    async fn scan_and_complete(&self, code: &str) -> (u16, Value) {
        self.post(
            "/pos/scan",
            json!({"terminal_id": self.terminal, "code": code, "complete": true}),
        )
        .await
    }

    async fn complete(&self, transaction_id: &str) -> (u16, Value) {
        self.post(
            "/pos/complete",
            json!({"terminal_id": self.terminal, "transaction_id": transaction_id}),
        )
        .await
    }

    async fn cancel(&self, transaction_id: &str) -> (u16, Value) {
        self.post(
            "/pos/cancel",
            json!({"terminal_id": self.terminal, "transaction_id": transaction_id}),
        )
        .await
    }
}

/// The sandbox's clock now (it may have been moved), through its admin endpoint.
async fn sandbox_now(sandbox: &Sandbox) -> DateTime<Utc> {
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/admin/clock", sandbox.url()))
        .json(&json!({"advance_seconds": 0}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    DateTime::parse_from_rfc3339(answer["now"].as_str().unwrap())
        .unwrap()
        .to_utc()
}

/// Moves the sandbox's clock to the middle of a 300-second step and returns that instant,
/// so codes derived at whole steps around it are exactly one, two... steps off, with 150 s
/// of margin whatever the wall clock.
async fn mid_step(sandbox: &Sandbox) -> DateTime<Utc> {
    let now = sandbox_now(sandbox).await.timestamp();
    let offset = 150 - now.rem_euclid(300);
    sandbox.advance_clock(offset);
    DateTime::from_timestamp(now + offset, 0).unwrap()
}

#[tokio::test]
async fn waon_codes_made_offline_verify_at_the_till_with_one_step_of_skew() {
    let sandbox = sandbox().await;
    let server_now = mid_step(&sandbox).await;
    let phone = Phone::new(&sandbox, "waon", server_now);
    let account = phone.sign_up().await;
    // The phone derives its codes with the server out of reach.
    let offline = phone.offline_twin();
    let device = account.device_number.clone().unwrap();

    let till = Till::new(&sandbox, "till-1");
    for steps in [-1, 0, 1] {
        phone
            .clock
            .set(server_now + chrono::Duration::seconds(300 * steps));
        let code = offline.code();
        assert_eq!(code.code.len(), 32);
        assert!(code.code.starts_with("4300") && code.code.ends_with(&device));
        let (status, answer) = till.scan(&code.code).await;
        assert_eq!(status, 200, "{steps} step(s) of skew: {answer}");
        assert_eq!(answer["member_id"], account.member_id.as_str());
        assert_eq!(answer["device_suffix"], &device[12..]);
        assert_eq!(answer["code_kind"], "device_derived");
        assert_eq!(answer["status"], "open");
        let (status, _) = till
            .cancel(answer["transaction_id"].as_str().unwrap())
            .await;
        assert_eq!(status, 200);
    }
    for (steps, code_expected) in [(-2, "code_expired"), (2, "code_not_yet_valid")] {
        phone
            .clock
            .set(server_now + chrono::Duration::seconds(300 * steps));
        let (status, answer) = till.scan(&offline.code().code).await;
        assert_eq!(answer["error"], code_expected, "{steps} steps: {answer}");
        assert_eq!(status, if steps < 0 { 410 } else { 409 });
    }
    // Another member's device number with a made-up time code is nobody's code.
    let forged = format!("4300{}{}", "0".repeat(12), device);
    let (status, answer) = till.scan(&forged).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (404, Some("unknown_code"))
    );
}

#[tokio::test]
async fn sandbox_codes_fit_the_profile_and_chain() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    let account = phone.sign_up().await;
    let fetched = phone.app.member_code().fetch().await.unwrap();
    let rules = &phone.app.profile().member_code;
    assert_eq!(fetched.live, 1 + rules.advance_codes);
    let code = phone.code();
    let start = code.valid_from_unix;
    phone
        .clock
        .set(DateTime::from_timestamp(start + 1, 0).unwrap());
    let device = account.device_number.unwrap();
    for i in 0..=rules.advance_codes as i64 {
        let code = phone.code();
        assert_eq!(code.code.len(), rules.length as usize);
        assert!(code.code.starts_with(&rules.prefix));
        assert_eq!(code.suffix, &device[12..], "the install suffix");
        assert_eq!(code.source, MemberCodeSource::ServerIssued);
        assert_eq!(
            (code.valid_from_unix, code.valid_until_unix),
            (
                start + i * i64::from(rules.validity_seconds),
                start + (i + 1) * i64::from(rules.validity_seconds)
            ),
            "consecutive windows of the profile's validity"
        );
        assert_eq!(
            code.advance_codes_left,
            Some(rules.advance_codes - i as u32)
        );
        phone.advance(i64::from(rules.validity_seconds));
    }
    assert_eq!(
        fetched.covered_until_unix,
        start + 4 * i64::from(rules.validity_seconds)
    );
    // Asking again tops up instead of replacing: the same codes while none rolled over.
    phone
        .clock
        .set(DateTime::from_timestamp(start + 1, 0).unwrap());
    let before = phone.code().code;
    phone.app.member_code().fetch().await.unwrap();
    assert_eq!(phone.code().code, before);
    // waon codes are not issued by the server.
    let waon = Phone::new(&sandbox, "waon", Utc::now());
    waon.sign_up().await;
    assert_eq!(waon.app.member_code().fetch().await.unwrap().live, 0);
}

#[tokio::test]
async fn a_wester_code_shows_offline_from_the_advance_batch() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    let account = phone.sign_up().await;
    phone.app.member_code().fetch().await.unwrap();
    let first = phone.code();
    phone
        .clock
        .set(DateTime::from_timestamp(first.valid_from_unix + 10, 0).unwrap());

    // Server unreachable: the second app has the same data and secure store.
    let offline = phone.offline_twin();
    let shown = offline.code();
    assert_eq!(shown.code, first.code);
    assert_eq!(shown.seconds_left, 290);
    let till = Till::new(&sandbox, "till-1");
    let (status, answer) = till.scan(&shown.code).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member_id"], account.member_id.as_str());
    assert_eq!(answer["code_kind"], "server_issued");

    // Five minutes on, the next code of the batch shows, still offline, and is valid.
    offline.advance(300);
    sandbox.advance_clock(300);
    let second = offline.code();
    assert_ne!(second.code, first.code);
    assert_eq!(second.advance_codes_left, Some(2));
    let (status, answer) = till.scan(&second.code).await;
    assert_eq!(status, 200, "{answer}");
    assert!(matches!(
        offline.app.member_code().session().refresh().await,
        Err(TamaruError::Network { .. })
    ));
    assert_eq!(
        offline.code().code,
        second.code,
        "a failed refresh keeps the codes"
    );

    // Past the last code issued in advance: typed, and no card to offer (none registered).
    offline.advance(900);
    let none = offline.unavailable();
    assert_eq!(none.reason, UnavailableReason::AdvanceCodesUsedUp);
    assert_eq!(none.static_card, None);
    assert!(none.message_ja.contains("新しいコード"));
    assert_eq!(
        offline.app.member_code().session().render_png(None, 600),
        Err(BarcodeError::NothingToShow {
            reason: "advance_codes_used_up".into()
        })
    );

    // Back online, the session fetches when it ticks.
    sandbox.advance_clock(900);
    let session = phone.app.member_code().session();
    let fresh = session.tick().await.expect("news").code().cloned().unwrap();
    assert_eq!(fresh.advance_codes_left, Some(3));
    let (status, _) = till.scan(&fresh.code).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_point_card_stands_in_where_the_profile_allows() {
    let sandbox = sandbox().await;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("wester", "sc_point_card"))
        .unwrap();
    let phone = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    phone.sign_up().await;
    let mut input = CardInput::new("sc_point_card", card.number.clone());
    input.has_pin = Some(false);
    input.member_registered = Some(false);
    phone.app.cards().register(&input).await.unwrap();

    // Never fetched, offline: the reason, and the registered card instead.
    let offline = phone.offline_twin();
    let none = offline.unavailable();
    assert_eq!(none.reason, UnavailableReason::NoCodesYet);
    let offered = none.static_card.expect("the card is offered");
    assert_eq!(offered.card_number, card.number);
    assert_eq!(offered.card_type, "sc_point_card");
    assert_eq!(offered.symbology, Symbology::Code128);
    assert!(offered.spoken_ja.starts_with("ポイントカード "));
    let session = offline.app.member_code().session();
    let matrix = session.matrix(None).unwrap();
    assert_eq!(
        (matrix.symbology, matrix.data.as_str()),
        (Symbology::Code128, card.number.as_str())
    );
    let png = session.render_png(None, 600).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        session.render_png(Some(Symbology::Ean13), 600),
        Err(BarcodeError::SymbologyNotAccepted {
            symbology: Symbology::Ean13
        })
    );

    // A one-time code, once there is one, takes the card's place.
    phone.app.member_code().fetch().await.unwrap();
    assert!(matches!(
        offline.app.member_code().current(),
        MemberCodeState::Ready { .. }
    ));

    // waon's profile offers no card: its codes never run out offline.
    assert!(
        !Profile::builtin("waon")
            .unwrap()
            .member_code
            .static_fallback
    );
}

#[tokio::test]
async fn countdown_and_replacement_under_a_moved_clock() {
    let sandbox = sandbox().await;
    // wester: the session fetches when it has no code, then each time one rolls over.
    let phone = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    phone.sign_up().await;
    let session = phone.app.member_code().session();
    let first = session.tick().await.expect("news").code().cloned().unwrap();
    phone
        .clock
        .set(DateTime::from_timestamp(first.valid_from_unix, 0).unwrap());
    assert_eq!(session.seconds_left(), 300);
    assert_eq!(session.tick().await, None, "the same code counting down");
    phone.advance(299);
    assert_eq!(session.seconds_left(), 1);
    assert_eq!(session.tick().await, None);
    phone.advance(1);
    sandbox.advance_clock(300);
    let second = session.tick().await.expect("replaced on time");
    let second = second.code().unwrap();
    assert_ne!(second.code, first.code);
    assert_eq!(second.valid_from_unix, first.valid_until_unix);
    assert_eq!(
        second.advance_codes_left,
        Some(3),
        "the roll-over fetched one more code"
    );

    // waon: a new code at every step, and the rendering follows the clock.
    let server_now = mid_step(&sandbox).await;
    let waon = Phone::new(&sandbox, "waon", server_now);
    waon.sign_up().await;
    let session = waon.app.member_code().session();
    let a = session.tick().await.unwrap().code().cloned().unwrap();
    assert_eq!(a.seconds_left, 150);
    let png_a = session.render_png(None, 600).unwrap();
    waon.advance(149);
    assert_eq!(session.tick().await, None);
    assert_eq!(session.render_png(None, 600).unwrap(), png_a);
    waon.advance(1);
    let b = session.tick().await.unwrap().code().cloned().unwrap();
    assert_ne!(b.code, a.code);
    assert_eq!(b.seconds_left, 300);
    assert_ne!(session.render_png(None, 600).unwrap(), png_a);
    let svg = session.render_svg(Some(Symbology::Code128), 800).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("width=\"800\""));
    // Widths an app may pass by mistake are typed errors, the same for SVG and PNG.
    for width in [0, 1, u32::MAX] {
        let png = session.render_png(Some(Symbology::Qr), width).unwrap_err();
        let svg = session.render_svg(Some(Symbology::Qr), width).unwrap_err();
        assert_eq!(png, svg, "{width}");
        assert!(matches!(
            png,
            BarcodeError::TooNarrow { .. } | BarcodeError::TooLarge { .. }
        ));
    }
}

/// Collects what a subscription delivers.
struct Collect(tokio::sync::mpsc::UnboundedSender<MemberCodeState>);

impl MemberCodeListener for Collect {
    fn on_code(&self, code: MemberCodeView) {
        let _ = self.0.send(MemberCodeState::Ready { code });
    }
    fn on_unavailable(&self, unavailable: MemberCodeUnavailable) {
        let _ = self.0.send(MemberCodeState::Unavailable { unavailable });
    }
}

async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<MemberCodeState>) -> MemberCodeState {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a state within 5 s")
        .expect("the subscription is running")
}

#[tokio::test]
async fn a_subscription_tells_each_change_once_and_stops_when_dropped() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "waon", mid_step(&sandbox).await);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let session = phone.app.member_code().session();
    let subscription = session
        .subscribe_polling(Arc::new(Collect(tx)), Duration::from_millis(5))
        .unwrap();
    assert!(subscription.is_active());
    let first = next(&mut rx).await;
    assert_eq!(
        first.unavailable_reason(),
        Some(&UnavailableReason::NotSignedIn)
    );

    let account = phone.sign_up().await;
    let a = next(&mut rx)
        .await
        .code()
        .cloned()
        .expect("a code after log-in");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(rx.try_recv().is_err(), "no news while the code counts down");
    phone.advance(300);
    let b = next(&mut rx).await.code().cloned().expect("the next code");
    assert_eq!(b.valid_from_unix, a.valid_until_unix);

    phone.app.account().log_out().await.unwrap();
    assert_eq!(
        next(&mut rx).await.unavailable_reason(),
        Some(&UnavailableReason::NotSignedIn)
    );

    drop(subscription);
    tokio::time::sleep(Duration::from_millis(50)).await;
    phone
        .app
        .account()
        .log_in(&account.login_id, PASSWORD)
        .await
        .unwrap();
    phone.advance(300);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(rx.try_recv().is_err(), "nothing after the drop");
}

#[tokio::test]
async fn a_code_is_used_once_its_transaction_completed() {
    let sandbox = sandbox().await;
    let server_now = mid_step(&sandbox).await;
    let till = Till::new(&sandbox, "till-1");
    let other_till = Till::new(&sandbox, "till-2");

    // waon, completed on scan.
    let waon = Phone::new(&sandbox, "waon", server_now);
    waon.sign_up().await;
    let code = waon.code().code;
    let (status, answer) = till.scan_and_complete(&code).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("completed"))
    );
    let (status, answer) = other_till.scan(&code).await;
    assert_eq!((status, answer["error"].as_str()), (409, Some("code_used")));
    // The next step's code is a new code.
    waon.advance(300);
    sandbox.advance_clock(300);
    assert_eq!(till.scan(&waon.code().code).await.0, 200);

    // wester, scanned, rescanned, completed.
    let wester = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    wester.sign_up().await;
    wester.app.member_code().fetch().await.unwrap();
    let code = wester.code();
    wester
        .clock
        .set(DateTime::from_timestamp(code.valid_from_unix + 1, 0).unwrap());
    let (status, opened) = till.scan(&code.code).await;
    assert_eq!(status, 200);
    let transaction = opened["transaction_id"].as_str().unwrap().to_owned();
    let (status, again) = till.scan(&code.code).await;
    assert_eq!(status, 200, "a cashier scanning twice");
    assert_eq!(
        (
            again["transaction_id"].as_str(),
            again["rescanned"].as_bool()
        ),
        (Some(transaction.as_str()), Some(true))
    );
    let (status, busy) = other_till.scan(&code.code).await;
    assert_eq!((status, busy["error"].as_str()), (409, Some("code_in_use")));
    assert_eq!(
        other_till.complete(&transaction).await.0,
        409,
        "not its transaction"
    );
    let (status, done) = till.complete(&transaction).await;
    assert_eq!((status, done["status"].as_str()), (200, Some("completed")));
    assert_eq!(
        till.complete(&transaction).await.0,
        200,
        "a retried completion"
    );
    assert_eq!(till.cancel(&transaction).await.0, 409);
    let (status, answer) = other_till.scan(&code.code).await;
    assert_eq!((status, answer["error"].as_str()), (409, Some("code_used")));

    // The phone learns at its next fetch: the used code goes, a new current one comes.
    wester.app.member_code().fetch().await.unwrap();
    let replacement = wester.code();
    assert_ne!(replacement.code, code.code);
    assert_eq!(till.scan(&replacement.code).await.0, 200);
}

#[tokio::test]
async fn repeated_failures_slow_the_terminal_down() {
    let sandbox = sandbox().await;
    // "Still blocked after 59 s" is exact only on a clock that stands still between requests.
    sandbox.freeze_clock();
    let server_now = mid_step(&sandbox).await;
    let phone = Phone::new(&sandbox, "waon", server_now);
    phone.sign_up().await;
    let valid = phone.code().code;
    let till = Till::new(&sandbox, "till-guess");

    for left in (1..=4).rev() {
        let guess = format!("4300{:012}{:016}", left, 1_234_567_890_123_456_u64);
        let (status, answer) = till.scan(&guess).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (404, Some("unknown_code"))
        );
        assert_eq!(answer["failures_left"], left);
    }
    let (status, answer) = till.scan("109").await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (429, Some("too_many_failures")),
        "the fifth failure blocks: {answer}"
    );
    assert_eq!(answer["retry_after_seconds"], 60);
    let (status, _) = till.scan(&valid).await;
    assert_eq!(status, 429, "even a valid code waits: no guessing oracle");
    // Other terminals are not affected.
    let other = Till::new(&sandbox, "till-2");
    let (status, opened) = other.scan(&valid).await;
    assert_eq!(status, 200);
    other
        .cancel(opened["transaction_id"].as_str().unwrap())
        .await;

    sandbox.advance_clock(59);
    assert_eq!(till.scan(&valid).await.0, 429, "still blocked after 59 s");
    sandbox.advance_clock(2);
    let (status, answer) = till.scan(&valid).await;
    assert_eq!(status, 200, "the block is over: {answer}");
    let (status, answer) = till
        .post(
            "/pos/scan",
            json!({"terminal_id": "bad id!", "code": valid}),
        )
        .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("bad_request"))
    );
}

#[tokio::test]
async fn no_code_states_are_typed() {
    let sandbox = sandbox().await;
    // Nobody signed in.
    let phone = Phone::new(&sandbox, "waon", Utc::now());
    let none = phone.unavailable();
    assert_eq!(none.reason, UnavailableReason::NotSignedIn);
    assert!(none.message_en.contains("Log in"));
    assert_eq!(
        phone.app.member_code().session().render_png(None, 600),
        Err(BarcodeError::NothingToShow {
            reason: "not_signed_in".into()
        })
    );

    // A session without a device secret (e.g. saved by an older version): typed.
    phone.sign_up().await;
    assert!(matches!(
        phone.app.member_code().current(),
        MemberCodeState::Ready { .. }
    ));
    let key = "tamaru.waon.session";
    let mut stored: Value = serde_json::from_str(&phone.store.get(key).unwrap().unwrap()).unwrap();
    let secret = stored["device_secret"].as_str().unwrap().to_owned();
    stored["device_secret"] = Value::Null;
    phone.store.set(key, &stored.to_string()).unwrap();
    assert_eq!(
        phone.unavailable().reason,
        UnavailableReason::NoDeviceSecret
    );
    stored["device_secret"] = json!(secret);
    stored["device_number"] = Value::Null;
    phone.store.set(key, &stored.to_string()).unwrap();
    assert_eq!(
        phone.unavailable().reason,
        UnavailableReason::NoDeviceNumber
    );

    // wester: signed in, never fetched, offline.
    let wester = Phone::new(&sandbox, "wester", sandbox_now(&sandbox).await);
    let account = wester.sign_up().await;
    assert_eq!(
        wester.offline_twin().unavailable().reason,
        UnavailableReason::NoCodesYet
    );
    // Fetched, then logged out: nothing shows and the codes are wiped, so logging in again
    // (even as the same member) shows none until a fetch.
    wester.app.member_code().fetch().await.unwrap();
    wester.app.account().log_out().await.unwrap();
    assert_eq!(wester.unavailable().reason, UnavailableReason::NotSignedIn);
    wester
        .app
        .account()
        .log_in(&account.login_id, PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        wester.offline_twin().unavailable().reason,
        UnavailableReason::NoCodesYet
    );
}
