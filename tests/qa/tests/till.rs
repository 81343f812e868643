//! `tamaru-qa till` as QA runs it: one JSON line with the keys in the contract's order, a
//! refusal exits 0, a bad argument exits 2.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Server {
    let mut child = qa()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = serde_json::from_str::<Value>(&first).unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    Server { child, url }
}

fn till(server: &Server, args: &[&str]) -> (Option<i32>, String) {
    let output = qa()
        .args(["till", "--server", &server.url, "--program", "waon"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn till_prints_one_line_in_order_and_refusals_exit_0() {
    let server = serve();
    let issued: Value = serde_json::from_slice(
        &qa()
            .args([
                "issue-card",
                "--server",
                &server.url,
                "--program",
                "waon",
                "--type",
                "aeon_card",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let pan = issued["number"].as_str().unwrap().to_owned();
    let account = issued["point_account"].as_str().unwrap().to_owned();
    // A member registers the card through the app.
    let mut app = qa()
        .args(["app", "--profile", "waon", "--server", &server.url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = app.stdin.take().unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "sign_up", "login_id": "qa-till@example.jp", "password": "Tamaru2026"})
        )
        .unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "cards_register", "type": "aeon_card", "number": pan})
        )
        .unwrap();
    }
    let out = app.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("\"error\""), "{text}");

    let (code, stdout) = till(
        &server,
        &[
            "--terminal",
            "common_pos",
            "--read",
            "magnetic",
            "--data",
            &pan,
            "--amount",
            "1000",
        ],
    );
    assert_eq!(code, Some(0));
    let line = stdout.trim_end();
    assert_eq!(stdout.lines().count(), 1);
    // Keys in the contract's order.
    let order: Vec<usize> = [
        "\"accepted\"",
        "\"refusal\"",
        "\"member_id\"",
        "\"earned\"",
        "\"used\"",
        "\"receipt\"",
        "\"numbers\"",
        "\"id_line\"",
    ]
    .iter()
    .map(|k| line.find(k).unwrap_or_else(|| panic!("{k} in {line}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
    let answer: Value = serde_json::from_str(line).unwrap();
    assert_eq!(answer["accepted"], true);
    assert_eq!(answer["earned"], 5);
    assert_eq!(
        answer["receipt"],
        json!({"numbers": [format!("…{}", &pan[12..])], "id_line": format!("ID: {}000", &pan[5..6])})
    );
    let (_, vinx) = till(
        &server,
        &[
            "--terminal",
            "vinx_mp",
            "--read",
            "contactless",
            "--data",
            &pan,
        ],
    );
    let vinx: Value = serde_json::from_str(&vinx).unwrap();
    assert_eq!(
        vinx["receipt"]["numbers"],
        json!([format!("…{}", &account[12..])])
    );

    // A refusal is an answer: exit 0.
    let (code, stdout) = till(
        &server,
        &[
            "--terminal",
            "omron_mp",
            "--read",
            "contactless",
            "--data",
            &pan,
        ],
    );
    assert_eq!(code, Some(0));
    let refused: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(refused["accepted"], false);
    assert_eq!(refused["refusal"], "not_accepted_here");
    assert_eq!(refused["member_id"], Value::Null);

    // Bad arguments: exit 2, nothing on stdout.
    for args in [
        vec!["--terminal", "ncr", "--read", "magnetic", "--data", "1"],
        vec!["--terminal", "omron_mp", "--read", "nfc", "--data", "1"],
        vec![
            "--terminal",
            "omron_mp",
            "--read",
            "magnetic",
            "--data",
            "12-3",
        ],
        vec![
            "--terminal",
            "omron_mp",
            "--read",
            "magnetic",
            "--data",
            "1",
            "--amount",
            "-5",
        ],
        vec!["--terminal", "omron_mp", "--read", "magnetic"],
    ] {
        let (code, stdout) = till(&server, &args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stdout.is_empty());
    }
}

/// `--idempotency-key`: a read sent again with its key is applied once and prints the first
/// answer (the use is not refused as `insufficient_points`); the key with another read exits 2.
#[test]
fn till_with_a_key_applies_a_repeated_use_once() {
    let server = serve();
    let issued: Value = serde_json::from_slice(
        &qa()
            .args([
                "issue-card",
                "--server",
                &server.url,
                "--program",
                "waon",
                "--type",
                "aeon_card",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let pan = issued["number"].as_str().unwrap().to_owned();
    let mut app = qa()
        .args(["app", "--profile", "waon", "--server", &server.url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = app.stdin.take().unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "sign_up", "login_id": "qa-till-key@example.jp", "password": "Tamaru2026"})
        )
        .unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "cards_register", "type": "aeon_card", "number": pan})
        )
        .unwrap();
    }
    let out = app.wait_with_output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("\"error\""));
    let read = [
        "--terminal",
        "common_pos",
        "--read",
        "magnetic",
        "--data",
        &pan,
    ];
    // 1000 yen earn 5 points, without a key.
    let (code, _) = till(&server, &[&read[..], &["--amount", "1000"]].concat());
    assert_eq!(code, Some(0));
    let with_key = |points: &str| {
        till(
            &server,
            &[
                &read[..],
                &["--use-points", points, "--idempotency-key", "till-key-0001"],
            ]
            .concat(),
        )
    };
    let (code, first) = with_key("5");
    assert_eq!(code, Some(0));
    let answer: Value = serde_json::from_str(first.trim_end()).unwrap();
    assert_eq!(answer["accepted"], true);
    assert_eq!(answer["used"], 5);
    // Sent again: the first answer, byte for byte (applied twice it would be refused: 0 left).
    let (code, again) = with_key("5");
    assert_eq!(code, Some(0));
    assert_eq!(again, first);
    // Once more without a key: nothing is left, so the keyed use applied exactly once.
    let (_, plain) = till(&server, &[&read[..], &["--use-points", "5"]].concat());
    let plain: Value = serde_json::from_str(plain.trim_end()).unwrap();
    assert_eq!(plain["refusal"], "insufficient_points");
    // The key with another read is refused.
    let output = qa()
        .args(["till", "--server", &server.url, "--program", "waon"])
        .args(read)
        .args(["--use-points", "1", "--idempotency-key", "till-key-0001"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("idempotency_key_reused"));
}
