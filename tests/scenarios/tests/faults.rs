//! Writes through a flaky network (issue 14): the sandbox's fault layer drops connections
//! before the server acts and after it acted (the answer lost), and the member presses
//! again. No write applies twice or is lost, and the member is never told "failed" for a
//! write that applied nor "done" for one that did not.

use tamaru_core::error::TamaruError;
use tamaru_core::secure_store::SecureStore;
use tamaru_sandbox::{FaultKind, FaultPlan, Sandbox};
use tamaru_scenarios::{Phone, sandbox, signed_up};

/// Every attempt the client makes (the first and its retries) for one press.
const ALL_ATTEMPTS: u32 = 4;

async fn waon_member_with(sandbox: &Sandbox, points: i64) -> (Phone, String) {
    let (phone, login_id, _) = signed_up(sandbox, "waon").await;
    if points > 0 {
        let today = sandbox.points().today();
        sandbox
            .points()
            .award("waon", &login_id, points, today, "イオン", "お買い物")
            .expect("award");
    }
    (phone, login_id)
}

fn held(sandbox: &Sandbox, login_id: &str) -> i64 {
    sandbox
        .points()
        .ledger("waon", login_id)
        .expect("ledger")
        .balance
        .total
}

fn uses(sandbox: &Sandbox, login_id: &str) -> usize {
    sandbox
        .points()
        .ledger("waon", login_id)
        .expect("ledger")
        .entries
        .iter()
        .filter(|e| e.kind == "use")
        .count()
}

/// The reported bug: a use whose answer was lost, pressed again, was applied twice.
#[tokio::test]
async fn a_point_use_whose_answer_was_lost_and_pressed_again_applies_once() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    // Every attempt of the first press reaches the server and loses its answer.
    sandbox.fault_next("/v1/points/use", FaultKind::DropAfter, ALL_ATTEMPTS);
    let first = phone.app.points().use_points(100, "交換").await;
    assert!(
        matches!(first, Err(TamaruError::WriteOutcomeUnknown { .. })),
        "the member is told it is not known yet, not that it failed: {first:?}"
    );
    assert_eq!(held(&sandbox, &login_id), 400, "applied once on the server");
    assert_eq!(phone.app.pending_writes().unwrap().len(), 1);

    // The member presses again: the same key goes out, the first answer comes back.
    let again = phone
        .app
        .points()
        .use_points(100, "交換")
        .await
        .expect("the repeat is answered with the first use");
    assert_eq!(again.points, -100);
    assert_eq!(held(&sandbox, &login_id), 400, "not applied a second time");
    assert_eq!(uses(&sandbox, &login_id), 1);
    assert!(phone.app.pending_writes().unwrap().is_empty());
    assert_eq!(phone.app.points().balance().unwrap().total, 400);
    assert!(sandbox.idempotency_stats().replays >= 1);
}

#[tokio::test]
async fn a_lost_answer_is_found_by_the_retry_and_the_member_is_told_done() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    sandbox.fault_next("/v1/points/use", FaultKind::DropAfter, 1);
    let used = phone.app.points().use_points(120, "").await.expect("done");
    assert_eq!(used.points, -120);
    assert_eq!(held(&sandbox, &login_id), 380);
    assert_eq!(uses(&sandbox, &login_id), 1);
}

#[tokio::test]
async fn a_use_dropped_before_the_server_acted_applies_once_when_pressed_again() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    sandbox.fault_next("/v1/points/use", FaultKind::DropBefore, ALL_ATTEMPTS);
    let first = phone.app.points().use_points(100, "").await;
    assert!(matches!(
        first,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    assert_eq!(held(&sandbox, &login_id), 500, "nothing applied yet");
    phone.app.points().use_points(100, "").await.expect("done");
    assert_eq!(held(&sandbox, &login_id), 400);
    assert_eq!(uses(&sandbox, &login_id), 1);
}

#[tokio::test]
async fn another_use_waits_until_the_unknown_one_is_found_out() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    sandbox.fault_next("/v1/points/use", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(phone.app.points().use_points(100, "").await.is_err());
    // A use of another amount: the core first asks what became of the 100 (applied), then
    // sends the 120 as a new write.
    phone.app.points().use_points(120, "").await.expect("done");
    assert_eq!(held(&sandbox, &login_id), 280);
    assert_eq!(uses(&sandbox, &login_id), 2);
    assert!(phone.app.pending_writes().unwrap().is_empty());
}

#[tokio::test]
async fn a_pending_write_survives_a_restart_and_is_resolved_without_sending_it_again() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    sandbox.fault_next("/v1/points/use", FaultKind::DropBefore, ALL_ATTEMPTS);
    assert!(phone.app.points().use_points(100, "").await.is_err());
    let phone = phone.restart();
    let pending = phone.app.pending_writes().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].kind, "points_use");
    let resolved = phone.app.resolve_pending_writes().await.unwrap();
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].outcome, "not_applied");
    assert_eq!(held(&sandbox, &login_id), 500);
    assert!(phone.app.pending_writes().unwrap().is_empty());

    // And one that applied is reported as applied after a restart.
    sandbox.fault_next("/v1/points/use", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(phone.app.points().use_points(30, "").await.is_err());
    let phone = phone.restart();
    let resolved = phone.app.resolve_pending_writes().await.unwrap();
    assert_eq!(resolved[0].outcome, "applied");
    assert_eq!(held(&sandbox, &login_id), 470);
}

