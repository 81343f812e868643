//! What can go wrong with cards (SPEC §4), inside the core: the registration and merge
//! refusals, the card behind the member code (SPEC §4.6) and the platform limits, each with
//! what the member needs, plus the sources kept whole (the server's answer with its status,
//! code and body; the SQLite error).
//!
//! The application-services way (mozilla/application-services, `components/*/src/error.rs`):
//! the service, its cache and its wire layer speak [`CardsError`] only, and the one mapping
//! into the public [`TamaruError`] the apps switch on is the `From` below, taken by `?` at
//! the public edge. A server refusal is read into its case once, from the server's answer
//! (`api::refusal`); a code this core does not know stays [`CardsError::Api`], body and all,
//! and becomes the generic server error only here.

use super::input::CardInputError;
use super::types::{CardMismatch, PersonalDetailsProblem};
use crate::error::TamaruError;
use crate::http::ApiError;
use crate::login::SessionError;

#[derive(Debug, thiserror::Error)]
pub enum CardsError {
    /// The server refused for a reason no case below reads, or no answer came.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The on-device copy failed.
    #[error(transparent)]
    Storage(#[from] rusqlite::Error),
    /// The session or the pending-write queue failed (not signed in, the session ended, a
    /// write whose answer was lost): already decided there, passed on untouched.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A request body could not be written (never expected: the types are the core's own).
    #[error("could not encode a request: {0}")]
    Encode(#[from] serde_json::Error),
    /// The server's answer lacked what its case needs.
    #[error("unexpected answer: {0}")]
    Malformed(&'static str),
    /// The cache refused to keep a credit card's number (whatever the caller passed).
    #[error("refused to store a credit card's number")]
    CreditNumberNotStorable,
    #[error("the card details are not valid ({} problem(s))", .0.len())]
    Input(Vec<CardInputError>),
    #[error("the details entered do not match the card")]
    DetailsMismatch(Vec<CardMismatch>),
    #[error("the card has expired or is not valid")]
    ExpiredOrInvalid { expired_on: Option<String> },
    #[error("too many wrong PINs; try again at {retry_at}")]
    PinLocked {
        retry_at: String,
        retry_after_seconds: u64,
    },
    #[error("the card belongs to someone else")]
    OfAnotherPerson,
    #[error("the card is registered to another account")]
    RegisteredToAnotherAccount,
    #[error("at most {limit} cards can be registered")]
    LimitReached { limit: u32 },
    #[error("at most {limit} cards of type {card_type} can be registered")]
    TypeLimitReached { card_type: String, limit: u32 },
    /// `server_code`: the server's number when it refused, `None` when known offline.
    #[error("only one credit card can be registered")]
    SecondCreditCard { server_code: Option<String> },
    #[error("this e-money card comes with its credit card")]
    BuiltInEmoney,
    #[error("this program does not merge point accounts")]
    MergeNotOffered,
    #[error("no point account holds a card with this number")]
    MergeAccountNotFound,
    #[error("the card is already in this account")]
    MergeSameAccount,
    #[error("the personal details do not match")]
    MergeDetailsMismatch,
    #[error("the merged account would hold {total} cards; at most {limit}")]
    MergeCardLimitExceeded { limit: u32, total: u32 },
    #[error("the personal details are not valid ({} problem(s))", .0.len())]
    InvalidPersonalDetails(Vec<PersonalDetailsProblem>),
    /// The card behind the member code was changed today; the next change from `allowed_from`.
    #[error("the card behind the member code can be changed again from {allowed_from}")]
    CodeCardChangeLimited { allowed_from: String },
    #[error("no card behind the member code to change")]
    NoCodeCard,
    #[error("this card is already the one behind the member code")]
    CodeCardUnchanged,
    /// The card type links only in the app on `platforms` (profile ids, `android`, `ios`).
    #[error("{card_name} can be linked only in the app on {}", platforms.join(", "))]
    NotOnThisPlatform {
        card_type: String,
        card_name: String,
        card_name_ja: String,
        platforms: Vec<String>,
    },
}

impl From<CardsError> for TamaruError {
    /// The one mapping of a card error to what the apps switch on. Exhaustive, so a new case
    /// is given its public meaning here or the core does not compile.
    fn from(e: CardsError) -> Self {
        match e {
            CardsError::Api(e) => e.into(),
            CardsError::Session(e) => e.into(),
            CardsError::Storage(e) => {
                tracing::warn!(error = %e, "card cache");
                TamaruError::Storage {
                    detail: e.to_string(),
                }
            }
            CardsError::CreditNumberNotStorable => TamaruError::Storage {
                detail: CardsError::CreditNumberNotStorable.to_string(),
            },
            CardsError::Encode(e) => TamaruError::Internal {
                detail: format!("card request: {e}"),
            },
            CardsError::Malformed(detail) => TamaruError::MalformedResponse {
                detail: detail.to_owned(),
            },
            CardsError::Input(errors) => TamaruError::CardInput { errors },
            CardsError::DetailsMismatch(mismatches) => {
                TamaruError::CardDetailsMismatch { mismatches }
            }
            CardsError::ExpiredOrInvalid { expired_on } => {
                TamaruError::CardExpiredOrInvalid { expired_on }
            }
            CardsError::PinLocked {
                retry_at,
                retry_after_seconds,
            } => TamaruError::CardPinLocked {
                retry_at,
                retry_after_seconds,
            },
            CardsError::OfAnotherPerson => TamaruError::CardOfAnotherPerson,
            CardsError::RegisteredToAnotherAccount => TamaruError::CardRegisteredToAnotherAccount,
            CardsError::LimitReached { limit } => TamaruError::CardLimitReached { limit },
            CardsError::TypeLimitReached { card_type, limit } => {
                TamaruError::CardTypeLimitReached { card_type, limit }
            }
            CardsError::SecondCreditCard { server_code } => {
                TamaruError::SecondCreditCard { server_code }
            }
            CardsError::BuiltInEmoney => TamaruError::BuiltInEmoneyCard,
            CardsError::MergeNotOffered => TamaruError::MergeNotOffered,
            CardsError::MergeAccountNotFound => TamaruError::MergeAccountNotFound,
            CardsError::MergeSameAccount => TamaruError::MergeSameAccount,
            CardsError::MergeDetailsMismatch => TamaruError::MergeDetailsMismatch,
            CardsError::MergeCardLimitExceeded { limit, total } => {
                TamaruError::MergeCardLimitExceeded { limit, total }
            }
            CardsError::InvalidPersonalDetails(problems) => {
                TamaruError::InvalidPersonalDetails { problems }
            }
            CardsError::CodeCardChangeLimited { allowed_from } => {
                TamaruError::CodeCardChangeLimited { allowed_from }
            }
            CardsError::NoCodeCard => TamaruError::NoCodeCard,
            CardsError::CodeCardUnchanged => TamaruError::CodeCardUnchanged,
            CardsError::NotOnThisPlatform {
                card_type,
                card_name,
                card_name_ja,
                platforms,
            } => TamaruError::NotOnThisPlatform {
                card_type,
                card_name,
                card_name_ja,
                platforms,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_refusal_keeps_its_body_until_the_edge_makes_it_generic() {
        let e = CardsError::from(ApiError::Server {
            status: 409,
            code: "something_new".into(),
            message: "card 4980000000000014 refused".into(),
            body: serde_json::json!({"error": "something_new", "extra": 1}),
        });
        let CardsError::Api(ApiError::Server { body, .. }) = &e else {
            panic!("kept as the server's answer: {e:?}");
        };
        assert_eq!(body["extra"], 1);
        let public = TamaruError::from(e);
        assert!(matches!(public, TamaruError::Server { status: 409, .. }));
        assert!(!format!("{public:?}").contains("4980"), "{public:?}");
    }

    #[test]
    fn storage_failures_become_the_storage_error_with_sqlites_words() {
        let e = CardsError::from(rusqlite::Error::InvalidQuery);
        assert_eq!(
            TamaruError::from(e),
            TamaruError::Storage {
                detail: rusqlite::Error::InvalidQuery.to_string()
            }
        );
    }
}
