//! QR codes. The encoder libraries are used in [`qr_modules`] only.
//!
//! ASCII data (every member code) goes through `fast_qr`: about 4x faster than `qrcode`
//! for the 32-digit waon code, which makes encode + PNG faster than zxing-cpp's encode +
//! raster (BENCHMARKS.md). `qrcode` stays for what `fast_qr` does not do: non-ASCII text
//! (UTF-8 behind an ECI designator) and mixed text that only fits with `qrcode`'s optimal
//! segmentation; either way the symbol decodes the same (tests/roundtrip.rs, both decoders).

use qrcode::bits::Bits;
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode, Version};

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::matrix::BarcodeMatrix;
use super::symbology::quiet_zone_modules;

/// ECI designator of UTF-8, announced for non-ASCII data so decoders do not guess a
/// character set (a Japanese decoder would otherwise likely guess Shift_JIS).
const ECI_UTF8: u32 = 26;

/// Any text; ASCII gets the optimal numeric/alphanumeric/byte segmentation, other text is
/// UTF-8 bytes behind an ECI. Level M (15 % recovery): a phone screen is clean but may show
/// glare or a crack; M keeps a 32-digit code at version 1 (21 x 21 modules).
pub(crate) fn encode(data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    let symbology = Symbology::Qr;
    if data.is_empty() {
        return Err(BarcodeError::EmptyData { symbology });
    }
    let (width, modules) = qr_modules(data).map_err(|e| match e {
        QrError::DataTooLong => too_long(data),
        other => BarcodeError::Render {
            reason: format!("QR encoder: {other}"),
        },
    })?;
    Ok(BarcodeMatrix {
        symbology,
        data: data.to_owned(),
        width,
        height: width,
        modules,
        quiet_zone: quiet_zone_modules(symbology),
    })
}

/// The encoders: side length and row-major modules (`true` = dark), level M.
fn qr_modules(data: &str) -> Result<(u32, Vec<bool>), QrError> {
    if let Some(found) = data.is_ascii().then(|| fast_modules(data)).flatten() {
        return Ok(found);
    }
    let code = if data.is_ascii() {
        // Segmentation never picks Kanji mode for ASCII bytes, so this is safe.
        QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)?
    } else {
        utf8_with_eci(data.as_bytes())?
    };
    let width = code.width() as u32;
    let modules = code
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok((width, modules))
}

/// `fast_qr` at level M (it picks one mode for the whole text: numeric for digits); `None`
/// when it cannot (too long in its single mode), so `qrcode` decides.
fn fast_modules(data: &str) -> Option<(u32, Vec<bool>)> {
    let code = fast_qr::QRBuilder::new(data)
        .ecl(fast_qr::ECL::M)
        .build()
        .ok()?;
    let size = code.size;
    let modules = code
        .data
        .get(..size * size)?
        .iter()
        .map(|m| m.value())
        .collect();
    Some((u32::try_from(size).ok()?, modules))
}

/// Byte mode behind the UTF-8 ECI, at the smallest version that holds it. (`qrcode`'s own
/// segmentation could take UTF-8 byte pairs for Shift_JIS Kanji.)
fn utf8_with_eci(bytes: &[u8]) -> Result<QrCode, QrError> {
    for version in 1..=40 {
        let mut bits = Bits::new(Version::Normal(version));
        let pushed = bits
            .push_eci_designator(ECI_UTF8)
            .and_then(|()| bits.push_byte_data(bytes))
            .and_then(|()| bits.push_terminator(EcLevel::M));
        match pushed {
            Ok(()) => return QrCode::with_bits(bits, EcLevel::M),
            Err(QrError::DataTooLong) => continue,
            Err(other) => return Err(other),
        }
    }
    Err(QrError::DataTooLong)
}

/// The capacity of version 40 at level M for the data's kind (ISO/IEC 18004 table 7);
/// non-ASCII data is counted in UTF-8 bytes.
fn too_long(data: &str) -> BarcodeError {
    const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let (length, max) = if data.bytes().all(|b| b.is_ascii_digit()) {
        (data.len(), 5596)
    } else if data.chars().all(|c| ALPHANUMERIC.contains(c)) {
        (data.len(), 3391)
    } else if data.is_ascii() {
        (data.len(), 2331)
    } else {
        (data.len(), 2328)
    };
    BarcodeError::TooLong {
        symbology: Symbology::Qr,
        length: length as u32,
        max,
    }
}
