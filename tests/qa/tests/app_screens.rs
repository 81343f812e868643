//! `tamaru-qa app`'s screen actions as QA drives them: a whole UI flow (welcome, sign-up
//! with the checklist, card registration, the cards list, points, the member code) scripted
//! against `tamaru-qa serve`, each answer the screen's state as a shell would draw it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

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

    fn qa_json(&self, args: &[&str]) -> Value {
        let output = qa()
            .args(args)
            .args(["--server", &self.url])
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct App {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    transcript: String,
}

impl App {
    fn start(profile: &str, server: &str, language: &str) -> App {
        let mut child = qa()
            .args(["app", "--profile", profile, "--server", server])
            .args(["--language", language])
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

    fn send(&mut self, line: Value) -> Value {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        self.transcript.push_str(&answer);
        serde_json::from_str(&answer).unwrap()
    }

    /// A screen action's state, failing the test on an error answer.
    fn state(&mut self, line: Value) -> Value {
        let answer = self.send(line.clone());
        assert!(answer.get("error").is_none(), "{line} -> {answer}");
        answer["ok"]["state"].clone()
    }

    fn act(&mut self, screen: &str, act: &str, args: Value) -> Value {
        let mut line = json!({"action": "screen_act", "screen": screen, "act": act});
        for (k, v) in args.as_object().unwrap() {
            line[k] = v.clone();
        }
        self.state(line)
    }
}

impl Drop for App {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

#[test]
fn a_whole_ui_flow_is_scripted_through_the_screens() {
    let server = Server::start();
    let mut app = App::start("waon", &server.url, "en");
    let login_id = format!("qa-screens-{}@example.jp", std::process::id());
    let password = "Tamaru#2026";

    let welcome = app.state(json!({"action": "screen_open", "screen": "entry"}));
    assert_eq!(welcome["kind"], "first_launch");
    assert_eq!(welcome["sign_up"]["label"], "Sign up");
    let chosen = app.act("entry", "choose", json!({"choice": "sign_up"}));
    assert_eq!(chosen["navigate"], "sign_up");

    app.state(json!({"action": "screen_open", "screen": "sign_up"}));
    app.act("sign_up", "set_login_id", json!({"text": login_id}));
    let weak = app.act("sign_up", "set_password", json!({"text": "short"}));
    assert_eq!(weak["submit"]["enabled"], false);
    assert_eq!(weak["checklist"][0]["label"], "8-64 characters");
    assert_eq!(weak["checklist"][0]["met"], false);
    assert_eq!(weak["password"]["filled"], true);
    app.act("sign_up", "set_password", json!({"text": password}));
    let done = app.act("sign_up", "submit", json!({}));
    assert_eq!(done["navigate"], "home");

    let card = server.qa_json(&[
        "issue-card",
        "--program",
        "waon",
        "--type",
        "waon_point_card",
    ]);
    let number = card["number"].as_str().unwrap();
    let form = app.state(json!({"action": "screen_open", "screen": "card_registration"}));
    assert_eq!(
        form["number"],
        Value::Null,
        "no number before a type is chosen"
    );
    app.act(
        "card_registration",
        "choose_type",
        json!({"card_type": "waon_point_card"}),
    );
    let short = app.act("card_registration", "set_number", json!({"text": "1234"}));
    assert_eq!(short["number"]["problems"].as_array().unwrap().len(), 1);
    app.act("card_registration", "set_number", json!({"text": number}));
    let registered = app.act("card_registration", "submit", json!({}));
    assert_eq!(registered["navigate"], "cards");
    let list = app.state(json!({"action": "screen_open", "screen": "cards"}));
    assert_eq!(list["cards"].as_array().unwrap().len(), 1);
    assert_eq!(list["cards"][0]["state_label"], "Active");

    server.qa_json(&[
        "award",
        "--program",
        "waon",
        "--login-id",
        &login_id,
        "--points",
        "300",
    ]);
    app.state(json!({"action": "screen_open", "screen": "points"}));
    let points = app.act("points", "refresh", json!({}));
    assert_eq!(points["balance"], "300 pt");
    assert_eq!(points["history"][0]["points"], "+300 pt");
    assert_eq!(points["history"][0]["kind_label"], "Earned");
    let filtered = app.act("points", "toggle_kind", json!({"kind": "use"}));
    assert_eq!(
        filtered["history_empty"],
        "No history matches these filters."
    );

    let code = app.state(json!({"action": "screen_open", "screen": "member_code"}));
    assert_eq!(code["code"]["code"].as_str().unwrap().len(), 32);
    assert!(
        code["code"]["countdown"]
            .as_str()
            .unwrap()
            .starts_with("Valid for ")
    );
    let read = app.state(json!({"action": "screen_state", "screen": "member_code"}));
    assert_eq!(read["title"], "Member code");

    // Script mistakes are said as such.
    let not_open = app.send(json!({"action": "screen_act", "screen": "log_in", "act": "submit"}));
    assert_eq!(not_open["error"]["code"], "screen_not_open");
    let bad_act = app.send(json!({"action": "screen_act", "screen": "points", "act": "submit"}));
    assert_eq!(bad_act["error"]["code"], "bad_line");
    let bad_screen = app.send(json!({"action": "screen_open", "screen": "nowhere"}));
    assert_eq!(bad_screen["error"]["code"], "bad_line");
    assert_eq!(
        app.send(json!({"action": "screen_close", "screen": "points"}))["ok"],
        Value::Null
    );
    let closed = app.send(json!({"action": "screen_state", "screen": "points"}));
    assert_eq!(closed["error"]["code"], "screen_not_open");
    // A restart closes every screen: they went with the app.
    app.send(json!({"action": "restart"}));
    let gone = app.send(json!({"action": "screen_state", "screen": "cards"}));
    assert_eq!(gone["error"]["code"], "screen_not_open");

    assert!(
        !app.transcript.contains(password),
        "no password in any answer"
    );
}

#[test]
fn screens_speak_japanese_by_default() {
    let server = Server::start();
    let mut app = App::start("wester", &server.url, "ja");
    let welcome = app.state(json!({"action": "screen_open", "screen": "entry"}));
    assert_eq!(welcome["title"], "ようこそ");
    assert_eq!(welcome["sign_up"]["label"], "新規登録");
    let phones = app.state(json!({"action": "screen_open", "screen": "changed_phones"}));
    assert_eq!(phones["title"], "機種変更された方");
    assert_eq!(phones["restored_from_server"].as_array().unwrap().len(), 4);
}

#[test]
fn mail_screens_are_scripted_too() {
    let server = Server::start();
    let mut app = App::start("wester", &server.url, "en");
    let login_id = format!("qa-mail-{}@example.jp", std::process::id());
    let signed =
        app.send(json!({"action": "sign_up", "login_id": login_id, "password": "Tamaru#2026"}));
    assert!(signed.get("ok").is_some(), "{signed}");

    app.state(json!({"action": "screen_open", "screen": "mail_settings"}));
    let fresh = app.act("mail_settings", "refresh", json!({}));
    assert_eq!(fresh["switches"].as_array().unwrap().len(), 2);
    let off = app.act(
        "mail_settings",
        "set",
        json!({"setting": "newsletter", "on": false}),
    );
    assert_eq!(off["switches"][0]["on"], false);
    let bad = app.send(json!({"action": "screen_act", "screen": "mail_settings", "act": "set", "setting": "fax", "on": true}));
    assert_eq!(bad["error"]["code"], "bad_line");

    app.state(json!({"action": "screen_open", "screen": "delivery_help"}));
    let help = app.act("delivery_help", "load", json!({}));
    assert_eq!(help["items"].as_array().unwrap().len(), 4);
    assert_eq!(help["items"][3]["action"], "switch_newsletter_on");
    let on = app.act("delivery_help", "switch_newsletter_on", json!({}));
    assert_eq!(on["items"][3]["needs_attention"], false);

    app.state(json!({"action": "screen_open", "screen": "email_change"}));
    let typed = app.act(
        "email_change",
        "set_email",
        json!({"text": "new-address@example.jp"}),
    );
    assert_eq!(typed["request"]["enabled"], true);
    let sent = app.act("email_change", "request", json!({}));
    assert!(
        sent["sent"]
            .as_str()
            .unwrap()
            .starts_with("A code was sent to new-address@example.jp")
    );
}

#[test]
fn account_screens_are_scripted_too() {
    let server = Server::start();
    let mut app = App::start("waon", &server.url, "en");
    let login_id = format!("qa-account-{}@example.jp", std::process::id());
    app.send(json!({"action": "sign_up", "login_id": login_id, "password": "Tamaru#2026"}));

    app.state(json!({"action": "screen_open", "screen": "password_change"}));
    app.act(
        "password_change",
        "set_current",
        json!({"text": "Tamaru#2026"}),
    );
    app.act(
        "password_change",
        "set_new_password",
        json!({"text": "Fresh#2027pw"}),
    );
    let changed = app.act("password_change", "submit", json!({}));
    assert_eq!(changed["navigate"], "home");

    app.state(json!({"action": "screen_open", "screen": "withdrawal"}));
    let preview = app.act("withdrawal", "load", json!({}));
    assert_eq!(preview["consequences"].as_array().unwrap().len(), 3);
    assert_eq!(preview["withdraw"]["enabled"], false);
    app.act("withdrawal", "set_understood", json!({"yes": true}));
    app.act(
        "withdrawal",
        "set_password",
        json!({"text": "Fresh#2027pw"}),
    );
    let done = app.act("withdrawal", "withdraw", json!({}));
    assert_eq!(done["navigate"], "welcome");
    let signed_in = app.send(json!({"action": "is_signed_in"}));
    assert_eq!(signed_in["ok"], false);
    assert!(!app.transcript.contains("Fresh#2027pw"));
}

#[test]
fn family_and_merge_screens_are_scripted_too() {
    let server = Server::start();
    let mut owner = App::start("waon", &server.url, "en");
    let mut second = App::start("waon", &server.url, "en");
    let pid = std::process::id();
    owner.send(json!({"action": "sign_up", "login_id": format!("qa-owner-{pid}@example.jp"), "password": "Tamaru#2026"}));
    second.send(json!({"action": "sign_up", "login_id": format!("qa-second-{pid}@example.jp"), "password": "Tamaru#2026"}));

    owner.state(json!({"action": "screen_open", "screen": "family"}));
    let none = owner.act("family", "load", json!({}));
    assert_eq!(none["create"]["label"], "Create a family group");
    let created = owner.act("family", "create", json!({}));
    assert_eq!(created["members"][0]["role"], "Creator (you)");
    let code = created["invite_code"].as_str().unwrap().to_owned();

    second.state(json!({"action": "screen_open", "screen": "family"}));
    second.act("family", "load", json!({}));
    second.act("family", "set_join_code", json!({"text": code}));
    let joined = second.act("family", "join", json!({}));
    assert_eq!(joined["members"].as_array().unwrap().len(), 2);
    assert_eq!(joined["capacity"], "2 of 15 IDs");

    let merge = owner.state(json!({"action": "screen_open", "screen": "card_merge"}));
    assert_eq!(merge["not_offered"], Value::Null);
    // Every card type of the waon profile (a QA install has no platform to limit them).
    assert_eq!(merge["types"].as_array().unwrap().len(), 4);
    let typed = owner.act(
        "card_merge",
        "set_birth_date",
        json!({"text": "2999-01-01"}),
    );
    assert_eq!(
        typed["birth_date"]["problems"][0],
        "The birth date is in the future."
    );
}

/// The example script in the README runs end to end: every line answers `ok`.
#[test]
fn home_lists_the_programs_entries_and_logs_out() {
    let server = Server::start();
    let mut app = App::start("waon", &server.url, "en");
    let login_id = format!("qa-home-{}@example.jp", std::process::id());
    app.state(json!({"action": "screen_open", "screen": "sign_up"}));
    app.act("sign_up", "set_login_id", json!({"text": login_id}));
    app.act("sign_up", "set_password", json!({"text": "Tamaru#2026"}));
    assert_eq!(app.act("sign_up", "submit", json!({}))["navigate"], "home");

    let home = app.state(json!({"action": "screen_open", "screen": "home"}));
    assert_eq!(home["tabs"][0]["entry"], "member_code");
    assert_eq!(home["tabs"][0]["label"], "Member code");
    let settings: Vec<&str> = home["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["entry"].as_str().unwrap())
        .collect();
    assert!(settings.contains(&"family"), "{settings:?}");
    assert_eq!(home["log_out"]["label"], "Log out");
    let out = app.act("home", "log_out", json!({}));
    assert_eq!(out["navigate"], "log_in");
    assert!(out["error"].is_null());
}

#[test]
fn the_screens_example_script_runs_without_an_error() {
    let server = Server::start();
    let script = include_str!("../examples/screens-walkthrough.jsonl");
    let output = qa()
        .args([
            "app",
            "--profile",
            "waon",
            "--server",
            &server.url,
            "--language",
            "en",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        script.lines().filter(|l| !l.trim().is_empty()).count()
    );
    for line in &lines {
        assert!(line.get("ok").is_some(), "{line}");
    }
    assert_eq!(lines[6]["ok"]["state"]["navigate"], "home");
    assert_eq!(lines[9]["ok"]["state"]["balance"], "0 pt");
}
