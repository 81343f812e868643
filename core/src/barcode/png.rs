//! PNG output, written with the `png` crate straight from the module grid.
//!
//! 1-bit greyscale (black and white are all a barcode has: 8x less data than 8-bit), each
//! distinct pixel row built once and copied, fast compression. No per-pixel allocation.

use png::{BitDepth, ColorType, Compression, Encoder, FilterType};

use super::error::BarcodeError;
use super::layout::{ImageLayout, layout_with_height};
use super::matrix::BarcodeMatrix;

/// The barcode as a PNG `width_px` wide with the default height (see
/// [`super::layout::layout`]). Fails with `TooNarrow` below 2 px per module.
pub fn render_png(matrix: &BarcodeMatrix, width_px: u32) -> Result<Vec<u8>, BarcodeError> {
    render_png_with_height(matrix, width_px, None)
}

/// As [`render_png`], with an explicit image height (`None`: the default).
pub fn render_png_with_height(
    matrix: &BarcodeMatrix,
    width_px: u32,
    height_px: Option<u32>,
) -> Result<Vec<u8>, BarcodeError> {
    let layout = layout_with_height(matrix, width_px, height_px)?;
    let pixels = pack_pixels(matrix, &layout);
    encode_png(&pixels, layout.width_px, layout.height_px)
}

/// Bytes per packed 1-bit row.
fn stride(width_px: u32) -> usize {
    (width_px as usize).div_ceil(8)
}

/// The image as packed 1-bit rows (1 = white, PNG greyscale), top to bottom.
pub(crate) fn pack_pixels(matrix: &BarcodeMatrix, layout: &ImageLayout) -> Vec<u8> {
    let stride = stride(layout.width_px);
    let mut pixels = vec![0xff_u8; stride * layout.height_px as usize];
    let symbol_rows = if matrix.is_linear() { 1 } else { matrix.height };
    let row_px = if matrix.is_linear() {
        layout.symbol_height_px
    } else {
        layout.module_px
    };
    let mut row = vec![0xff_u8; stride];
    for y in 0..symbol_rows {
        row.fill(0xff);
        draw_row(&mut row, matrix.row(y), layout.left_px, layout.module_px);
        let first = (layout.top_px + y * row_px) as usize;
        for pixel_row in first..first + row_px as usize {
            pixels[pixel_row * stride..(pixel_row + 1) * stride].copy_from_slice(&row);
        }
    }
    pixels
}

/// Clears (blackens) the pixels of each run of dark modules in one packed row.
fn draw_row(row: &mut [u8], modules: &[bool], left_px: u32, module_px: u32) {
    let mut x = 0;
    while x < modules.len() {
        if !modules[x] {
            x += 1;
            continue;
        }
        let run_start = x;
        while x < modules.len() && modules[x] {
            x += 1;
        }
        let from = (left_px + run_start as u32 * module_px) as usize;
        let to = (left_px + x as u32 * module_px) as usize;
        clear_bits(row, from, to);
    }
}

/// Sets pixels `from..to` of a packed row to 0, whole bytes at a time where possible.
fn clear_bits(row: &mut [u8], from: usize, to: usize) {
    let mut px = from;
    while px < to && px & 7 != 0 {
        row[px / 8] &= !(0x80 >> (px % 8));
        px += 1;
    }
    while px + 8 <= to {
        row[px / 8] = 0;
        px += 8;
    }
    while px < to {
        row[px / 8] &= !(0x80 >> (px % 8));
        px += 1;
    }
}

fn encode_png(pixels: &[u8], width_px: u32, height_px: u32) -> Result<Vec<u8>, BarcodeError> {
    let render = |e: png::EncodingError| BarcodeError::Render {
        reason: e.to_string(),
    };
    let mut out = Vec::with_capacity(pixels.len() / 8 + 256);
    let mut encoder = Encoder::new(&mut out, width_px, height_px);
    encoder.set_color(ColorType::Grayscale);
    encoder.set_depth(BitDepth::One);
    encoder.set_compression(Compression::Fast);
    // `Up` turns every repeated row into zeros, which the fast compressor squeezes well.
    encoder.set_filter(FilterType::Up);
    let mut writer = encoder.write_header().map_err(render)?;
    writer.write_image_data(pixels).map_err(render)?;
    writer.finish().map_err(render)?;
    Ok(out)
}
