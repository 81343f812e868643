//! `tamaru-qa issue-card --server URL --program P --type T [--expired|--invalid|--lapsed]
//! [--holder NAME] [--birth-date YYYY-MM-DD] [--pin 1234|--no-pin] [--member-registered]
//! [--issuer NAME]`: issues a card into a running sandbox's registry (`POST /admin/cards`) and
//! prints it as one JSON line:
//!
//! `{"program","card_type","number","pin","expires_on","status","holder":{"name","birth_date"},"member_registered","issuer","point_account","built_in_emoney"}`
//!
//! Stable contract. `number` is a fresh Luhn-valid 16-digit number; `pin` is `null` without
//! `--pin`; `point_account` and `built_in_emoney` are set for a credit card (`aeon_card`) only.
//! The default holder is 山田 花子, born 1990-04-01 (the account that registers its first card
//! takes that card's holder as its own, so default cards are all one person's). A refusal
//! (unknown program or type, a PIN for a card type without one, …) prints the sandbox's
//! answer on stderr and exits with 2.

use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::admin;

#[derive(clap::Args, Debug, Clone)]
pub struct IssueCardArgs {
    /// The sandbox's URL as `tamaru-qa serve` printed it.
    #[arg(long)]
    pub server: String,
    /// `wester` or `waon`.
    #[arg(long)]
    pub program: String,
    /// The card type (`sc_point_card`, `aeon_card`, `waon_point_card`, `waon_emoney`).
    #[arg(long = "type")]
    pub card_type: String,
    /// Issue the card already expired (its expiry date yesterday).
    #[arg(long, conflicts_with_all = ["invalid", "lapsed"])]
    pub expired: bool,
    /// Issue the card marked invalid by the issuer.
    #[arg(long, conflicts_with = "lapsed")]
    pub invalid: bool,
    /// Issue the card with its membership lapsed.
    #[arg(long)]
    pub lapsed: bool,
    /// The holder's name (default 山田 花子).
    #[arg(long)]
    pub holder: Option<String>,
    /// The holder's birth date, YYYY-MM-DD (default 1990-04-01).
    #[arg(long)]
    pub birth_date: Option<String>,
    /// The card's 4-digit PIN (`sc_point_card`).
    #[arg(long, conflicts_with = "no_pin")]
    pub pin: Option<String>,
    /// The card has no PIN (the default; for scripts that say so).
    #[arg(long)]
    pub no_pin: bool,
    /// A member registration exists at the issuing shop (`sc_point_card`).
    #[arg(long)]
    pub member_registered: bool,
    /// Who issued the card (default per card type, e.g. ルクア大阪).
    #[arg(long)]
    pub issuer: Option<String>,
}

/// The `POST /admin/cards` body for the arguments.
pub fn body(args: &IssueCardArgs) -> Value {
    let mut body = Map::new();
    body.insert("program".into(), json!(args.program.trim()));
    body.insert("card_type".into(), json!(args.card_type.trim()));
    let status = if args.expired {
        "expired"
    } else if args.invalid {
        "invalid"
    } else if args.lapsed {
        "lapsed"
    } else {
        "active"
    };
    body.insert("status".into(), json!(status));
    if args.holder.is_some() || args.birth_date.is_some() {
        body.insert(
            "holder".into(),
            json!({
                "name": args.holder.as_deref().unwrap_or("山田 花子"),
                "birth_date": args.birth_date.as_deref().unwrap_or("1990-04-01"),
            }),
        );
    }
    if let Some(pin) = &args.pin {
        body.insert("pin".into(), json!(pin.trim()));
    }
    if args.member_registered {
        body.insert("member_registered".into(), json!(true));
    }
    if let Some(issuer) = &args.issuer {
        body.insert("issuer".into(), json!(issuer));
    }
    Value::Object(body)
}

/// Issues the card; the JSON line to print, or the message for stderr.
pub fn issue(args: &IssueCardArgs) -> Result<String, String> {
    admin::request(
        reqwest::Method::POST,
        &args.server,
        "admin/cards",
        Some(&body(args)),
    )
    .map(|card| card.to_string())
}

pub fn run(args: &IssueCardArgs) -> ExitCode {
    match issue(args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => admin::fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use clap::Parser;
    use tamaru_sandbox::{Sandbox, SandboxConfig};

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: IssueCardArgs,
    }

    fn parse(args: &[&str]) -> Result<IssueCardArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("issue-card").chain(args.iter().copied()))
            .map(|c| c.args)
    }

    fn luhn_valid(digits: &str) -> bool {
        let sum: u32 = digits
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
                } else {
                    d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }

    #[test]
    fn arguments_become_the_admin_body() {
        let args = parse(&[
            "--server",
            "http://127.0.0.1:1",
            "--program",
            "wester",
            "--type",
            "sc_point_card",
            "--lapsed",
            "--holder",
            "鈴木 一郎",
            "--pin",
            "1234",
            "--member-registered",
        ])
        .expect("parses");
        assert_eq!(
            body(&args),
            json!({
                "program": "wester",
                "card_type": "sc_point_card",
                "status": "lapsed",
                "holder": {"name": "鈴木 一郎", "birth_date": "1990-04-01"},
                "pin": "1234",
                "member_registered": true,
            })
        );
        let plain = parse(&[
            "--server",
            "x",
            "--program",
            "waon",
            "--type",
            "aeon_card",
            "--no-pin",
        ])
        .expect("parses");
        assert_eq!(
            body(&plain),
            json!({"program": "waon", "card_type": "aeon_card", "status": "active"})
        );
    }

    #[test]
    fn contradictory_flags_are_refused() {
        let base = [
            "--server",
            "x",
            "--program",
            "wester",
            "--type",
            "sc_point_card",
        ];
        for extra in [
            &["--expired", "--lapsed"][..],
            &["--invalid", "--lapsed"],
            &["--expired", "--invalid"],
            &["--pin", "1234", "--no-pin"],
        ] {
            let args: Vec<&str> = base.iter().chain(extra).copied().collect();
            assert!(parse(&args).is_err(), "{extra:?}");
        }
        assert!(parse(&["--program", "wester", "--type", "sc_point_card"]).is_err());
    }

    #[test]
    fn issues_into_a_running_sandbox() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxConfig::default()))
            .expect("sandbox");
        let server = sandbox.url();
        let line = issue(
            &parse(&[
                "--server",
                &server,
                "--program",
                "waon",
                "--type",
                "aeon_card",
                "--expired",
            ])
            .expect("parses"),
        )
        .expect("issued");
        assert!(!line.contains('\n'), "one line");
        let card: Value = serde_json::from_str(&line).expect("JSON");
        let number = card["number"].as_str().expect("number");
        assert_eq!(number.len(), 16);
        assert!(luhn_valid(number), "{number}");
        assert_eq!(card["status"], "expired");
        assert_eq!(card["card_type"], "aeon_card");
        assert!(card["point_account"].is_string());
        assert!(card["built_in_emoney"].is_string());
        assert_eq!(card["holder"]["name"], "山田 花子");

        let refused = issue(
            &parse(&[
                "--server",
                &server,
                "--program",
                "waon",
                "--type",
                "waon_point_card",
                "--pin",
                "1234",
            ])
            .expect("parses"),
        );
        let message = refused.expect_err("waon cards have no PIN");
        assert!(message.contains("400"), "{message}");
        let unknown = issue(
            &parse(&["--server", &server, "--program", "nanaco", "--type", "x"]).expect("parses"),
        );
        assert!(unknown.is_err());
        drop(sandbox);
    }
}
