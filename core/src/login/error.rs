//! What can go wrong signing in and with the session, inside the core, with the sources
//! kept whole (the server's answer with status, code and body; the secure store's reason;
//! the SQLite error of the pending-write queue).
//!
//! The application-services way (mozilla/application-services, `components/*/src/error.rs`):
//! - [`SessionError`] is what the session (`session.rs`) and the pending-write queue
//!   (`pending.rs`) report to every capability above them, which keep it as their source
//!   (`#[from]`) and pass it on untouched;
//! - [`LoginError`] is the account service's own (`service.rs`, `account.rs`): sign-up,
//!   log-in, password change and reset, withdrawal;
//! - each becomes the public [`TamaruError`] the apps switch on by one `From` below, taken
//!   by `?` at the public edge (`MemberApp`, the screens, the FFI) and nowhere else.

use super::policy::{LoginIdViolation, PasswordViolation};
use crate::error::TamaruError;
use crate::http::ApiError;
use crate::secure_store::SecureStoreError;
use crate::storage::StorageError;

/// A failure of an authorised call or of the pending-write queue.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No answer, or a refusal that leaves the session as it is and that the caller did not
    /// read (kept whole: the caller may still look at its code and body).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// No session is held on this install (or the server no longer knows its token).
    #[error("not signed in")]
    NotSignedIn,
    /// The server ended the session (refresh token expired or revoked).
    #[error("the session has ended")]
    Expired,
    /// Another device signed in beyond the program's device cap.
    #[error("signed in on another device")]
    SignedInElsewhere,
    /// The account withdrew (on another device).
    #[error("the account has withdrawn")]
    AccountWithdrawn,
    #[error(transparent)]
    SecureStore(#[from] SecureStoreError),
    /// The pending-write queue's table failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A session or request body could not be written (never expected: the core's own types).
    #[error("could not encode: {0}")]
    Encode(#[from] serde_json::Error),
    /// A write was sent but no answer came back: it stays pending (`pending.rs`).
    #[error("no answer to a write: {0}")]
    WriteOutcomeUnknown(String),
    /// An answer not as the API promises.
    #[error("unexpected answer: {0}")]
    Malformed(String),
    /// What a write found applied changes on the phone (a code-card change's device number)
    /// could not be kept there: the owning capability's error, kept whole.
    #[error("keeping an applied write's answer: {0}")]
    KeepAnswer(Box<dyn std::error::Error + Send + Sync>),
}

impl SessionError {
    /// Whether no answer came (the request may or may not have reached the server).
    pub(crate) fn unanswered(&self) -> bool {
        matches!(
            self,
            SessionError::Api(ApiError::Network(_) | ApiError::Malformed(_))
                | SessionError::Malformed(_)
        )
    }

    /// A stable code for logs and the mail outbox's last-error column (the public error's
    /// code for the same failure).
    pub(crate) fn code(&self) -> &'static str {
        match self {
            SessionError::Api(ApiError::Network(_)) => "network",
            SessionError::Api(ApiError::Malformed(_)) | SessionError::Malformed(_) => {
                "malformed_response"
            }
            SessionError::Api(ApiError::Certificate(
                crate::http::tls::CertificateProblem::Untrusted,
            )) => "untrusted_certificate",
            SessionError::Api(ApiError::Certificate(
                crate::http::tls::CertificateProblem::PinMismatch,
            )) => "certificate_pin_mismatch",
            SessionError::Api(ApiError::Server { .. }) => "server",
            SessionError::NotSignedIn => "not_signed_in",
            SessionError::Expired => "session_expired",
            SessionError::SignedInElsewhere => "signed_in_elsewhere",
            SessionError::AccountWithdrawn => "account_withdrawn",
            SessionError::SecureStore(_) => "secure_store",
            SessionError::Storage(_) | SessionError::KeepAnswer(_) => "storage",
            SessionError::Encode(_) => "internal",
            SessionError::WriteOutcomeUnknown(_) => "write_outcome_unknown",
        }
    }
}

impl From<rusqlite::Error> for SessionError {
    fn from(e: rusqlite::Error) -> Self {
        SessionError::Storage(e.into())
    }
}

