//! `tamaru-qa time-to-barcode --program waon|wester --data-dir D [--prepare] [--width PX] [--out FILE]`
//!
//! "Time to barcode": how long a fresh process takes from opening a signed-in member's data
//! to the PNG of a valid member code, offline. The benchmark (`core/benches/barcode.rs`)
//! runs it in a loop and times whole processes; the command also reports its own phases.
//!
//! - `--prepare`: starts an embedded sandbox, signs up a member of `--program` into `D`
//!   (wester: fetches the codes issued in advance, valid for 20 minutes), stops the sandbox.
//!   Prints `{"prepared": D, "program", "member_id", "covered_until"}`.
//! - otherwise: opens `D` with the server unreachable and writes nothing but `--out` (if
//!   given). Prints `{"program", "code", "valid_until", "png_bytes", "width",
//!   "elapsed_us": {"open", "code", "png", "total"}}`. Exit 1 with the reason on stderr when
//!   no code can be shown (e.g. wester's advance codes expired: prepare again).
//!
//! The phone's secure store is stood in for by a JSON file beside the data directory
//! (`D.keychain.json`, mode 0600): QA data of the sandbox only, never a real account.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;
use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::barcode::MemberCodeState;
use tamaru_core::error::TamaruError;
use tamaru_core::profile::Profile;
use tamaru_core::secure_store::{SecureStore, SecureStoreError};
use tamaru_sandbox::{Sandbox, SandboxConfig};

#[derive(clap::Args)]
pub struct TimeToBarcodeArgs {
    #[arg(long)]
    pub program: crate::cli::ProfileId,
    /// The app's data directory (created by `--prepare`).
    #[arg(long)]
    pub data_dir: PathBuf,
    /// Sign up a member into the data directory first (needs no running sandbox).
    #[arg(long)]
    pub prepare: bool,
    /// PNG width in pixels.
    #[arg(long, default_value_t = 600)]
    pub width: u32,
    /// Also write the PNG here.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The keychain stand-in: one JSON object in a file.
pub(crate) struct FileKeychain {
    pub(crate) path: PathBuf,
}

impl FileKeychain {
    pub(crate) fn for_data_dir(data_dir: &Path) -> FileKeychain {
        let mut name = data_dir.as_os_str().to_owned();
        name.push(".keychain.json");
        FileKeychain {
            path: PathBuf::from(name),
        }
    }

    fn read(&self) -> Result<HashMap<String, String>, SecureStoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| SecureStoreError::new(format!("keychain file unreadable: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HashMap::new()),
            Err(e) => Err(SecureStoreError::new(format!("keychain file: {e}"))),
        }
    }

