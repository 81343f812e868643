//! `tamaru-qa app --profile wester|waon|FILE --server URL [--data-dir DIR] [--platform android|ios]`: one simulated install
//! of the member app, driven one JSON action per stdin line, against a sandbox started with
//! `tamaru-qa serve`.
//!
//! QA's other commands check rules offline or act as the operator; this one is the app
//! itself, so every capability of the core can be exercised as a phone would, from a script,
//! without a phone. It runs the real [`MemberApp`] (no QA-side logic), with an in-memory
//! secure store (secrets never touch disk, as on a phone they stay in the keychain) and `DIR`
//! as the app's data directory (default: a fresh temporary directory, removed at the end).
//!
//! Stable contract (README, `tamaru-qa` table):
//!
//! - in: one JSON object per line, `{"action": "<name>", …arguments}` (the actions and their
//!   arguments are in [`actions`]); blank lines are skipped;
//! - out: one JSON object per non-blank input line, in order, flushed at once (so a driver may
//!   wait for each answer before writing the next line):
//!   `{"action": "<name>", "ok": <result>}`, the core's record as JSON (`null` for actions
//!   that return nothing), or
//!   `{"action": "<name>", "error": {"code", "message_en", "message_ja", "detail"}}`, where
//!   `code` is `TamaruError::code()` and `detail` the error's fields (`{}` when it has none);
//! - a line that is not a JSON object, names no or an unknown action, lacks an argument, has
//!   one of the wrong kind or one the action does not take gets
//!   `{"error": {"code": "bad_line", "message_en": "…"}}`, and the rest still run;
//! - exit code 0 when stdin ends, whatever the actions did (failures are data); 2 for bad
//!   arguments: an unknown profile, a `--server` URL the core refuses (plain `http` to a
//!   host that is not loopback), a data directory the app cannot use.
//!
//! No output carries a password, token or device secret: results are the core's records,
//! which hold none (SPEC §2.2), and errors are `TamaruError`, which holds none either.
//!
//! Because the secure store lives in this process, a second run over the same `--data-dir` is
//! an install whose keychain was emptied: signed out (`start_screen` says `signed_out`), not
//! a first launch.

mod actions;
mod output;
mod screens;

use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;
use tamaru_core::app::MemberApp;
use tamaru_core::barcode::MemberCodeSession;
use tamaru_core::cards::CardRegistration;
use tamaru_core::error::TamaruError;
use tamaru_core::screens::Language;
use tamaru_test_support::Install;

use crate::admin;
use crate::cli::ProfileId;

#[derive(clap::Args)]
pub struct AppArgs {
    #[arg(long)]
    pub profile: ProfileId,
    /// The sandbox's URL as `tamaru-qa serve` printed it (`http://127.0.0.1:PORT`); a
    /// program's URL (`…/wester/`) is taken as is.
    #[arg(long)]
    pub server: String,
    /// The app's data directory (default: a fresh temporary directory, removed at the end).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The platform the app runs on (`android`, `ios`); card types the profile limits to
    /// other platforms are then refused. Default: none (not a phone, no platform limits).
    #[arg(long, value_parser = parse_platform)]
    pub platform: Option<tamaru_core::profile::Platform>,
    /// The member's language for the screens' texts (`screen_*` actions).
    #[arg(long, value_enum, default_value = "ja")]
    pub language: ScreenLanguage,
}

fn parse_platform(text: &str) -> Result<tamaru_core::profile::Platform, String> {
    match text {
        "android" => Ok(tamaru_core::profile::Platform::Android),
        "ios" => Ok(tamaru_core::profile::Platform::Ios),
        _ => Err("android or ios".into()),
    }
}

/// `--language`: the app config's language (`tamaru_core::screens::Language`).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ScreenLanguage {
    Ja,
    En,
}

impl ScreenLanguage {
    fn core(self) -> Language {
        match self {
            ScreenLanguage::Ja => Language::Ja,
            ScreenLanguage::En => Language::En,
        }
    }
}

