//! Bad data gives a typed error naming what is wrong; the codes are stable.

use crate::barcode::{BarcodeError, encode};
use crate::profile::Symbology;

fn invalid_character(symbology: Symbology, character: &str, position: u32) -> BarcodeError {
    BarcodeError::InvalidCharacter {
        symbology,
        character: character.to_owned(),
        position,
    }
}

#[test]
fn ean13_check_digit_is_verified_not_replaced() {
    let err = encode(Symbology::Ean13, "4901234567890").expect_err("refused");
    assert_eq!(
        err,
        BarcodeError::CheckDigit {
            symbology: Symbology::Ean13,
            expected: 4,
            found: 0
        }
    );
    assert_eq!(err.code(), "check_digit");
    assert_eq!(err.to_string(), "JAN/EAN-13 check digit is 0, expected 4");
}

#[test]
fn ean13_needs_12_or_13_digits() {
    for data in ["49012345678", "49012345678941"] {
        let err = encode(Symbology::Ean13, data).expect_err("refused");
        assert!(
            matches!(err, BarcodeError::WrongLength { symbology: Symbology::Ean13, length, .. } if length as usize == data.len()),
            "{err:?}"
        );
        assert_eq!(err.code(), "wrong_length");
    }
    assert_eq!(
        encode(Symbology::Ean13, "49012345678X").expect_err("refused"),
        invalid_character(Symbology::Ean13, "X", 11)
    );
}

#[test]
fn itf_refuses_odd_length_without_padding() {
    let err = encode(Symbology::Itf, "1234567").expect_err("refused");
    assert_eq!(
        err,
        BarcodeError::OddLength {
            symbology: Symbology::Itf,
            length: 7
        }
    );
    assert_eq!(err.code(), "odd_length");
    assert!(err.to_string().contains("even number of digits"), "{err}");
    let short = encode(Symbology::Itf, "1234").expect_err("refused");
    assert_eq!(short.code(), "wrong_length");
    assert_eq!(
        encode(Symbology::Itf, "12 34 56").expect_err("refused"),
        invalid_character(Symbology::Itf, " ", 2)
    );
}

#[test]
fn nw7_start_stop_rules() {
    // Start/stop at one end only, inside the data, lower case, or unknown letters.
    assert_eq!(
        encode(Symbology::Nw7, "A1234").expect_err("refused"),
        invalid_character(Symbology::Nw7, "A", 0)
    );
    assert_eq!(
        encode(Symbology::Nw7, "1234D").expect_err("refused"),
        invalid_character(Symbology::Nw7, "D", 4)
    );
    assert_eq!(
        encode(Symbology::Nw7, "A12B34A").expect_err("refused"),
        invalid_character(Symbology::Nw7, "B", 3)
    );
    assert_eq!(
        encode(Symbology::Nw7, "a1234a").expect_err("refused"),
        invalid_character(Symbology::Nw7, "a", 0)
    );
    assert_eq!(
        encode(Symbology::Nw7, "12E4").expect_err("refused"),
        invalid_character(Symbology::Nw7, "E", 2)
    );
    assert_eq!(
        encode(Symbology::Nw7, "AB").expect_err("refused"),
        BarcodeError::EmptyData {
            symbology: Symbology::Nw7
        }
    );
    let short = encode(Symbology::Nw7, "C0D").expect_err("refused");
    assert_eq!(short.code(), "wrong_length");
    assert_eq!(
        encode(Symbology::Nw7, "0").expect_err("refused").code(),
        "wrong_length"
    );
    let err = encode(Symbology::Nw7, "12*4").expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("NW-7 (Codabar) cannot encode \"*\" at position 2"),
        "{err}"
    );
}

#[test]
fn code128_refuses_non_ascii_and_control_characters() {
    // A full-width digit is the input layer's job to normalise (SPEC §4.1).
    assert_eq!(
        encode(Symbology::Code128, "1091２345").expect_err("refused"),
        invalid_character(Symbology::Code128, "２", 4)
    );
    assert_eq!(
        encode(Symbology::Code128, "12\t34").expect_err("refused"),
        invalid_character(Symbology::Code128, "\t", 2)
    );
}

#[test]
fn empty_data_is_an_error_for_every_symbology() {
    for symbology in crate::barcode::ALL_SYMBOLOGIES {
        let err = encode(symbology, "").expect_err("refused");
        assert_eq!(err, BarcodeError::EmptyData { symbology });
        assert_eq!(err.code(), "empty_data");
    }
}

#[test]
fn qr_too_long_names_the_capacity() {
    let err = encode(Symbology::Qr, &"1".repeat(6000)).expect_err("refused");
    assert_eq!(
        err,
        BarcodeError::TooLong {
            symbology: Symbology::Qr,
            length: 6000,
            max: 5596
        }
    );
    assert_eq!(err.code(), "too_long");
    assert!(encode(Symbology::Qr, &"1".repeat(5596)).is_ok());
}

