//! Barcode data: any text gets a matrix or a typed error for every symbology, valid data
//! always encodes, and what encodes also renders.

use proptest::prelude::*;
use tamaru_core::barcode::{ALL_SYMBOLOGIES, Symbology, encode, render_png, render_svg};

use super::CASES;

fn digits(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, len)
        .prop_map(|d| d.into_iter().map(|d| char::from(b'0' + d)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_text_encodes_or_is_refused_with_a_typed_error(text in any::<String>()) {
        for symbology in ALL_SYMBOLOGIES {
            if let Ok(matrix) = encode(symbology, &text) {
                prop_assert_eq!(matrix.modules.len(), (matrix.width * matrix.height) as usize);
                let _ = render_svg(&matrix, 600);
            }
        }
    }

    #[test]
    fn valid_data_always_encodes_and_renders(
        ean in digits(12..=12),
        itf_half in digits(3..=20),
        code128 in "[ -~]{1,80}",
        qr in any::<String>().prop_filter("QR: 1 to 300 bytes", |s| (1..300).contains(&s.len())),
    ) {
        let itf = format!("{itf_half}{itf_half}");
        for (symbology, data) in [
            (Symbology::Ean13, ean.as_str()),
            (Symbology::Itf, itf.as_str()),
            (Symbology::Code128, code128.as_str()),
            (Symbology::Qr, qr.as_str()),
        ] {
            let matrix = encode(symbology, data);
            prop_assert!(matrix.is_ok(), "{:?} {:?}: {:?}", symbology, data, matrix);
            let matrix = matrix.expect("checked");
            // Two pixels a module, quiet zones included.
            let png = render_png(&matrix, 2 * (matrix.width + 2 * matrix.quiet_zone));
            prop_assert!(png.is_ok(), "{:?} {:?}: {:?}", symbology, data, png.err());
        }
    }
}
