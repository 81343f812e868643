//! Card-number input: normalisation and the offline pre-check (SPEC §4.1, §4.2).
//!
//! Everything here runs before any request, so that the member hears about a typo at once
//! and the server is only asked about what the phone cannot know (expired card, someone
//! else's card, already registered, limits: SPEC §4.3).
//!
//! - [`normalize`] turns what a member typed or pasted into plain half-width digits:
//!   full-width digits are converted and spaces and hyphen-like marks (including the
//!   long-vowel mark `ー` that Japanese input often produces for a hyphen) are dropped.
//!   Anything else is an [`CardInputError::InvalidCharacter`] naming the character and
//!   where it stands.
//! - [`precheck`] checks a [`CardInput`] against the program's card type and returns a
//!   [`CheckedCard`] ready for the registration request, or *every* independent problem at
//!   once (a bad number and a bad PIN are both reported, so the member fixes both in one go).
//! - [`luhn_valid`] and [`luhn_check_digit`] are the check-digit rule, public so that tests
//!   and the sandbox can make valid numbers.
//!
//! Work is linear in the input and stops at the first character that cannot be used, so a
//! pasted novel costs no more than reading it once.

mod error;
#[cfg(test)]
mod tests;

pub use error::CardInputError;

use std::fmt;

use crate::profile::{CardTypeRule, PinRule, Profile};

/// What the member entered on the card registration screen.
///
/// `Debug` never prints the PIN and shows only the last 4 characters of the number, so an
/// input that ends up in a log or a panic message leaks nothing useful.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardInput {
    /// The card type's ID in the profile (`sc_point_card`, `aeon_card`, ...).
    pub card_type: String,
    /// The card number as typed or pasted; normalised by [`precheck`].
    pub number: String,
    /// The member's answer to "does the card have a PIN?" (asked for
    /// [`PinRule::MemberStates`] card types); `None` when not answered.
    pub has_pin: Option<bool>,
    /// The PIN as typed; `None`, or a value that is blank after normalisation, means
    /// "no PIN entered" (forms tend to send an empty string for an untouched field).
    pub pin: Option<String>,
    /// The member's answer to "is the card already registered as a member at the issuing
    /// shop?" (asked where the card type has `asks_member_registered`); `None` when not
    /// answered.
    pub member_registered: Option<bool>,
}

impl CardInput {
    /// An input with just a card type and number (no PIN, no answers).
    pub fn new(card_type: impl Into<String>, number: impl Into<String>) -> Self {
        CardInput {
            card_type: card_type.into(),
            number: number.into(),
            has_pin: None,
            pin: None,
            member_registered: None,
        }
    }
}

impl fmt::Debug for CardInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chars = self.number.chars().count();
        let tail: String = self.number.chars().skip(chars.saturating_sub(4)).collect();
        f.debug_struct("CardInput")
            .field("card_type", &self.card_type)
            .field("number", &format_args!("<{chars} chars, ending {tail:?}>"))
            .field("has_pin", &self.has_pin)
            .field("pin", &self.pin.as_ref().map(|_| Redacted))
            .field("member_registered", &self.member_registered)
            .finish()
    }
}

/// A card input that passed every offline check, normalised and ready for the request.
///
/// For a credit card (`credit_card = true` in the profile, SPEC §4.2) only the last 4 digits
/// may ever be stored or shown: `number` is there only to be sent once in the registration
/// request (the server maps it to a point-account number). Use [`CheckedCard::display_number`]
/// to show the card and [`CheckedCard::storable_number`] to keep it; `grouped` is masked too
/// for credit cards, so no display-oriented field carries the full number. `Debug` masks the
/// number of a credit card and never prints the PIN.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CheckedCard {
    pub card_type: String,
    /// The normalised number: half-width digits only, exactly the card type's digit count.
    pub number: String,
    /// The normalised PIN, when the member said the card has one.
    pub pin: Option<String>,
    /// The member's answer to "already registered as a member at the issuing shop?", passed
    /// on to the server (which alone can check it); `None` when not asked or not answered.
    pub member_registered: Option<bool>,
    /// The last 4 digits (all of them for a shorter number).
    pub last4: String,
    /// Every digit but the last 4 replaced by `*`, in groups of four: `**** **** **** 1234`.
    pub masked: String,
    /// The digits in groups of four (`1234 5678 9012 3456`); equal to `masked` for a credit
    /// card.
    pub grouped: String,
    /// Whether the card type is a credit card (only the last 4 digits stored or shown).
    pub credit_card: bool,
}

