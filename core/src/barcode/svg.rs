//! SVG output: one path of dark rectangles on a white background, in module units.

use std::fmt::Write;

use super::error::BarcodeError;
use super::matrix::BarcodeMatrix;
use super::symbology::quiet_zone_modules;

/// The barcode as a standalone SVG document, `width_px` wide (the height follows the
/// aspect ratio). The `viewBox` counts modules, quiet zones included, so the drawing scales
/// without rounding; `shape-rendering="crispEdges"` keeps module edges sharp. Linear codes
/// get bars 30 % of the total width high, the proportion of the default PNG.
///
/// Refuses what the PNG renderer refuses, so both outputs agree: an inconsistent matrix
/// ([`BarcodeError::InvalidMatrix`]), a width under 2 px per module
/// ([`BarcodeError::TooNarrow`]) or over [`super::MAX_IMAGE_PX`] ([`BarcodeError::TooLarge`]).
/// A vector image would scale anyway, but a document `width_px` wide at that size would not
/// scan, so none is made (the callers no longer check the layout first).
pub fn render_svg(matrix: &BarcodeMatrix, width_px: u32) -> Result<String, BarcodeError> {
    super::layout::layout(matrix, width_px)?;
    Ok(draw(matrix, width_px))
}

fn draw(matrix: &BarcodeMatrix, width_px: u32) -> String {
    // SPEC §7: never less than the quiet zone scanners need (the layout already refused a
    // matrix asking for less; kept so the drawing alone can never break the rule).
    let q = matrix
        .quiet_zone
        .max(quiet_zone_modules(matrix.symbology))
        .min(1_000);
    let total_w = matrix.width.saturating_add(q.saturating_mul(2)).max(1);
    let total_h = if matrix.is_linear() {
        (total_w * 3).div_ceil(10)
    } else {
        matrix.height.saturating_add(q.saturating_mul(2))
    };
    let height_px = (u64::from(width_px) * u64::from(total_h) / u64::from(total_w)) as u32;
    let mut path = String::with_capacity(matrix.modules.len() * 4);
    let rows = if matrix.is_linear() { 1 } else { matrix.height };
    for y in 0..rows {
        let mut x = 0;
        while x < matrix.width {
            if !matrix.get(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < matrix.width && matrix.get(x, y) {
                x += 1;
            }
            let (top, h) = if matrix.is_linear() {
                (0, total_h)
            } else {
                (y + q, 1)
            };
            let _ = write!(
                path,
                "M{} {}h{}v{}h-{}z",
                start + q,
                top,
                x - start,
                h,
                x - start
            );
        }
    }
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" "#,
            r#"viewBox="0 0 {vw} {vh}" shape-rendering="crispEdges">"#,
            r##"<rect width="{vw}" height="{vh}" fill="#fff"/>"##,
            r##"<path fill="#000" d="{path}"/>"##,
            "</svg>\n"
        ),
        w = width_px,
        h = height_px,
        vw = total_w,
        vh = total_h,
        path = path
    )
}
