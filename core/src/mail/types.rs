//! What the mail service hands the UI: records and enums, UniFFI-derived under `ffi`.

use serde::{Deserialize, Serialize};

/// A mail setting the member switches on or off (SPEC §6, the "メルマガ・郵便物設定" screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum MailSetting {
    /// The e-mail newsletter (メルマガ).
    Newsletter,
    /// Postal mail (郵便物・ダイレクトメール). Deleting the app does not stop it (SPEC §2.5).
    Postal,
}

impl MailSetting {
    pub const ALL: [MailSetting; 2] = [MailSetting::Newsletter, MailSetting::Postal];

    /// The API's and the store's name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailSetting::Newsletter => "newsletter",
            MailSetting::Postal => "postal",
        }
    }

    pub fn parse(name: &str) -> Option<MailSetting> {
        MailSetting::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The setting's name as the member reads it.
    pub fn label_ja(self) -> &'static str {
        match self {
            MailSetting::Newsletter => "メルマガ配信",
            MailSetting::Postal => "郵便物（ダイレクトメール）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            MailSetting::Newsletter => "Newsletter",
            MailSetting::Postal => "Postal mail",
        }
    }
}

/// One setting as the settings screen draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailSettingState {
    pub setting: MailSetting,
    /// What the toggle shows: the member's latest choice while one is queued, otherwise the
    /// server's value as last seen. `None` only before this install ever reached the server
    /// and with no change queued: the UI shows "not loaded yet" rather than guess a default.
    pub on: Option<bool>,
    /// A change is queued on the phone and not yet confirmed by the server.
    pub pending: bool,
    /// The server's value as last seen (differs from `on` while a change is pending).
    pub server_on: Option<bool>,
}

/// The settings screen's view model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailSettingsView {
    pub newsletter: MailSettingState,
    pub postal: MailSettingState,
    /// When this install last exchanged mail settings with the server (RFC 3339, the
    /// phone's clock); `None` if never.
    pub last_synced_at: Option<String>,
    /// The values were read from the server just now; `false` when the server could not be
    /// reached and the phone's copy is shown.
    pub from_server: bool,
    /// Changes queued on the phone.
    pub pending_changes: u32,
}

impl MailSettingsView {
    pub fn get(&self, setting: MailSetting) -> &MailSettingState {
        match setting {
            MailSetting::Newsletter => &self.newsletter,
            MailSetting::Postal => &self.postal,
        }
    }
}

/// A setting where the member's queued choice replaced a different value that had been set
/// elsewhere (the web, another phone) after this phone last saw the setting. The member's
/// choice won; the UI tells the member, who can switch it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailOverride {
    pub setting: MailSetting,
    /// The value set elsewhere that was replaced.
    pub replaced: bool,
    /// The member's choice, now in force.
    pub on: bool,
    /// When the replaced value had been set (RFC 3339, server time), where known.
    pub replaced_set_at: Option<String>,
    pub message_ja: String,
    pub message_en: String,
}

/// A queued change the server refused for good (not a network or server outage). It is
/// taken off the queue, so it cannot block later changes, and reported here so it is never
/// dropped silently; the settings show the server's value again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct RejectedMailChange {
    pub setting: MailSetting,
    pub on: bool,
    /// The server's error code.
    pub code: String,
}

/// What a change or a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailSyncOutcome {
    /// Queued changes the server applied during this call (a change whose earlier answer
    /// was lost counts here once, when its stored result comes back).
    pub applied: u32,
    /// Changes still queued: offline, or the server unavailable. Sent on the next sync.
    pub pending: u32,
    /// The network or the server was unavailable, so some changes wait.
    pub offline: bool,
    /// Settings where the member's choice replaced a different value set elsewhere.
    pub overridden: Vec<MailOverride>,
    pub rejected: Vec<RejectedMailChange>,
    /// The settings after this call.
    pub settings: MailSettingsView,
}

/// A code was sent to the new address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct EmailChangeRequested {
    /// The address the code went to (as the server stores it, lower-case).
    pub new_email: String,
    /// When the code stops working (RFC 3339).
    pub expires_at: String,
    pub expires_in_seconds: u64,
    /// Wrong codes allowed before a new code must be requested.
    pub attempts_left: u32,
}

/// The address was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct EmailChanged {
    pub email: String,
    /// The login ID now (where the login ID is the e-mail address, it follows the address).
    pub login_id: String,
    /// The member logs in with the new address from now on.
    pub login_id_changed: bool,
}
