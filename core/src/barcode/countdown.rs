//! The member-code screen as pure functions of the time: which code shows (or why none
//! does), when a change is worth telling the app, and when to ask the server for more codes.
//!
//! Nothing here reads a clock, the network or a store: the session passes the instant and
//! what it loaded, so the tests move time by hand and check every transition.

use chrono::{DateTime, Utc};

use crate::profile::{MemberCodeRules, MemberCodeSource};

use super::error::BarcodeError;
use super::member_code::{MemberCodeState, MemberCodeView, StateIdentity, UnavailableReason};
use super::offline_code::offline_code;
use super::store::IssuedCode;

/// What the phone knows about the signed-in member for codes (from the stored session).
#[derive(Clone, Copy)]
pub(crate) struct MemberFacts<'a> {
    pub device_number: Option<&'a str>,
    /// The device secret as the server gave it: hex (CONTRACT.md). Never logged.
    pub device_secret: Option<&'a str>,
}

/// The state at `now`, and how many server-issued codes are still live (not expired), which
/// decides whether to fetch more. The static card is added by the caller (it needs the
/// cards cache), see [`offers_static_card`].
pub(crate) fn evaluate(
    rules: &MemberCodeRules,
    member: Option<MemberFacts<'_>>,
    issued: &[IssuedCode],
    now: DateTime<Utc>,
) -> (MemberCodeState, usize) {
    let Some(member) = member else {
        return (
            MemberCodeState::unavailable(UnavailableReason::NotSignedIn),
            0,
        );
    };
    match rules.source {
        MemberCodeSource::DeviceDerived => (derived(rules, member, now), 0),
        MemberCodeSource::ServerIssued => server_issued(rules, issued, now.timestamp()),
    }
}

fn derived(
    rules: &MemberCodeRules,
    member: MemberFacts<'_>,
    now: DateTime<Utc>,
) -> MemberCodeState {
    let Some(device_number) = member.device_number.filter(|n| !n.is_empty()) else {
        return MemberCodeState::unavailable(UnavailableReason::NoDeviceNumber);
    };
    let Some(secret) = member.device_secret.and_then(decode_hex) else {
        return MemberCodeState::unavailable(UnavailableReason::NoDeviceSecret);
    };
    match offline_code(rules, device_number, &secret, now) {
        Ok(code) => MemberCodeState::Ready {
            code: MemberCodeView::new(
                code.code,
                rules.symbologies.clone(),
                MemberCodeSource::DeviceDerived,
                code.valid_from_unix,
                code.valid_until_unix,
                now.timestamp(),
                None,
            ),
        },
        Err(e) => MemberCodeState::unavailable(match e {
            BarcodeError::MissingSecret => UnavailableReason::NoDeviceSecret,
            BarcodeError::InvalidDeviceNumber { .. } => UnavailableReason::NoDeviceNumber,
            BarcodeError::TimeOutOfRange => UnavailableReason::ClockOutOfRange,
            other => UnavailableReason::InvalidProfile {
                detail: other.to_string(),
            },
        }),
    }
}

/// Shows the valid code that stays valid longest; counts what is left after it.
fn server_issued(
    rules: &MemberCodeRules,
    issued: &[IssuedCode],
    now: i64,
) -> (MemberCodeState, usize) {
    let usable: Vec<&IssuedCode> = issued
        .iter()
        .filter(|c| fits_rules(rules, &c.code) && fits_window(rules, c))
        .collect();
    let live = usable.iter().filter(|c| c.valid_until > now).count();
    let current = usable
        .iter()
        .filter(|c| c.valid_from <= now && now < c.valid_until)
        .max_by_key(|c| (c.valid_until, std::cmp::Reverse(c.valid_from)))
        .or_else(|| {
            // A phone clock a little behind the server's must still show the code just
            // fetched (its window starts at the server's "now"); the till accepts it.
            usable
                .iter()
                .filter(|c| c.valid_from > now && c.valid_from - now <= EARLY_TOLERANCE_SECONDS)
                .min_by_key(|c| c.valid_from)
        });
    let state = match current {
        Some(code) => {
            let after = usable
                .iter()
                .filter(|c| c.valid_until > code.valid_until)
                .count();
            MemberCodeState::Ready {
                code: MemberCodeView::new(
                    code.code.clone(),
                    rules.symbologies.clone(),
                    MemberCodeSource::ServerIssued,
                    code.valid_from,
                    code.valid_until,
                    now,
                    Some(u32::try_from(after).unwrap_or(u32::MAX)),
                ),
            }
        }
        None => MemberCodeState::unavailable(
            match usable
                .iter()
                .filter(|c| c.valid_from > now)
                .map(|c| c.valid_from)
                .min()
            {
                Some(valid_from_unix) => UnavailableReason::CodesNotYetValid { valid_from_unix },
                None if usable.is_empty() => UnavailableReason::NoCodesYet,
                None => UnavailableReason::AdvanceCodesUsedUp,
            },
        ),
    };
    (state, live)
}

