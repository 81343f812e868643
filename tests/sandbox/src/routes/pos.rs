//! Member codes (SPEC §1, §7) from the server's side: issuing `wester`'s one-time codes to
//! the phone, and the point of sale that reads any program's code.
//!
//! - [`issue`]: `POST /{program}/v1/member-codes`, the current code and the codes issued in
//!   advance (so a valid code shows offline for a while).
//! - [`verify`]: who a scanned code belongs to: [`identify`], the hook other modules (points)
//!   call to award or spend points in the same transaction.
//! - [`till_kinds`]: `POST /pos/till`, one read at a till of a given kind (SPEC §8), from the
//!   profile's `[till]` table ([`terminal_kinds`]); [`app_codes`]: other apps' codes for it.
//! - [`till`]: `POST /pos/scan`, `/pos/complete`, `/pos/cancel`: transactions bound to a
//!   code, so a code cannot be reused once its transaction completed, and a per-terminal
//!   failure counter that slows down guessing.
//!
//! The code rules here are the server's own configuration. They mirror the reference
//! profiles (`core/profiles/*.toml`, `[member_code]`); a scenario test checks that the
//! codes the sandbox issues satisfy the profile.

mod app_codes;
mod issue;
pub(crate) mod terminal_kinds;
mod till;
mod till_kinds;
mod verify;

use axum::Router;
use axum::routing::post;

use super::Shared;

#[allow(unused_imports)]
pub(crate) use till::{PosTransaction, TxStatus, transaction};
#[allow(unused_imports)]
pub(crate) use verify::{CodeKind, Identified, identify};

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS member_codes (
    id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    code TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    valid_from INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    issued_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS member_codes_by_code ON member_codes (program, code);
CREATE INDEX IF NOT EXISTS member_codes_by_device ON member_codes (device_id, valid_until);
CREATE TABLE IF NOT EXISTS pos_transactions (
    id TEXT PRIMARY KEY,
    program TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    code TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    status TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX IF NOT EXISTS pos_transactions_by_code ON pos_transactions (program, code);
CREATE TABLE IF NOT EXISTS app_codes (
    program TEXT NOT NULL,
    code TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (program, code)
);
CREATE TABLE IF NOT EXISTS pos_terminals (
    terminal_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    window_start INTEGER NOT NULL DEFAULT 0,
    blocked_until INTEGER NOT NULL DEFAULT 0
);
";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/member-codes", post(issue::issue))
        .route("/pos/scan", post(till::scan))
        .route("/pos/complete", post(till::complete))
        .route("/pos/cancel", post(till::cancel))
        .route("/pos/till", post(till_kinds::present))
        .route("/admin/app-codes", post(app_codes::issue))
}

/// How a program's member codes are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Issued here, stored in `member_codes`.
    ServerIssued,
    /// Derived on the phone from the device secret and the time (TOTP-like).
    DeviceDerived,
}

/// A program's member-code rules, as the server holds them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeRules {
    pub program: &'static str,
    pub source: Source,
    pub prefix: &'static str,
    pub length: usize,
    pub validity_seconds: i64,
    /// Codes issued beyond the current one (server-issued programs).
    pub advance_codes: usize,
    /// Time steps of phone clock skew accepted either way (device-derived programs).
    pub skew_steps: i64,
    /// Seconds a server-issued code is still (or already) accepted outside its window: the
    /// phone counts down on its own clock, which may be a little off the server's.
    pub grace_seconds: i64,
}

/// The rules of each program the sandbox serves (reference values of SPEC §1).
pub(crate) const RULES: &[CodeRules] = &[
    CodeRules {
        program: "wester",
        source: Source::ServerIssued,
        prefix: "109",
        length: 16,
        validity_seconds: 300,
        advance_codes: 3,
        skew_steps: 0,
        grace_seconds: 30,
    },
    CodeRules {
        program: "waon",
        source: Source::DeviceDerived,
        prefix: "4300",
        length: 32,
        validity_seconds: 300,
        advance_codes: 0,
        skew_steps: 1,
        grace_seconds: 0,
    },
];

pub(crate) fn rules(program: &str) -> Option<&'static CodeRules> {
    all_rules().into_iter().find(|r| r.program == program)
}

/// The code rules of every program: the shipped ones and those registered at run time.
pub(crate) fn all_rules() -> Vec<&'static CodeRules> {
    RULES
        .iter()
        .chain(crate::programs::registered().into_iter().map(|p| p.codes))
        .collect()
}

/// Digits of a device number; its last [`SUFFIX_DIGITS`] are the install suffix.
pub(crate) const DEVICE_NUMBER_DIGITS: usize = 16;
pub(crate) const SUFFIX_DIGITS: usize = 4;

/// Failed verifications at one terminal within [`FAILURE_WINDOW_SECONDS`] that block it.
pub(crate) const FAILURE_LIMIT: i64 = 5;
pub(crate) const FAILURE_WINDOW_SECONDS: i64 = 300;
/// How long a blocked terminal gets `429 too_many_failures`.
pub(crate) const BLOCK_SECONDS: i64 = 60;

/// RFC 3339 (UTC, whole seconds) of a Unix time.
pub(crate) fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
