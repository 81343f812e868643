//! Member codes and barcode rendering (SPEC §1, §7).
//!
//! - [`encode`] turns data into a [`BarcodeMatrix`] for one [`Symbology`]: QR, Code128,
//!   JAN/EAN-13, ITF, NW-7 (Codabar). Bad data is a typed [`BarcodeError`] naming what is
//!   wrong (character and position, length, check digit).
//! - The matrix is drawn natively by the apps, or rendered here: [`render_png`] (whole-pixel
//!   modules, quiet zones of at least 10 modules for linear codes and 4 for QR, `TooNarrow`
//!   rather than a blurry image), [`render_svg`], [`render_terminal`] (demo).
//! - [`grouped_digits`] and [`spoken_label`] are the code for people.
//! - [`offline_code`] derives `waon`'s one-time code on the phone from the device secret and
//!   the time; [`verify_offline_code`] is the till's side.
//! - [`MemberCodes`] (from `MemberApp::member_code()`) is the member-code screen's service:
//!   the code to show now, offline ([`MemberCodeState`]: a code, or why none and the point
//!   card instead where the profile allows), fetching `wester`'s server-issued codes with
//!   the ones issued in advance (kept in [`store`]), and a [`MemberCodeSession`] that counts
//!   down, replaces the code on time and tells a [`MemberCodeListener`].
//!
//! Every round trip is proven by the tests: each symbology is rendered to PNG at several
//! widths and decoded back with independent decoders (`rxing`, and `rqrr` for QR).

pub(crate) mod api;
mod code128;
mod code_card;
mod countdown;
mod ean13;
mod error;
mod itf;
mod label;
mod layout;
mod linear;
mod matrix;
mod member_code;
mod nw7;
mod offline_code;
mod png;
mod qr;
mod service;
mod session;
mod static_card;
pub(crate) mod store;
mod svg;
mod symbology;
mod terminal;
pub(crate) mod texts;

#[cfg(test)]
mod tests;

pub use crate::profile::Symbology;
pub use code_card::CodeCard;
pub(crate) use code_card::{KIND as CODE_CARD_CHANGE_KIND, keep_found_applied};
pub use ean13::check_digit as ean13_check_digit;
pub use error::{BarcodeError, MemberCodeError};
pub use itf::MIN_DIGITS as ITF_MIN_DIGITS;
pub use label::{LabelLanguage, grouped_digits, spoken_label};
pub use layout::{
    ImageLayout, MAX_IMAGE_PX, MIN_LINEAR_HEIGHT_PX, MIN_MODULE_PX, default_linear_height, layout,
    layout_with_height,
};
pub use matrix::BarcodeMatrix;
pub use member_code::{
    MemberCodeState, MemberCodeUnavailable, MemberCodeView, StaticCardCode, UnavailableReason,
};
pub use nw7::{
    DEFAULT_START_STOP as NW7_DEFAULT_START_STOP, MIN_DATA_CHARACTERS as NW7_MIN_DATA_CHARACTERS,
};
pub use offline_code::{
    DEVICE_NUMBER_DIGITS, INSTALL_SUFFIX_DIGITS, MAX_SKEW_STEPS, OfflineCode, check_device_number,
    offline_code, verify_offline_code,
};
pub use png::{render_png, render_png_with_height};
pub use service::{FetchedCodes, MemberCodes};
pub use session::{CodeSubscription, DEFAULT_POLL, MemberCodeListener, MemberCodeSession};
pub use svg::render_svg;
pub use symbology::{
    ALL_SYMBOLOGIES, is_two_dimensional, quiet_zone_modules, symbology_from_id, symbology_id,
    symbology_name,
};
pub use terminal::render_terminal;

/// The most characters a linear bar code (Code128, JAN/EAN-13, ITF, NW-7) is asked to carry.
pub const MAX_LINEAR_CHARACTERS: usize = 256;

/// Encodes `data` in `symbology`.
///
/// - QR: any text (level M).
/// - Code128: printable ASCII; digit runs use set C automatically.
/// - JAN/EAN-13: 12 digits (check digit added) or 13 (check digit verified).
/// - ITF: an even number of digits, at least 6; never padded.
/// - NW-7: at least 2 of digits and `- $ : / . +`, wrapped in `A`...`A` unless the data
///   already starts and ends with a start/stop character `A`-`D`.
///
/// Linear symbologies take at most [`MAX_LINEAR_CHARACTERS`] characters
/// ([`BarcodeError::TooLong`]): no till reads a longer bar code, and `barcoders`' Code128
/// checksum overflows on a few thousand.
pub fn encode(symbology: Symbology, data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    if symbology != Symbology::Qr {
        let length = data.chars().count();
        if length > MAX_LINEAR_CHARACTERS {
            return Err(BarcodeError::TooLong {
                symbology,
                length: u32::try_from(length).unwrap_or(u32::MAX),
                max: MAX_LINEAR_CHARACTERS as u32,
            });
        }
    }
    match symbology {
        Symbology::Qr => qr::encode(data),
        Symbology::Code128 => code128::encode(data),
        Symbology::Ean13 => ean13::encode(data),
        Symbology::Itf => itf::encode(data),
        Symbology::Nw7 => nw7::encode(data),
    }
}
