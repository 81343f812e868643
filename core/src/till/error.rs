//! Why a till question could not be answered (SPEC §8). Tills are pure functions over the
//! profile: the phone sends no till request (the till is the shop's), so there is no wire
//! layer here and no source to keep; [`TillError`] is already what the apps switch on (FFI).

use crate::error::TamaruError;

/// Why a till question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum TillError {
    /// The profile has no `[till]` rules.
    #[error("this program's profile has no till rules")]
    NoTillRules,
    /// No terminal kind of the profile has this ID.
    #[error("no terminal kind `{terminal}` in this program")]
    UnknownTerminal { terminal: String },
    /// Not a card type of the profile, `member_code` or `app_code`.
    #[error("no card kind `{card}` in this program")]
    UnknownCardKind { card: String },
}

impl From<TillError> for TamaruError {
    /// The one mapping, for callers that answer in the app's error: every till question the
    /// app asks comes from its own profile, so a refusal means the profile lacks the data.
    fn from(e: TillError) -> Self {
        match e {
            TillError::NoTillRules
            | TillError::UnknownTerminal { .. }
            | TillError::UnknownCardKind { .. } => TamaruError::InvalidConfig {
                detail: e.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_till_refusal_is_a_profile_problem_at_the_edge() {
        let e = TillError::UnknownTerminal {
            terminal: "abacus".into(),
        };
        assert_eq!(
            TamaruError::from(e),
            TamaruError::InvalidConfig {
                detail: "no terminal kind `abacus` in this program".into()
            }
        );
    }
}
