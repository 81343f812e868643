//! The `tamaru-qa` binary as QA runs it: its commands, formats and exit codes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

/// Feeds `input` to a command's stdin and returns its stdout lines.
fn json_lines(args: &[&str], input: &str) -> Vec<serde_json::Value> {
    let mut child = qa()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{args:?} failed");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn check_password_reads_json_strings_and_keeps_going_after_a_bad_line() {
    let lines = json_lines(
        &["check", "password", "--profile", "wester"],
        "\"Tamaru#2026\"\n42\nnot json\n\" Ａbc\"\n",
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        serde_json::json!({"valid": true, "violations": []})
    );
    assert!(lines[1].get("error").is_some());
    assert!(lines[2].get("error").is_some());
    assert_eq!(lines[3]["valid"], false);
    let codes: Vec<&str> = lines[3]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"leading_or_trailing_space") && codes.contains(&"full_width_character")
    );
    let space = &lines[3]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["code"] == "leading_or_trailing_space")
        .unwrap();
    assert_eq!(space["char"], " ");
    assert_eq!(space["position"], 0);
}

#[test]
fn serve_prints_its_url_and_mailbox_reads_it() {
    let mut server = qa()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let announced: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = announced["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"));
    assert_eq!(
        announced["programs"]["wester"].as_str().unwrap(),
        format!("{url}/wester/")
    );

    let empty = qa()
        .args(["mailbox", "nobody@example.jp", "--server", &url])
        .output()
        .unwrap();
    assert!(empty.status.success());
    assert!(empty.stdout.is_empty());
    let unreachable = qa()
        .args(["mailbox", "a@example.jp", "--server", "http://127.0.0.1:1"])
        .output()
        .unwrap();
    assert_eq!(unreachable.status.code(), Some(2));
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn the_demo_runs_to_the_end() {
    let output = qa().arg("demo").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "demo failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Demo finished"));
}
