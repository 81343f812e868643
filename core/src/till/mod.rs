//! Tills and receipts (SPEC §8), from the profile's `[till]` data: whether a terminal kind
//! accepts a read, what its receipt prints, and what the member-code screen tells the member.
//!
//! Pure functions over the profile; the sandbox's till simulates the same data (a scenario
//! test compares the two for every terminal, card kind and read method).

mod error;
mod guide;
mod receipt;
mod texts;

pub use error::TillError;
pub use guide::{TillCardGuide, TillGuide, till_guide};
pub use receipt::{TillReceipt, till_receipt};

use crate::profile::{APP_CODE, MEMBER_CODE, Profile, ReadMethod, TerminalRules};

/// The terminal kind `id` of the profile.
pub fn terminal<'p>(profile: &'p Profile, id: &str) -> Result<&'p TerminalRules, TillError> {
    if profile.till.is_none() {
        return Err(TillError::NoTillRules);
    }
    profile
        .terminal(id)
        .ok_or_else(|| TillError::UnknownTerminal {
            terminal: id.to_owned(),
        })
}

/// Whether terminal kind `terminal` accepts card kind `card` read by `read`.
pub fn till_accepts(
    profile: &Profile,
    terminal_id: &str,
    card: &str,
    read: ReadMethod,
) -> Result<bool, TillError> {
    let terminal = terminal(profile, terminal_id)?;
    known_kind(profile, card)?;
    Ok(terminal
        .accepts
        .iter()
        .any(|a| a.card == card && a.read == read))
}

/// Whether a barcode of `digits` is a code shown from an app: this program's member code
/// (its prefix and length) or another app's code (`till.app_code_prefix` and length). `None`
/// otherwise: a printed card's own barcode, which only the card registry can tell (the same
/// digits can be any card type's).
pub fn classify_code<'p>(profile: &'p Profile, digits: &str) -> Option<&'p str> {
    let length = digits.len();
    let code = &profile.member_code;
    if length == code.length as usize && digits.starts_with(&code.prefix) {
        return Some(MEMBER_CODE);
    }
    let till = profile.till.as_ref()?;
    match (&till.app_code_prefix, till.app_code_length) {
        (Some(prefix), Some(app_length))
            if length == app_length as usize && digits.starts_with(prefix.as_str()) =>
        {
            Some(APP_CODE)
        }
        _ => None,
    }
}

fn known_kind(profile: &Profile, card: &str) -> Result<(), TillError> {
    profile
        .card_kind_digits(card)
        .map(|_| ())
        .ok_or_else(|| TillError::UnknownCardKind {
            card: card.to_owned(),
        })
}

#[cfg(test)]
mod tests;
