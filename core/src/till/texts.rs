//! Texts of the till questions' refusals, Japanese and English side by side. They reach a
//! member only when an app asks about a terminal or card kind its profile does not have (a
//! bug of the app): they say so without naming the ID asked for.

use super::TillError;
use crate::language::Language;

impl TillError {
    /// The text in `lang` (exhaustive: a new refusal does not compile without its texts).
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (TillError::NoTillRules, Language::Ja) => {
                "このプログラムではレジの案内を表示できません。".into()
            }
            (TillError::NoTillRules, Language::En) => {
                "This program has no till guidance to show.".into()
            }
            (TillError::UnknownTerminal { .. }, Language::Ja) => {
                "このレジの種類の案内はありません。".into()
            }
            (TillError::UnknownTerminal { .. }, Language::En) => {
                "There is no guidance for this kind of till.".into()
            }
            (TillError::UnknownCardKind { .. }, Language::Ja) => {
                "このカードの種類の案内はありません。".into()
            }
            (TillError::UnknownCardKind { .. }, Language::En) => {
                "There is no guidance for this kind of card.".into()
            }
        }
    }
}
