//! Who a scanned member code belongs to: [`identify`].
//!
//! Side-effect free (no failure counting, no transaction): the till's handlers add those,
//! and another module (points) may call it to check a code before it awards or spends.

use axum::http::StatusCode;
use hmac::{Hmac, Mac};
use rusqlite::OptionalExtension;
use sha2::Sha256;

use super::{CodeRules, DEVICE_NUMBER_DIGITS, SUFFIX_DIGITS, Source, all_rules, rules};
use crate::error::{ApiErr, ApiResult};
use crate::routes::Shared;

/// How far outside its window (in steps) a device-derived code is still recognised as
/// "expired" or "not yet valid" rather than unknown: an hour at 300-second steps.
const RECOGNISED_STEPS: i64 = 12;

/// Where the scanned code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeKind {
    ServerIssued,
    DeviceDerived,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::ServerIssued => "server_issued",
            CodeKind::DeviceDerived => "device_derived",
        }
    }
}

/// The member (and device) a valid code identifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identified {
    pub program: &'static str,
    /// The code as scanned (digits only).
    pub code: String,
    pub kind: CodeKind,
    pub account_id: i64,
    pub device_id: i64,
    pub member_id: String,
    /// The install suffix: the code's last 4 digits (printed on receipts).
    pub device_suffix: String,
    /// Unix time the code's own window ends.
    pub valid_until: i64,
}

/// Whether `code` is a valid member code now, and whose.
///
/// `program` may be given (the till knows which app it reads) or left out: the common POS
/// reads every program's code, and the prefix and length tell them apart.
///
/// Errors: 404 `unknown_program`; 422 `invalid_code` (not a member code of the program, or of
/// any); 404 `unknown_code` (right shape, nobody's code); 410 `code_expired`;
/// 409 `code_not_yet_valid` (the phone's clock is ahead); 409 `code_used` (its transaction
/// completed). Checks no terminal and opens no transaction.
pub(crate) fn identify(state: &Shared, program: Option<&str>, code: &str) -> ApiResult<Identified> {
    let code = code.trim();
    let rules = match program {
        Some(name) => {
            let rules = rules(name).ok_or_else(|| crate::routes::unknown_program(name))?;
            if !shape_matches(rules, code) {
                return Err(invalid_code(&format!(
                    "not a {} member code",
                    rules.program
                )));
            }
            rules
        }
        None => all_rules()
            .into_iter()
            .find(|r| shape_matches(r, code))
            .ok_or_else(|| invalid_code("not a member code of any program"))?,
    };
    let now = state.clock.unix();
    let identified = match rules.source {
        Source::ServerIssued => server_issued(state, rules, code, now)?,
        Source::DeviceDerived => device_derived(state, rules, code, now)?,
    };
    let used: bool = state.db().query_row(
        "SELECT EXISTS(SELECT 1 FROM pos_transactions
         WHERE program = ?1 AND code = ?2 AND status = 'completed')",
        (identified.program, &identified.code),
        |r| r.get(0),
    )?;
    if used {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "code_used",
            "this code was already used for a completed transaction; show a new code",
        ));
    }
    Ok(identified)
}

fn shape_matches(rules: &CodeRules, code: &str) -> bool {
    code.len() == rules.length
        && code.starts_with(rules.prefix)
        && code.bytes().all(|b| b.is_ascii_digit())
}

fn invalid_code(why: &str) -> ApiErr {
    ApiErr::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_code", why)
}

fn unknown_code() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "unknown_code",
        "no member has this code",
    )
}

fn expired() -> ApiErr {
    ApiErr::new(
        StatusCode::GONE,
        "code_expired",
        "the code has expired; ask the member to show the current code",
    )
}

fn not_yet_valid() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "code_not_yet_valid",
        "the code is not valid yet; the phone's clock may be ahead",
    )
}

fn suffix(code: &str) -> String {
    code[code.len() - SUFFIX_DIGITS..].to_owned()
}

