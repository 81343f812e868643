//! Image geometry: whole-pixel modules, quiet zones, and refusing images that would blur.

use crate::barcode::{BarcodeError, BarcodeMatrix, encode, layout, layout_with_height, render_png};
use crate::profile::Symbology;

fn waon_qr() -> BarcodeMatrix {
    encode(Symbology::Qr, "43001234567890121234567890123456").expect("encode")
}

#[test]
fn thirty_two_digit_qr_is_version_1() {
    let matrix = waon_qr();
    assert_eq!(
        (matrix.width, matrix.height, matrix.quiet_zone),
        (21, 21, 4)
    );
    assert_eq!(matrix.modules.len(), 21 * 21);
    assert_eq!(matrix.total_width(), 29);
}

#[test]
fn too_narrow_is_an_error_not_a_blurry_image() {
    let matrix = waon_qr();
    let err = render_png(&matrix, 57).expect_err("refused");
    assert_eq!(
        err,
        BarcodeError::TooNarrow {
            needed_px: 58,
            requested_px: 57
        }
    );
    assert_eq!(err.code(), "too_narrow");
    assert!(render_png(&matrix, 58).is_ok());
    let code128 = encode(Symbology::Code128, "43001234567890121234567890123456").expect("encode");
    // 11 * (start + 16 pairs + check) + 13 stop = 211 modules, plus 2 x 10 quiet zone.
    assert_eq!(code128.total_width(), 231);
    assert_eq!(
        render_png(&code128, 300).expect_err("refused"),
        BarcodeError::TooNarrow {
            needed_px: 462,
            requested_px: 300
        }
    );
}

#[test]
fn module_size_is_the_largest_that_fits_and_the_rest_centres() {
    let matrix = waon_qr();
    let l = layout(&matrix, 600).expect("layout");
    // 600 / 29 = 20 px modules; 21 * 20 = 420 px symbol; 180 px margins, 90 each side.
    assert_eq!(
        (l.module_px, l.left_px, l.top_px, l.height_px),
        (20, 90, 90, 600)
    );
    let l = layout(&matrix, 101).expect("layout");
    assert_eq!(
        (l.module_px, l.left_px, l.width_px, l.height_px),
        (3, 19, 101, 101)
    );
}

#[test]
fn linear_height_defaults_and_limits() {
    let matrix = encode(Symbology::Itf, "1091234567891234").expect("encode");
    assert_eq!(layout(&matrix, 600).expect("layout").height_px, 180);
    assert_eq!(layout(&matrix, 400).expect("layout").height_px, 120);
    let err = layout_with_height(&matrix, 600, Some(5)).expect_err("refused");
    assert_eq!(
        err,
        BarcodeError::TooShort {
            needed_px: 10,
            requested_px: 5
        }
    );
    let qr = waon_qr();
    assert_eq!(
        layout_with_height(&qr, 600, Some(579)).expect_err("refused"),
        BarcodeError::TooShort {
            needed_px: 580,
            requested_px: 579
        }
    );
    assert_eq!(
        render_png(&qr, 20_000).expect_err("refused"),
        BarcodeError::TooLarge {
            max_px: 10_000,
            requested_px: 20_000
        }
    );
}

#[test]
fn inconsistent_matrix_is_refused() {
    let mut matrix = waon_qr();
    matrix.modules.pop();
    let err = render_png(&matrix, 600).expect_err("refused");
    assert_eq!(err.code(), "invalid_matrix");
    assert!(
        err.to_string().contains("needs 441 modules, has 440"),
        "{err}"
    );
}

#[test]
fn ean13_quiet_zone_is_its_standard_11_modules() {
    let matrix = encode(Symbology::Ean13, "490123456789").expect("encode");
    assert_eq!(
        (matrix.width, matrix.height, matrix.quiet_zone),
        (95, 1, 11)
    );
}

#[test]
fn a_matrix_with_less_than_the_scanners_quiet_zone_is_refused() {
    // SPEC §7: at least 10 modules for linear codes, 4 for QR. A matrix can come back
    // through the FFI with any margin; a narrower one must not be drawn as if it were fine.
    for (symbology, data, min) in [
        (Symbology::Qr, "43001234567890121234567890123456", 4),
        (Symbology::Code128, "1091234567891234", 10),
        (Symbology::Itf, "123456", 10),
        (Symbology::Nw7, "1234", 10),
        (Symbology::Ean13, "490123456789", 11),
    ] {
        let mut matrix = encode(symbology, data).expect("encode");
        assert_eq!(
            matrix.quiet_zone, min,
            "{symbology:?} encodes with its minimum"
        );
        assert!(render_png(&matrix, 2000).is_ok(), "{symbology:?}");
        matrix.quiet_zone = min - 1;
        for err in [
            render_png(&matrix, 2000).expect_err("refused"),
            layout(&matrix, 2000).expect_err("refused"),
        ] {
            assert_eq!(err.code(), "invalid_matrix", "{symbology:?}");
            assert!(err.to_string().contains("quiet zone"), "{err}");
        }
        matrix.quiet_zone = 0;
        assert_eq!(
            render_png(&matrix, 2000).expect_err("refused").code(),
            "invalid_matrix"
        );
    }
}
