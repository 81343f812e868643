//! Why a barcode or a member code could not be made.

use crate::error::TamaruError;
use crate::profile::Symbology;

use super::symbology::{allowed_characters, symbology_name};

/// Everything that can go wrong in [`super`]. Each variant has a stable
/// [`code`](BarcodeError::code) for the apps and the QA tools; the Display text is for people
/// (developers and logs) and may change.
///
/// Secrets never appear in these errors (SPEC §2.2): only lengths and positions do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum BarcodeError {
    /// No data to encode.
    #[error("{} data is empty", symbology_name(*.symbology))]
    EmptyData { symbology: Symbology },
    /// A character the symbology cannot carry; `position` counts characters from 0.
    #[error(
        "{} cannot encode {character:?} at position {position} (allowed: {})",
        symbology_name(*.symbology),
        allowed_characters(*.symbology)
    )]
    InvalidCharacter {
        symbology: Symbology,
        character: String,
        position: u32,
    },
    /// The data has a length the symbology does not take; `expected` says what it takes.
    #[error("{} data has {length} characters; expected {expected}", symbology_name(*.symbology))]
    WrongLength {
        symbology: Symbology,
        length: u32,
        expected: String,
    },
    /// ITF encodes digits in pairs, so it needs an even number of digits (we never pad:
    /// a padded `0` would become part of the number the till reads).
    #[error("{} needs an even number of digits, got {length}", symbology_name(*.symbology))]
    OddLength { symbology: Symbology, length: u32 },
    /// The last digit is not the check digit of the others (JAN/EAN-13).
    #[error("{} check digit is {found}, expected {expected}", symbology_name(*.symbology))]
    CheckDigit {
        symbology: Symbology,
        expected: u32,
        found: u32,
    },
    /// More data than the symbology holds (QR at level M holds at most `max` characters of
    /// this kind; a linear code at most `MAX_LINEAR_CHARACTERS`).
    #[error("{} data of {length} characters is too long (at most {max})", symbology_name(*.symbology))]
    TooLong {
        symbology: Symbology,
        length: u32,
        max: u32,
    },
    /// The requested image width gives under 2 pixels per module: the image would not scan
    /// reliably, so none is made.
    #[error("{requested_px} px is too narrow for this barcode; it needs at least {needed_px} px")]
    TooNarrow { needed_px: u32, requested_px: u32 },
    /// The requested image height cannot hold the symbol.
    #[error("{requested_px} px is too short for this barcode; it needs at least {needed_px} px")]
    TooShort { needed_px: u32, requested_px: u32 },
    /// The requested image is larger than [`super::MAX_IMAGE_PX`] on a side.
    #[error("{requested_px} px is larger than the {max_px} px this renderer makes")]
    TooLarge { max_px: u32, requested_px: u32 },
    /// A matrix whose fields disagree (e.g. handed in through the FFI).
    #[error("invalid barcode matrix: {reason}")]
    InvalidMatrix { reason: String },
    /// The PNG encoder failed (not expected when writing to memory).
    #[error("PNG encoding failed: {reason}")]
    Render { reason: String },
    /// The program's member codes are issued by the server, not derived on the phone.
    #[error("this program's member codes are issued by the server, not derived on the phone")]
    NotDeviceDerived,
    /// The profile's member-code rules cannot describe an offline code.
    #[error("member-code rules unusable for offline codes: {reason}")]
    InvalidRules { reason: String },
    /// The device number is not 16 digits.
    #[error("invalid device number: {reason}")]
    InvalidDeviceNumber { reason: String },
    /// No device secret (the device is not registered for offline codes yet).
    #[error("no device secret: the device must sign in once online to get one")]
    MissingSecret,
    /// The instant is before 1970 or too far in the future to count time steps.
    #[error("time out of range for member codes")]
    TimeOutOfRange,
    /// No member code (nor point card) shows now; `reason` is the unavailable reason's code
    /// (e.g. `advance_codes_used_up`).
    #[error("no member code to show now ({reason})")]
    NothingToShow { reason: String },
    /// The program's tills do not read member codes in this symbology.
    #[error("the program's tills do not accept member codes in {}", symbology_name(*.symbology))]
    SymbologyNotAccepted { symbology: Symbology },
}

