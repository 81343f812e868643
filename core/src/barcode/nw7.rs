//! NW-7 (Codabar), our own encoder.
//!
//! Not `barcoders`: its Codabar draws wide elements 2 modules wide (ratio 2:1, below the
//! 2.5:1 JIS X 0503 asks for); here every wide element is [`WIDE`] modules.

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::linear::{WIDE, push_element};
use super::matrix::BarcodeMatrix;

/// The characters, in the order of [`PATTERNS`].
const ALPHABET: &[u8; 20] = b"0123456789-$:/.+ABCD";

/// Seven elements per character (bar, space, bar, ...), most significant bit first;
/// a 1 bit is a wide element.
const PATTERNS: [u8; 20] = [
    0x03, 0x06, 0x09, 0x60, 0x12, 0x42, 0x21, 0x24, 0x30, 0x48, // 0-9
    0x0c, 0x18, 0x45, 0x51, 0x54, 0x15, // - $ : / . +
    0x1a, 0x29, 0x0b, 0x0e, // A B C D
];

/// The start/stop character used when the data has none. `A`...`A` is the usual default
/// of Japanese NW-7 issuers and scanners; give other ones explicitly (e.g. `B1234C`).
pub const DEFAULT_START_STOP: char = 'A';

/// Fewer characters between start and stop are refused: ZXing-family decoders drop
/// such short NW-7 symbols as likely misreads, so they would not scan.
pub const MIN_DATA_CHARACTERS: usize = 2;

fn is_start_stop(c: char) -> bool {
    matches!(c, 'A'..='D')
}

/// Digits and `- $ : / . +`, either bare (then wrapped in `A`...`A`) or with a start/stop
/// character `A`-`D` at both ends. Start/stop inside the data, or at one end only, is an
/// error naming the character; so is lower case `a`-`d` (scanners report upper case).
/// At least [`MIN_DATA_CHARACTERS`] between start and stop.
pub(crate) fn encode(data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    let symbology = Symbology::Nw7;
    if data.is_empty() {
        return Err(BarcodeError::EmptyData { symbology });
    }
    let chars: Vec<char> = data.chars().collect();
    let framed =
        chars.len() >= 2 && is_start_stop(chars[0]) && is_start_stop(chars[chars.len() - 1]);
    let last = chars.len() - 1;
    if let Some((position, character)) = chars.iter().enumerate().find(|&(i, &c)| {
        let edge = framed && (i == 0 || i == last);
        !(edge || (c.is_ascii() && ALPHABET[..16].contains(&(c as u8))))
    }) {
        return Err(BarcodeError::InvalidCharacter {
            symbology,
            character: character.to_string(),
            position: position as u32,
        });
    }
    let inner = if framed { chars.len() - 2 } else { chars.len() };
    if inner == 0 {
        return Err(BarcodeError::EmptyData { symbology });
    }
    if inner < MIN_DATA_CHARACTERS {
        return Err(BarcodeError::WrongLength {
            symbology,
            length: inner as u32,
            expected: format!("at least {MIN_DATA_CHARACTERS} characters between start and stop"),
        });
    }
    let text = if framed {
        data.to_owned()
    } else {
        format!("{DEFAULT_START_STOP}{data}{DEFAULT_START_STOP}")
    };
    let mut bars = Vec::with_capacity(text.len() * 14);
    for (i, byte) in text.bytes().enumerate() {
        if i > 0 {
            push_element(&mut bars, false, 1); // inter-character gap
        }
        let index = ALPHABET.iter().position(|&a| a == byte).unwrap_or(0);
        let pattern = PATTERNS[index];
        for element in 0..7 {
            let wide = pattern & (1 << (6 - element)) != 0;
            push_element(&mut bars, element % 2 == 0, if wide { WIDE } else { 1 });
        }
    }
    Ok(BarcodeMatrix::linear(symbology, text, bars))
}