/// A code the server issued: looked up, then its window checked with the grace period.
fn server_issued(
    state: &Shared,
    rules: &'static CodeRules,
    code: &str,
    now: i64,
) -> ApiResult<Identified> {
    let row = state
        .db()
        .query_row(
            "SELECT c.account_id, c.device_id, c.valid_from, c.valid_until, a.member_id
             FROM member_codes c
             JOIN accounts a ON a.id = c.account_id
             JOIN devices d ON d.id = c.device_id
             WHERE c.program = ?1 AND c.code = ?2 AND a.status = 'active' AND d.active = 1",
            (rules.program, code),
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((account_id, device_id, valid_from, valid_until, member_id)) = row else {
        return Err(unknown_code());
    };
    if now >= valid_until + rules.grace_seconds {
        return Err(expired());
    }
    if now < valid_from - rules.grace_seconds {
        return Err(not_yet_valid());
    }
    Ok(Identified {
        program: rules.program,
        code: code.to_owned(),
        kind: CodeKind::ServerIssued,
        account_id,
        device_id,
        member_id,
        device_suffix: suffix(code),
        valid_until,
    })
}

/// A code derived on the phone: prefix + time code + device number. The device number
/// finds the device; its secret recomputes the time code of the steps around now.
fn device_derived(
    state: &Shared,
    rules: &'static CodeRules,
    code: &str,
    now: i64,
) -> ApiResult<Identified> {
    let time_digits = rules.length - rules.prefix.len() - DEVICE_NUMBER_DIGITS;
    let time_part = &code[rules.prefix.len()..rules.prefix.len() + time_digits];
    let device_number = &code[code.len() - DEVICE_NUMBER_DIGITS..];
    let devices: Vec<(i64, i64, String, String)> = {
        let db = state.db();
        let mut stmt = db.prepare(
            "SELECT d.id, d.account_id, d.device_secret, a.member_id
             FROM devices d JOIN accounts a ON a.id = d.account_id
             WHERE d.device_number = ?1 AND d.active = 1 AND a.status = 'active'
               AND a.program = ?2",
        )?;
        stmt.query_map((device_number, rules.program), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?
    };
    if devices.is_empty() {
        return Err(unknown_code());
    }
    let step = now.div_euclid(rules.validity_seconds);
    let mut recognised: Option<i64> = None;
    for (device_id, account_id, secret_hex, member_id) in devices {
        let Some(secret) = decode_hex(&secret_hex) else {
            continue;
        };
        for offset in -RECOGNISED_STEPS..=RECOGNISED_STEPS {
            let s = step + offset;
            if s < 0 || time_code(&secret, s as u64, time_digits) != time_part {
                continue;
            }
            if offset.abs() <= rules.skew_steps {
                return Ok(Identified {
                    program: rules.program,
                    code: code.to_owned(),
                    kind: CodeKind::DeviceDerived,
                    account_id,
                    device_id,
                    member_id,
                    device_suffix: suffix(code),
                    valid_until: (s + 1) * rules.validity_seconds,
                });
            }
            recognised = Some(offset);
        }
    }
    match recognised {
        Some(offset) if offset < 0 => Err(expired()),
        Some(_) => Err(not_yet_valid()),
        None => Err(unknown_code()),
    }
}

/// The time code of one step, computed from its description (CONTRACT.md) independently
/// of the core: HMAC-SHA256 of the big-endian step, 8 bytes at the offset in the low nibble
/// of the last byte, top bit cleared, the last `digits` decimal digits.
pub(crate) fn time_code(secret: &[u8], step: u64, digits: usize) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[31] & 0x0f);
    let value = digest[offset..offset + 8]
        .iter()
        .fold(0_u64, |v, b| (v << 8) | u64::from(*b))
        & (u64::MAX >> 1);
    let modulus = 10_u64.pow(digits as u32);
    format!("{:0digits$}", value % modulus)
}

/// Lowercase or uppercase hex to bytes; `None` if it is not hex.
pub(crate) fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_code_matches_the_cores_pinned_vector() {
        // core/src/barcode/tests/offline.rs pins this code for this secret, device and instant.
        let secret = b"tamaru-test-device-secret-000001";
        let step = (1_775_005_350_i64 / 300) as u64; // 2026-04-01T01:02:30Z
        assert_eq!(time_code(secret, step, 12), "911895425940");
    }

    #[test]
    fn hex_decodes_or_refuses() {
        assert_eq!(decode_hex("00ffA0"), Some(vec![0, 255, 160]));
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
