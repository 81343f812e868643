//! The module grid every renderer (and native drawing code) works from.

use serde::{Deserialize, Serialize};

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::symbology::quiet_zone_modules;

/// An encoded barcode as a grid of modules, for native drawing and the renderers here.
///
/// `width` and `height` count the symbol's own modules, without the quiet zone; `modules`
/// is row-major, `true` = dark. Linear symbologies have one row (`height == 1`): draw each
/// dark module as a bar of the whole bar height. Leave `quiet_zone` light modules on every
/// side of the symbol (linear codes only need them left and right).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct BarcodeMatrix {
    pub symbology: Symbology,
    /// The data as encoded: JAN/EAN-13 with its check digit, NW-7 with its start/stop
    /// characters. What a scanner reads back may omit NW-7's start/stop (scanner setting).
    pub data: String,
    pub width: u32,
    pub height: u32,
    pub modules: Vec<bool>,
    /// Minimum light margin on each side, in modules.
    pub quiet_zone: u32,
}

impl BarcodeMatrix {
    /// A one-row matrix from a linear encoder's bars (`true` = bar).
    pub(crate) fn linear(symbology: Symbology, data: String, bars: Vec<bool>) -> Self {
        BarcodeMatrix {
            symbology,
            data,
            width: bars.len() as u32,
            height: 1,
            modules: bars,
            quiet_zone: quiet_zone_modules(symbology),
        }
    }

    /// Whether this is a linear (one-row) symbol.
    pub fn is_linear(&self) -> bool {
        self.height == 1
    }

    /// Width including the quiet zone on both sides, in modules.
    pub fn total_width(&self) -> u32 {
        self.width.saturating_add(self.quiet_zone.saturating_mul(2))
    }

    /// Height including the quiet zone for 2D symbols (linear codes: 1 row, no vertical
    /// quiet zone).
    pub fn total_height(&self) -> u32 {
        if self.is_linear() {
            1
        } else {
            self.height
                .saturating_add(self.quiet_zone.saturating_mul(2))
        }
    }

    /// The module at (x, y) of the symbol (without quiet zone); outside is light.
    pub fn get(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let index = y as usize * self.width as usize + x as usize;
        self.modules.get(index).copied().unwrap_or(false)
    }

    /// One row of modules.
    pub(crate) fn row(&self, y: u32) -> &[bool] {
        let start = (y * self.width) as usize;
        &self.modules[start..start + self.width as usize]
    }

    /// Checks that the fields agree, since a matrix can come back through the FFI.
    pub fn validate(&self) -> Result<(), BarcodeError> {
        let invalid = |reason: String| Err(BarcodeError::InvalidMatrix { reason });
        if self.width == 0 || self.height == 0 {
            return invalid(format!("empty size {}x{}", self.width, self.height));
        }
        let cells = u64::from(self.width) * u64::from(self.height);
        if cells != self.modules.len() as u64 {
            return invalid(format!(
                "{}x{} needs {cells} modules, has {}",
                self.width,
                self.height,
                self.modules.len()
            ));
        }
        // SPEC §7: the quiet zones scanners need (10 modules for linear codes, 4 for QR).
        // A matrix handed back through the FFI with a narrower margin would render an image
        // the till cannot read, so it is refused rather than drawn.
        let min_quiet = quiet_zone_modules(self.symbology);
        if self.quiet_zone < min_quiet {
            return invalid(format!(
                "quiet zone of {} modules; {:?} needs at least {min_quiet}",
                self.quiet_zone, self.symbology
            ));
        }
        // Keeps every pixel computation far from u32 overflow.
        if self.total_width() > 100_000 || self.height > 100_000 || self.quiet_zone > 1_000 {
            return invalid(format!("implausible size {}x{}", self.width, self.height));
        }
        Ok(())
    }
}
