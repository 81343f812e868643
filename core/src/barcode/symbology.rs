//! Names and fixed facts of each [`Symbology`], in one place.

use crate::profile::Symbology;

/// Every symbology, in the order of SPEC §7.
pub const ALL_SYMBOLOGIES: [Symbology; 5] = [
    Symbology::Qr,
    Symbology::Code128,
    Symbology::Ean13,
    Symbology::Itf,
    Symbology::Nw7,
];

/// The profile/JSON ID (`qr`, `code128`, `ean13`, `itf`, `nw7`), the same as serde's.
pub fn symbology_id(symbology: Symbology) -> &'static str {
    match symbology {
        Symbology::Qr => "qr",
        Symbology::Code128 => "code128",
        Symbology::Ean13 => "ean13",
        Symbology::Itf => "itf",
        Symbology::Nw7 => "nw7",
    }
}

/// The symbology for an ID of [`symbology_id`].
pub fn symbology_from_id(id: &str) -> Option<Symbology> {
    ALL_SYMBOLOGIES.into_iter().find(|s| symbology_id(*s) == id)
}

/// A name for people (errors, logs): the Japanese retail names come first where they differ.
pub fn symbology_name(symbology: Symbology) -> &'static str {
    match symbology {
        Symbology::Qr => "QR",
        Symbology::Code128 => "Code128",
        Symbology::Ean13 => "JAN/EAN-13",
        Symbology::Itf => "ITF",
        Symbology::Nw7 => "NW-7 (Codabar)",
    }
}

/// What each symbology accepts, for error messages.
pub(crate) fn allowed_characters(symbology: Symbology) -> &'static str {
    match symbology {
        Symbology::Qr => "any text",
        Symbology::Code128 => "printable ASCII, space to ~",
        Symbology::Ean13 | Symbology::Itf => "digits 0-9",
        Symbology::Nw7 => "digits 0-9 and - $ : / . +, with start/stop A-D at both ends or none",
    }
}

/// The quiet zone, in modules, on each side of the symbol.
///
/// SPEC §7 asks for at least 10 modules for linear codes and 4 for QR. JAN/EAN-13 gets 11,
/// its own standard's left margin (the right one is 7), so one symmetric value fits both.
pub fn quiet_zone_modules(symbology: Symbology) -> u32 {
    match symbology {
        Symbology::Qr => 4,
        Symbology::Ean13 => 11,
        Symbology::Code128 | Symbology::Itf | Symbology::Nw7 => 10,
    }
}

/// Two-dimensional symbologies draw their matrix rows; linear ones have one row of bars.
pub fn is_two_dimensional(symbology: Symbology) -> bool {
    matches!(symbology, Symbology::Qr)
}