#[tokio::test]
async fn a_family_send_whose_answer_was_lost_applies_once() {
    let sandbox = sandbox().await;
    let (a, a_login) = waon_member_with(&sandbox, 500).await;
    let (b, b_login) = waon_member_with(&sandbox, 0).await;
    let family = a.app.points().create_family().await.expect("create");
    let code = family.group.expect("group").invite_code;
    b.app
        .points()
        .join_family_by_code(&code)
        .await
        .expect("join");
    let b_id = b.app.account().details().await.expect("account").member_id;

    sandbox.fault_next("/v1/family/transfers", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(matches!(
        a.app.points().send_points(&b_id, 200).await,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    a.app.points().send_points(&b_id, 200).await.expect("done");
    assert_eq!(held(&sandbox, &a_login), 300);
    assert_eq!(held(&sandbox, &b_login), 200);
}

#[tokio::test]
async fn an_email_confirmation_whose_answer_was_lost_is_done_not_expired() {
    let sandbox = sandbox().await;
    let (phone, _login, _) = signed_up(&sandbox, "waon").await;
    let new_email = format!(
        "new{}@example.jp",
        tamaru_scenarios::uuid_like().replace('-', "")
    );
    sandbox.fault_next("/v1/mail/email-change", FaultKind::DropAfter, 1);
    phone
        .app
        .mail()
        .request_email_change(&new_email)
        .await
        .expect("the retry gets the first answer");
    assert_eq!(sandbox.mailbox(&new_email).len(), 1, "one code, not two");
    let code: String = sandbox.mailbox(&new_email)[0]
        .body
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    sandbox.fault_next(
        "/v1/mail/email-change/confirm",
        FaultKind::DropAfter,
        ALL_ATTEMPTS,
    );
    assert!(matches!(
        phone.app.mail().confirm_email_change(&code).await,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    let changed = phone
        .app
        .mail()
        .confirm_email_change(&code)
        .await
        .expect("the repeat is told it is done, not that the code expired");
    assert_eq!(changed.email, new_email);
}

#[tokio::test]
async fn a_password_change_whose_answer_was_lost_is_done_when_pressed_again() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "waon").await;
    let new_password = "Tamaru#2027x";
    sandbox.fault_next("/v1/password", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(matches!(
        phone
            .app
            .account()
            .change_password(&password, new_password)
            .await,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    phone
        .app
        .account()
        .change_password(&password, new_password)
        .await
        .expect("done, not 'wrong old password'");
    // Nothing of the passwords was written to the phone's database.
    let db = std::fs::read(phone.data_dir.join("tamaru.db")).unwrap_or_default();
    assert!(!String::from_utf8_lossy(&db).contains(new_password));
    phone.app.account().log_out().await.unwrap();
    phone
        .app
        .account()
        .log_in(&login_id, new_password)
        .await
        .expect("the new password works");
}

#[tokio::test]
async fn a_till_use_retried_with_its_key_applies_once_and_a_reused_key_is_refused() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    let session = phone
        .store
        .get("tamaru.waon.session")
        .unwrap()
        .expect("session");
    let token = serde_json::from_str::<serde_json::Value>(&session).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let till = |body: serde_json::Value| {
        let http = http.clone();
        let url = format!("{}/pos/points", sandbox.url());
        async move { http.post(url).json(&body).send().await }
    };
    let code = phone
        .app
        .member_code()
        .current()
        .code()
        .expect("an offline code")
        .code
        .clone();
    let body = serde_json::json!({
        "code": code, "program": "waon", "kind": "use", "points": 50,
        "idempotency_key": "till-0001-abcdef",
    });
    sandbox.fault_next("/pos/points", FaultKind::DropAfter, 1);
    assert!(till(body.clone()).await.is_err(), "the answer was lost");
    let again = till(body.clone()).await.expect("answered");
    assert_eq!(again.status(), 200);
    assert_eq!(held(&sandbox, &login_id), 450);
    let mut other = body.clone();
    other["points"] = 60.into();
    let refused = till(other).await.expect("answered");
    assert_eq!(refused.status(), 422);
    let refused: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(refused["error"], "idempotency_key_reused");
    assert_eq!(held(&sandbox, &login_id), 450);

    // The member API refuses a reused key with other parameters the same way.
    let url = format!("{}v1/points/use", sandbox.program_url("waon"));
    let send = |points: i64| {
        http.post(&url)
            .bearer_auth(&token)
            .json(&serde_json::json!({"points": points, "idempotency_key": "app-key-000001"}))
            .send()
    };
    assert_eq!(send(10).await.unwrap().status(), 200);
    assert_eq!(send(10).await.unwrap().status(), 200);
    assert_eq!(send(11).await.unwrap().status(), 422);
    assert_eq!(held(&sandbox, &login_id), 440);
}

#[tokio::test]
async fn reads_get_through_5xx_cut_off_slow_and_wrong_type_answers() {
    let sandbox = sandbox().await;
    let (phone, _login) = waon_member_with(&sandbox, 500).await;
    for kind in [
        FaultKind::ServerError,
        FaultKind::Truncate,
        FaultKind::SlowBody,
        FaultKind::WrongContentType,
        FaultKind::DropBefore,
        FaultKind::Latency,
    ] {
        // Latency and a slow body are answers (late ones); the others fail twice.
        let count = if matches!(kind, FaultKind::Latency | FaultKind::SlowBody) {
            1
        } else {
            2
        };
        sandbox.fault_next("/v1/points/changes", kind, count);
        let report = phone.app.points().refresh().await;
        assert!(
            report.is_ok(),
            "{kind:?}: {report:?} {:?}",
            sandbox.fault_stats()
        );
    }
    assert_eq!(phone.app.points().balance().unwrap().total, 500);
    // A server that keeps failing ends in a typed error, after a bounded number of tries.
    let before = sandbox.fault_stats().requests;
    sandbox.fault_next("/v1/points/changes", FaultKind::ServerError, 100);
    let gave_up = phone.app.points().refresh().await;
    assert!(
        matches!(gave_up, Err(TamaruError::Server { status: 503, .. })),
        "{gave_up:?}"
    );
    assert_eq!(
        sandbox.fault_stats().requests - before,
        u64::from(ALL_ATTEMPTS)
    );
}

#[tokio::test]
async fn a_skewed_server_clock_does_not_stop_log_in_or_writes() {
    let sandbox = sandbox().await;
    sandbox.set_faults(FaultPlan {
        clock_skew_seconds: 10 * 60,
        ..FaultPlan::default()
    });
    let (phone, login_id) = waon_member_with(&sandbox, 300).await;
    phone.app.points().use_points(100, "").await.expect("use");
    assert_eq!(held(&sandbox, &login_id), 200);
    sandbox.set_faults(FaultPlan {
        clock_skew_seconds: -10 * 60,
        ..FaultPlan::default()
    });
    phone.app.points().refresh().await.expect("refresh");
    assert_eq!(phone.app.points().balance().unwrap().total, 200);
}

#[tokio::test]
async fn a_card_merge_whose_answer_was_lost_is_answered_when_pressed_again() {
    use tamaru_core::cards::{MergeRequest, PersonalDetails};
    use tamaru_sandbox::{AccountHolder, Holder, IssueCard};
    let sandbox = sandbox().await;
    let holder = PersonalDetails {
        name: "山田 花子".into(),
        birth_date: "1990-04-01".into(),
    };
    let mut logins = Vec::new();
    let mut phones = Vec::new();
    for _ in 0..2 {
        let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
        sandbox
            .cards()
            .set_holder(
                "waon",
                &login_id,
                &AccountHolder {
                    name: holder.name.clone(),
                    birth_date: holder.birth_date.clone(),
                    first_award_date: None,
                },
            )
            .expect("holder");
        logins.push(login_id);
        phones.push(phone);
    }
    let theirs = sandbox
        .cards()
        .issue(&IssueCard {
            holder: Some(Holder {
                name: holder.name.clone(),
                birth_date: holder.birth_date.clone(),
            }),
            ..IssueCard::new("waon", "waon_point_card")
        })
        .expect("issued");
    phones[1]
        .app
        .cards()
        .register(&tamaru_scenarios::typed(&theirs))
        .await
        .expect("registered");
    let request = MergeRequest {
        card_type: theirs.card_type.clone(),
        card_number: theirs.number.clone(),
        holder,
    };
    sandbox.fault_next("/v1/cards/merge", FaultKind::DropAfter, ALL_ATTEMPTS);
    assert!(matches!(
        phones[0].app.cards().merge(&request).await,
        Err(TamaruError::WriteOutcomeUnknown { .. })
    ));
    let merged = phones[0]
        .app
        .cards()
        .merge(&request)
        .await
        .expect("the first merge's answer, not 'account not found'");
    assert_eq!(merged.merged_cards, 1);
    assert_eq!(sandbox.cards().stats().merges, 1);
    assert_eq!(phones[0].app.cards().list().unwrap().cards.len(), 1);
}

#[tokio::test]
async fn asking_about_a_key_that_never_arrived_retires_it_so_a_late_copy_is_refused() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    let session = phone
        .store
        .get("tamaru.waon.session")
        .unwrap()
        .expect("session");
    let token = serde_json::from_str::<serde_json::Value>(&session).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let base = sandbox.program_url("waon");
    let resolve = |key: &str| {
        http.post(format!("{base}v1/idempotency-keys/{key}/resolve"))
            .bearer_auth(&token)
            .send()
    };
    let use_with = |key: &str| {
        http.post(format!("{base}v1/points/use"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"points": 10, "idempotency_key": key}))
            .send()
    };
    let asked: serde_json::Value = resolve("never-sent-0001")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(asked["state"], "abandoned");
    let late = use_with("never-sent-0001").await.unwrap();
    assert_eq!(late.status(), 409);
    let late: serde_json::Value = late.json().await.unwrap();
    assert_eq!(late["error"], "idempotency_key_abandoned");
    assert_eq!(
        held(&sandbox, &login_id),
        500,
        "the late copy did not apply"
    );

    assert_eq!(use_with("sent-once-0001").await.unwrap().status(), 200);
    let done: serde_json::Value = resolve("sent-once-0001")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(done["state"], "done");
    assert_eq!(done["status"], 200);
    assert_eq!(done["answer"]["entry"]["points"], -10);
    assert_eq!(held(&sandbox, &login_id), 490);
    assert_eq!(sandbox.idempotency_stats().abandoned, 1);
}

#[tokio::test]
async fn a_till_reads_a_phone_code_across_a_small_clock_skew_and_says_expired_across_a_large_one() {
    let sandbox = sandbox().await;
    let (phone, login_id) = waon_member_with(&sandbox, 500).await;
    let http = reqwest::Client::new();
    let scan = |code: String| {
        let http = http.clone();
        let url = format!("{}/pos/points", sandbox.url());
        async move {
            let answer = http
                .post(url)
                .json(&serde_json::json!({
                    "code": code, "program": "waon", "kind": "use", "points": 5,
                }))
                .send()
                .await
                .expect("answered");
            let status = answer.status().as_u16();
            (
                status,
                answer.json::<serde_json::Value>().await.expect("json"),
            )
        }
    };
    let code = || {
        phone
            .app
            .member_code()
            .current()
            .code()
            .expect("an offline code")
            .code
            .clone()
    };
    for skew in [-200, 200] {
        sandbox.set_faults(FaultPlan {
            clock_skew_seconds: skew,
            ..FaultPlan::default()
        });
        let (status, body) = scan(code()).await;
        assert_eq!(status, 200, "skew {skew}: {body}");
    }
    assert_eq!(held(&sandbox, &login_id), 490);
    sandbox.set_faults(FaultPlan {
        clock_skew_seconds: 30 * 60,
        ..FaultPlan::default()
    });
    let (status, body) = scan(code()).await;
    // Half an hour off: the till says the code expired (the member is asked for the
    // current one), not that no member has it.
    assert!((400..500).contains(&status), "{body}");
    assert_eq!(body["error"], "code_expired", "{body}");
    assert_eq!(held(&sandbox, &login_id), 490);
}

#[tokio::test]
async fn every_attempt_has_a_time_out_and_a_slow_answer_is_tried_again() {
    use std::time::Duration;
    use tamaru_core::http::RetryPolicy;
    let sandbox = sandbox().await;
    let (phone, _login) = waon_member_with(&sandbox, 500).await;
    // 1 s: short against the 3 s slow body, long enough for a normal answer on a loaded
    // CI machine.
    let impatient = RetryPolicy {
        attempt_timeout: Duration::from_millis(1000),
        ..RetryPolicy::fast()
    };
    let phone = phone.with_retry_policy(RetryPolicy {
        max_attempts: 1,
        ..impatient.clone()
    });
    sandbox.set_faults(FaultPlan {
        slow_body_ms: 3000,
        ..FaultPlan::default()
    });
    sandbox.fault_next("/v1/points/changes", FaultKind::SlowBody, 1);
    let timed_out = phone.app.points().refresh().await;
    assert!(
        matches!(&timed_out, Err(TamaruError::Network { detail }) if detail.contains("timed out")),
        "{timed_out:?}"
    );
    // With retries, the next attempt gets the answer.
    let phone = phone.with_retry_policy(impatient);
    sandbox.fault_next("/v1/points/changes", FaultKind::SlowBody, 1);
    phone
        .app
        .points()
        .refresh()
        .await
        .expect("the retry is answered");
    assert_eq!(phone.app.points().balance().unwrap().total, 500);
}
