//! The offline one-time member code of device-derived programs (`waon`, SPEC §1).
//!
//! Code = profile prefix + time code + 16-digit device number (its last 4 digits are the
//! install suffix). The time code is derived on the phone in the spirit of RFC 6238 (TOTP):
//!
//! - time step `T = floor(unix_seconds / validity_seconds)`;
//! - `mac = HMAC-SHA256(device_secret, T as 8-byte big-endian)`;
//! - RFC 4226 dynamic truncation, extended from 4 to 8 bytes so it can give 12 digits:
//!   `offset = mac[31] & 0x0f`, `v = u64::from_be_bytes(mac[offset..offset + 8]) & 0x7fff_ffff_ffff_ffff`;
//! - time code = `v mod 10^digits`, zero-padded, where `digits = length - prefix - 16`
//!   from the profile (12 for `waon`: 4 + 12 + 16 = 32).
//!
//! A code is valid for its step, `[valid_from, valid_until)`; the point of sale accepts a
//! little clock skew ([`verify_offline_code`]). Nothing here reads the clock: the caller
//! passes the instant, so tests and the countdown UI are deterministic.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::profile::{MemberCodeRules, MemberCodeSource};

use super::error::BarcodeError;

/// Digits of a device number (SPEC §1, §3: issued by the server when the device registers).
pub const DEVICE_NUMBER_DIGITS: usize = 16;

/// Trailing digits of the device number that form the install suffix.
pub const INSTALL_SUFFIX_DIGITS: usize = 4;

/// The widest skew [`verify_offline_code`] searches (an hour at 300-second steps): a larger
/// request is clamped, so a caller's mistake cannot make the till compute millions of MACs.
pub const MAX_SKEW_STEPS: u32 = 12;

/// Fewer time-code digits would be guessable at the till; more than 18 do not fit the
/// 63 bits the truncation yields.
const TIME_DIGITS: std::ops::RangeInclusive<usize> = 6..=18;

/// A one-time member code and when it is valid.
///
/// Times are whole Unix seconds (the FFI has no chrono type; the apps count down from
/// `valid_until_unix`); [`OfflineCode::valid_from`] and [`OfflineCode::valid_until`] give
/// them as `DateTime<Utc>` in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct OfflineCode {
    /// All digits: prefix, time code, device number.
    pub code: String,
    /// The time step the code belongs to.
    pub step: u64,
    /// First second of validity (a step boundary).
    pub valid_from_unix: i64,
    /// First second the code is no longer valid (the next step boundary).
    pub valid_until_unix: i64,
    /// The install suffix (last 4 digits of the device number), shown to the member.
    pub suffix: String,
}

impl OfflineCode {
    pub fn valid_from(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.valid_from_unix, 0).unwrap_or_default()
    }

    pub fn valid_until(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.valid_until_unix, 0).unwrap_or_default()
    }

    /// Whole seconds until the code expires at `at` (0 once expired), for the countdown.
    pub fn seconds_left(&self, at: DateTime<Utc>) -> u32 {
        u32::try_from((self.valid_until_unix - at.timestamp()).max(0)).unwrap_or(u32::MAX)
    }

    /// Whether the code is in its own validity window at `at`.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        (self.valid_from_unix..self.valid_until_unix).contains(&at.timestamp())
    }
}

/// What a profile's member-code rules mean for offline codes.
struct Layout<'a> {
    prefix: &'a str,
    time_digits: usize,
    validity: u64,
    length: usize,
}

fn layout(rules: &MemberCodeRules) -> Result<Layout<'_>, BarcodeError> {
    let invalid = |reason: String| Err(BarcodeError::InvalidRules { reason });
    if rules.source != MemberCodeSource::DeviceDerived {
        return Err(BarcodeError::NotDeviceDerived);
    }
    if !rules.prefix.bytes().all(|b| b.is_ascii_digit()) {
        return invalid(format!("prefix {:?} is not all digits", rules.prefix));
    }
    if rules.validity_seconds == 0 {
        return invalid("validity_seconds is 0".to_owned());
    }
    let length = rules.length as usize;
    let time_digits = length.saturating_sub(rules.prefix.len() + DEVICE_NUMBER_DIGITS);
    if !TIME_DIGITS.contains(&time_digits) {
        return invalid(format!(
            "length {length} leaves {time_digits} time-code digits after the {}-digit prefix and \
             the {DEVICE_NUMBER_DIGITS}-digit device number; need {} to {}",
            rules.prefix.len(),
            TIME_DIGITS.start(),
            TIME_DIGITS.end()
        ));
    }
    Ok(Layout {
        prefix: &rules.prefix,
        time_digits,
        validity: u64::from(rules.validity_seconds),
        length,
    })
}

