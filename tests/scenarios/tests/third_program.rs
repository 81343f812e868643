//! A third program from its profile alone (SPEC §9): the test writes a Ponta-like profile
//! (13-digit JAN-checked cards, server-issued codes with their own prefix, a rolling 12-month
//! expiry, its own mail domain and till), registers it with the sandbox over the admin API,
//! and runs sign-up, cards, codes, points and mail end to end. Nothing in the core, the
//! sandbox or this test names the program: only the profile does.

use chrono::Months;
use serde_json::{Value, json};
use tamaru_core::barcode::MemberCodeState;
use tamaru_core::cards::check_digit::check_digit_valid;
use tamaru_core::error::TamaruError;
use tamaru_core::mail::MailSetting;
use tamaru_core::points::expiry::{ExpiryFacts, expiry_by_rules};
use tamaru_core::profile::{CheckDigit, ExpiryRule, Profile};
use tamaru_sandbox::IssueCard;
use tamaru_scenarios::{Phone, sandbox, typed, uuid_like};

const PROFILE: &str = r#"
id = "kumo"
name = "Kumo Points"
name_ja = "くもポイント"

[login]
id_kinds = ["email"]

[password]
min_length = 10
max_length = 32
require_digit = true
require_upper = false
require_lower = true
require_letter = true
require_symbol = false
symbols = "!#$%&*+-./:;=?@_"

[devices]
max_active = 3

[cards]
max_total = 5

[[cards.types]]
id = "kumo_card"
name = "Kumo card"
name_ja = "くもカード"
digits = 13
check = "mod10_w3"
pin = "none"

[member_code]
source = "server_issued"
prefix = "2500"
length = 16
validity_seconds = 300
symbologies = ["code128", "qr"]
advance_codes = 2
static_fallback = false

[points]
expiry = "rolling"
expiry_months = 12
expiring_soon_days = 30

[mail]
sender_domains = ["kumo.example.jp"]

[support]
form_url = "https://kumo.example.jp/contact/"
phone = "0120-000-000"
phone_hours = "10:00-18:00"

[till]
[[till.terminals]]
id = "kumo_pos"
name = "Kumo POS"
name_ja = "くもPOS"
accepts = [
    { card = "kumo_card", read = "barcode" },
    { card = "member_code", read = "barcode" },
]
receipt = [
    { card = "kumo_card", numbers = [{ number = "read", when = "always" }] },
    { card = "member_code", numbers = [{ number = "read", when = "points_moved" }] },
]
"#;

async fn post(url: String, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_third_program_runs_end_to_end_from_its_profile_alone() {
    // The profile, written to a file and loaded as an operator's app would.
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("kumo.toml");
    std::fs::write(&path, PROFILE).expect("written");
    let profile = Profile::from_file(&path).expect("the third profile loads");
    assert_eq!(profile.cards.types[0].check, CheckDigit::Mod10W3);
    assert_eq!(profile.points.expiry, ExpiryRule::Rolling);

    let sandbox = sandbox().await;
    let (status, registered) = post(
        format!("{}/admin/programs", sandbox.url()),
        json!({ "toml": PROFILE }),
    )
    .await;
    assert_eq!(status, 200, "{registered}");
    let id = registered["program"].as_str().expect("id").to_owned();
    assert_eq!(id, profile.id);

    // Sign-up, with the program's own password rule checked before any request.
    let phone = Phone::with_profile(&sandbox, profile.clone());
    assert!(matches!(
        phone
            .app
            .account()
            .sign_up("member@example.jp", "short1a", None)
            .await,
        Err(TamaruError::PasswordPolicy { .. })
    ));
    let login_id = format!("third{}@example.jp", uuid_like().replace('-', ""));
    let account = phone
        .app
        .account()
        .sign_up(&login_id, "kumo-points-2026", None)
        .await
        .expect("sign-up");

    // Cards: 13-digit JAN-checked numbers, pre-checked offline and registered on the server.
    let card = sandbox
        .cards()
        .issue(&IssueCard::new(&id, &profile.cards.types[0].id))
        .expect("the sandbox issues the program's card");
    assert_eq!(card.number.len(), 13);
    assert!(
        check_digit_valid(CheckDigit::Mod10W3, &card.number),
        "{}",
        card.number
    );
    let mut mistyped = typed(&card);
    let last = mistyped.number.pop().expect("digit");
    mistyped.number.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    assert!(matches!(
        phone.app.cards().register(&mistyped).await,
        Err(TamaruError::CardInput { .. })
    ));
    phone
        .app
        .cards()
        .register(&typed(&card))
        .await
        .expect("registered");
    let cards = phone.app.cards().refresh().await.expect("list").cards;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].number.as_deref(), Some(card.number.as_str()));

    // Member codes: issued by the server with the profile's prefix and length.
    let fetched = phone.app.member_code().fetch().await.expect("codes");
    assert!(fetched.live >= 1);
    let code = match phone.app.member_code().current() {
        MemberCodeState::Ready { code } => code,
        other => panic!("a code: {other:?}"),
    };
    assert!(
        code.code.starts_with("2500") && code.code.len() == 16,
        "{}",
        code.code
    );

    // The program's till reads the code and the card's barcode; the receipt follows the
    // profile. 1000 yen earns 5 points.
    let (_, at_till) = post(
        format!("{}/pos/till", sandbox.url()),
        json!({"program": id, "terminal": "kumo_pos", "read": "barcode",
               "data": code.code, "amount": 1000}),
    )
    .await;
    assert_eq!(at_till["accepted"], true, "{at_till}");
    assert_eq!(at_till["member_id"], account.member_id.as_str());
    assert_eq!(
        at_till["receipt"]["numbers"],
        json!([format!("…{}", code.suffix)])
    );
    let (_, swiped) = post(
        format!("{}/pos/till", sandbox.url()),
        json!({"program": id, "terminal": "kumo_pos", "read": "magnetic", "data": card.number}),
    )
    .await;
    assert_eq!(swiped["refusal"], "not_accepted_here");

    // Points under the rolling rule: every point expires 12 months after the last earn or
    // use, together. The balance's date is the core's rule applied to the last activity.
    let today = sandbox.points().today();
    let earlier = today - chrono::Duration::days(40);
    let mut fresh = Phone::with_profile(&sandbox, profile.clone());
    let login_2 = format!("third{}@example.jp", uuid_like().replace('-', ""));
    fresh
        .app
        .account()
        .sign_up(&login_2, "kumo-points-2026", None)
        .await
        .expect("second member");
    sandbox
        .points()
        .award(&id, &login_2, 300, earlier, "くも", "")
        .expect("award");
    fresh.app.points().refresh().await.expect("sync");
    let rolled = |last: chrono::NaiveDate| {
        expiry_by_rules(
            &profile.points,
            &ExpiryFacts {
                last_activity: Some(last),
                ..ExpiryFacts::default()
            },
        )
        .expect("rolling")
        .expect("a date")
        .to_string()
    };
    let balance = fresh.app.points().balance().expect("balance");
    assert_eq!(balance.total, 300);
    assert_eq!(balance.breakdown.len(), 1);
    assert_eq!(balance.breakdown[0].expires, rolled(earlier));
    assert_eq!(
        balance.breakdown[0].expires,
        (earlier.checked_add_months(Months::new(12)).expect("date")).to_string()
    );
    // A use today moves every held point's expiry to 12 months from today.
    fresh.app.points().use_points(100, "").await.expect("use");
    fresh.app.points().refresh().await.expect("sync");
    let balance = fresh.app.points().balance().expect("balance");
    assert_eq!(balance.total, 200);
    assert_eq!(balance.breakdown.len(), 1, "{:?}", balance.breakdown);
    assert_eq!(balance.breakdown[0].expires, rolled(today));
    fresh = fresh.restart();
    assert_eq!(fresh.app.points().balance().expect("offline").total, 200);

    // Mail: settings change and reach the server; the help names the program's domain.
    phone.app.mail().settings().await.expect("settings");
    phone
        .app
        .mail()
        .set(MailSetting::Newsletter, false)
        .await
        .expect("newsletter off");
    let admin = sandbox
        .mail_admin(&account.member_id)
        .expect("mail on the server");
    assert!(!admin.newsletter);
    let help = phone.app.mail().delivery_help().await.expect("help");
    assert_eq!(help.sender_domains, vec!["kumo.example.jp".to_owned()]);
}

