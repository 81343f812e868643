//! `tamaru-qa app` as QA drives it: the real app against `tamaru-qa serve`, one JSON action
//! per line in, one JSON answer per line out, with the sandbox staged between lines by the
//! other QA commands (`issue-card`, `award`).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

/// A sandbox started as QA starts it; killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start() -> Server {
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
        let announced: Value = serde_json::from_str(&first).unwrap();
        let url = announced["url"].as_str().unwrap().to_owned();
        Server { child, url }
    }

    /// Runs another QA command against this sandbox; its one JSON line.
    fn qa_json(&self, args: &[&str]) -> Value {
        let output = qa()
            .args(args)
            .args(["--server", &self.url])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `tamaru-qa app`, driven one line at a time: each answer is read before the next
/// line is written, as an interactive QA script does (so answers must be flushed per line).
struct App {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Everything the app printed, to check afterwards that no secret was in it.
    transcript: String,
}

impl App {
    fn start(profile: &str, server: &str, data_dir: &Path) -> App {
        let mut child = qa()
            .args(["app", "--profile", profile, "--server", server])
            .arg("--data-dir")
            .arg(data_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        App {
            stdin: child.stdin.take(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
            transcript: String::new(),
        }
    }

    /// Writes one line, returns the answer line.
    fn line(&mut self, text: &str) -> Value {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{text}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        assert!(!answer.is_empty(), "no answer to {text}");
        self.transcript.push_str(&answer);
        serde_json::from_str(&answer).unwrap()
    }

    /// Sends an action; returns its `ok` result, failing the test on an error.
    fn ok(&mut self, action: Value) -> Value {
        let name = action["action"].clone();
        let answer = self.line(&action.to_string());
        assert_eq!(answer["action"], name, "{answer}");
        assert!(answer.get("error").is_none(), "{action} failed: {answer}");
        answer["ok"].clone()
    }

    /// Sends an action that must fail; returns its `error` object.
    fn error(&mut self, action: Value) -> Value {
        let name = action["action"].clone();
        let answer = self.line(&action.to_string());
        assert_eq!(answer["action"], name, "{answer}");
        assert!(answer.get("ok").is_none(), "{action} should fail: {answer}");
        let error = answer["error"].clone();
        for key in ["code", "message_en", "message_ja"] {
            assert!(error[key].is_string(), "{key} in {error}");
        }
        assert!(error["detail"].is_object(), "{error}");
        error
    }

    /// Closes stdin: the app ends with 0 whatever the actions did. Returns the transcript.
    fn finish(mut self) -> String {
        drop(self.stdin.take());
        let mut rest = String::new();
        for line in (&mut self.stdout).lines() {
            rest.push_str(&line.unwrap());
        }
        assert_eq!(rest, "", "nothing after the last answer");
        assert!(self.child.wait().unwrap().success());
        self.transcript
    }
}

/// A data directory for the app that does not exist yet, inside a temporary directory
/// removed when the guard goes (also when the test fails).
fn temp_data_dir() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let data_dir = temp.path().join("app");
    (temp, data_dir)
}

/// Every file under `dir`, as bytes.
fn files_under(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(std::fs::read(&path).unwrap());
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The member's life on one phone: sign-up, a wrong password, log-in, a card, points, mail,
/// the app killed, the app reinstalled (stale session wiped), withdrawal.
#[test]
fn a_member_from_sign_up_to_withdrawal() {
    let server = Server::start();
    let (_temp, data_dir) = temp_data_dir();
    let mut app = App::start("wester", &server.url, &data_dir);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let login_id = format!("qa-app-{nanos}@example.jp");
    let password = "Tamaru#2026";

    assert_eq!(
        app.ok(json!({"action": "start_screen"})),
        json!({"screen": "first_launch"})
    );

    // Sign-up signs in; the account is the core's record, without secrets.
    let account = app.ok(json!({"action": "sign_up", "login_id": login_id, "password": password}));
    assert_eq!(account["login_id"], login_id.as_str());
    assert_eq!(account["external_id"], "unlinked");
    let member_id = account["member_id"].as_str().unwrap().to_owned();
    let first_device = account["device_number"].as_str().unwrap().to_owned();
    assert_eq!(app.ok(json!({"action": "log_out"})), Value::Null);

    // A wrong password is a typed error with its fields; the run goes on.
    let wrong =
        app.error(json!({"action": "log_in", "login_id": login_id, "password": "Wrong#2026x"}));
    assert_eq!(wrong["code"], "wrong_password");
    assert!(wrong["detail"]["attempts_left"].is_u64(), "{wrong}");
    assert!(wrong["message_ja"].as_str().unwrap().contains("パスワード"));
    // A policy-breaking password at sign-up: every violation in `detail`.
    let policy =
        app.error(json!({"action": "sign_up", "login_id": "x@example.jp", "password": "short"}));
    assert_eq!(policy["code"], "password_policy");
    let codes: Vec<&str> = policy["detail"]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"too_short") && codes.contains(&"missing_upper"),
        "{codes:?}"
    );

    // A bad line between actions is answered as such and does not end the run.
    let bad = app.line("this is not json");
    assert_eq!(bad["error"]["code"], "bad_line");
    assert!(bad.get("action").is_none());
    let bad = app.line(r#"{"action": "log_in", "login_id": "a@example.jp"}"#);
    assert_eq!(bad["error"]["code"], "bad_line");
    assert!(
        bad["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("password")
    );

    let account = app.ok(json!({"action": "log_in", "login_id": login_id, "password": password}));
    assert_eq!(account["member_id"], member_id.as_str());

    // A card issued by QA into the sandbox's registry, then registered in the app.
    let issued = server.qa_json(&[
        "issue-card",
        "--program",
        "wester",
        "--type",
        "sc_point_card",
    ]);
    let number = issued["number"].as_str().unwrap().to_owned();
    let mistyped = app.error(json!({
        "action": "cards_register", "type": "sc_point_card", "number": &number[..15],
        "has_pin": false, "member_registered": false,
    }));
    assert_eq!(mistyped["code"], "card_input");
    assert_eq!(mistyped["detail"]["errors"][0]["code"], "wrong_digit_count");
    assert_eq!(mistyped["detail"]["errors"][0]["given"], 15);
    let registered = app.ok(json!({
        "action": "cards_register", "type": "sc_point_card", "number": number,
        "has_pin": false, "member_registered": false,
    }));
    assert_eq!(registered["already_registered"], false);
    assert_eq!(registered["card"]["card_type"], "sc_point_card");
    assert_eq!(registered["card"]["last4"], &number[12..]);
    assert_eq!(registered["card"]["state"], "active");
    let list = app.ok(json!({"action": "cards_list"}));
    assert_eq!(list["cards"].as_array().unwrap().len(), 1);

    // Points awarded by QA, seen after a refresh.
    let entry = server.qa_json(&[
        "award",
        "--program",
        "wester",
        "--login-id",
        &login_id,
        "--points",
        "120",
    ]);
    assert_eq!(entry["points"], 120);
    let sync = app.ok(json!({"action": "points_refresh"}));
    assert_eq!(sync["new_entries"], 1);
    let balance = app.ok(json!({"action": "points_balance"}));
    assert_eq!(balance["total"], 120);
    assert_eq!(balance["breakdown"][0]["points"], 120);
    let history = app.ok(json!({"action": "points_history", "kinds": ["earn"], "limit": 5}));
    assert_eq!(history["entries"][0]["kind"], "earn");
    assert_eq!(history["entries"][0]["points"], 120);
    assert_eq!(history["next_cursor"], Value::Null);
    let refused = app.error(json!({"action": "points_use", "points": 10}));
    assert_eq!(
        refused["code"], "points_need_linked_id",
        "wester needs a linked ID"
    );
    assert!(
        refused["detail"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // Mail: postal off, confirmed by the server.
    let outcome = app.ok(json!({"action": "mail_set", "setting": "postal", "on": false}));
    assert_eq!(outcome["applied"], 1);
    assert_eq!(outcome["settings"]["postal"]["on"], false);
    assert_eq!(outcome["settings"]["postal"]["pending"], false);

    // The app killed and started again: still signed in, the phone's copies kept.
    assert_eq!(app.ok(json!({"action": "restart"})), Value::Null);
    assert_eq!(
        app.ok(json!({"action": "start_screen"})),
        json!({"screen": "signed_in", "member_id": member_id, "login_id": login_id})
    );
    assert_eq!(
        app.ok(json!({"action": "cards_list"}))["cards"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.ok(json!({"action": "points_balance"}))["total"], 120);
    let cached = app.ok(json!({"action": "mail_cached_settings"}));
    assert_eq!(cached["postal"]["on"], false);
    assert_eq!(cached["from_server"], false);

    // Reinstalled: the keychain's session belongs to the old install and is wiped.
    assert!(data_dir.join("install_id").exists());
    assert_eq!(app.ok(json!({"action": "reinstall"})), Value::Null);
    assert_eq!(
        app.ok(json!({"action": "start_screen"})),
        json!({"screen": "first_launch"})
    );
    assert_eq!(
        app.error(json!({"action": "cards_list"}))["code"],
        "not_signed_in"
    );
    let account = app.ok(json!({"action": "log_in", "login_id": login_id, "password": password}));
    assert_eq!(account["member_id"], member_id.as_str());
    assert_ne!(
        account["device_number"],
        first_device.as_str(),
        "a new install gets a new device number"
    );

    // Withdrawal: the consequences first, then the act; the account is gone.
    let preview = app.ok(json!({"action": "withdrawal_preview"}));
    assert_eq!(preview["possible_in_app"], true);
    assert_eq!(preview["points_to_lose"], 120);
    assert_eq!(preview["cards_to_withdraw"], 1);
    let wrong = app.error(json!({"action": "withdraw", "password": "Wrong#2026x"}));
    assert_eq!(wrong["code"], "wrong_password");
    assert_eq!(
        app.ok(json!({"action": "withdraw", "password": password})),
        Value::Null
    );
    // The phone holds no member any more: a first launch again, not "log in again".
    assert_eq!(
        app.ok(json!({"action": "start_screen"})),
        json!({"screen": "first_launch"})
    );
    let gone = app.error(json!({"action": "log_in", "login_id": login_id, "password": password}));
    assert_eq!(gone["code"], "account_withdrawn");

    let transcript = app.finish();
    // No secret in the output, none on disk (the secure store is in memory).
    assert!(!transcript.contains(password));
    assert!(!transcript.contains("token"));
    for file in files_under(&data_dir) {
        assert!(!contains(&file, password));
    }
}

/// `waon` specifics: the member code derived on the phone, family sharing, and a merge
/// refused offline with every problem in `detail`.
#[test]
fn waon_member_code_family_and_merge_problems() {
    let server = Server::start();
    let (_temp, data_dir) = temp_data_dir();
    let mut app = App::start("waon", &server.url, &data_dir);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let login_id = format!("qa-waon-{nanos}@example.jp");
    app.ok(json!({"action": "sign_up", "login_id": login_id, "password": "aeon2026waon"}));

    let state = app.ok(json!({"action": "member_code"}));
    assert_eq!(state["state"], "ready", "{state}");
    let code = state["code"]["code"].as_str().unwrap();
    assert_eq!(code.len(), 32);
    assert!(code.starts_with("4300"));
    assert_eq!(state["code"]["source"], "device_derived");
    let png = app.ok(json!({"action": "member_code_png", "width": 400, "symbology": "qr"}));
    assert_eq!(png["width"], 400);
    assert_eq!(png["symbology"], "qr");
    assert!(png["png_bytes"].as_u64().unwrap() > 100);
    let not_accepted = app.error(json!({"action": "member_code_png", "symbology": "ean13"}));
    assert_eq!(not_accepted["code"], "symbology_not_accepted");

    let family = app.ok(json!({"action": "family_create"}));
    assert_eq!(family["group"]["i_am_owner"], true);
    assert_eq!(family["group"]["max_members"], 15);
    assert!(family["group"]["invite_code"].is_string());
    assert_eq!(app.ok(json!({"action": "family_leave"})), Value::Null);
    assert_eq!(app.ok(json!({"action": "family"}))["group"], Value::Null);

    let merge = app.error(json!({
        "action": "cards_merge", "card_type": "waon_point_card",
        "card_number": "6900000000000016", "name": " ", "birth_date": "1990/04/01",
    }));
    assert_eq!(merge["code"], "invalid_personal_details");
    assert_eq!(
        merge["detail"]["problems"],
        json!(["name_missing", "birth_date_invalid"])
    );

    app.ok(json!({"action": "log_out"}));
    let state = app.ok(json!({"action": "member_code"}));
    assert_eq!(state["state"], "unavailable");
    assert_eq!(state["unavailable"]["reason"]["reason"], "not_signed_in");
    app.finish();
}

/// A whole script piped at once (no server: a closed loopback port): every line answered in
/// order, bad lines included, failures as data, exit code 0.
#[test]
fn bad_lines_and_failures_do_not_stop_the_run() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script = [
        "not json",
        "[1, 2]",
        r#"{"action": 7}"#,
        r#"{"action": "teleport"}"#,
        r#"{"action": "mail_set", "setting": "postal"}"#,
        r#"{"action": "account", "verbose": true}"#,
        r#"{"action": "log_in", "login_id": "someone@example.jp", "password": "Tamaru#2026"}"#,
        r#"{"action": "check_login_id", "login_id": "not an address"}"#,
        "",
        r#"{"action": "start_screen"}"#,
    ]
    .join("\n");
    let mut child = qa()
        .args(["app", "--profile", "wester", "--server"])
        .arg(format!("http://127.0.0.1:{port}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9, "one answer per non-blank line: {lines:?}");
    for bad in &lines[..6] {
        assert_eq!(bad["error"]["code"], "bad_line", "{bad}");
        assert!(bad.get("action").is_none());
    }
    assert!(
        lines[3]["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("teleport")
    );
    assert!(
        lines[4]["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("\"on\"")
    );
    assert!(
        lines[5]["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("verbose")
    );
    assert_eq!(lines[6]["action"], "log_in");
    assert_eq!(lines[6]["error"]["code"], "network");
    assert_eq!(lines[7]["ok"]["valid"], false);
    assert_eq!(
        lines[8],
        json!({"action": "start_screen", "ok": {"screen": "first_launch"}})
    );
}

#[test]
fn bad_arguments_exit_2() {
    let unknown_profile = qa()
        .args([
            "app",
            "--profile",
            "nanaco",
            "--server",
            "http://127.0.0.1:1",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(unknown_profile.status.code(), Some(2));
    // Plain http off loopback would send passwords in clear text: the core refuses it.
    let refused = qa()
        .args(["app", "--profile", "waon", "--server", "http://example.com"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("invalid_config"));
    assert!(refused.stdout.is_empty());
}