impl CheckedCard {
    /// What the app shows for this card: the masked number for a credit card, the grouped
    /// number otherwise.
    pub fn display_number(&self) -> &str {
        if self.credit_card {
            &self.masked
        } else {
            &self.grouped
        }
    }

    /// What the app may keep after registration: the last 4 digits for a credit card, the
    /// full number otherwise.
    pub fn storable_number(&self) -> &str {
        if self.credit_card {
            &self.last4
        } else {
            &self.number
        }
    }
}

impl fmt::Debug for CheckedCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedCard")
            .field("card_type", &self.card_type)
            .field(
                "number",
                &if self.credit_card {
                    &self.masked
                } else {
                    &self.number
                },
            )
            .field("pin", &self.pin.as_ref().map(|_| Redacted))
            .field("member_registered", &self.member_registered)
            .field("last4", &self.last4)
            .field("masked", &self.masked)
            .field("grouped", &self.grouped)
            .field("credit_card", &self.credit_card)
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What one character of a card number or PIN becomes under SPEC §4.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Normalized {
    /// A digit, as half-width.
    Digit(char),
    /// A space or hyphen-like mark: dropped.
    Separator,
    /// Anything else.
    Invalid,
}

/// Classifies one character.
///
/// Besides the marks SPEC §4.1 lists, a few look-alikes a member cannot tell apart on screen
/// are dropped too, because an error naming an invisible or identical-looking character would
/// only confuse: the no-break space (U+00A0, common when pasting from a web page or PDF), the
/// soft hyphen (U+00AD, invisible), the figure dash (U+2012), the horizontal bar (U+2015,
/// the "full-width dash" of Japanese fonts), the small hyphen-minus (U+FE63) and the
/// half-width long-vowel mark (U+FF70, what half-width kana input gives for `ー`).
fn classify(c: char) -> Normalized {
    match c {
        '0'..='9' => Normalized::Digit(c),
        // Full-width digits U+FF10..U+FF19.
        '\u{FF10}'..='\u{FF19}' => {
            let offset = u32::from(c) - 0xFF10;
            // `offset` is 0..=9, so this always succeeds; fall back to Invalid defensively.
            char::from_digit(offset, 10).map_or(Normalized::Invalid, Normalized::Digit)
        }
        // Spaces: ASCII space, tab, ideographic space, no-break space.
        ' ' | '\t' | '\u{3000}' | '\u{00A0}' => Normalized::Separator,
        // Hyphen-like marks.
        '-' // hyphen-minus
        | '\u{2010}' // hyphen
        | '\u{2011}' // non-breaking hyphen
        | '\u{2012}' // figure dash
        | '\u{2013}' // en dash
        | '\u{2014}' // em dash
        | '\u{2015}' // horizontal bar
        | '\u{2212}' // minus sign
        | '\u{FF0D}' // full-width hyphen-minus
        | '\u{FE63}' // small hyphen-minus
        | '\u{30FC}' // katakana-hiragana prolonged sound mark (long-vowel mark)
        | '\u{FF70}' // half-width long-vowel mark
        | '\u{00AD}' // soft hyphen
        => Normalized::Separator,
        _ => Normalized::Invalid,
    }
}

/// Saturating `usize` → `u32` for counts and positions carried in errors (UniFFI has no
/// `usize`; no honest input comes near the limit).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Why a field could not be normalised (field-neutral, mapped to number or PIN errors).
enum Rejected {
    Empty,
    Invalid { character: char, position: usize },
}

/// Normalises one field, stopping at the first character that cannot be used.
fn normalize_field(input: &str) -> Result<String, Rejected> {
    let mut digits = String::with_capacity(input.len().min(64));
    for (position, c) in input.chars().enumerate() {
        match classify(c) {
            Normalized::Digit(d) => digits.push(d),
            Normalized::Separator => {}
            Normalized::Invalid => {
                return Err(Rejected::Invalid {
                    character: c,
                    position,
                });
            }
        }
    }
    if digits.is_empty() {
        Err(Rejected::Empty)
    } else {
        Ok(digits)
    }
}

