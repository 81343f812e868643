//! Data on the phone (issue 14): after a log-out, and after a withdrawal, no file of the
//! data directory holds a byte of what the member typed or was sent: card numbers, PINs,
//! member codes, mail codes, e-mail addresses, the texts of their point history. The scan
//! reads every file raw (the SQLite file, its WAL and shared-memory files, the install
//! files), so rows left in free pages or old WAL frames are found too.

use std::path::Path;

use chrono::FixedOffset;
use tamaru_core::barcode::MemberCodeState;
use tamaru_core::cards::input::CardInput;
use tamaru_sandbox::{IssueCard, Sandbox};
use tamaru_scenarios::{sandbox, signed_up};

/// Every `(file, value)` pair where a value occurs in a file under `dir`.
fn found_in(dir: &Path, values: &[String]) -> Vec<(String, String)> {
    let mut hits = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("read the data directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).expect("read a file");
            for value in values {
                if bytes.windows(value.len()).any(|w| w == value.as_bytes()) {
                    hits.push((path.display().to_string(), value.clone()));
                }
            }
        }
    }
    hits
}

/// A 4-digit PIN that does not occur in the install files by chance (their IDs are hex).
fn pin_not_in(dir: &Path) -> String {
    (1000..10_000)
        .map(|n: u32| format!("{}", 9999 - n + 1000))
        .find(|pin| found_in(dir, std::slice::from_ref(pin)).is_empty())
        .expect("a free PIN")
}

fn code_from_mailbox(sandbox: &Sandbox, address: &str) -> String {
    let mails = sandbox.mailbox(address);
    let body = &mails.last().expect("a mail was sent").body;
    let at = body.find("確認コード: ").expect("the mail holds a code") + "確認コード: ".len();
    body[at..].chars().take(6).collect()
}

/// Fills the phone with everything a member leaves on it; returns the values to look for.
async fn a_member_uses_the_app(
    sandbox: &Sandbox,
    phone: &tamaru_scenarios::Phone,
    program: &str,
    login_id: &str,
    card_type: &str,
) -> Vec<String> {
    let mut values = vec![login_id.to_owned()];
    // A card with a PIN where the card type has one.
    let mut issue = IssueCard::new(program, card_type);
    let asks = card_type == "sc_point_card";
    if asks {
        issue.pin = Some(pin_not_in(&phone.data_dir));
    }
    let card = sandbox.cards().issue(&issue).expect("card issued");
    phone
        .app
        .cards()
        .register(&CardInput {
            card_type: card.card_type.clone(),
            number: card.number.clone(),
            has_pin: asks.then_some(card.pin.is_some()),
            pin: card.pin.clone(),
            member_registered: asks.then_some(card.member_registered),
        })
        .await
        .expect("card registers");
    phone.app.cards().refresh().await.expect("card list");
    values.push(card.number.clone());
    values.extend(card.pin.clone());
    // Points with a history whose texts came from the server.
    let today = sandbox
        .now()
        .with_timezone(&FixedOffset::east_opt(9 * 3600).expect("JST"))
        .date_naive();
    let store = format!("店舗{}", &card.number[8..]);
    let text = format!("購入特典{}", &card.number[4..12]);
    sandbox
        .points()
        .award(program, login_id, 321, today, &store, &text)
        .expect("points awarded");
    phone.app.points().refresh().await.expect("points sync");
    values.push(store);
    values.push(text);
    // A member code shown.
    let _ = phone.app.member_code().fetch().await;
    match phone.app.member_code().current() {
        MemberCodeState::Ready { code } => values.push(code.code),
        MemberCodeState::Unavailable { .. } => panic!("a member code is shown"),
    }
    // A new e-mail address confirmed with the code sent to it.
    let new_address = format!("new.{login_id}");
    phone
        .app
        .mail()
        .request_email_change(&new_address)
        .await
        .expect("change requested");
    let code = code_from_mailbox(sandbox, &new_address);
    phone
        .app
        .mail()
        .confirm_email_change(&code)
        .await
        .expect("change confirmed");
    phone.app.mail().settings().await.expect("settings");
    values.push(new_address);
    values.push(code);
    values
}

#[tokio::test]
async fn nothing_of_the_member_is_left_in_any_file_after_log_out() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let values =
        a_member_uses_the_app(&sandbox, &phone, "wester", &login_id, "sc_point_card").await;
    // The scan sees what is there: before the log-out the phone holds the card number and
    // the member code (the cache is meant to).
    let before: Vec<String> = found_in(&phone.data_dir, &values)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert!(
        before.contains(&values[1]),
        "card number cached: {before:?}"
    );

    phone.app.account().log_out().await.expect("log-out");
    let left = found_in(&phone.data_dir, &values);
    assert!(left.is_empty(), "left on the phone after log-out: {left:?}");
    // Logging in again (`wester` logs in with the e-mail address, now the new one) brings
    // the member's data back from the server.
    phone
        .app
        .account()
        .log_in(&format!("new.{login_id}"), &password)
        .await
        .expect("log in");
    let cards = phone.app.cards().refresh().await.expect("cards again");
    assert_eq!(cards.cards.len(), 1);
}

#[tokio::test]
async fn nothing_of_the_member_is_left_in_any_file_after_withdrawal() {
    let sandbox = sandbox().await;
    let (phone, login_id, password) = signed_up(&sandbox, "waon").await;
    let values =
        a_member_uses_the_app(&sandbox, &phone, "waon", &login_id, "waon_point_card").await;
    assert!(!found_in(&phone.data_dir, &values).is_empty());

    phone
        .app
        .account()
        .withdraw(&password)
        .await
        .expect("withdrawal");
    let left = found_in(&phone.data_dir, &values);
    assert!(
        left.is_empty(),
        "left on the phone after withdrawal: {left:?}"
    );
}
