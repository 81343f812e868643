//! What the member-code screen shows: a one-time code ready to scan, or why there is none
//! (and, where the program allows, the registered point card instead).
//!
//! Plain data for the apps: times are whole Unix seconds, text is ready to show.

use serde::{Deserialize, Serialize};

use crate::profile::{MemberCodeSource, Symbology};

use super::label::{LabelLanguage, grouped_digits, spoken_digits, spoken_label};

/// A one-time member code ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MemberCodeView {
    /// All digits, as the barcode carries them.
    pub code: String,
    /// The digits in groups of four, to print under the barcode.
    pub grouped: String,
    /// For screen readers (`contentDescription`, `accessibilityLabel`).
    pub spoken_ja: String,
    pub spoken_en: String,
    /// Symbologies the till accepts, preferred first (from the profile).
    pub symbologies: Vec<Symbology>,
    /// Issued by the server (`wester`) or derived on the phone (`waon`).
    pub source: MemberCodeSource,
    /// First second the code is valid.
    pub valid_from_unix: i64,
    /// First second it is no longer valid: the countdown's end, when the code is replaced.
    pub valid_until_unix: i64,
    /// Seconds left when this view was made (the app keeps counting from
    /// `valid_until_unix`, or asks the session again).
    pub seconds_left: u32,
    /// The install suffix: the code's last 4 digits (printed on the till's receipt).
    pub suffix: String,
    /// Server-issued codes held on the phone after this one (how long a code still shows
    /// offline); `None` for codes derived on the phone, which never run out.
    pub advance_codes_left: Option<u32>,
}

impl MemberCodeView {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        code: String,
        symbologies: Vec<Symbology>,
        source: MemberCodeSource,
        valid_from_unix: i64,
        valid_until_unix: i64,
        now_unix: i64,
        advance_codes_left: Option<u32>,
    ) -> Self {
        let suffix = code
            .get(code.len().saturating_sub(4)..)
            .unwrap_or_default()
            .to_owned();
        MemberCodeView {
            grouped: grouped_digits(&code),
            spoken_ja: spoken_label(&code, LabelLanguage::Ja),
            spoken_en: spoken_label(&code, LabelLanguage::En),
            symbologies,
            source,
            valid_from_unix,
            valid_until_unix,
            seconds_left: u32::try_from((valid_until_unix - now_unix).max(0)).unwrap_or(u32::MAX),
            suffix,
            advance_codes_left,
            code,
        }
    }
}

/// The member's registered point card, offered when no one-time code can be had offline
/// and the profile allows it (`member_code.static_fallback`). Its number is the card's
/// own, so unlike a one-time code it never expires and can be copied: the app should say
/// so and switch back to a one-time code as soon as one is available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct StaticCardCode {
    /// The card number, digits only.
    pub card_number: String,
    /// The card type ID of the profile (e.g. `sc_point_card`).
    pub card_type: String,
    pub grouped: String,
    pub spoken_ja: String,
    pub spoken_en: String,
    /// The symbology to draw it in (the profile's preferred linear one).
    pub symbology: Symbology,
}

impl StaticCardCode {
    pub(crate) fn new(card_number: String, card_type: String, symbology: Symbology) -> Self {
        StaticCardCode {
            grouped: grouped_digits(&card_number),
            spoken_ja: format!(
                "ポイントカード {}",
                spoken_digits(&card_number, LabelLanguage::Ja)
            ),
            spoken_en: format!(
                "Point card: {}",
                spoken_digits(&card_number, LabelLanguage::En)
            ),
            card_number,
            card_type,
            symbology,
        }
    }
}

/// Why no one-time code can be shown now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum UnavailableReason {
    /// Nobody is signed in on this install.
    NotSignedIn,
    /// The session has no device number (log in again online).
    NoDeviceNumber,
    /// The session has no usable device secret, so codes cannot be derived (log in again
    /// online).
    NoDeviceSecret,
    /// The program's codes come from the server and none has reached this phone since
    /// log-in (connect once).
    NoCodesYet,
    /// Every code issued in advance has expired (connect to get more).
    AdvanceCodesUsedUp,
    /// The codes on the phone start later than the phone's clock says it is: the clock is
    /// probably behind.
    CodesNotYetValid { valid_from_unix: i64 },
    /// The phone's clock is before 1970 or absurdly far ahead.
    ClockOutOfRange,
    /// The profile's member-code rules cannot make a code (an operator's mistake).
    InvalidProfile { detail: String },
    /// The on-device store or the secure store could not be read.
    DeviceStorage { detail: String },
}

