//! ITF (Interleaved 2 of 5), our own encoder.
//!
//! Not `barcoders`: its ITF pads odd input with a check digit (changing the number the till
//! reads) and draws the stop pattern's wide bar 2 modules wide while data bars are 3; here
//! every wide element is [`WIDE`] modules.

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::linear::{WIDE, check_digits, push_element};
use super::matrix::BarcodeMatrix;

/// Element widths of each digit, `true` = wide (five elements, two of them wide).
const PATTERNS: [[bool; 5]; 10] = {
    const N: bool = false;
    const W: bool = true;
    [
        [N, N, W, W, N],
        [W, N, N, N, W],
        [N, W, N, N, W],
        [W, W, N, N, N],
        [N, N, W, N, W],
        [W, N, W, N, N],
        [N, W, W, N, N],
        [N, N, N, W, W],
        [W, N, N, W, N],
        [N, W, N, W, N],
    ]
};

/// Fewer digits are refused: ITF has no check character, and a short symbol can be read
/// from part of a longer one (so common decoders such as ZXing refuse them by default).
pub const MIN_DIGITS: usize = 6;

/// Needs an even number of digits, at least [`MIN_DIGITS`]. Odd input is an error, never
/// padded with a leading `0`: the till would read a number that is not the member's.
pub(crate) fn encode(data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    let symbology = Symbology::Itf;
    check_digits(symbology, data)?;
    let digits: Vec<usize> = data.bytes().map(|b| usize::from(b - b'0')).collect();
    if digits.len() % 2 == 1 {
        return Err(BarcodeError::OddLength {
            symbology,
            length: digits.len() as u32,
        });
    }
    if digits.len() < MIN_DIGITS {
        return Err(BarcodeError::WrongLength {
            symbology,
            length: digits.len() as u32,
            expected: format!("an even number of digits, at least {MIN_DIGITS}"),
        });
    }
    let width = |wide: bool| if wide { WIDE } else { 1 };
    let mut bars = Vec::with_capacity(4 + digits.len() * (3 + 2 * WIDE) + WIDE + 2);
    // Start: narrow bar, narrow space, narrow bar, narrow space.
    for dark in [true, false, true, false] {
        push_element(&mut bars, dark, 1);
    }
    // Each pair: the first digit in the bars, the second in the spaces between them.
    for pair in digits.chunks_exact(2) {
        for (bar, space) in PATTERNS[pair[0]].iter().zip(PATTERNS[pair[1]].iter()) {
            push_element(&mut bars, true, width(*bar));
            push_element(&mut bars, false, width(*space));
        }
    }
    // Stop: wide bar, narrow space, narrow bar.
    push_element(&mut bars, true, WIDE);
    push_element(&mut bars, false, 1);
    push_element(&mut bars, true, 1);
    Ok(BarcodeMatrix::linear(symbology, data.to_owned(), bars))
}
