//! JAN/EAN-13 through `barcoders`, with our own check-digit handling for typed errors.

use barcoders::sym::ean13::EAN13;

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::linear::check_digits;
use super::matrix::BarcodeMatrix;

/// 12 digits get their check digit computed; 13 digits are verified (a wrong check digit is
/// an error, never silently replaced: it usually means a mistyped number).
pub(crate) fn encode(data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    let symbology = Symbology::Ean13;
    check_digits(symbology, data)?;
    let digits: Vec<u32> = data.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits.len() != 12 && digits.len() != 13 {
        return Err(BarcodeError::WrongLength {
            symbology,
            length: digits.len() as u32,
            expected: "12 digits (check digit added) or 13 digits".to_owned(),
        });
    }
    let expected = check_digit(&digits[..12]);
    if let Some(&found) = digits.get(12)
        && found != expected
    {
        return Err(BarcodeError::CheckDigit {
            symbology,
            expected,
            found,
        });
    }
    let full = format!("{}{expected}", &data[..12]);
    let code = EAN13::new(&data[..12]).map_err(|e| BarcodeError::Render {
        reason: format!("barcoders rejected {data:?}: {e}"),
    })?;
    let bars = code.encode().into_iter().map(|b| b == 1).collect();
    Ok(BarcodeMatrix::linear(symbology, full, bars))
}

/// The GS1 mod-10 check digit of 12 digits: weights 1, 3, 1, 3, ... from the left.
pub fn check_digit(first12: &[u32]) -> u32 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d })
        .sum();
    (10 - sum % 10) % 10
}
