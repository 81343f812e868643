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

/// Runs a command to completion and returns (exit code, stdout, stderr).
fn status_of(args: &[&str]) -> (Option<i32>, String, String) {
    let output = qa().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The raw stdout of a JSON-lines command, for exact comparisons.
fn raw_lines(args: &[&str], input: &[u8]) -> String {
    let mut child = qa()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{args:?} failed");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_outputs_keep_the_readme_field_order_and_survive_bad_bytes() {
    // A byte-order mark before the first line, and a line of invalid UTF-8 in the middle.
    let out = raw_lines(
        &["check", "password", "--profile", "waon"],
        b"\xEF\xBB\xBF\"abcd1234\"\n\"abc\xFF1234\"\n\"abcdefgh \"\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0], r#"{"valid":true,"violations":[]}"#);
    assert!(lines[1].starts_with(r#"{"error":"not UTF-8"#), "{out}");
    assert_eq!(
        lines[2],
        r#"{"valid":false,"violations":[{"code":"missing_digit"},{"code":"leading_or_trailing_space","char":" ","position":8}]}"#
    );
    let out = raw_lines(
        &["check", "card", "--profile", "waon"],
        "{\"type\": \"waon_point_card\", \"number\": \"１２３４ー５６７８ー９０１２ー３４５２\"}\n{\"number\": \"1\"}\n"
            .as_bytes(),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        r#"{"valid":true,"normalized":"1234567890123452","errors":[]}"#
    );
    let error: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(error.as_object().map(|o| o.len()), Some(1));
    assert!(error["error"].as_str().unwrap().contains("\"type\""));
}

#[test]
fn expiry_follows_the_spec_examples() {
    let wester = json_lines(
        &["expiry", "--profile", "wester"],
        "{\"earned\": \"2025-03-31\"}\n{\"earned\": \"2025-04-01\"}\n\
         {\"first_award\": \"2020-09-10\", \"earned\": \"2025-04-01\"}\n{\"earned\": \"2023-02-29\"}\n",
    );
    assert_eq!(wester[0], serde_json::json!({"expires": "2026-03-31"}));
    assert_eq!(wester[1], serde_json::json!({"expires": "2027-03-31"}));
    assert_eq!(wester[2], serde_json::json!({"expires": "2027-03-31"}));
    assert!(wester[3]["error"].is_string());

    let cases = [
        ("2020-09-10", "2020-09-10", "2022-09-30"),
        ("2020-09-10", "2021-09-30", "2022-09-30"),
        ("2020-09-10", "2021-10-01", "2023-09-30"),
        ("2020-09-10", "2022-09-30", "2023-09-30"),
        ("2020-09-10", "2022-10-01", "2024-09-30"),
        ("2020-09-10", "2023-09-30", "2024-09-30"),
        ("2020-09-01", "2021-09-30", "2022-09-30"),
        ("2020-09-30", "2021-10-01", "2023-09-30"),
        ("2020-12-15", "2021-12-31", "2022-12-31"),
        ("2020-12-15", "2022-01-01", "2023-12-31"),
        ("2020-02-29", "2021-02-28", "2022-02-28"),
    ];
    let input: String = cases
        .iter()
        .map(|(first, earned, _)| {
            format!(
                "{}\n",
                serde_json::json!({"first_award": first, "earned": earned})
            )
        })
        .chain([
            "{\"earned\": \"2021-10-01\"}\n".to_owned(),
            "{\"first_award\": \"2020-09-10\", \"earned\": \"2020-09-09\"}\n".to_owned(),
        ])
        .collect();
    let waon = json_lines(&["expiry", "--profile", "waon"], &input);
    assert_eq!(waon.len(), cases.len() + 2);
    for ((first, earned, expires), line) in cases.iter().zip(&waon) {
        assert_eq!(
            line,
            &serde_json::json!({ "expires": expires }),
            "{first} {earned}"
        );
    }
    assert!(
        waon[cases.len()]["error"]
            .as_str()
            .unwrap()
            .contains("first_award")
    );
    assert!(waon[cases.len() + 1]["error"].is_string());
}

#[test]
fn barcode_writes_decodable_files_and_refuses_bad_input_with_exit_2() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let path = |name: &str| dir.join(name).display().to_string();
    for (symbology, data, width, encoded) in [
        (
            "qr",
            "43001234567890121234567890123456",
            "300",
            "43001234567890121234567890123456",
        ),
        ("code128", "1091234567891234", "600", "1091234567891234"),
        (
            "code128",
            "43001234567890121234567890123456",
            "600",
            "43001234567890121234567890123456",
        ),
        ("ean13", "490123456789", "300", "4901234567894"),
        ("ean13", "4901234567894", "300", "4901234567894"),
        ("itf", "12345678", "300", "12345678"),
        ("nw7", "1234567890", "400", "A1234567890A"),
    ] {
        for ext in ["png", "svg"] {
            let out = path(&format!("{symbology}-{}.{ext}", data.len()));
            let (code, stdout, stderr) = status_of(&[
                "barcode",
                "--symbology",
                symbology,
                "--data",
                data,
                "--width",
                width,
                "--out",
                &out,
            ]);
            assert_eq!(code, Some(0), "{symbology} {data}: {stderr}");
            let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
            assert_eq!(summary["encoded"], encoded);
            assert_eq!(summary["format"], ext);
            let bytes = std::fs::read(&out).unwrap();
            if ext == "png" {
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
                // IHDR: the requested width, whole-pixel modules of at least 2 px.
                assert_eq!(&bytes[16..20], &width.parse::<u32>().unwrap().to_be_bytes());
                assert!(summary["module_px"].as_u64().unwrap() >= 2);
            } else {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.contains(&format!("width=\"{width}\"")));
                assert!(text.trim_end().ends_with("</svg>"));
            }
        }
    }
    for (args, bracket) in [
        (["ean13", "4901234567890", "300", "x.png"], "[check_digit]"),
        (["ean13", "49012345678", "300", "x.png"], "[wrong_length]"),
        (["itf", "1234567", "300", "x.png"], "[odd_length]"),
        (["nw7", "12X4", "300", "x.png"], "[invalid_character]"),
        (
            ["code128", "1091234567891234", "100", "x.png"],
            "[too_narrow]",
        ),
        (["qr", "1", "20", "x.svg"], "[too_narrow]"),
        (["qr", "1", "300", "x.gif"], "[bad_extension]"),
    ] {
        let out = path(args[3]);
        let (code, stdout, stderr) = status_of(&[
            "barcode",
            "--symbology",
            args[0],
            "--data",
            args[1],
            "--width",
            args[2],
            "--out",
            &out,
        ]);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.trim_end().ends_with(bracket), "{stderr}");
    }
}

#[test]
fn code_prints_the_offline_waon_code_and_refuses_bad_input_with_exit_2() {
    const DEVICE: &str = "1234567890125678";
    const SECRET: &str = "74616d6172752d746573742d6465766963652d7365637265742d303030303031";
    let code_at = |at: &str| {
        let (code, stdout, stderr) = status_of(&[
            "code",
            "--profile",
            "waon",
            "--device-number",
            DEVICE,
            "--secret",
            SECRET,
            "--at",
            at,
        ]);
        assert_eq!(code, Some(0), "{stderr}");
        serde_json::from_str::<serde_json::Value>(stdout.trim()).unwrap()
    };
    let a = code_at("2026-04-01T10:02:30+09:00");
    let code = a["code"].as_str().unwrap();
    assert_eq!(code.len(), 32);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert!(code.starts_with("4300"));
    assert!(code.ends_with(DEVICE));
    assert_eq!(a["suffix"], "5678");
    assert_eq!(a["valid_until"], "2026-04-01T01:05:00Z");
    // The same 300 s window (same instant in another offset, or its last second) gives the
    // same code; the next window another.
    assert_eq!(code_at("2026-04-01T01:02:30Z")["code"], code);
    assert_eq!(code_at("2026-04-01T01:04:59Z")["code"], code);
    assert_ne!(code_at("2026-04-01T01:05:00Z")["code"], code);
    for (profile, device, secret, bracket) in [
        ("waon", DEVICE, "xyz1", "[bad_hex]"),
        ("waon", "123456789012567", SECRET, "[invalid_device_number]"),
        ("wester", DEVICE, SECRET, "[not_device_derived]"),
    ] {
        let (code, stdout, stderr) = status_of(&[
            "code",
            "--profile",
            profile,
            "--device-number",
            device,
            "--secret",
            secret,
            "--at",
            "2026-04-01T01:00:00Z",
        ]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.trim_end().ends_with(bracket), "{stderr}");
        assert!(!stderr.contains(SECRET));
    }
}
