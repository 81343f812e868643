//! Program profiles: everything program-specific, as data.
//!
//! Every profile of `profiles/*.toml` (the two reference profiles of SPEC §1, `wester` and
//! `waon`, and any program added there) is shipped inside the core, turned into JSON at build
//! time (build.rs) and read with the JSON parser the core has anyway. With the feature
//! `profile-files` (on by default; the mobile library leaves it out) any other profile can be
//! loaded at run time from TOML or JSON. A profile that fails to parse gives [`ProfileError`]
//! naming the offending field (e.g. `password.min_length`), so an operator can fix it without
//! reading code.

mod till_types;
mod types;

pub use till_types::*;
pub use types::*;

use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_profiles.rs"));
}

/// The IDs of [`embedded::BUILTIN`], in the same order (by ID).
static BUILTIN_IDS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| embedded::BUILTIN.iter().map(|(id, _)| *id).collect());

/// Why a profile could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum ProfileError {
    /// The text is not a valid profile; `field` is the dotted path of the offending field
    /// (empty when the document itself is malformed).
    #[error("profile field `{field}`: {reason}")]
    InvalidField { field: String, reason: String },
    /// No shipped profile has this ID.
    #[error("unknown profile `{id}` (shipped: {})", Profile::builtin_ids().join(", "))]
    UnknownProfile { id: String },
}

/// The most digits a card number (or PIN) of a profile's card type may have: real ones have
/// up to 19; the bound keeps a mistyped profile from asking for absurd masks and buffers.
const MAX_CARD_DIGITS: u32 = 32;

/// The most months an expiry rule may count (a century): beyond it a profile is surely
/// mistyped, and the dates stay far inside what the calendar code can represent.
const MAX_EXPIRY_MONTHS: u32 = 1200;

impl Profile {
    /// One of the profiles shipped in the core, by ID (`wester`, `waon`, or any other file of
    /// `core/profiles/`).
    pub fn builtin(id: &str) -> Result<Arc<Profile>, ProfileError> {
        let Some((_, json)) = embedded::BUILTIN.iter().find(|(known, _)| *known == id) else {
            return Err(ProfileError::UnknownProfile { id: id.to_owned() });
        };
        // The core's tests load every shipped profile, so neither error reaches a member; a
        // profile file that breaks a rule fails those tests, not a phone.
        let profile: Profile =
            serde_json::from_str(json).map_err(|e| ProfileError::InvalidField {
                field: String::new(),
                reason: e.to_string(),
            })?;
        profile.validate()?;
        Ok(Arc::new(profile))
    }

    /// IDs of the profiles shipped in the core, by ID.
    pub fn builtin_ids() -> &'static [&'static str] {
        &BUILTIN_IDS
    }

    /// Parses a profile from TOML.
    #[cfg(feature = "profile-files")]
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let document: serde_json::Value =
            toml::from_str(text).map_err(|e: toml::de::Error| ProfileError::InvalidField {
                field: String::new(),
                reason: e.message().to_owned(),
            })?;
        Self::from_document(document)
    }

    /// Parses a profile from JSON.
    #[cfg(feature = "profile-files")]
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let document: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ProfileError::InvalidField {
                field: String::new(),
                reason: e.to_string(),
            })?;
        Self::from_document(document)
    }

    /// Reads a parsed document (TOML or JSON, as a JSON value) into a profile, naming the
    /// offending field. Why both formats go through one JSON value: the path-tracking
    /// deserializer is generic over the format, and one instance of it instead of two (with
    /// TOML's deserializer the larger) keeps the code small.
    #[cfg(feature = "profile-files")]
    fn from_document(document: serde_json::Value) -> Result<Profile, ProfileError> {
        let profile: Profile =
            serde_path_to_error::deserialize(document).map_err(|e| ProfileError::InvalidField {
                field: e.path().to_string(),
                reason: e.inner().to_string(),
            })?;
        profile.validate()?;
        Ok(profile)
    }

    /// Loads a profile from a file; `.json` files are read as JSON, anything else as TOML.
    #[cfg(feature = "profile-files")]
    pub fn from_file(path: &std::path::Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError::InvalidField {
            field: String::new(),
            reason: format!("cannot read {}: {e}", path.display()),
        })?;
        if path.extension().is_some_and(|ext| ext == "json") {
            Self::from_json(&text)
        } else {
            Self::from_toml(&text)
        }
    }

    /// The card type with this ID, if the program has it.
    pub fn card_type(&self, id: &str) -> Option<&CardTypeRule> {
        self.cards.types.iter().find(|t| t.id == id)
    }

    /// Checks the rules serde cannot express (ranges that must make sense together).
    /// Loading from TOML or JSON runs it; [`crate::app::MemberApp::new`] runs it again, since
    /// a profile can also arrive as a record built by the app (over the FFI).
    pub fn validate(&self) -> Result<(), ProfileError> {
        let bad = |field: &str, reason: &str| {
            Err(ProfileError::InvalidField {
                field: field.to_owned(),
                reason: reason.to_owned(),
            })
        };
        if self.password.min_length == 0 || self.password.min_length > self.password.max_length {
            return bad(
                "password.min_length",
                "must be at least 1 and not above password.max_length",
            );
        }
        if !self.password.symbols.is_ascii() {
            return bad("password.symbols", "symbols must be half-width (ASCII)");
        }
        if self.login.id_kinds.is_empty() {
            return bad("login.id_kinds", "at least one login ID kind is needed");
        }
        if self.login.web_id_min > self.login.web_id_max {
            return bad("login.web_id_min", "must not be above login.web_id_max");
        }
        if self.cards.types.is_empty() {
            return bad("cards.types", "at least one card type is needed");
        }
        if let Some(i) = self
            .cards
            .types
            .iter()
            .position(|t| !(1..=MAX_CARD_DIGITS).contains(&t.digits))
        {
            return bad(
                &format!("cards.types[{i}].digits"),
                "must be 1 to 32 (a card number's digit count)",
            );
        }
        if let Some(i) = self
            .cards
            .types
            .iter()
            .position(|t| !(1..=MAX_CARD_DIGITS).contains(&t.pin_digits))
        {
            return bad(&format!("cards.types[{i}].pin_digits"), "must be 1 to 32");
        }
        if self.member_code.prefix.len() >= self.member_code.length as usize
            || !self.member_code.prefix.bytes().all(|b| b.is_ascii_digit())
        {
            return bad(
                "member_code.prefix",
                "must be digits, shorter than member_code.length",
            );
        }
        if self.member_code.validity_seconds == 0 {
            return bad("member_code.validity_seconds", "must be at least 1");
        }
        match (self.points.expiry.needs_months(), self.points.expiry_months) {
            (true, None) => {
                return bad(
                    "points.expiry_months",
                    "this expiry rule counts months: set expiry_months (1 to 1200)",
                );
            }
            (true, Some(months)) if !(1..=MAX_EXPIRY_MONTHS).contains(&months) => {
                return bad("points.expiry_months", "must be 1 to 1200");
            }
            (false, Some(_)) => {
                return bad(
                    "points.expiry_months",
                    "only the rolling and months_after_award rules count months",
                );
            }
            _ => {}
        }
        if self.devices.max_active == 0 {
            return bad("devices.max_active", "must be at least 1");
        }
        self.validate_till()
    }
}

#[cfg(test)]
mod tests;
