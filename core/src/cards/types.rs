//! The records the cards service hands the apps (they cross the FFI as UniFFI records).
//!
//! No record here ever holds a PIN or a credit card's full number: a credit card is its last
//! 4 digits, its masked number and the point-account number the server maps it to.

use serde::{Deserialize, Serialize};

/// Where a registered card stands, as the member sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum CardState {
    Active,
    /// Past its expiry date (still listed: it cannot be removed, SPEC §4.4).
    Expired,
    /// The issuer marked the card invalid.
    Invalid,
}

/// One registered card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct Card {
    /// The server's ID of the registration; stays when the card is reissued.
    pub id: String,
    /// The card type's ID in the profile.
    pub card_type: String,
    /// The full number, for cards that are not credit cards; `None` for a credit card, whose
    /// full number is never stored or shown (SPEC §4.2).
    pub number: Option<String>,
    pub last4: String,
    /// What the app shows: the number in groups of four, or for a credit card
    /// `**** **** **** 1234`.
    pub display_number: String,
    /// The point-account number the server maps a credit card to.
    pub point_account: Option<String>,
    /// The card this one came with (the e-money card built into a credit card).
    pub linked_to: Option<String>,
    /// Who issued the card (the shop or company to contact about it).
    pub issuer: Option<String>,
    /// When it was registered (RFC 3339).
    pub registered_at: String,
    /// `YYYY-MM-DD`, where the issuer has one.
    pub expires_on: Option<String>,
    pub state: CardState,
}

/// What a registration did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct RegisteredCard {
    pub card: Card,
    /// Cards registered along with it (a credit card's built-in e-money card, SPEC §4.4).
    pub linked: Vec<Card>,
    /// The card was already registered to this account: nothing changed, and it is in the
    /// list as before (a member who registers a card twice expects to see it, not an error).
    pub already_registered: bool,
}

/// The on-device copy of the list, readable offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardList {
    pub cards: Vec<Card>,
    /// When the list was last fetched whole from the server (RFC 3339); `None` if never on
    /// this install. Registrations made since are in the list too.
    pub synced_at: Option<String>,
}

/// Why the member is told about a card after a refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum CardNoticeKind {
    /// The card's membership lapsed: it left the list; contact the issuer.
    Lapsed,
    /// The card was reissued: the list shows the new number (no new registration needed).
    Reissued,
}

/// Something the member should hear about a card, with the text to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardNotice {
    pub kind: CardNoticeKind,
    pub card_id: String,
    pub card_type: String,
    /// The last 4 digits the member knew the card by (the old number's, for a reissue).
    pub last4: String,
    pub issuer: Option<String>,
    pub text_ja: String,
    pub text_en: String,
}

/// The result of [`crate::cards::Cards::refresh`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardRefresh {
    pub cards: Vec<Card>,
    /// Each lapse and reissue once, the first time this install sees it.
    pub notices: Vec<CardNotice>,
    /// RFC 3339.
    pub synced_at: String,
}

/// A person as the card issuers know them (enough to tell people apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PersonalDetails {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
}

/// What is wrong with entered personal details (checked offline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum PersonalDetailsProblem {
    NameMissing,
    NameTooLong,
    /// Not a `YYYY-MM-DD` date.
    BirthDateInvalid,
    BirthDateInFuture,
}

/// Another point account to merge into the signed-in one (SPEC §4.5), named by one of its
/// cards and its holder's personal details.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MergeRequest {
    /// The type of the card named (`waon_point_card`, `aeon_card`, …).
    pub card_type: String,
    /// The card's number as typed (normalised and pre-checked like a registration).
    pub card_number: String,
    pub holder: PersonalDetails,
}

impl std::fmt::Debug for MergeRequest {
    /// Never prints the number (it may be a credit card's).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergeRequest")
            .field("card_type", &self.card_type)
            .field("card_number", &"<redacted>")
            .field("holder", &self.holder)
            .finish()
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MergeResult {
    /// The signed-in account's cards after the merge.
    pub cards: Vec<Card>,
    /// How many card registrations moved over.
    pub merged_cards: u32,
    /// The signed-in account's first award after the merge (`YYYY-MM-DD`), which fixes its
    /// accrual start month (SPEC §5.2); `None` when neither account was ever awarded points.
    pub first_award_date: Option<String>,
    /// `YYYY-MM`: the month after the first award.
    pub accrual_start_month: Option<String>,
    /// RFC 3339.
    pub merged_at: String,
}

/// Which detail entered for a card did not match the issuer's record (SPEC §4.3).
/// Serialised as the server's code (`number`, `pin_presence`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum CardMismatch {
    /// No card of the program has this number (a digit wrong, or not yet issued).
    Number,
    /// The number belongs to another card type.
    CardType,
    /// The card has a PIN and none was entered, or it has none and one was entered.
    PinPresence,
    /// The PIN is not the card's.
    Pin,
    /// The answer to "already registered as a member at the issuing shop?" is not the shop's.
    MemberRegistration,
}

impl CardMismatch {
    /// From the server's code; `None` for a code this version does not know.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "number" => Self::Number,
            "card_type" => Self::CardType,
            "pin_presence" => Self::PinPresence,
            "pin" => Self::Pin,
            "member_registration" => Self::MemberRegistration,
            _ => return None,
        })
    }

    pub(crate) fn text_ja(self) -> &'static str {
        match self {
            Self::Number => "カード番号",
            Self::CardType => "カードの種類",
            Self::PinPresence => "PIN番号の有無",
            Self::Pin => "PIN番号",
            Self::MemberRegistration => {
                "カード会員登録の「お済みの方」「まだお済みでない方」の選択"
            }
        }
    }

    pub(crate) fn text_en(self) -> &'static str {
        match self {
            Self::Number => "the card number",
            Self::CardType => "the card type",
            Self::PinPresence => "whether the card has a PIN",
            Self::Pin => "the PIN",
            Self::MemberRegistration => {
                "whether the card is already registered as a member at the issuing shop"
            }
        }
    }
}

impl PersonalDetailsProblem {
    pub(crate) fn text_ja(self) -> &'static str {
        match self {
            Self::NameMissing => "お名前を入力してください。",
            Self::NameTooLong => "お名前が長すぎます。",
            Self::BirthDateInvalid => "生年月日を正しく入力してください（例: 1990-04-01）。",
            Self::BirthDateInFuture => "生年月日が未来の日付になっています。",
        }
    }

    pub(crate) fn text_en(self) -> &'static str {
        match self {
            Self::NameMissing => "Enter the name.",
            Self::NameTooLong => "The name is too long.",
            Self::BirthDateInvalid => "Enter the birth date as YYYY-MM-DD (e.g. 1990-04-01).",
            Self::BirthDateInFuture => "The birth date is in the future.",
        }
    }
}
