//! Shared input checks of the linear symbologies, and the bar-width helper.

use crate::profile::Symbology;

use super::error::BarcodeError;

/// Rejects empty data and the first character `allowed` refuses, naming it and its
/// position (in characters, from 0) so the caller can point at it.
pub(crate) fn check_characters(
    symbology: Symbology,
    data: &str,
    allowed: impl Fn(char) -> bool,
) -> Result<(), BarcodeError> {
    if data.is_empty() {
        return Err(BarcodeError::EmptyData { symbology });
    }
    match data.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        Some((position, character)) => Err(BarcodeError::InvalidCharacter {
            symbology,
            character: character.to_string(),
            position: position as u32,
        }),
        None => Ok(()),
    }
}

/// Digits only (ASCII `0`-`9`; full-width digits are the input layer's job, SPEC §4.1).
pub(crate) fn check_digits(symbology: Symbology, data: &str) -> Result<(), BarcodeError> {
    check_characters(symbology, data, |c| c.is_ascii_digit())
}

/// The wide element of ITF and NW-7, in modules. Both standards allow 2:1 to 3:1; 3:1 is
/// the most forgiving for scanners (JIS X 0503 recommends 2.5 to 3), and with whole-pixel
/// modules it is exact.
pub(crate) const WIDE: usize = 3;

/// Appends one bar or space of `modules` width.
pub(crate) fn push_element(bars: &mut Vec<bool>, dark: bool, modules: usize) {
    bars.extend(std::iter::repeat_n(dark, modules));
}
