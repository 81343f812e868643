//! Every symbology, rendered to PNG at several widths, decodes back to the same data.

use super::decode::{Luma, png_to_luma, rqrr_decode, rxing_decode};
use crate::barcode::{
    BarcodeError, BarcodeMatrix, encode, layout, render_png, render_png_with_height,
};
use crate::profile::Symbology;

const LINEAR_WIDTHS: [u32; 5] = [200, 300, 483, 600, 1000];
const QR_WIDTHS: [u32; 4] = [100, 300, 437, 600];

/// What a scanner reads back for `data`: EAN-13 with its check digit, NW-7 with start/stop.
fn expected_text(matrix: &BarcodeMatrix) -> &str {
    &matrix.data
}

/// Renders at each width, decodes every PNG the layout allows, and returns how many decoded.
/// Widths refused as too narrow must really be below 2 px per module.
fn round_trip(symbology: Symbology, data: &str, widths: &[u32]) -> usize {
    let matrix = encode(symbology, data).unwrap_or_else(|e| panic!("{symbology:?} {data:?}: {e}"));
    let mut decoded = 0;
    for &width in widths {
        let png = match render_png(&matrix, width) {
            Ok(png) => png,
            Err(BarcodeError::TooNarrow {
                needed_px,
                requested_px,
            }) => {
                assert_eq!(requested_px, width);
                assert!(needed_px > width);
                assert_eq!(needed_px, 2 * matrix.total_width());
                continue;
            }
            Err(e) => panic!("{symbology:?} {data:?} at {width}px: {e}"),
        };
        let luma = png_to_luma(&png);
        assert_eq!(luma.width, width);
        assert_pixel_exact(&matrix, &luma);
        let text = rxing_decode(&luma, symbology)
            .unwrap_or_else(|e| panic!("{symbology:?} {data:?} at {width}px: {e}"));
        assert_eq!(
            text,
            expected_text(&matrix),
            "{symbology:?} at {width}px (rxing)"
        );
        if symbology == Symbology::Qr && data.is_ascii() {
            let text = rqrr_decode(&luma).unwrap_or_else(|e| panic!("{data:?} at {width}px: {e}"));
            assert_eq!(text, data, "QR at {width}px (rqrr)");
        }
        decoded += 1;
    }
    decoded
}

/// Every pixel is exactly the module it belongs to (whole-pixel modules), and the margins
/// are light and at least the quiet zone wide.
fn assert_pixel_exact(matrix: &BarcodeMatrix, luma: &Luma) {
    let layout = layout(matrix, luma.width).expect("layout");
    assert_eq!(luma.height, layout.height_px);
    assert!(layout.module_px >= 2);
    let m = layout.module_px;
    assert!(layout.left_px >= matrix.quiet_zone * m, "left quiet zone");
    let right = luma.width - layout.left_px - matrix.width * m;
    assert!(right >= matrix.quiet_zone * m, "right quiet zone");
    assert!(right - layout.left_px <= 1, "centred");
    if !matrix.is_linear() {
        assert!(layout.top_px >= matrix.quiet_zone * m, "top quiet zone");
    }
    for y in 0..luma.height {
        for x in 0..luma.width {
            let inside_x = x >= layout.left_px && x < layout.left_px + matrix.width * m;
            let inside_y = y >= layout.top_px && y < layout.top_px + layout.symbol_height_px;
            let dark = inside_x && inside_y && {
                let mx = (x - layout.left_px) / m;
                let my = if matrix.is_linear() {
                    0
                } else {
                    (y - layout.top_px) / m
                };
                matrix.get(mx, my)
            };
            let expected = if dark { 0 } else { 255 };
            assert_eq!(luma.at(x, y), expected, "pixel ({x}, {y})");
        }
    }
}

