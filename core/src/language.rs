//! The member's language, chosen once in [`crate::app::AppConfig::language`]: every sentence
//! a screen shows is worded in it by the core, so the apps never pick between `_ja` and `_en`.

use serde::{Deserialize, Serialize};

/// Japanese or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum Language {
    /// The programs' own language, and the default.
    #[default]
    Ja,
    En,
}

impl Language {
    /// The text in this language, from a pair of texts the capabilities already word (their
    /// `message_ja`/`message_en`, `text_ja`/`text_en`, `label_ja`/`label_en` fields).
    pub fn pick<T: Into<String>>(self, ja: T, en: T) -> String {
        match self {
            Language::Ja => ja.into(),
            Language::En => en.into(),
        }
    }
}