/// Checks a device number: exactly 16 ASCII digits.
pub fn check_device_number(device_number: &str) -> Result<(), BarcodeError> {
    if let Some((position, c)) = device_number
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(BarcodeError::InvalidDeviceNumber {
            reason: format!("character {c:?} at position {position} is not a digit"),
        });
    }
    if device_number.len() != DEVICE_NUMBER_DIGITS {
        return Err(BarcodeError::InvalidDeviceNumber {
            reason: format!(
                "has {} digits, needs {DEVICE_NUMBER_DIGITS}",
                device_number.len()
            ),
        });
    }
    Ok(())
}

/// The time step of an instant; instants before 1970 have none.
fn time_step(at: DateTime<Utc>, validity: u64) -> Result<u64, BarcodeError> {
    u64::try_from(at.timestamp())
        .map(|s| s / validity)
        .map_err(|_| BarcodeError::TimeOutOfRange)
}

/// The time code of one step: HMAC-SHA256 and the extended dynamic truncation above.
fn time_code(secret: &[u8], step: u64, digits: usize) -> String {
    let modulus = 10_u64.pow(digits as u32);
    format!("{:0digits$}", truncated_value(secret, step) % modulus)
}

/// HMAC-SHA256 of the big-endian step, then RFC 4226 dynamic truncation widened to 8
/// bytes: a 63-bit value whose top 31 bits are exactly RFC 6238's (tested against its
/// SHA-256 vectors).
pub(crate) fn truncated_value(secret: &[u8], step: u64) -> u64 {
    let Ok(mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        // HMAC takes keys of any length; this arm is never taken.
        return 0;
    };
    let mac = mac.chain_update(step.to_be_bytes()).finalize().into_bytes();
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let mut window = [0_u8; 8];
    window.copy_from_slice(&mac[offset..offset + 8]);
    u64::from_be_bytes(window) & 0x7fff_ffff_ffff_ffff
}

/// The offline member code at `at` for this device (SPEC §1, `waon`).
///
/// Errors: `not_device_derived` for programs whose codes the server issues (`wester`),
/// `invalid_rules`, `invalid_device_number`, `missing_secret` (empty secret: the device
/// has not been registered online yet), `time_out_of_range` (before 1970).
pub fn offline_code(
    rules: &MemberCodeRules,
    device_number: &str,
    secret: &[u8],
    at: DateTime<Utc>,
) -> Result<OfflineCode, BarcodeError> {
    let layout = layout(rules)?;
    check_device_number(device_number)?;
    if secret.is_empty() {
        return Err(BarcodeError::MissingSecret);
    }
    let step = time_step(at, layout.validity)?;
    let valid_from = step
        .checked_mul(layout.validity)
        .ok_or(BarcodeError::TimeOutOfRange)?;
    let valid_until = valid_from
        .checked_add(layout.validity)
        .ok_or(BarcodeError::TimeOutOfRange)?;
    let mut code = String::with_capacity(layout.length);
    code.push_str(layout.prefix);
    code.push_str(&time_code(secret, step, layout.time_digits));
    code.push_str(device_number);
    Ok(OfflineCode {
        code,
        step,
        valid_from_unix: i64::try_from(valid_from).map_err(|_| BarcodeError::TimeOutOfRange)?,
        valid_until_unix: i64::try_from(valid_until).map_err(|_| BarcodeError::TimeOutOfRange)?,
        suffix: device_number[DEVICE_NUMBER_DIGITS - INSTALL_SUFFIX_DIGITS..].to_owned(),
    })
}

/// Whether `code` is this device's offline code at `at`, accepting codes of up to
/// `skew_steps` steps before or after (the point of sale uses 1: a phone clock a few
/// minutes off, or a code shown just before it rolled over, still passes).
///
/// At most [`MAX_SKEW_STEPS`] are searched either way.
///
/// Any malformed input (rules, device number, secret, code) is simply `false`: the till
/// only needs yes or no. Time codes are compared in constant time.
pub fn verify_offline_code(
    rules: &MemberCodeRules,
    device_number: &str,
    secret: &[u8],
    code: &str,
    at: DateTime<Utc>,
    skew_steps: u32,
) -> bool {
    let Ok(layout) = layout(rules) else {
        return false;
    };
    if check_device_number(device_number).is_err() || secret.is_empty() {
        return false;
    }
    if code.len() != layout.length || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (prefix, rest) = code.split_at(layout.prefix.len());
    let (time_part, device_part) = rest.split_at(layout.time_digits);
    if prefix != layout.prefix || device_part != device_number {
        return false;
    }
    let Ok(step) = time_step(at, layout.validity) else {
        return false;
    };
    let skew = u64::from(skew_steps.min(MAX_SKEW_STEPS));
    let first = step.saturating_sub(skew);
    let last = step.saturating_add(skew);
    // Check every step in the window (no early exit) so timing does not reveal which matched.
    (first..=last).fold(false, |found, s| {
        found
            | constant_time_eq(
                time_code(secret, s, layout.time_digits).as_bytes(),
                time_part.as_bytes(),
            )
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