pub fn run(args: &AppArgs) -> ExitCode {
    let profile = args.profile.load();
    let base_url = program_url(&args.server, &profile.id);
    let install = match &args.data_dir {
        Some(dir) => Install::in_dir(profile, base_url, dir),
        None => match Install::new(profile, base_url) {
            Ok(install) => install,
            Err(e) => return admin::fail(format!("no temporary data directory: {e}")),
        },
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tamaru-qa: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let install = install
        .with_platform(args.platform)
        .with_language(args.language.core());
    let mut device = Device::new(install);
    // The first start is where a bad `--server` or `--data-dir` shows: a bad argument (2),
    // not an action's failure.
    if let Err(e) = device.start() {
        return admin::fail(format!("the app does not start: {} ({e})", e.code()));
    }
    let stdin = io::stdin();
    let stdout = io::stdout();
    let result = drive(&runtime, &mut device, &mut stdin.lock(), &mut stdout.lock());
    // The app stops before its temporary data directory goes (with the install).
    drop(device);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away: nobody is left to tell, and the actions ran as far as read.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tamaru-qa: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads actions until stdin ends, answering each on its own flushed line.
fn drive(
    runtime: &tokio::runtime::Runtime,
    device: &mut Device,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> io::Result<()> {
    let mut number = 0u64;
    loop {
        // Raw bytes, so that a line of invalid UTF-8 is one bad line, not the end of the run.
        let mut bytes = Vec::new();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(());
        }
        number += 1;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        let answer = runtime.block_on(answer_line(device, number, text));
        serde_json::to_writer(&mut *output, &answer)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
}

/// The output line for one input line.
async fn answer_line(device: &mut Device, number: u64, text: &str) -> Value {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return output::bad_line(format!("line {number}: not JSON: {e}")),
    };
    let Value::Object(mut object) = value else {
        return output::bad_line(format!(
            "line {number}: expected a JSON object {{\"action\": …}}"
        ));
    };
    let name = match object.remove("action") {
        Some(Value::String(name)) => name,
        _ => {
            return output::bad_line(format!(
                "line {number}: no \"action\" string (e.g. {{\"action\": \"start_screen\"}})"
            ));
        }
    };
    let action = match actions::parse(&name, object) {
        Ok(action) => action,
        Err(message) => return output::bad_line(format!("line {number}: {message}")),
    };
    match device.execute(action).await {
        Ok(result) => serde_json::json!({ "action": name, "ok": result }),
        Err(failure) => serde_json::json!({ "action": name, "error": failure.to_json() }),
    }
}

/// The member API base for the program: the sandbox's root URL plus `/{program}/`, or a URL
/// that already ends in the program, as is.
fn program_url(server: &str, program: &str) -> String {
    let trimmed = server.trim().trim_end_matches('/');
    if trimmed.rsplit('/').next() == Some(program) {
        format!("{trimmed}/")
    } else {
        format!("{trimmed}/{program}/")
    }
}

/// One phone with the app installed: what outlives the app (the data directory on disk, the
/// secure store in memory) and the app while it runs, with what the app's screens hold (a
/// card registration being retried, the member-code screen's session), which go when the
/// app is killed.
pub(crate) struct Device {
    /// The data directory, the secure store and the app's config (`--platform`,
    /// `--language`), kept across restarts.
    install: Install,
    app: Option<MemberApp>,
    registration: Option<CardRegistration>,
    code_session: Option<MemberCodeSession>,
    /// The core's screens the script opened (`screen_open`), by name.
    screens: screens::OpenScreens,
}

impl Device {
    fn new(install: Install) -> Self {
        Device {
            install,
            app: None,
            registration: None,
            code_session: None,
            screens: screens::OpenScreens::default(),
        }
    }

    /// Starts the app (killing the running one first, as a restart does).
    fn start(&mut self) -> Result<(), TamaruError> {
        self.kill();
        self.app = Some(self.install.start()?);
        Ok(())
    }

    /// The app killed: everything it held in memory is gone.
    fn kill(&mut self) {
        self.registration = None;
        self.code_session = None;
        self.screens.close_all();
        self.app = None;
    }

    /// The running app; started again first if the last start failed (the member taps the
    /// icon again), so one failed restart does not end the run.
    fn app(&mut self) -> Result<&MemberApp, TamaruError> {
        if self.app.is_none() {
            self.start()?;
        }
        Ok(self.app.as_ref().expect("started just now"))
    }

    /// The app deleted and installed again: its data directory is gone, the secure store
    /// (the iOS keychain) is not; the new app must wipe what it finds there (SPEC §3).
    fn reinstall(&mut self) -> Result<(), TamaruError> {
        self.kill();
        self.install.erase_data()?;
        self.start()
    }

    /// The member-code screen's session, kept while the app runs (it holds the fetch
    /// schedule).
    fn code_session(&mut self) -> Result<MemberCodeSession, TamaruError> {
        if self.code_session.is_none() {
            let session = self.app()?.member_code().session();
            self.code_session = Some(session);
        }
        Ok(self.code_session.clone().expect("set just now"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_url_is_the_sandbox_root_or_a_program_url() {
        assert_eq!(
            program_url("http://127.0.0.1:8080", "wester"),
            "http://127.0.0.1:8080/wester/"
        );
        assert_eq!(
            program_url(" http://127.0.0.1:8080/ ", "waon"),
            "http://127.0.0.1:8080/waon/"
        );
        assert_eq!(
            program_url("http://127.0.0.1:8080/wester/", "wester"),
            "http://127.0.0.1:8080/wester/"
        );
    }

    /// A whole run offline (a closed port): answers come in order, one per non-blank line,
    /// failures are data, and a bad line does not stop the run.
    #[test]
    fn every_line_gets_one_answer_in_order() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let mut device = Device::new(
            Install::new(
                ProfileId::Waon.load(),
                program_url(&format!("http://127.0.0.1:{port}"), "waon"),
            )
            .expect("a temporary data directory"),
        );
        device.start().expect("starts offline");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let script = "{\"action\": \"start_screen\"}\n\n[1]\n{\"action\": \"log_in\", \"login_id\": \"web_id_1\", \"password\": \"x1234567\"}\n{\"action\": \"check_password\", \"password\": \"abc\"}\n";
        let mut out = Vec::new();
        drive(&runtime, &mut device, &mut script.as_bytes(), &mut out).expect("runs");
        let lines: Vec<Value> = String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(
            lines[0],
            serde_json::json!({"action": "start_screen", "ok": {"screen": "first_launch"}})
        );
        assert_eq!(lines[1]["error"]["code"], "bad_line");
        assert_eq!(lines[2]["action"], "log_in");
        assert_eq!(lines[2]["error"]["code"], "network");
        assert_eq!(lines[3]["ok"]["valid"], false);
    }
}