/// Normalises a card number or PIN (SPEC §4.1): full-width digits become half-width, spaces
/// and hyphen-like marks are removed.
///
/// Errors: [`CardInputError::Empty`] when nothing is left (empty input, or only spaces and
/// hyphens), [`CardInputError::InvalidCharacter`] for the first other character, with its
/// position counted in characters (Unicode scalar values) from 0 in the original input.
/// Only the first such character is reported: one clear message beats a list of every
/// letter of a mistyped field, and it keeps the work bounded for hostile input.
pub fn normalize(input: &str) -> Result<String, CardInputError> {
    normalize_field(input).map_err(|rejected| match rejected {
        Rejected::Empty => CardInputError::Empty,
        Rejected::Invalid {
            character,
            position,
        } => CardInputError::InvalidCharacter {
            character: character.to_string(),
            position: to_u32(position),
        },
    })
}

/// Best-effort normalisation for showing the member what the app made of the input even when
/// it is invalid: digits converted to half-width and spaces and hyphens removed, every other
/// character kept as it is. Never fails; the result is empty for an empty input.
pub fn normalize_lossy(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(64));
    for c in input.chars() {
        match classify(c) {
            Normalized::Digit(d) => out.push(d),
            Normalized::Separator => {}
            Normalized::Invalid => out.push(c),
        }
    }
    out
}

/// Whether `digits` (half-width digits only, at least one) passes the Luhn check, the last
/// digit being the check digit. Anything that is not a half-width digit makes it `false`.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    luhn_sum(digits, false) == 0
}

/// The Luhn check digit to append to `partial` (half-width digits) so that the result passes
/// [`luhn_valid`]; `None` when `partial` has anything but half-width digits. The empty string
/// gets `'0'` (the rule's sum is 0), so `partial + check` is always valid.
pub fn luhn_check_digit(partial: &str) -> Option<char> {
    if !partial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum = luhn_sum(partial, true);
    char::from_digit(((10 - sum) % 10) as u32, 10)
}

/// The Luhn sum (mod 10) of ASCII digits, from the right; `double_first` doubles the rightmost digit
/// (true when the check digit is still to be appended).
fn luhn_sum(digits: &str, double_first: bool) -> u64 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u64::from(b - b'0');
            if (i % 2 == 0) == double_first {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .fold(0u64, |acc, d| (acc + d) % 10)
}

