//! The till kinds of SPEC §8 against the real sandbox: a waon member with an AEON card, a
//! WAON POINT card, the app's member code and another app's code presents each at every
//! terminal kind by every read method; the sandbox's till accepts, refuses and prints its
//! receipt exactly as the core's profile-driven rules (and the seed's table) say.

use serde_json::{Value, json};
use tamaru_core::barcode::MemberCodeState;
use tamaru_core::profile::ReadMethod;
use tamaru_core::till::{till_accepts, till_guide, till_receipt};
use tamaru_scenarios::{registered_card, sandbox, signed_up};

const TERMINALS: [&str; 3] = ["common_pos", "omron_mp", "vinx_mp"];

async fn present(
    http: &reqwest::Client,
    url: &str,
    terminal: &str,
    read: ReadMethod,
    data: &str,
    amount: i64,
    use_points: i64,
) -> (u16, Value) {
    let response = http
        .post(format!("{url}/pos/till"))
        .json(&json!({
            "program": "waon", "terminal": terminal, "read": read.as_str(), "data": data,
            "amount": amount, "use_points": use_points,
        }))
        .send()
        .await
        .expect("the till answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn every_terminal_kind_reads_and_prints_as_the_profile_says() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "waon").await;
    let aeon = registered_card(&sandbox, &phone, "waon", "aeon_card").await;
    let waon_card = registered_card(&sandbox, &phone, "waon", "waon_point_card").await;
    let member_id = phone
        .app
        .account()
        .details()
        .await
        .expect("account")
        .member_id;
    let http = reqwest::Client::new();
    let app_code = http
        .post(format!("{}/admin/app-codes", sandbox.url()))
        .json(&json!({"program": "waon", "login_id": login_id}))
        .send()
        .await
        .expect("app code")
        .json::<Value>()
        .await
        .expect("JSON")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    assert!(app_code.starts_with("109") && app_code.len() == 16);
    let profile = phone.app.profile().clone();
    let code = match phone.app.member_code().current() {
        MemberCodeState::Ready { code } => code,
        other => panic!("a waon code offline: {other:?}"),
    };
    let reads = [
        ("aeon_card", aeon.number.clone(), aeon.point_account.clone()),
        ("waon_point_card", waon_card.number.clone(), None),
        ("member_code", code.code.clone(), None),
        ("app_code", app_code.clone(), None),
    ];
    let mut accepted = 0;
    for terminal in TERMINALS {
        for (kind, data, account) in &reads {
            for read in ReadMethod::ALL {
                for (amount, use_points) in [(0, 0), (1000, 0), (0, 1)] {
                    let (status, answer) = present(
                        &http,
                        &sandbox.url(),
                        terminal,
                        read,
                        data,
                        amount,
                        use_points,
                    )
                    .await;
                    assert_eq!(status, 200, "{answer}");
                    let expected = till_accepts(&profile, terminal, kind, read).expect("known");
                    let case = format!("{terminal} {kind} {read:?} {amount} {use_points}");
                    if !expected {
                        // A barcode of a card's number is still that card (the registry knows
                        // it), so every refusal is the terminal's.
                        assert_eq!(
                            answer,
                            json!({"accepted": false, "refusal": "not_accepted_here",
                                   "member_id": null, "earned": 0, "used": 0,
                                   "receipt": {"numbers": [], "id_line": null}}),
                            "{case}"
                        );
                        continue;
                    }
                    accepted += 1;
                    let earned = amount / 200;
                    assert_eq!(answer["accepted"], true, "{case}: {answer}");
                    assert_eq!(answer["member_id"], member_id.as_str(), "{case}");
                    assert_eq!(answer["earned"], earned, "{case}");
                    assert_eq!(answer["used"], use_points, "{case}");
                    let receipt = till_receipt(
                        &profile,
                        terminal,
                        kind,
                        data,
                        account.as_deref(),
                        earned > 0 || use_points > 0,
                    )
                    .expect("receipt");
                    assert_eq!(
                        answer["receipt"],
                        json!({"numbers": receipt.numbers, "id_line": receipt.id_line}),
                        "{case}"
                    );
                }
            }
        }
    }
    // 14 accepted (terminal, kind, read) triples of the seed, three purchases each.
    assert_eq!(accepted, 14 * 3);

    // The seed's receipts, spelled out for the AEON card swiped with points earned.
    let last4 = |n: &str| format!("…{}", &n[n.len() - 4..]);
    let pan = &aeon.number;
    let wp = aeon
        .point_account
        .as_deref()
        .expect("an AEON card maps to a point account");
    let id_line = format!("ID: {}000", &pan[5..6]);
    for (terminal, numbers, id) in [
        ("common_pos", vec![last4(pan)], Some(id_line.clone())),
        ("omron_mp", vec![last4(pan), last4(wp)], None),
        ("vinx_mp", vec![last4(wp)], None),
    ] {
        let (_, answer) = present(
            &http,
            &sandbox.url(),
            terminal,
            ReadMethod::Magnetic,
            pan,
            400,
            0,
        )
        .await;
        assert_eq!(
            answer["receipt"],
            json!({"numbers": numbers, "id_line": id}),
            "{terminal}"
        );
    }
    // At the common POS with nothing earned or used only the ID line prints.
    let (_, answer) = present(
        &http,
        &sandbox.url(),
        "common_pos",
        ReadMethod::Magnetic,
        pan,
        100,
        0,
    )
    .await;
    assert_eq!(
        answer["receipt"],
        json!({"numbers": [], "id_line": id_line})
    );

    // The member-code screen says the same as the receipts.
    let guide = till_guide(&profile, Some(&code.suffix));
    assert!(guide.iter().all(|g| g.accepts_member_code));
    assert!(guide[0].receipt_en.contains(&last4(&code.code)));
}

#[tokio::test]
async fn refusals_are_answers_and_bad_requests_are_errors() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "waon").await;
    let http = reqwest::Client::new();
    let url = sandbox.url();
    // A card nobody issued, and one issued but not registered.
    let (_, unknown) = present(
        &http,
        &url,
        "common_pos",
        ReadMethod::Magnetic,
        "6900000000009999",
        0,
        0,
    )
    .await;
    assert_eq!(unknown["refusal"], "unknown_card");
    let loose = sandbox
        .cards()
        .issue(&tamaru_sandbox::IssueCard::new("waon", "waon_point_card"))
        .expect("issued");
    let (_, unregistered) = present(
        &http,
        &url,
        "common_pos",
        ReadMethod::Magnetic,
        &loose.number,
        0,
        0,
    )
    .await;
    assert_eq!(unregistered["refusal"], "unregistered_card");
    // Using more points than held is refused, and nothing is earned either.
    let card = registered_card(&sandbox, &phone, "waon", "waon_point_card").await;
    let (_, short) = present(
        &http,
        &url,
        "omron_mp",
        ReadMethod::Magnetic,
        &card.number,
        1000,
        50,
    )
    .await;
    assert_eq!(short["refusal"], "insufficient_points");
    assert_eq!(short["accepted"], false);
    // A well-formed member code of nobody.
    let nobody = format!("4300{}", "1".repeat(28));
    let (_, code) = present(&http, &url, "vinx_mp", ReadMethod::Barcode, &nobody, 0, 0).await;
    assert_eq!(code["accepted"], false);
    // Bad requests.
    for body in [
        json!({"program": "waon", "terminal": "ncr", "read": "barcode", "data": "1"}),
        json!({"program": "waon", "terminal": "common_pos", "read": "nfc", "data": "1"}),
        json!({"program": "waon", "terminal": "common_pos", "read": "barcode", "data": "12a"}),
        json!({"program": "wester", "terminal": "common_pos", "read": "barcode", "data": "1"}),
        json!({"program": "nanaco", "terminal": "common_pos", "read": "barcode", "data": "1"}),
    ] {
        let status = http
            .post(format!("{url}/pos/till"))
            .json(&body)
            .send()
            .await
            .expect("answer")
            .status();
        assert!(status.is_client_error(), "{body}: {status}");
    }
}
