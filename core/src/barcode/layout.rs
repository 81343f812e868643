//! Where the symbol goes in an image of a requested size: whole-pixel modules, quiet zones.

use serde::{Deserialize, Serialize};

use super::error::BarcodeError;
use super::matrix::BarcodeMatrix;

/// The smallest module, in pixels. One-pixel modules blur as soon as the image is scaled
/// even slightly (screen density, zoom), so they are refused rather than drawn.
pub const MIN_MODULE_PX: u32 = 2;

/// The largest image side, in pixels (a 10 000 px 1-bit image is 12.5 MB raw).
pub const MAX_IMAGE_PX: u32 = 10_000;

/// The smallest explicit bar height of a linear code, in pixels.
pub const MIN_LINEAR_HEIGHT_PX: u32 = 10;

/// Default bar height of a linear code: 30 % of the image width, at least 40 px. Scanners
/// aim more easily at taller bars, and Code128 asks for at least 15 % of the symbol length.
pub fn default_linear_height(width_px: u32) -> u32 {
    (width_px * 3 / 10).max(40)
}

/// The pixel geometry of a barcode image, also for native drawing code that wants exactly
/// what the PNG renderer would draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ImageLayout {
    pub width_px: u32,
    pub height_px: u32,
    /// Side of one module, in whole pixels (at least [`MIN_MODULE_PX`]).
    pub module_px: u32,
    /// Left edge of the symbol's first module; the light margin on the left.
    pub left_px: u32,
    /// Top edge of the symbol (0 for linear codes, whose bars fill the height).
    pub top_px: u32,
    /// Height of the symbol: the bar height of a linear code.
    pub symbol_height_px: u32,
}

/// Lays out `matrix` in an image `width_px` wide; the height is the default (square for QR,
/// [`default_linear_height`] for linear codes).
pub fn layout(matrix: &BarcodeMatrix, width_px: u32) -> Result<ImageLayout, BarcodeError> {
    layout_with_height(matrix, width_px, None)
}

/// Lays out `matrix` in an image `width_px` wide and, if given, `height_px` high.
///
/// The module size is the largest whole number of pixels for which the symbol and its
/// quiet zones fit the width; the pixels left over widen the quiet zones evenly so the
/// symbol is centred (the left margin gets the smaller half of an odd remainder).
pub fn layout_with_height(
    matrix: &BarcodeMatrix,
    width_px: u32,
    height_px: Option<u32>,
) -> Result<ImageLayout, BarcodeError> {
    matrix.validate()?;
    for requested_px in [Some(width_px), height_px].into_iter().flatten() {
        if requested_px > MAX_IMAGE_PX {
            return Err(BarcodeError::TooLarge {
                max_px: MAX_IMAGE_PX,
                requested_px,
            });
        }
    }
    let total = matrix.total_width();
    let module_px = width_px / total;
    if module_px < MIN_MODULE_PX {
        return Err(BarcodeError::TooNarrow {
            needed_px: total * MIN_MODULE_PX,
            requested_px: width_px,
        });
    }
    let left_px = (width_px - matrix.width * module_px) / 2;
    if matrix.is_linear() {
        let height = height_px.unwrap_or_else(|| default_linear_height(width_px));
        if height < MIN_LINEAR_HEIGHT_PX {
            return Err(BarcodeError::TooShort {
                needed_px: MIN_LINEAR_HEIGHT_PX,
                requested_px: height,
            });
        }
        return Ok(ImageLayout {
            width_px,
            height_px: height,
            module_px,
            left_px,
            top_px: 0,
            symbol_height_px: height,
        });
    }
    let symbol_height_px = matrix.height * module_px;
    let needed_px = matrix.total_height() * module_px;
    // By default the vertical margins get the same slack as the horizontal ones: a square
    // symbol gives a square image.
    let height = height_px.unwrap_or(needed_px + (width_px - total * module_px));
    if height < needed_px {
        return Err(BarcodeError::TooShort {
            needed_px,
            requested_px: height,
        });
    }
    Ok(ImageLayout {
        width_px,
        height_px: height,
        module_px,
        left_px,
        top_px: (height - symbol_height_px) / 2,
        symbol_height_px,
    })
}
