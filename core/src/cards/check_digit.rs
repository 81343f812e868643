//! Check-digit rules a profile can name (`cards.types[].check`, SPEC §4.2, §9).
//!
//! - `luhn`: the ISO/IEC 7812 rule of credit and most point cards ([`super::input::luhn_valid`]).
//! - `mod10_w3`: the JAN/EAN rule (GS1 "modulo 10, weights 3-1"): from the rightmost *data*
//!   digit (the one left of the check digit) leftwards the weights are 3, 1, 3, 1, …; the check
//!   digit brings the weighted sum to a multiple of 10. Ponta-style and many retail cards use it.
//! - `none`: any digits pass.
//!
//! Kept apart from the input rules so that the sandbox's twin and the QA tools can be compared
//! against one small, exhaustively tested function per rule.

use crate::profile::CheckDigit;

use super::input::{luhn_check_digit, luhn_valid};

/// Whether `digits` (half-width digits only, the last one the check digit) passes `rule`.
/// Anything that is not a half-width digit, or an empty string, fails every rule but `none`,
/// which only asks for digits.
pub fn check_digit_valid(rule: CheckDigit, digits: &str) -> bool {
    match rule {
        CheckDigit::Luhn => luhn_valid(digits),
        CheckDigit::Mod10W3 => mod10_w3_valid(digits),
        CheckDigit::None => !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// The check digit to append to `partial` so that the result passes `rule`; `None` when
/// `partial` has anything but half-width digits. Under `none` any digit passes: `'0'` is given.
pub fn check_digit_for(rule: CheckDigit, partial: &str) -> Option<char> {
    match rule {
        CheckDigit::Luhn => luhn_check_digit(partial),
        CheckDigit::Mod10W3 => mod10_w3_check_digit(partial),
        CheckDigit::None => partial.bytes().all(|b| b.is_ascii_digit()).then_some('0'),
    }
}

/// The JAN/EAN check: the weighted sum of the data digits (3, 1, 3, … from the rightmost data
/// digit) plus the check digit is a multiple of 10. A single digit is only a check digit over no
/// data, so it passes when it is `0`.
pub fn mod10_w3_valid(digits: &str) -> bool {
    let Some((data, check)) = digits.split_at_checked(digits.len().saturating_sub(1)) else {
        return false;
    };
    !check.is_empty() && mod10_w3_check_digit(data).is_some_and(|c| check == c.to_string())
}

/// The JAN/EAN check digit for `partial` (the data digits); `None` for anything but half-width
/// digits. `4901234567894` is a valid JAN-13, so the digit for `490123456789` is `'4'`.
pub fn mod10_w3_check_digit(partial: &str) -> Option<char> {
    if !partial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u64 = partial
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u64::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    char::from_digit(((10 - sum % 10) % 10) as u32, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An independent oracle: the GS1 rule spelled out with positions from the left, for any
    /// length (the weight of a data digit depends on its distance from the check digit).
    fn gs1_oracle(data: &[u8]) -> u8 {
        let n = data.len();
        let mut sum = 0u32;
        for (pos, d) in data.iter().enumerate() {
            let distance_from_check = n - pos; // 1 for the rightmost data digit
            let weight = if distance_from_check % 2 == 1 { 3 } else { 1 };
            sum += u32::from(*d) * weight;
        }
        ((10 - sum % 10) % 10) as u8
    }

    #[test]
    fn known_jan_ean_and_upc_numbers() {
        for valid in [
            "4901234567894",  // JAN-13 textbook example
            "4006381333931",  // EAN-13
            "96385074",       // EAN-8
            "036000291452",   // UPC-A
            "00012345600012", // GTIN-14
        ] {
            assert!(mod10_w3_valid(valid), "{valid}");
            assert!(check_digit_valid(CheckDigit::Mod10W3, valid), "{valid}");
            let (data, check) = valid.split_at(valid.len() - 1);
            assert_eq!(
                mod10_w3_check_digit(data).map(String::from),
                Some(check.to_owned())
            );
        }
        assert!(!mod10_w3_valid("4901234567895"));
        assert!(!mod10_w3_valid("4901234567890"));
    }

    #[test]
    fn every_wrong_check_digit_fails_and_exactly_one_passes() {
        for data in [
            "",
            "1",
            "12",
            "123456789012",
            "000000000000000",
            "987654321098765",
        ] {
            let passing: Vec<char> = ('0'..='9')
                .filter(|c| mod10_w3_valid(&format!("{data}{c}")))
                .collect();
            assert_eq!(passing.len(), 1, "{data}");
            assert_eq!(Some(passing[0]), mod10_w3_check_digit(data));
        }
    }

    #[test]
    fn matches_the_oracle_for_every_length_and_many_values() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 1..=19usize {
            for _ in 0..200 {
                let data: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        (seed % 10) as u8
                    })
                    .collect();
                let text: String = data.iter().map(|d| char::from(b'0' + d)).collect();
                let expected = char::from(b'0' + gs1_oracle(&data));
                assert_eq!(mod10_w3_check_digit(&text), Some(expected), "{text}");
                assert!(mod10_w3_valid(&format!("{text}{expected}")));
            }
        }
    }

    #[test]
    fn a_transposition_of_neighbours_with_odd_difference_is_caught() {
        // Weights 3 and 1 catch swapping neighbours whose difference is not 5.
        let valid = "4901234567894";
        let bytes = valid.as_bytes();
        for i in 0..bytes.len() - 1 {
            let (a, b) = (bytes[i], bytes[i + 1]);
            if a == b || a.abs_diff(b) == 5 {
                continue;
            }
            let mut swapped = bytes.to_vec();
            swapped.swap(i, i + 1);
            let swapped = String::from_utf8(swapped).expect("ascii");
            assert!(!mod10_w3_valid(&swapped), "{swapped}");
        }
    }

    #[test]
    fn non_digits_and_empty_input_fail_every_rule() {
        for rule in [CheckDigit::Luhn, CheckDigit::Mod10W3, CheckDigit::None] {
            for bad in [
                "",
                "49012345678９4",
                "4901-234567894",
                "abc",
                " 4901234567894",
            ] {
                assert!(!check_digit_valid(rule, bad), "{rule:?} {bad:?}");
            }
            assert_eq!(check_digit_for(rule, "12a"), None);
        }
    }

    #[test]
    fn none_accepts_any_digits_and_luhn_stays_luhn() {
        assert!(check_digit_valid(CheckDigit::None, "4901234567895"));
        assert!(check_digit_valid(CheckDigit::Luhn, "4111111111111111"));
        assert!(!check_digit_valid(CheckDigit::Luhn, "4111111111111112"));
        // The two rules differ: a JAN is not in general Luhn-valid.
        assert!(!check_digit_valid(CheckDigit::Luhn, "4006381333931"));
        assert_eq!(check_digit_for(CheckDigit::None, "123"), Some('0'));
        assert_eq!(check_digit_for(CheckDigit::Luhn, "7992739871"), Some('3'));
        assert_eq!(
            check_digit_for(CheckDigit::Mod10W3, "490123456789"),
            Some('4')
        );
    }
}
