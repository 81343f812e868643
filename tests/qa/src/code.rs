//! `tamaru-qa code --profile waon --device-number N --secret HEX [--at RFC3339]`
//!
//! Prints the offline one-time member code (SPEC §1) of a device at an instant, as one JSON
//! line on stdout:
//!
//! ```json
//! {"profile":"waon","code":"4300…","grouped":"4300 …","valid_from":"2026-04-01T01:00:00Z",
//!  "valid_until":"2026-04-01T01:05:00Z","seconds_left":150,"suffix":"5678"}
//! ```
//!
//! Times are RFC 3339 in UTC with whole seconds; the code is valid from `valid_from`
//! (inclusive) to `valid_until` (exclusive); `seconds_left` counts from `--at`, which
//! defaults to now. `--secret` is the device secret in hex (either case).
//!
//! Exit codes: 0 printed; 2 bad input: a secret that is not hex or is empty, a device number
//! that is not 16 digits, a time that is not RFC 3339 or is before 1970, or a profile whose
//! codes the server issues (`wester`): message on stderr with the stable code in brackets.
//! The secret itself never appears in a message.

use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use tamaru_core::barcode::{self, BarcodeError};

#[derive(clap::Args)]
pub struct CodeArgs {
    /// Program profile (its member-code rules give prefix, length and validity).
    #[arg(long)]
    pub profile: crate::cli::ProfileId,
    /// The device number, 16 digits (its last 4 are the install suffix).
    #[arg(long)]
    pub device_number: String,
    /// The device secret, hex.
    #[arg(long)]
    pub secret: String,
    /// The instant, RFC 3339 (e.g. 2026-04-01T10:02:30+09:00). Default: now.
    #[arg(long)]
    pub at: Option<String>,
}

/// The JSON line printed on success.
#[derive(Debug, Serialize)]
pub struct CodeLine {
    pub profile: String,
    pub code: String,
    pub grouped: String,
    pub valid_from: String,
    pub valid_until: String,
    pub seconds_left: u32,
    pub suffix: String,
}

/// Bad input: the message for stderr (exit code 2).
#[derive(Debug)]
pub struct BadInput(pub String);

impl From<BarcodeError> for BadInput {
    fn from(e: BarcodeError) -> Self {
        BadInput(format!("{e} [{}]", e.code()))
    }
}

/// Hex to bytes. Errors name the position, never the secret's characters.
fn parse_hex(hex: &str) -> Result<Vec<u8>, BadInput> {
    if hex.is_empty() {
        return Err(BadInput("--secret is empty [missing_secret]".to_owned()));
    }
    if let Some(position) = hex.bytes().position(|b| !b.is_ascii_hexdigit()) {
        return Err(BadInput(format!(
            "--secret is not hex: bad character at position {position} [bad_hex]"
        )));
    }
    if hex.len() % 2 == 1 {
        return Err(BadInput(format!(
            "--secret has an odd number ({}) of hex digits [bad_hex]",
            hex.len()
        )));
    }
    let nibble = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
    Ok(hex
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| nibble(pair[0]) << 4 | nibble(pair[1]))
        .collect())
}