#[test]
fn qr_member_codes_round_trip_with_rxing_and_rqrr() {
    for data in ["43001234567890121234567890123456", "1091234567891234"] {
        assert_eq!(
            round_trip(Symbology::Qr, data, &QR_WIDTHS),
            QR_WIDTHS.len(),
            "{data}"
        );
    }
}

#[test]
fn qr_text_round_trips() {
    let n = round_trip(Symbology::Qr, "TAMARU:member/1091-2345?x=y", &QR_WIDTHS);
    assert!(n >= 3);
}

#[test]
fn qr_non_ascii_round_trips_as_utf8() {
    // Japanese text goes in byte mode behind the UTF-8 ECI, so the decoder need not guess.
    let n = round_trip(Symbology::Qr, "会員コード 1091-2345 タマル", &QR_WIDTHS);
    assert!(n >= 2);
}

#[test]
fn code128_round_trips() {
    let cases = [
        ("43001234567890121234567890123456", 1), // waon: 231 modules, 2 px only from 462 px
        ("1091234567891234", 3),
        ("123456789", 4),
        ("AB-12345678x", 3), // 165 modules: 2 px only from 330 px
        ("ab 12 c", 4),
    ];
    for (data, at_least) in cases {
        let n = round_trip(Symbology::Code128, data, &LINEAR_WIDTHS);
        assert!(n >= at_least, "{data}: {n} widths decoded");
    }
}

#[test]
fn ean13_round_trips_with_computed_and_given_check_digit() {
    let computed = encode(Symbology::Ean13, "490123456789").expect("12 digits");
    assert_eq!(computed.data, "4901234567894");
    for data in ["490123456789", "4901234567894", "4512345678906"] {
        assert!(
            round_trip(Symbology::Ean13, data, &LINEAR_WIDTHS) >= 3,
            "{data}"
        );
    }
}

#[test]
fn itf_round_trips() {
    for data in ["1091234567891234", "12345678901231", "123456"] {
        assert!(
            round_trip(Symbology::Itf, data, &LINEAR_WIDTHS) >= 3,
            "{data}"
        );
    }
}

#[test]
fn nw7_round_trips_with_default_and_explicit_start_stop() {
    let default = encode(Symbology::Nw7, "1091234567891234").expect("digits");
    assert_eq!(default.data, "A1091234567891234A");
    for data in ["1091234567891234", "B1234567C", "D12-34$5:6/7.8+9D", "C01D"] {
        assert!(
            round_trip(Symbology::Nw7, data, &LINEAR_WIDTHS) >= 3,
            "{data}"
        );
    }
}

#[test]
fn explicit_linear_height_round_trips() {
    let matrix = encode(Symbology::Code128, "1091234567891234").expect("encode");
    let png = render_png_with_height(&matrix, 600, Some(24)).expect("render");
    let luma = png_to_luma(&png);
    assert_eq!((luma.width, luma.height), (600, 24));
    assert_eq!(
        rxing_decode(&luma, Symbology::Code128).as_deref(),
        Ok("1091234567891234")
    );
}

#[test]
fn qr_in_a_taller_image_is_centred_and_scans() {
    let matrix = encode(Symbology::Qr, "1091234567891234").expect("encode");
    let png = render_png_with_height(&matrix, 300, Some(500)).expect("render");
    let luma = png_to_luma(&png);
    assert_eq!((luma.width, luma.height), (300, 500));
    assert_eq!(rqrr_decode(&luma).as_deref(), Ok("1091234567891234"));
    assert_eq!(
        rxing_decode(&luma, Symbology::Qr).as_deref(),
        Ok("1091234567891234")
    );
}

#[test]
fn single_characters_round_trip_where_allowed() {
    assert_eq!(round_trip(Symbology::Code128, "7", &LINEAR_WIDTHS), 5);
    assert_eq!(round_trip(Symbology::Qr, "7", &QR_WIDTHS), 4);
    assert_eq!(round_trip(Symbology::Nw7, "12", &LINEAR_WIDTHS), 5);
}