#[test]
fn error_codes_are_distinct_snake_case() {
    let s = Symbology::Qr;
    let all = [
        BarcodeError::EmptyData { symbology: s },
        BarcodeError::InvalidCharacter {
            symbology: s,
            character: "x".into(),
            position: 0,
        },
        BarcodeError::WrongLength {
            symbology: s,
            length: 0,
            expected: String::new(),
        },
        BarcodeError::OddLength {
            symbology: s,
            length: 1,
        },
        BarcodeError::CheckDigit {
            symbology: s,
            expected: 1,
            found: 2,
        },
        BarcodeError::TooLong {
            symbology: s,
            length: 2,
            max: 1,
        },
        BarcodeError::TooNarrow {
            needed_px: 2,
            requested_px: 1,
        },
        BarcodeError::TooShort {
            needed_px: 2,
            requested_px: 1,
        },
        BarcodeError::TooLarge {
            max_px: 2,
            requested_px: 3,
        },
        BarcodeError::InvalidMatrix {
            reason: String::new(),
        },
        BarcodeError::Render {
            reason: String::new(),
        },
        BarcodeError::NotDeviceDerived,
        BarcodeError::InvalidRules {
            reason: String::new(),
        },
        BarcodeError::InvalidDeviceNumber {
            reason: String::new(),
        },
        BarcodeError::MissingSecret,
        BarcodeError::TimeOutOfRange,
    ];
    let codes: std::collections::BTreeSet<&str> = all.iter().map(BarcodeError::code).collect();
    assert_eq!(codes.len(), all.len());
    assert!(
        codes
            .iter()
            .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
    );
}

#[test]
fn code128_uses_set_c_only_where_it_saves_symbols() {
    use crate::barcode::code128::with_character_sets as sets;
    assert_eq!(sets("1091234567891234"), "Ć1091234567891234");
    assert_eq!(sets("12"), "Ć12");
    assert_eq!(sets("123"), "Ɓ123");
    assert_eq!(sets("12345"), "Ć1234Ɓ5");
    assert_eq!(sets("12345AB"), "Ć1234Ɓ5AB");
    assert_eq!(sets("AB1234"), "ƁABĆ1234");
    assert_eq!(sets("AB12345"), "ƁAB1Ć2345");
    assert_eq!(sets("AB123"), "ƁAB123");
    assert_eq!(sets("A12345B"), "ƁA12345B");
    assert_eq!(sets("A123456B"), "ƁAĆ123456ƁB");
}

/// What an app can pass to the free FFI functions (`encode_barcode`, `render_barcode_png`,
/// `render_barcode_svg`, `grouped_digits`, `spoken_label`): any text, any width. Each gives
/// a value or a typed error; none panics (a panic would reach Kotlin as an internal error).
#[test]
fn hostile_data_and_widths_give_typed_errors_never_panics() {
    use crate::barcode::{
        LabelLanguage, grouped_digits, layout, render_png, render_svg, spoken_label,
    };
    let long_digits = "1".repeat(100_000);
    let long_text = "あ".repeat(50_000);
    let data = [
        "",
        " ",
        "\0",
        "A",
        "AA",
        "A1A",
        "1",
        "12",
        "123456789012",
        "4901234567894",
        "１２３４５６７８９０１２",
        "12\u{0301}34",
        "😀😀😀😀",
        "4300 1234 5678 9012",
        "\u{FEFF}1234",
        long_digits.as_str(),
        long_text.as_str(),
    ];
    let widths = [0, 1, 2, 63, 600, 4096, 20_000, u32::MAX];
    let symbologies = [
        Symbology::Qr,
        Symbology::Code128,
        Symbology::Ean13,
        Symbology::Itf,
        Symbology::Nw7,
    ];
    for symbology in &symbologies[1..] {
        assert_eq!(
            encode(*symbology, &long_digits).expect_err("refused"),
            BarcodeError::TooLong {
                symbology: *symbology,
                length: 100_000,
                max: 256
            }
        );
    }
    assert!(encode(Symbology::Code128, &"1".repeat(256)).is_ok());
    for text in data {
        let _ = grouped_digits(text);
        let _ = spoken_label(text, LabelLanguage::Ja);
        let _ = spoken_label(text, LabelLanguage::En);
        for symbology in symbologies {
            let Ok(matrix) = encode(symbology, text) else {
                continue;
            };
            for width in widths {
                // The SVG renderer refuses what the layout refuses.
                assert_eq!(
                    render_svg(&matrix, width).err(),
                    layout(&matrix, width).err(),
                    "{symbology:?} {width}"
                );
                if layout(&matrix, width).is_ok() {
                    assert!(
                        render_svg(&matrix, width)
                            .expect("svg")
                            .starts_with("<?xml")
                    );
                    if width <= 4096 {
                        assert!(render_png(&matrix, width).is_ok(), "{symbology:?} {width}");
                    }
                } else {
                    assert!(render_png(&matrix, width).is_err(), "{symbology:?} {width}");
                }
            }
        }
    }
}
