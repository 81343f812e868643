//! Barcode data for every symbology: a matrix or a typed error; what encodes renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamaru_core::barcode::{ALL_SYMBOLOGIES, encode, render_png, render_svg};

fuzz_target!(|text: &str| {
    for symbology in ALL_SYMBOLOGIES {
        if let Ok(matrix) = encode(symbology, text) {
            assert_eq!(
                matrix.modules.len(),
                (matrix.width * matrix.height) as usize
            );
            let _ = render_svg(&matrix, 600);
            let _ = render_png(&matrix, (matrix.width + 2 * matrix.quiet_zone).min(2000));
        }
    }
});
