//! Every `tamaru-qa` command that takes `--profile` also takes a path to a TOML or JSON
//! profile file, and behaves by what the file says (not by its name); a file the core refuses
//! is a usage error (exit 2) that names the field.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

const WAON_TOML: &str = include_str!("../../../core/profiles/waon.toml");

/// A waon-like profile with a rolling 12-month expiry and JAN check digits on the
/// WAON POINT card, as TOML and as the same profile in JSON.
fn custom_profile_files(dir: &Path) -> (PathBuf, PathBuf) {
    let toml_text = WAON_TOML
        .replace(
            "expiry = \"accrual_period\"",
            "expiry = \"rolling\"\nexpiry_months = 12",
        )
        .replace("require_symbol = false", "require_symbol = true")
        .replacen(
            "id = \"waon_point_card\"\nname = \"WAON POINT card\"\nname_ja = \"WAON POINTカード\"\ndigits = 16\ncheck = \"luhn\"",
            "id = \"waon_point_card\"\nname = \"WAON POINT card\"\nname_ja = \"WAON POINTカード\"\ndigits = 13\ncheck = \"mod10_w3\"",
            1,
        );
    assert!(
        toml_text.contains("mod10_w3"),
        "the fixture replacement applied"
    );
    let toml_path = dir.join("custom.toml");
    std::fs::write(&toml_path, &toml_text).unwrap();
    // The JSON twin: produced from the TOML with the core's own serialisation.
    let profile = tamaru_core::profile::Profile::from_toml(&toml_text).unwrap();
    let json_path = dir.join("custom.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&profile).unwrap()).unwrap();
    (toml_path, json_path)
}

fn json_lines(args: &[&str], input: &str) -> Vec<Value> {
    let mut child = qa()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn check_password_check_card_and_expiry_read_a_profile_file() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let (toml_path, json_path) = custom_profile_files(&dir);
    for path in [&toml_path, &json_path] {
        let path = path.to_str().unwrap();
        // The file requires a symbol; shipped waon does not.
        let password = json_lines(&["check", "password", "--profile", path], "\"abcd1234\"\n");
        assert_eq!(password[0]["valid"], false, "{path}");
        assert_eq!(password[0]["violations"][0]["code"], "missing_symbol");
        let shipped = json_lines(
            &["check", "password", "--profile", "waon"],
            "\"abcd1234\"\n",
        );
        assert_eq!(shipped[0]["valid"], true);

        // 13-digit JAN-checked WAON POINT cards.
        let cards = json_lines(
            &["check", "card", "--profile", path],
            "{\"type\": \"waon_point_card\", \"number\": \"4901234567894\"}\n\
             {\"type\": \"waon_point_card\", \"number\": \"4901234567895\"}\n",
        );
        assert_eq!(cards[0]["valid"], true, "{path}: {:?}", cards[0]);
        assert_eq!(cards[1]["errors"], json!(["bad_check_digit"]));

        // Rolling expiry reads the last activity.
        let expiry = json_lines(
            &["expiry", "--profile", path],
            "{\"last_activity\": \"2024-02-29\"}\n{\"earned\": \"2024-02-29\"}\n",
        );
        assert_eq!(expiry[0], json!({"expires": "2025-02-28"}), "{path}");
        assert!(
            expiry[1]["error"]
                .as_str()
                .unwrap()
                .contains("last_activity")
        );
    }
}

#[test]
fn code_reads_a_profile_file() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    // A device-derived program with its own prefix.
    let text = WAON_TOML.replace("prefix = \"4300\"", "prefix = \"5500\"");
    let path = dir.join("code.toml");
    std::fs::write(&path, text).unwrap();
    let output = qa()
        .args(["code", "--profile"])
        .arg(&path)
        .args([
            "--device-number",
            "1234567890125678",
            "--secret",
            "74616d6172752d746573742d6465766963652d7365637265742d303030303031",
            "--at",
            "2026-04-01T01:00:00Z",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(line["code"].as_str().unwrap().starts_with("5500"), "{line}");
}

#[test]
fn app_reads_a_profile_file() {
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
    let url = serde_json::from_str::<Value>(&first).unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let (toml_path, _) = custom_profile_files(&dir);
    let output = {
        let mut child = qa()
            .args(["app", "--profile"])
            .arg(&toml_path)
            .args(["--server", &url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "check_password", "password": "abcd1234"})
        )
        .unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"action": "sign_up", "login_id": "file-profile@example.jp", "password": "abcd1234!"})
        )
        .unwrap();
        writeln!(stdin, "{}", json!({"action": "is_signed_in"})).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    let _ = server.kill();
    let _ = server.wait();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The file's password rule (a symbol required) is the one the app applies.
    assert_eq!(lines[0]["ok"]["valid"], false, "{:?}", lines[0]);
    assert!(lines[1].get("ok").is_some(), "{:?}", lines[1]);
    assert_eq!(lines[2]["ok"], true);
}

#[test]
fn a_profile_file_the_core_refuses_exits_2_naming_the_field() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let bad_rule = dir.join("bad-rule.toml");
    std::fs::write(
        &bad_rule,
        WAON_TOML.replace("expiry = \"accrual_period\"", "expiry = \"rolling\""),
    )
    .unwrap();
    let bad_check = dir.join("bad-check.json");
    let mut json =
        serde_json::to_value(&*tamaru_core::profile::Profile::builtin("waon").unwrap()).unwrap();
    json["cards"]["types"][0]["check"] = "verhoeff".into();
    std::fs::write(&bad_check, json.to_string()).unwrap();
    let missing = dir.join("missing.toml");
    for (path, field) in [
        (&bad_rule, "points.expiry_months"),
        (&bad_check, "cards.types[0].check"),
        (&missing, "cannot read"),
    ] {
        for command in [
            vec!["check", "password"],
            vec!["check", "card"],
            vec!["expiry"],
            vec!["app", "--server", "http://127.0.0.1:9"],
        ] {
            let output = qa()
                .args(&command)
                .arg("--profile")
                .arg(path)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{command:?} {path:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(field), "{command:?}: {stderr}");
        }
    }
}