#[tokio::test]
async fn a_profile_the_sandbox_cannot_serve_is_refused_naming_the_field() {
    let sandbox = sandbox().await;
    for (from, to, field) in [
        (
            "check = \"mod10_w3\"",
            "check = \"verhoeff\"",
            "cards.types[0].check",
        ),
        (
            "expiry = \"rolling\"",
            "expiry = \"server_dated\"",
            "points.expiry",
        ),
        ("id = \"kumo\"", "id = \"waon\"", "id"),
    ] {
        let text = PROFILE.replacen(from, to, 1);
        let (status, answer) = post(
            format!("{}/admin/programs", sandbox.url()),
            json!({ "toml": text }),
        )
        .await;
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["error"], "invalid_profile");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field),
            "{answer}"
        );
    }
    // An unregistered program is not served.
    let (status, _) = post(
        format!("{}/nimbus/v1/accounts", sandbox.url()),
        json!({"login_id": "a@example.jp", "password": "x"}),
    )
    .await;
    assert_eq!(status, 404);
}

#[test]
fn the_worked_example_in_the_profile_docs_is_this_profile() {
    let doc = include_str!("../../../docs/PROFILES.md");
    let start = doc.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    assert_eq!(doc[start..end].trim(), PROFILE.trim());
    Profile::from_toml(&doc[start..end]).expect("the documented example loads");
}

/// The sandbox (the server) and the core date points alike under every rule a registered
/// program can have, for every day of a leap year and the common years around it.
#[tokio::test]
async fn the_sandbox_dates_points_as_the_core_does_under_every_registered_rule() {
    let sandbox = sandbox().await;
    for (n, (rule, months)) in [
        ("rolling", Some(1)),
        ("rolling", Some(12)),
        ("months_after_award", Some(1)),
        ("months_after_award", Some(24)),
        ("never", None),
        ("fiscal_year", None),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("rules{n}_{}", std::process::id());
        let mut lines = format!("expiry = \"{rule}\"\n");
        if let Some(m) = months {
            lines.push_str(&format!("expiry_months = {m}\n"));
        }
        let text = PROFILE
            .replacen("id = \"kumo\"", &format!("id = \"{id}\""), 1)
            .replacen("expiry = \"rolling\"\nexpiry_months = 12\n", &lines, 1);
        let profile = Profile::from_toml(&text).expect("profile");
        sandbox.register_program_toml(&text).expect("registered");
        let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("date");
        for day in start.iter_days().take(3 * 366) {
            let facts = ExpiryFacts {
                earned: Some(day),
                last_activity: Some(day),
                ..ExpiryFacts::default()
            };
            let core = expiry_by_rules(&profile.points, &facts)
                .expect("dated")
                .map(|d| d.to_string())
                .unwrap_or_else(|| "9999-12-31".to_owned());
            let server = sandbox
                .points()
                .expiry(&id, None, day)
                .map(|d| d.to_string());
            assert_eq!(
                server.as_deref(),
                Some(core.as_str()),
                "{rule} {months:?} {day}"
            );
        }
    }
}