/// Groups ASCII text in fours from the left, separated by single spaces.
pub(crate) fn group_in_fours(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Pre-checks a card input against the program's card type (SPEC §4.2) before any request.
///
/// Returns the normalised card, or every independent problem at once, in a stable order:
/// number, then PIN, then the member-registration answer. Rules:
///
/// - A card type the profile does not have is [`CardInputError::UnknownCardType`] alone:
///   without the type there is nothing to check the rest against.
/// - Number: [`CardInputError::Empty`] / [`CardInputError::InvalidCharacter`] as
///   [`normalize`]; then [`CardInputError::WrongDigitCount`]; the check digit
///   ([`CardInputError::BadCheckDigit`]) is only checked when the count is right, since a
///   missing or extra digit already explains the failure.
/// - PIN ([`PinRule::MemberStates`]): when the member said the card has a PIN, it is required
///   ([`CardInputError::PinRequired`]) and must be `pin_digits` digits after normalisation
///   ([`CardInputError::PinInvalidCharacter`], [`CardInputError::PinWrongDigitCount`]); a PIN
///   entered when the member said there is none is [`CardInputError::PinNotExpected`]. When
///   the member has not answered, a PIN that was entered is checked as if they had said
///   "yes" and no PIN is fine: the member evidently means whichever they did, and the server
///   checks the PIN against the card anyway.
/// - PIN ([`PinRule::None`]): a PIN entered, or the answer "the card has a PIN", is
///   [`CardInputError::PinNotExpected`] (reported once).
/// - Member-registration answer: for card types that ask it, `None` is not checked offline
///   (only the server knows the issuer's records) and any answer is passed on; for card
///   types that do not ask it, an answer is [`CardInputError::MemberRegisteredNotExpected`],
///   because sending the server an answer to a question the card does not have means the
///   form is wrong for the card.
pub fn precheck(profile: &Profile, input: &CardInput) -> Result<CheckedCard, Vec<CardInputError>> {
    let Some(rule) = profile.card_type(&input.card_type) else {
        return Err(vec![CardInputError::UnknownCardType {
            card_type: input.card_type.clone(),
        }]);
    };
    let mut errors = Vec::new();
    let number = check_number(rule, &input.number, &mut errors);
    let pin = check_pin(rule, input, &mut errors);
    let member_registered = if rule.asks_member_registered {
        input.member_registered
    } else {
        if input.member_registered.is_some() {
            errors.push(CardInputError::MemberRegisteredNotExpected);
        }
        None
    };
    match number {
        Some(number) if errors.is_empty() => Ok(checked_card(rule, number, pin, member_registered)),
        _ => Err(errors),
    }
}

/// Checks the number; `Some` only when it passed every check.
fn check_number(
    rule: &CardTypeRule,
    raw: &str,
    errors: &mut Vec<CardInputError>,
) -> Option<String> {
    let digits = match normalize(raw) {
        Ok(digits) => digits,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let given = to_u32(digits.len());
    if given != rule.digits {
        errors.push(CardInputError::WrongDigitCount {
            given,
            expected: rule.digits,
        });
        return None;
    }
    if super::check_digit::check_digit_valid(rule.check, &digits) {
        Some(digits)
    } else {
        errors.push(CardInputError::BadCheckDigit);
        None
    }
}

/// Checks the PIN and the "has a PIN" answer; the normalised PIN when one is to be sent.
fn check_pin(
    rule: &CardTypeRule,
    input: &CardInput,
    errors: &mut Vec<CardInputError>,
) -> Option<String> {
    // A PIN field that is blank after normalisation counts as not entered.
    let entered = input
        .pin
        .as_deref()
        .filter(|pin| !matches!(normalize_field(pin), Err(Rejected::Empty)));
    match rule.pin {
        PinRule::None => {
            if entered.is_some() || input.has_pin == Some(true) {
                errors.push(CardInputError::PinNotExpected);
            }
            None
        }
        PinRule::MemberStates => match (input.has_pin, entered) {
            (Some(false), Some(_)) => {
                errors.push(CardInputError::PinNotExpected);
                None
            }
            (Some(false), None) | (None, None) => None,
            (Some(true), None) => {
                errors.push(CardInputError::PinRequired);
                None
            }
            (Some(true) | None, Some(pin)) => match normalize_field(pin) {
                Ok(digits) => {
                    let given = to_u32(digits.len());
                    if given == rule.pin_digits {
                        Some(digits)
                    } else {
                        errors.push(CardInputError::PinWrongDigitCount {
                            given,
                            expected: rule.pin_digits,
                        });
                        None
                    }
                }
                Err(Rejected::Invalid {
                    character,
                    position,
                }) => {
                    errors.push(CardInputError::PinInvalidCharacter {
                        character: character.to_string(),
                        position: to_u32(position),
                    });
                    None
                }
                // Filtered out above; kept total rather than panicking.
                Err(Rejected::Empty) => {
                    errors.push(CardInputError::PinRequired);
                    None
                }
            },
        },
    }
}

fn checked_card(
    rule: &CardTypeRule,
    number: String,
    pin: Option<String>,
    member_registered: Option<bool>,
) -> CheckedCard {
    // `number` is ASCII digits, so byte indices are character indices.
    let keep_from = number.len().saturating_sub(4);
    let last4 = number[keep_from..].to_owned();
    let masked_plain: String = "*".repeat(keep_from) + &last4;
    let masked = group_in_fours(&masked_plain);
    let grouped = if rule.credit_card {
        masked.clone()
    } else {
        group_in_fours(&number)
    };
    CheckedCard {
        card_type: rule.id.clone(),
        number,
        pin,
        member_registered,
        last4,
        masked,
        grouped,
        credit_card: rule.credit_card,
    }
}
