//! Text output with Unicode half blocks, for the demo and for eyeballing in a terminal.

use super::matrix::BarcodeMatrix;

/// Text lines of a linear code (each line is two half-rows of bars).
const LINEAR_LINES: u32 = 4;

/// The barcode as text, quiet zones included, two module rows per line.
///
/// Terminals are mostly light text on a dark background, so the *light* modules are drawn
/// (`█`, `▀`, `▄`) and dark modules are left blank: the code then shows dark on light, as
/// scanners expect. On a light-background terminal it shows inverted, which most phone
/// QR readers still read.
pub fn render_terminal(matrix: &BarcodeMatrix) -> String {
    let q = matrix.quiet_zone;
    let total_w = matrix.total_width();
    // Light (lit) at (x, y) in quiet-zone coordinates.
    let lit = |x: u32, y: u32| -> bool {
        if matrix.is_linear() {
            x < q || !matrix.get(x - q, 0)
        } else {
            x < q || y < q || !matrix.get(x - q, y - q)
        }
    };
    let total_h = if matrix.is_linear() {
        2 * LINEAR_LINES
    } else {
        matrix.total_height()
    };
    let mut out =
        String::with_capacity(((total_w as usize) * 3 + 1) * (total_h as usize).div_ceil(2));
    for line in 0..total_h.div_ceil(2) {
        let (top, bottom) = (2 * line, 2 * line + 1);
        for x in 0..total_w {
            let upper = lit(x, top);
            let lower = bottom < total_h && lit(x, bottom);
            out.push(match (upper, lower) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    out
}
