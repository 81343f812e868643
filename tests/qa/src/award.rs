//! `tamaru-qa award --server URL --program P --login-id ID --points N --date YYYY-MM-DD
//! [--store S] [--text T]`: awards points to a member of a running sandbox on a given Japan
//! date, so that QA can stage a history whose expiry shows (SPEC §5).
//!
//! Stable output: one JSON line, the history entry the sandbox wrote:
//! `{"id", "kind": "earn", "date", "points", "store", "text"}`. Errors go to stderr with exit
//! code 2 (the sandbox's `{"error", "message"}` included). Checked here before any request: the
//! date must be `YYYY-MM-DD` and the points at least 1. The sandbox refuses a date after its
//! today (`date_in_future`) or before the account's latest entry (`date_before_ledger`): award
//! oldest first.

use std::process::ExitCode;

use serde_json::json;
use tamaru_core::points::expiry::parse_date;

use crate::admin;

#[derive(clap::Args)]
pub struct AwardArgs {
    /// The sandbox's URL as `tamaru-qa serve` printed it.
    #[arg(long)]
    pub server: String,
    /// A program the sandbox serves (`wester`, `waon`, or one registered with it).
    #[arg(long)]
    pub program: String,
    /// The member's login ID.
    #[arg(long)]
    pub login_id: String,
    /// Points to award (at least 1).
    #[arg(long)]
    pub points: u64,
    /// The Japan date of the award, `YYYY-MM-DD` (default: the sandbox's today).
    #[arg(long)]
    pub date: Option<String>,
    /// The store shown in the history.
    #[arg(long, default_value = "")]
    pub store: String,
    /// The text shown in the history (default: the sandbox's "ポイント獲得").
    #[arg(long)]
    pub text: Option<String>,
}

pub fn run(args: &AwardArgs) -> ExitCode {
    match award(args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => admin::fail(e),
    }
}

fn award(args: &AwardArgs) -> Result<serde_json::Value, String> {
    if let Some(date) = &args.date {
        parse_date(date).map_err(|e| format!("--date: {e}"))?;
    }
    if args.points == 0 {
        return Err("--points: at least 1".into());
    }
    let body = json!({
        "program": args.program.trim(),
        "login_id": args.login_id,
        "points": args.points,
        "date": args.date,
        "store": args.store,
        "text": args.text,
    });
    let answer = admin::request(
        reqwest::Method::POST,
        &args.server,
        "admin/points/award",
        Some(&body),
    )?;
    answer
        .get("entry")
        .cloned()
        .ok_or_else(|| format!("unexpected answer: {answer}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tamaru_sandbox::{Sandbox, SandboxConfig};

    fn args(server: &str, login_id: &str, points: u64, date: Option<&str>) -> AwardArgs {
        AwardArgs {
            server: server.to_owned(),
            program: "wester".into(),
            login_id: login_id.to_owned(),
            points,
            date: date.map(str::to_owned),
            store: "Osaka".into(),
            text: None,
        }
    }

    #[test]
    fn awards_on_a_date_and_prints_the_entry() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxConfig::default()))
            .expect("sandbox");
        let login = "qa-award@example.jp";
        runtime.block_on(async {
            let api =
                tamaru_core::http::ApiClient::new(&sandbox.program_url("wester")).expect("client");
            api.send::<serde_json::Value>(
                reqwest::Method::POST,
                "v1/accounts",
                Some(&json!({"login_id": login, "password": "Tamaru#2026"})),
                None,
            )
            .await
            .expect("sign-up");
        });
        let today = sandbox.points().today();
        let date = (today - chrono::Duration::days(400)).to_string();
        let entry = std::thread::scope(|s| {
            s.spawn(|| award(&args(&sandbox.url(), login, 120, Some(&date))))
                .join()
                .expect("thread")
        })
        .expect("award");
        assert_eq!(entry["kind"], "earn");
        assert_eq!(entry["points"], 120);
        assert_eq!(entry["date"], date.as_str());
        assert_eq!(entry["store"], "Osaka");
        let ledger = sandbox.points().ledger("wester", login).expect("ledger");
        assert_eq!(ledger.entries.len(), 1);

        // Refused before any request, and by the sandbox.
        let bad = |a: AwardArgs| {
            std::thread::scope(|s| s.spawn(|| award(&a)).join().expect("thread"))
                .expect_err("refused")
        };
        assert!(bad(args(&sandbox.url(), login, 0, None)).contains("--points"));
        assert!(bad(args(&sandbox.url(), login, 5, Some("2025-02-30"))).contains("--date"));
        let future = (today + chrono::Duration::days(2)).to_string();
        assert!(bad(args(&sandbox.url(), login, 5, Some(&future))).contains("date_in_future"));
        assert!(
            bad(args(&sandbox.url(), "nobody@example.jp", 5, None)).contains("unknown_account")
        );
        assert_eq!(
            sandbox
                .points()
                .ledger("wester", login)
                .expect("ledger")
                .entries
                .len(),
            1
        );
    }
}