impl UnavailableReason {
    /// A stable code for logs, QA output and analytics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotSignedIn => "not_signed_in",
            Self::NoDeviceNumber => "no_device_number",
            Self::NoDeviceSecret => "no_device_secret",
            Self::NoCodesYet => "no_codes_yet",
            Self::AdvanceCodesUsedUp => "advance_codes_used_up",
            Self::CodesNotYetValid { .. } => "codes_not_yet_valid",
            Self::ClockOutOfRange => "clock_out_of_range",
            Self::InvalidProfile { .. } => "invalid_profile",
            Self::DeviceStorage { .. } => "device_storage",
        }
    }

    /// What the member is told, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            Self::NotSignedIn => "会員コードを表示するにはログインしてください。".into(),
            Self::NoDeviceNumber | Self::NoDeviceSecret => {
                "会員コードを表示できません。通信できる場所で再度ログインしてください。".into()
            }
            Self::NoCodesYet | Self::AdvanceCodesUsedUp => {
                "会員コードの有効期限が切れました。通信できる場所で新しいコードを取得してください。"
                    .into()
            }
            Self::CodesNotYetValid { .. } | Self::ClockOutOfRange => {
                "端末の日時が正しくない可能性があります。日時設定を確認してください。".into()
            }
            Self::InvalidProfile { .. } | Self::DeviceStorage { .. } => {
                "会員コードを表示できませんでした。アプリを再起動してください。".into()
            }
        }
    }

    /// What the member is told, in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::NotSignedIn => "Log in to show your member code.".into(),
            Self::NoDeviceNumber | Self::NoDeviceSecret => {
                "Your member code cannot be shown. Log in again where you have a connection.".into()
            }
            Self::NoCodesYet | Self::AdvanceCodesUsedUp => {
                "Your member codes have expired. Connect to the internet to get a new one.".into()
            }
            Self::CodesNotYetValid { .. } | Self::ClockOutOfRange => {
                "The phone's date and time may be wrong. Please check them.".into()
            }
            Self::InvalidProfile { .. } | Self::DeviceStorage { .. } => {
                "Your member code could not be shown. Please restart the app.".into()
            }
        }
    }
}

/// No one-time code now: why, what to tell the member, and the point card to show instead
/// where the program allows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MemberCodeUnavailable {
    pub reason: UnavailableReason,
    pub message_ja: String,
    pub message_en: String,
    /// The registered point card's barcode, where the profile allows it
    /// (`member_code.static_fallback`) and a card is in the on-device cards cache.
    pub static_card: Option<StaticCardCode>,
}

impl MemberCodeUnavailable {
    pub(crate) fn new(reason: UnavailableReason, static_card: Option<StaticCardCode>) -> Self {
        MemberCodeUnavailable {
            message_ja: reason.message_ja(),
            message_en: reason.message_en(),
            reason,
            static_card,
        }
    }
}

/// What the member-code screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum MemberCodeState {
    /// A valid one-time code.
    Ready { code: MemberCodeView },
    /// No valid one-time code can be had now (offline); says why.
    Unavailable { unavailable: MemberCodeUnavailable },
}

impl MemberCodeState {
    pub(crate) fn unavailable(reason: UnavailableReason) -> Self {
        MemberCodeState::Unavailable {
            unavailable: MemberCodeUnavailable::new(reason, None),
        }
    }

    /// The code, if one is ready.
    pub fn code(&self) -> Option<&MemberCodeView> {
        match self {
            MemberCodeState::Ready { code } => Some(code),
            MemberCodeState::Unavailable { .. } => None,
        }
    }

    /// Why there is no code, if there is none.
    pub fn unavailable_reason(&self) -> Option<&UnavailableReason> {
        match self {
            MemberCodeState::Ready { .. } => None,
            MemberCodeState::Unavailable { unavailable } => Some(&unavailable.reason),
        }
    }

    /// What a change is judged by: the code shown (not its countdown), or the reason and
    /// the card offered.
    pub(crate) fn identity(&self) -> StateIdentity {
        match self {
            MemberCodeState::Ready { code } => {
                StateIdentity::Code(code.code.clone(), code.valid_until_unix)
            }
            MemberCodeState::Unavailable { unavailable } => StateIdentity::Unavailable(
                unavailable.reason.clone(),
                unavailable
                    .static_card
                    .as_ref()
                    .map(|c| c.card_number.clone()),
            ),
        }
    }
}

/// See [`MemberCodeState::identity`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StateIdentity {
    Code(String, i64),
    Unavailable(UnavailableReason, Option<String>),
}
