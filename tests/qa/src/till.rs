//! `tamaru-qa till --server URL --program P --terminal common_pos|omron_mp|vinx_mp --read
//! barcode|magnetic|contactless|contact_ic --data DIGITS [--amount YEN] [--use-points N]`:
//! presents one read to the sandbox's till of that kind (`POST /pos/till`, SPEC §8).
//!
//! Stable output, one JSON line, keys in this order:
//! `{"accepted": bool, "refusal": CODE|null, "member_id": …|null, "earned": N, "used": N,
//! "receipt": {"numbers": ["…1234", …], "id_line": "ID: X000"|null}}`; `numbers` lists the
//! last-4 figures printed, in the order printed. A refusal (`not_accepted_here`,
//! `unknown_card`, `unregistered_card`, `card_not_active`, `unknown_code`, `code_expired`,
//! `insufficient_points`, …) exits 0; a bad argument (a read method not listed, data that is
//! not digits) or a request the sandbox refuses (unknown program, a terminal kind the
//! program's `[till]` does not have) exits 2. `--terminal` takes any terminal kind of the
//! program, so a program registered from a profile file uses its own.

use std::process::ExitCode;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::admin;

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Read {
    Barcode,
    Magnetic,
    Contactless,
    ContactIc,
}

#[derive(clap::Args)]
pub struct TillArgs {
    /// The sandbox's URL as `tamaru-qa serve` printed it.
    #[arg(long)]
    pub server: String,
    /// The program (`waon`, or one registered with the sandbox).
    #[arg(long)]
    pub program: String,
    /// A terminal kind of the program's profile: `common_pos`, `omron_mp` or `vinx_mp` for
    /// `waon` (another program's `[till]` names its own).
    #[arg(long, value_parser = terminal_id)]
    pub terminal: String,
    #[arg(long, value_enum)]
    pub read: Read,
    /// The digits read: a card number, an AEON card's PAN, a member code, another app's code.
    #[arg(long, value_parser = digits)]
    pub data: String,
    /// The purchase amount in yen (points earned: 1 per 200 yen).
    #[arg(long, default_value_t = 0)]
    pub amount: u32,
    /// Points to use.
    #[arg(long, default_value_t = 0)]
    pub use_points: u32,
    /// An idempotency key (8 to 100 visible ASCII characters): the same read sent again with
    /// the same key is applied once and answered with the first result.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

fn terminal_id(text: &str) -> Result<String, String> {
    if !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(text.to_owned())
    } else {
        Err("a terminal kind's ID: lower-case letters, digits and '_'".into())
    }
}

fn digits(text: &str) -> Result<String, String> {
    if !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err("must be 1 to 64 half-width digits".into())
    }
}

/// The answer, in the contract's key order.
#[derive(Serialize, Deserialize)]
struct Answer {
    accepted: bool,
    refusal: Option<String>,
    member_id: Option<String>,
    earned: u64,
    used: u64,
    receipt: Receipt,
}

#[derive(Serialize, Deserialize)]
struct Receipt {
    numbers: Vec<String>,
    id_line: Option<String>,
}

fn name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default()
}

pub fn run(args: &TillArgs) -> ExitCode {
    let body = json!({
        "program": args.program.trim(),
        "terminal": args.terminal,
        "read": name(&args.read),
        "data": args.data,
        "amount": args.amount,
        "use_points": args.use_points,
    });
    let mut body = body;
    if let Some(key) = &args.idempotency_key {
        body["idempotency_key"] = json!(key);
    }
    let answer = admin::request(reqwest::Method::POST, &args.server, "pos/till", Some(&body))
        .and_then(|value| {
            serde_json::from_value::<Answer>(value).map_err(|e| format!("unexpected answer: {e}"))
        })
        .and_then(|answer| serde_json::to_string(&answer).map_err(|e| e.to_string()));
    match answer {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => admin::fail(e),
    }
}