/// How far ahead of the phone's clock a server-issued code may start and still show when
/// no other code is valid: the server's clock and the phone's differ by a few seconds, and
/// the till accepts a code that much early (the sandbox's grace is 30 s).
pub(crate) const EARLY_TOLERANCE_SECONDS: i64 = 30;

/// Whether a server-issued code has the profile's shape (prefix, length, digits).
pub(crate) fn fits_rules(rules: &MemberCodeRules, code: &str) -> bool {
    code.len() == rules.length as usize
        && code.starts_with(&rules.prefix)
        && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a server-issued code's window is non-empty and no longer than the profile's
/// validity (SPEC §1: valid 300 s): a code claiming more would count down past the time
/// the till stops taking it.
pub(crate) fn fits_window(rules: &MemberCodeRules, code: &IssuedCode) -> bool {
    code.valid_from < code.valid_until
        && code.valid_until - code.valid_from <= i64::from(rules.validity_seconds)
}

/// Whether the point card may stand in for this reason: only for a signed-in member whose
/// one-time codes cannot be had now (not when signed out, nor when the store is broken).
pub(crate) fn offers_static_card(reason: &UnavailableReason) -> bool {
    !matches!(
        reason,
        UnavailableReason::NotSignedIn | UnavailableReason::DeviceStorage { .. }
    )
}

/// Hex to bytes; `None` for empty or non-hex text.
pub(crate) fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// Tells whether a state is news to one observer (an app listener, or `tick()`'s caller):
/// a new code or a new reason is; the same code counting down is not.
#[derive(Debug, Default)]
pub(crate) struct ChangeFilter {
    last: Option<StateIdentity>,
}

impl ChangeFilter {
    /// Whether `state` differs from what this observer last saw; remembers it.
    pub fn is_news(&mut self, state: &MemberCodeState) -> bool {
        let identity = state.identity();
        if self.last.as_ref() == Some(&identity) {
            return false;
        }
        self.last = Some(identity);
        true
    }
}

/// Seconds to wait after a successful fetch before the next one, whatever the count: a
/// server answering with fewer codes than asked must not be asked in a loop.
pub(crate) const MIN_FETCH_INTERVAL_SECONDS: i64 = 30;

/// Back-off after failed fetches: 5, 10, 20, then every 30 seconds. Capped low because a
/// member may be waiting at the till for the connection to come back.
pub(crate) fn backoff_seconds(failures: u32) -> i64 {
    (5_i64 << failures.saturating_sub(1).min(10)).min(30)
}

/// When to ask the server for codes (server-issued programs): whenever fewer than
/// `1 + advance_codes` are live (a code rolled over or was never fetched), spaced by
/// [`MIN_FETCH_INTERVAL_SECONDS`] after a success and [`backoff_seconds`] after failures.
#[derive(Debug, Default, Clone)]
pub(crate) struct FetchSchedule {
    not_before: i64,
    failures: u32,
}

impl FetchSchedule {
    pub fn is_due(
        &self,
        rules: &MemberCodeRules,
        state: &MemberCodeState,
        live: usize,
        now: i64,
    ) -> bool {
        rules.source == MemberCodeSource::ServerIssued
            && !matches!(
                state.unavailable_reason(),
                Some(UnavailableReason::NotSignedIn)
            )
            && live < 1 + rules.advance_codes as usize
            && now >= self.not_before
    }

    pub fn succeeded(&mut self, now: i64) {
        self.failures = 0;
        self.not_before = now + MIN_FETCH_INTERVAL_SECONDS;
    }

    pub fn failed(&mut self, now: i64) {
        self.failures = self.failures.saturating_add(1);
        self.not_before = now + backoff_seconds(self.failures);
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}