fn parse_at(at: Option<&str>) -> Result<DateTime<Utc>, BadInput> {
    match at {
        None => Ok(Utc::now()),
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.to_utc())
            .map_err(|e| {
                BadInput(format!(
                    "--at {text:?} is not an RFC 3339 time: {e} [bad_time]"
                ))
            }),
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Does the work without printing, so tests can look at the result.
pub fn execute(args: &CodeArgs) -> Result<CodeLine, BadInput> {
    let profile = args.profile.load();
    let at = parse_at(args.at.as_deref())?;
    let secret = parse_hex(&args.secret)?;
    let code = barcode::offline_code(&profile.member_code, &args.device_number, &secret, at)?;
    Ok(CodeLine {
        profile: profile.id.clone(),
        grouped: barcode::grouped_digits(&code.code),
        valid_from: rfc3339(code.valid_from()),
        valid_until: rfc3339(code.valid_until()),
        seconds_left: code.seconds_left(at),
        suffix: code.suffix.clone(),
        code: code.code,
    })
}

pub fn run(args: &CodeArgs) -> ExitCode {
    match execute(args).map(|line| serde_json::to_string(&line)) {
        Ok(Ok(line)) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("tamaru-qa code: {e}");
            ExitCode::FAILURE
        }
        Err(BadInput(message)) => {
            eprintln!("tamaru-qa code: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ProfileId;
    use clap::Parser;

    #[derive(Parser)]
    struct TestCli {
        #[command(flatten)]
        args: CodeArgs,
    }

    const DEVICE: &str = "1234567890125678";
    /// `tamaru-test-device-secret-000001` in hex.
    const SECRET_HEX: &str = "74616d6172752d746573742d6465766963652d7365637265742d303030303031";

    fn args(profile: ProfileId, device: &str, secret: &str, at: &str) -> CodeArgs {
        CodeArgs {
            profile,
            device_number: device.to_owned(),
            secret: secret.to_owned(),
            at: Some(at.to_owned()),
        }
    }

    #[test]
    fn prints_the_code_of_the_instant() {
        let cli = TestCli::try_parse_from([
            "t",
            "--profile",
            "waon",
            "--device-number",
            DEVICE,
            "--secret",
            SECRET_HEX,
            "--at",
            "2026-04-01T10:02:30+09:00",
        ])
        .expect("parses");
        let line = execute(&cli.args).expect("code");
        // The same vector as the core's pinned test (secret, device and instant).
        assert_eq!(line.code, "43009118954259401234567890125678");
        assert_eq!(line.grouped, "4300 9118 9542 5940 1234 5678 9012 5678");
        assert_eq!(line.valid_from, "2026-04-01T01:00:00Z");
        assert_eq!(line.valid_until, "2026-04-01T01:05:00Z");
        assert_eq!(
            (
                line.seconds_left,
                line.suffix.as_str(),
                line.profile.as_str()
            ),
            (150, "5678", "waon")
        );
        let upper = execute(&args(
            ProfileId::Waon,
            DEVICE,
            &SECRET_HEX.to_uppercase(),
            "2026-04-01T01:02:30Z",
        ))
        .expect("code");
        assert_eq!(upper.code, line.code);
    }

    #[test]
    fn bad_input_is_refused_without_echoing_the_secret() {
        let at = "2026-04-01T10:02:30+09:00";
        let cases = [
            (args(ProfileId::Waon, DEVICE, "zz", at), "[bad_hex]"),
            (args(ProfileId::Waon, DEVICE, "abc", at), "[bad_hex]"),
            (args(ProfileId::Waon, DEVICE, "", at), "[missing_secret]"),
            (
                args(ProfileId::Waon, "12345", SECRET_HEX, at),
                "[invalid_device_number]",
            ),
            (
                args(ProfileId::Waon, DEVICE, SECRET_HEX, "yesterday"),
                "[bad_time]",
            ),
            (
                args(ProfileId::Waon, DEVICE, SECRET_HEX, "1969-12-31T23:59:59Z"),
                "[time_out_of_range]",
            ),
            (
                args(ProfileId::Wester, DEVICE, SECRET_HEX, at),
                "[not_device_derived]",
            ),
        ];
        for (args, code) in cases {
            let BadInput(message) = execute(&args).expect_err("refused");
            assert!(message.ends_with(code), "{message}");
            assert!(
                !message.contains(SECRET_HEX) && !message.contains("zz"),
                "{message}"
            );
        }
    }

    #[test]
    fn defaults_to_now() {
        let mut args = args(ProfileId::Waon, DEVICE, SECRET_HEX, "");
        args.at = None;
        let line = execute(&args).expect("code");
        assert!(line.seconds_left <= 300 && line.seconds_left > 0);
    }
}
