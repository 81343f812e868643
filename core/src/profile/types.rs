//! The shape of a program profile. Field names are the TOML/JSON keys.

use serde::{Deserialize, Serialize};

/// A loyalty program's rules, as data (SPEC §1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct Profile {
    /// Short ID (`wester`, `waon`).
    pub id: String,
    pub name: String,
    pub name_ja: String,
    pub login: LoginRules,
    pub password: PasswordRules,
    pub devices: DeviceRules,
    pub cards: CardRules,
    pub member_code: MemberCodeRules,
    pub points: PointRules,
    pub mail: MailRules,
    pub support: SupportContacts,
    /// Present for programs with an external member ID (SPEC §2.4).
    #[serde(default)]
    pub external_id: Option<ExternalIdRules>,
    /// Present for programs with family sharing (SPEC §5.4).
    #[serde(default)]
    pub family: Option<FamilyRules>,
    /// Present for programs whose tills differ by terminal kind (SPEC §8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub till: Option<super::TillRules>,
}

/// Which kinds of login ID a program accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum LoginIdKind {
    Email,
    /// Half-width letters, digits and `_`, of `web_id_min..=web_id_max` characters.
    WebId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct LoginRules {
    pub id_kinds: Vec<LoginIdKind>,
    #[serde(default = "default_web_id_min")]
    pub web_id_min: u32,
    #[serde(default = "default_web_id_max")]
    pub web_id_max: u32,
}

fn default_web_id_min() -> u32 {
    6
}
fn default_web_id_max() -> u32 {
    20
}

/// Password policy (SPEC §2.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordRules {
    pub min_length: u32,
    pub max_length: u32,
    pub require_digit: bool,
    pub require_upper: bool,
    pub require_lower: bool,
    /// Needs at least one letter of either case.
    pub require_letter: bool,
    pub require_symbol: bool,
    /// The allowed symbols, each one half-width character.
    pub symbols: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DeviceRules {
    /// Active devices per account; signing in beyond it signs out the oldest (SPEC §3).
    pub max_active: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardRules {
    /// Cards per account in all.
    pub max_total: u32,
    pub types: Vec<CardTypeRule>,
    /// Whether the member may merge another point account into theirs (SPEC §4.5).
    #[serde(default)]
    pub account_merge: bool,
}

/// How a card number's check digit is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum CheckDigit {
    /// ISO/IEC 7812 (credit cards, most point cards).
    Luhn,
    /// JAN/EAN (GS1 modulo 10): weights 3 and 1 alternating from the rightmost data digit.
    Mod10W3,
    /// No check digit.
    None,
}

/// Whether a card type has a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum PinRule {
    /// The card has no PIN.
    None,
    /// The member states whether the card has a PIN; if so it is required.
    MemberStates,
}

/// One card type (SPEC §4.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardTypeRule {
    pub id: String,
    pub name: String,
    pub name_ja: String,
    pub digits: u32,
    pub check: CheckDigit,
    pub pin: PinRule,
    #[serde(default = "default_pin_digits")]
    pub pin_digits: u32,
    /// The member states whether the card is already registered as a member at the issuer.
    #[serde(default)]
    pub asks_member_registered: bool,
    /// At most this many cards of this type per account.
    #[serde(default)]
    pub max_per_account: Option<u32>,
    /// A credit card: only the last 4 digits are ever stored or shown.
    #[serde(default)]
    pub credit_card: bool,
    /// Registering this card links its built-in e-money card too.
    #[serde(default)]
    pub links_emoney: bool,
    /// The platforms whose app may link this card type (iAEON: mobile WAON on Android
    /// only); absent: every platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub platforms: Option<Vec<Platform>>,
}

/// The platform an app runs on (`AppConfig::platform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum Platform {
    Android,
    Ios,
}

impl Platform {
    /// The profile's spelling (`android`, `ios`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
        }
    }
}

impl CardTypeRule {
    /// Whether an app on `platform` may link this card type (`None`: not a phone app, e.g.
    /// a test or QA run, which the profile's platform limits do not bind).
    pub fn allowed_on(&self, platform: Option<Platform>) -> bool {
        match (&self.platforms, platform) {
            (Some(allowed), Some(platform)) => allowed.contains(&platform),
            _ => true,
        }
    }
}

fn default_pin_digits() -> u32 {
    4
}

/// Where one-time member codes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum MemberCodeSource {
    /// Issued by the server (a few in advance for offline use).
    ServerIssued,
    /// Derived on the phone from the device secret and the time; works offline.
    DeviceDerived,
}

/// Barcode symbologies (SPEC §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum Symbology {
    Qr,
    Code128,
    Ean13,
    Itf,
    Nw7,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MemberCodeRules {
    pub source: MemberCodeSource,
    /// Leading digits of every code (`109`, `4300`).
    pub prefix: String,
    /// Digits in all.
    pub length: u32,
    pub validity_seconds: u32,
    /// Symbologies the till accepts, preferred first.
    pub symbologies: Vec<Symbology>,
    /// Server-issued codes held in advance for offline use.
    #[serde(default)]
    pub advance_codes: u32,
    /// When no one-time code can be had offline, offer the barcode of the member's
    /// registered point card instead (tills of this program accept it).
    #[serde(default)]
    pub static_fallback: bool,
}

/// Point expiry rule (SPEC §5.1, §5.2, §9). The rules counting months read
/// [`PointRules::expiry_months`] beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum ExpiryRule {
    /// Valid until 31 March of the fiscal year after the one earned in (`wester`).
    FiscalYear,
    /// Yearly accrual periods counted from the first award (`waon`).
    AccrualPeriod,
    /// Every point expires together, `expiry_months` months after the last earn or use, at the
    /// end of that day (the month's last day when the month is shorter).
    Rolling,
    /// Each lot at the end of the `expiry_months`-th month after its award month.
    MonthsAfterAward,
    /// Each lot's expiry comes from the server; the core computes none.
    ServerDated,
    /// Points never expire.
    Never,
}

impl ExpiryRule {
    /// Whether the rule counts months, so that `points.expiry_months` is required.
    pub fn needs_months(self) -> bool {
        matches!(self, ExpiryRule::Rolling | ExpiryRule::MonthsAfterAward)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PointRules {
    pub expiry: ExpiryRule,
    /// The month count of `rolling` and `months_after_award` (1 to 1200); absent for the
    /// other rules, which do not count months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub expiry_months: Option<u32>,
    /// Points expiring within this many days are called out.
    pub expiring_soon_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailRules {
    /// Sender domains the member should allow when mail does not arrive.
    pub sender_domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct SupportContacts {
    pub form_url: String,
    pub phone: String,
    pub phone_hours: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ExternalIdRules {
    /// The external member support page (password change and withdrawal of linked accounts).
    pub support_page: String,
    /// Services a linked member must cancel before withdrawing.
    pub withdrawal_blockers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyRules {
    /// Members of a family group, its creator included.
    pub max_members: u32,
}