    fn write(&self, entries: &HashMap<String, String>) -> Result<(), SecureStoreError> {
        let io = |e: std::io::Error| SecureStoreError::new(format!("keychain file: {e}"));
        let text = serde_json::to_vec(entries).map_err(|e| SecureStoreError::new(e.to_string()))?;
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

impl SecureStore for FileKeychain {
    fn get(&self, key: &str) -> Result<Option<String>, SecureStoreError> {
        Ok(self.read()?.get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecureStoreError> {
        let mut entries = self.read()?;
        entries.insert(key.to_owned(), value.to_owned());
        self.write(&entries)
    }
    fn delete(&self, key: &str) -> Result<(), SecureStoreError> {
        let mut entries = self.read()?;
        if entries.remove(key).is_some() {
            self.write(&entries)?;
        }
        Ok(())
    }
}

pub(crate) fn open(
    profile: Arc<Profile>,
    base_url: &str,
    data_dir: &Path,
) -> Result<MemberApp, TamaruError> {
    MemberApp::new(AppConfig::new(
        profile,
        base_url,
        data_dir,
        Arc::new(FileKeychain::for_data_dir(data_dir)),
    ))
}

async fn prepare(args: &TimeToBarcodeArgs) -> Result<serde_json::Value, TamaruError> {
    let profile = args.program.load();
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .map_err(|e| TamaruError::InvalidConfig {
            detail: e.to_string(),
        })?;
    // A profile file of another program: the embedded sandbox serves it from the profile.
    if !Profile::builtin_ids().contains(&profile.id.as_str()) {
        let value = serde_json::to_value(&*profile).map_err(|e| TamaruError::InvalidConfig {
            detail: e.to_string(),
        })?;
        sandbox
            .register_program(&value)
            .map_err(|detail| TamaruError::InvalidConfig { detail })?;
    }
    let _ = std::fs::remove_dir_all(&args.data_dir);
    let _ = std::fs::remove_file(FileKeychain::for_data_dir(&args.data_dir).path);
    let app = open(
        profile.clone(),
        &sandbox.program_url(&profile.id),
        &args.data_dir,
    )?;
    let login_id = format!("ttb{}@example.jp", std::process::id());
    let account = app
        .account()
        .sign_up(&login_id, "Tamaru#2026", None)
        .await?;
    let fetched = app.member_code().fetch().await?;
    Ok(json!({
        "prepared": args.data_dir.display().to_string(),
        "program": profile.id,
        "member_id": account.member_id,
        "covered_until": fetched.covered_until_unix,
    }))
}

/// The measured path: no runtime, no request.
fn measure(args: &TimeToBarcodeArgs) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let profile = args.program.load();
    // Nothing listens on the discard port; nothing is sent anyway.
    let app = open(
        profile.clone(),
        &format!("http://127.0.0.1:9/{}/", profile.id),
        &args.data_dir,
    )
    .map_err(|e| format!("{e} [{}]", e.code()))?;
    let opened = start.elapsed();
    let session = app.member_code().session();
    let code = match session.current() {
        MemberCodeState::Ready { code } => code,
        MemberCodeState::Unavailable { unavailable } => {
            return Err(format!(
                "no code to show: {} [{}]",
                unavailable.message_en,
                unavailable.reason.code()
            ));
        }
    };
    let coded = start.elapsed();
    let png = session
        .render_png(None, args.width)
        .map_err(|e| format!("{e} [{}]", e.code()))?;
    let rendered = start.elapsed();
    if let Some(out) = &args.out {
        std::fs::write(out, &png).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    let us = |d: std::time::Duration| d.as_micros() as u64;
    Ok(json!({
        "program": profile.id,
        "code": code.code,
        "valid_until": code.valid_until_unix,
        "png_bytes": png.len(),
        "width": args.width,
        "elapsed_us": {
            "open": us(opened),
            "code": us(coded - opened),
            "png": us(rendered - coded),
            "total": us(rendered),
        },
    }))
}

pub fn run(args: &TimeToBarcodeArgs) -> ExitCode {
    let result = if args.prepare {
        match tokio::runtime::Runtime::new() {
            Ok(rt) => rt
                .block_on(prepare(args))
                .map_err(|e| format!("{e} [{}]", e.code())),
            Err(e) => Err(format!("cannot start a runtime: {e}")),
        }
    } else {
        measure(args)
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("tamaru-qa time-to-barcode: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ProfileId;

    fn args(program: ProfileId, dir: &Path, prepare: bool) -> TimeToBarcodeArgs {
        TimeToBarcodeArgs {
            program,
            data_dir: dir.to_owned(),
            prepare,
            width: 600,
            out: None,
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn prepared_data_gives_a_valid_code_offline_in_a_fresh_app() {
        for program in [ProfileId::Waon, ProfileId::Wester] {
            // The file keychain sits beside the data directory: both inside `temp`.
            let temp = tempfile::tempdir().expect("temp dir");
            let dir = temp.path().join("app");
            let prepared = prepare(&args(program.clone(), &dir, true))
                .await
                .expect("prepared");
            let line = tokio::task::spawn_blocking({
                let dir = dir.clone();
                let program = program.clone();
                move || measure(&args(program, &dir, false))
            })
            .await
            .expect("joins")
            .expect("a code offline");
            let rules = &program.load().member_code;
            let code = line["code"].as_str().expect("code");
            assert_eq!(code.len(), rules.length as usize);
            assert!(code.starts_with(&rules.prefix));
            assert!(line["png_bytes"].as_u64().expect("bytes") > 100);
            assert!(prepared["member_id"].is_string());
        }
    }

    #[test]
    fn an_empty_data_dir_says_why_there_is_no_code() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("app");
        let error = measure(&args(ProfileId::Waon, &dir, false)).expect_err("no member");
        assert!(error.ends_with("[not_signed_in]"), "{error}");
    }
}
