//! What can go wrong with points (SPEC §5), inside the core: the balance and history cache,
//! syncing, using points and family sharing, each case with what the member needs, plus the
//! sources kept whole (the server's answer with status, code and body; the SQLite error).
//!
//! The application-services way (mozilla/application-services, `components/*/src/error.rs`):
//! the service, the cache and the wire layer speak [`PointsError`] only; the one mapping into
//! the public [`TamaruError`] is the `From` below, taken by `?` at the public edge. A refusal
//! is read into its case once, from the server's answer (`api::refusal`); a code this core
//! does not know stays [`PointsError::Api`] and becomes the generic server error only here.

use crate::error::TamaruError;
use crate::http::ApiError;
use crate::login::SessionError;
use crate::login::policy::LoginIdViolation;

#[derive(Debug, thiserror::Error)]
pub enum PointsError {
    /// The server refused for a reason no case below reads, or no answer came.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The cache failed.
    #[error(transparent)]
    Storage(#[from] rusqlite::Error),
    /// The session or the pending-write queue failed: decided there, passed on untouched.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A request body could not be written (never expected: the types are the core's own).
    #[error("could not encode a request: {0}")]
    Encode(#[from] serde_json::Error),
    /// The server's answer was not what the API promises.
    #[error("unexpected answer: {0}")]
    Malformed(String),
    /// The cache holds a row this version cannot read.
    #[error("unreadable points cache: {0}")]
    CorruptCache(String),
    #[error("the points have not been loaded yet")]
    NotSynced,
    #[error("not a valid number of points: {0}")]
    InvalidAmount(String),
    #[error("invalid history query: {0}")]
    InvalidHistoryQuery(String),
    /// Using points needs the external member ID linked, at `url` (SPEC §2.4).
    #[error("using points needs a linked external member ID: {url}")]
    NeedLinkedId { url: String },
    #[error("{requested} points asked for, {available} available")]
    Insufficient { requested: u64, available: u64 },
    #[error("this program has no family sharing")]
    FamilyNotAvailable,
    #[error("a family group holds at most {max_members} IDs")]
    FamilyFull { max_members: u32 },
    #[error("square-member IDs cannot join a family group")]
    SquareMemberCannotJoin,
    #[error("already in a family group")]
    AlreadyInFamily,
    #[error("not in a family group")]
    NotInFamily,
    #[error("only the family group's creator can invite")]
    NotFamilyOwner,
    #[error("the recipient is not in your family group")]
    RecipientNotInFamily,
    #[error("points cannot be sent to yourself")]
    CannotSendToSelf,
    #[error("no family group has this invite code")]
    InvalidInviteCode,
    #[error("the family invitation is no longer valid")]
    InvitationNotFound,
    /// The login ID invited has no account.
    #[error("no account has this login ID")]
    UnknownAccount,
    /// The login ID invited is malformed (checked offline).
    #[error("the login ID is not valid ({} problem(s))", .0.len())]
    InvalidLoginId(Vec<LoginIdViolation>),
}

impl From<PointsError> for TamaruError {
    /// The one mapping of a points error to what the apps switch on. Exhaustive, so a new
    /// case is given its public meaning here or the core does not compile.
    fn from(e: PointsError) -> Self {
        match e {
            PointsError::Api(e) => e.into(),
            PointsError::Session(e) => e.into(),
            PointsError::Storage(e) => {
                tracing::warn!(error = %e, "points cache");
                TamaruError::Storage {
                    detail: e.to_string(),
                }
            }
            PointsError::CorruptCache(detail) => TamaruError::Storage { detail },
            PointsError::Encode(e) => TamaruError::Internal {
                detail: format!("points request: {e}"),
            },
            PointsError::Malformed(detail) => TamaruError::MalformedResponse { detail },
            PointsError::NotSynced => TamaruError::PointsNotSynced,
            PointsError::InvalidAmount(detail) => TamaruError::InvalidPointAmount { detail },
            PointsError::InvalidHistoryQuery(detail) => TamaruError::InvalidHistoryQuery { detail },
            PointsError::NeedLinkedId { url } => TamaruError::PointsNeedLinkedId { url },
            PointsError::Insufficient {
                requested,
                available,
            } => TamaruError::InsufficientPoints {
                requested,
                available,
            },
            PointsError::FamilyNotAvailable => TamaruError::FamilyNotAvailable,
            PointsError::FamilyFull { max_members } => TamaruError::FamilyFull { max_members },
            PointsError::SquareMemberCannotJoin => TamaruError::SquareMemberCannotJoin,
            PointsError::AlreadyInFamily => TamaruError::AlreadyInFamily,
            PointsError::NotInFamily => TamaruError::NotInFamily,
            PointsError::NotFamilyOwner => TamaruError::NotFamilyOwner,
            PointsError::RecipientNotInFamily => TamaruError::RecipientNotInFamily,
            PointsError::CannotSendToSelf => TamaruError::CannotSendToSelf,
            PointsError::InvalidInviteCode => TamaruError::InvalidInviteCode,
            PointsError::InvitationNotFound => TamaruError::FamilyInvitationNotFound,
            PointsError::UnknownAccount => TamaruError::UnknownAccount,
            PointsError::InvalidLoginId(violations) => TamaruError::InvalidLoginId { violations },
        }
    }
}
