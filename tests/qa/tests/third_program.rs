//! A third program through `tamaru-qa` alone: its profile file works with every command that
//! takes a profile (`serve --profile`, `app`, `check card`, `check password`, `expiry`,
//! `time-to-barcode`), and the sandbox's till reads its codes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

/// The worked example of docs/PROFILES.md.
fn profile_text() -> String {
    let doc = include_str!("../../../docs/PROFILES.md");
    let start = doc.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_owned()
}

fn lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_documented_third_program_runs_through_tamaru_qa() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let path = dir.join("kumo.toml");
    std::fs::write(&path, profile_text()).unwrap();
    let file = path.to_str().unwrap();

    let mut server = qa()
        .args(["serve", "--port", "0", "--profile", file])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let announced: Value = serde_json::from_str(&first).unwrap();
    let url = announced["url"].as_str().unwrap().to_owned();
    assert!(
        announced["programs"]["kumo"]
            .as_str()
            .unwrap()
            .ends_with("/kumo/")
    );

    let issued = qa()
        .args([
            "issue-card",
            "--server",
            &url,
            "--program",
            "kumo",
            "--type",
            "kumo_card",
        ])
        .output()
        .unwrap();
    assert!(
        issued.status.success(),
        "{}",
        String::from_utf8_lossy(&issued.stderr)
    );
    let card: Value = serde_json::from_slice(&issued.stdout).unwrap();
    let number = card["number"].as_str().unwrap().to_owned();
    assert_eq!(number.len(), 13);

    let mut app = qa()
        .args(["app", "--profile", file, "--server", &url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = app.stdin.take().unwrap();
        for action in [
            json!({"action": "sign_up", "login_id": "qa-kumo@example.jp", "password": "kumo-points-2026"}),
            json!({"action": "cards_register", "type": "kumo_card", "number": number}),
            json!({"action": "member_code_refresh"}),
            json!({"action": "mail_set", "setting": "newsletter", "on": false}),
            json!({"action": "till_guide"}),
        ] {
            writeln!(stdin, "{action}").unwrap();
        }
    }
    let out = app.wait_with_output().unwrap();
    assert!(out.status.success());
    let answers = lines(&out.stdout);
    for answer in &answers {
        assert!(answer.get("ok").is_some(), "{answer}");
    }
    let code = answers[2]["ok"]["code"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(code.starts_with("2500"), "{code}");
    assert_eq!(answers[4]["ok"][0]["terminal"], "kumo_pos");

    // The program's own till reads its code: 1000 yen earns 5 points.
    let till = qa()
        .args([
            "till",
            "--server",
            &url,
            "--program",
            "kumo",
            "--terminal",
            "kumo_pos",
        ])
        .args(["--read", "barcode", "--data", &code, "--amount", "1000"])
        .output()
        .unwrap();
    assert!(
        till.status.success(),
        "{}",
        String::from_utf8_lossy(&till.stderr)
    );
    let till: Value = serde_json::from_slice(&till.stdout).unwrap();
    assert_eq!(till["accepted"], true, "{till}");
    assert_eq!(till["earned"], 5);
    // A terminal kind the program does not have is a bad argument.
    let unknown = qa()
        .args([
            "till",
            "--server",
            &url,
            "--program",
            "kumo",
            "--terminal",
            "common_pos",
        ])
        .args(["--read", "barcode", "--data", &code])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let _ = server.kill();
    let _ = server.wait();

    // The offline commands read the same file.
    let mut check = qa()
        .args(["check", "card", "--profile", file])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(
        check.stdin.take().unwrap(),
        "{}",
        json!({"type": "kumo_card", "number": number})
    )
    .unwrap();
    let checked = lines(&check.wait_with_output().unwrap().stdout);
    assert_eq!(checked[0]["valid"], true);
    let mut expiry = qa()
        .args(["expiry", "--profile", file])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(
        expiry.stdin.take().unwrap(),
        "{}",
        json!({"last_activity": "2024-02-29"})
    )
    .unwrap();
    assert_eq!(
        lines(&expiry.wait_with_output().unwrap().stdout)[0],
        json!({"expires": "2025-02-28"})
    );

    // time-to-barcode's embedded sandbox serves the file's program too.
    let data = dir.join("ttb");
    let prepared = qa()
        .args([
            "time-to-barcode",
            "--program",
            file,
            "--prepare",
            "--data-dir",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        prepared.status.success(),
        "{}",
        String::from_utf8_lossy(&prepared.stderr)
    );
    let prepared: Value = serde_json::from_slice(&prepared.stdout).unwrap();
    assert_eq!(prepared["program"], "kumo");
}
