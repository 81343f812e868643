//! The small pieces every screen's state is made of: a button with its label and whether it
//! can be pressed, a text field with its problems, a problem to show, and where to go next.

use serde::Serialize;

use crate::error::TamaruError;

use super::Language;

/// A button: what it says and whether it can be pressed now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ButtonView {
    pub label: String,
    pub enabled: bool,
}

impl ButtonView {
    pub(crate) fn new(label: String, enabled: bool) -> Self {
        ButtonView { label, enabled }
    }
}

/// A text field: its label, what is typed (as the core holds it) and every problem with it,
/// worded for the member. Problems appear once something is typed, never on an empty field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FieldView {
    pub label: String,
    pub value: String,
    pub problems: Vec<String>,
}

/// A secret field (password, PIN): like [`FieldView`] but its text never leaves the core in a
/// state (states are logged by shells and printed by QA); `filled` says whether anything is
/// typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct SecretFieldView {
    pub label: String,
    pub filled: bool,
    pub problems: Vec<String>,
}

/// A choice among a few (a yes/no question, a card type, a filter): its label and whether it
/// is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct OptionView {
    /// What the action takes to choose it (a card type ID, `yes`/`no`, a kind's code).
    pub id: String,
    pub label: String,
    pub chosen: bool,
}

/// A refusal or failure to show on the screen: the error's stable code (for the shell's
/// analytics, never to word anything) and its sentence in the member's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ProblemView {
    pub code: String,
    pub text: String,
}

impl ProblemView {
    /// The error's own sentence (the core words every error once, in `error.rs`).
    pub(crate) fn of(error: &TamaruError, language: Language) -> Self {
        ProblemView {
            code: error.code().to_owned(),
            text: language.pick(error.message_ja(), error.message_en()),
        }
    }
}