impl From<SessionError> for TamaruError {
    /// The one mapping of a session failure to what the apps switch on.
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Api(e) => e.into(),
            SessionError::NotSignedIn => TamaruError::NotSignedIn,
            SessionError::Expired => TamaruError::SessionExpired,
            SessionError::SignedInElsewhere => TamaruError::SignedInElsewhere,
            SessionError::AccountWithdrawn => TamaruError::AccountWithdrawn,
            SessionError::SecureStore(e) => e.into(),
            SessionError::Storage(e) => e.into(),
            SessionError::Encode(e) => TamaruError::Internal {
                detail: format!("encoding: {e}"),
            },
            SessionError::WriteOutcomeUnknown(detail) => {
                TamaruError::WriteOutcomeUnknown { detail }
            }
            SessionError::Malformed(detail) => TamaruError::MalformedResponse { detail },
            SessionError::KeepAnswer(e) => TamaruError::Storage {
                detail: e.to_string(),
            },
        }
    }
}

/// A failure of the account service: its refusals, each with what the member needs.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// No answer, or a refusal no case below reads (kept whole).
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Session(#[from] SessionError),
    /// The phone's data directory or cache failed (install marker, wipe on withdrawal).
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("the login ID is not valid ({} problem(s))", .0.len())]
    InvalidLoginId(Vec<LoginIdViolation>),
    #[error("the password does not meet the policy ({} problem(s))", .0.len())]
    PasswordPolicy(Vec<PasswordViolation>),
    #[error("this login ID already has an account")]
    LoginIdTaken,
    #[error("wrong password")]
    WrongPassword { attempts_left: Option<u32> },
    #[error("no account has this login ID")]
    UnknownAccount,
    #[error("account locked until {retry_at}")]
    AccountLocked {
        retry_at: String,
        retry_after_seconds: u64,
    },
    #[error("this account has withdrawn")]
    AccountWithdrawn,
    /// A linked account does this on the external member support page.
    #[error("continue on the external member support page: {url}")]
    ExternalSupportPage { url: String },
    #[error("the current password does not match")]
    WrongOldPassword,
    #[error("the new password is the same as the current one")]
    PasswordUnchanged,
    #[error("the reset code does not match")]
    InvalidResetCode { attempts_left: Option<u32> },
    #[error("the reset code has expired")]
    ResetCodeExpired,
    /// The server's answer lacked what its case needs.
    #[error("unexpected answer: {0}")]
    Malformed(&'static str),
}

impl From<SecureStoreError> for LoginError {
    fn from(e: SecureStoreError) -> Self {
        LoginError::Session(e.into())
    }
}

impl From<LoginError> for TamaruError {
    /// The one mapping of an account error to what the apps switch on. Exhaustive, so a new
    /// case gets its public meaning here or the core does not compile.
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Api(e) => e.into(),
            LoginError::Session(e) => e.into(),
            LoginError::Storage(e) => e.into(),
            LoginError::InvalidLoginId(violations) => TamaruError::InvalidLoginId { violations },
            LoginError::PasswordPolicy(violations) => TamaruError::PasswordPolicy { violations },
            LoginError::LoginIdTaken => TamaruError::LoginIdTaken,
            LoginError::WrongPassword { attempts_left } => {
                TamaruError::WrongPassword { attempts_left }
            }
            LoginError::UnknownAccount => TamaruError::UnknownAccount,
            LoginError::AccountLocked {
                retry_at,
                retry_after_seconds,
            } => TamaruError::AccountLocked {
                retry_at,
                retry_after_seconds,
            },
            LoginError::AccountWithdrawn => TamaruError::AccountWithdrawn,
            LoginError::ExternalSupportPage { url } => TamaruError::ExternalSupportPage { url },
            LoginError::WrongOldPassword => TamaruError::WrongOldPassword,
            LoginError::PasswordUnchanged => TamaruError::PasswordUnchanged,
            LoginError::InvalidResetCode { attempts_left } => {
                TamaruError::InvalidResetCode { attempts_left }
            }
            LoginError::ResetCodeExpired => TamaruError::ResetCodeExpired,
            LoginError::Malformed(detail) => TamaruError::MalformedResponse {
                detail: detail.to_owned(),
            },
        }
    }
}