impl BarcodeError {
    /// A stable, machine-readable code per variant (snake case), for the apps and QA.
    pub fn code(&self) -> &'static str {
        match self {
            BarcodeError::EmptyData { .. } => "empty_data",
            BarcodeError::InvalidCharacter { .. } => "invalid_character",
            BarcodeError::WrongLength { .. } => "wrong_length",
            BarcodeError::OddLength { .. } => "odd_length",
            BarcodeError::CheckDigit { .. } => "check_digit",
            BarcodeError::TooLong { .. } => "too_long",
            BarcodeError::TooNarrow { .. } => "too_narrow",
            BarcodeError::TooShort { .. } => "too_short",
            BarcodeError::TooLarge { .. } => "too_large",
            BarcodeError::InvalidMatrix { .. } => "invalid_matrix",
            BarcodeError::Render { .. } => "render",
            BarcodeError::NotDeviceDerived => "not_device_derived",
            BarcodeError::InvalidRules { .. } => "invalid_rules",
            BarcodeError::InvalidDeviceNumber { .. } => "invalid_device_number",
            BarcodeError::MissingSecret => "missing_secret",
            BarcodeError::TimeOutOfRange => "time_out_of_range",
            BarcodeError::NothingToShow { .. } => "nothing_to_show",
            BarcodeError::SymbologyNotAccepted { .. } => "symbology_not_accepted",
        }
    }
}

/// What can go wrong fetching and keeping member codes, inside the core (the member-code
/// service and its store). [`BarcodeError`] above is the public error of encoding and
/// rendering; this one keeps its sources (the server's answer, the SQLite error) and is
/// mapped into [`TamaruError`] once, below, at the public edge (the application-services way).
#[derive(Debug, thiserror::Error)]
pub enum MemberCodeError {
    /// The server refused, or no answer came.
    #[error(transparent)]
    Api(#[from] crate::http::ApiError),
    /// The stored codes could not be read or written.
    #[error(transparent)]
    Storage(#[from] rusqlite::Error),
    /// The session failed (not signed in, ended): decided there, passed on untouched.
    #[error(transparent)]
    Session(#[from] crate::login::SessionError),
    /// The member signed out (or another signed in) while the codes were on their way.
    #[error("signed out while the member codes were fetched")]
    SignedOut,
    /// Codes that do not fit the profile or this device.
    #[error("unusable member codes: {0}")]
    Malformed(String),
    /// A subscription was asked for outside a tokio runtime.
    #[error("member-code subscriptions need a tokio runtime")]
    NoRuntime,
}

impl MemberCodeError {
    /// A short name for logs (never the server's words).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Api(crate::http::ApiError::Network(_)) => "network",
            Self::Api(_) => "server",
            Self::Storage(_) => "storage",
            Self::Session(e) => e.code(),
            Self::SignedOut => "signed_out",
            Self::Malformed(_) => "malformed",
            Self::NoRuntime => "no_runtime",
        }
    }
}

impl From<MemberCodeError> for TamaruError {
    fn from(e: MemberCodeError) -> Self {
        match e {
            MemberCodeError::Api(e) => e.into(),
            MemberCodeError::Session(e) => e.into(),
            MemberCodeError::Storage(e) => TamaruError::Storage {
                detail: e.to_string(),
            },
            MemberCodeError::SignedOut => TamaruError::NotSignedIn,
            MemberCodeError::Malformed(detail) => TamaruError::MalformedResponse { detail },
            MemberCodeError::NoRuntime => TamaruError::InvalidConfig {
                detail: MemberCodeError::NoRuntime.to_string(),
            },
        }
    }
}
