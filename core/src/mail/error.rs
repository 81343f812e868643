//! What can go wrong with mail settings and the e-mail address (SPEC §6), inside the core,
//! with the sources kept whole (the session's failure, the server's answer with its body,
//! the SQLite error of the outbox and the phone's copy).
//!
//! The service speaks [`MailError`] only; its public methods are the edge where the one
//! mapping below makes it the public [`TamaruError`], by `?`.

use crate::error::TamaruError;
use crate::http::ApiError;
use crate::login::SessionError;
use crate::login::policy::LoginIdViolation;
use crate::profile::SupportContacts;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Not signed in, the session ended, no answer to a keyed write, …: decided there.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A refusal no case below reads (kept whole).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The outbox or the phone's copy failed.
    #[error("mail store: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A request body could not be written (never expected: the core's own types).
    #[error("could not encode a request: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("the e-mail address is not valid ({} problem(s))", .0.len())]
    InvalidEmail(Vec<LoginIdViolation>),
    /// Another member registered the address: the program's support contacts to ask.
    #[error("another member has registered this e-mail address")]
    EmailTaken(SupportContacts),
    #[error("this is already the registered e-mail address")]
    EmailUnchanged,
    #[error("the confirmation code does not match")]
    WrongCode { attempts_left: Option<u32> },
    #[error("the confirmation code has expired")]
    CodeExpired,
}

impl MailError {
    /// A stable code for logs (never the server's text, which may quote the member).
    pub(crate) fn code(&self) -> &'static str {
        match self {
            MailError::Session(e) => e.code(),
            MailError::Api(e) => SessionError::Api(e.clone()).code(),
            MailError::Storage(_) => "storage",
            MailError::Encode(_) => "internal",
            MailError::InvalidEmail(_) => "invalid_email",
            MailError::EmailTaken(_) => "email_taken",
            MailError::EmailUnchanged => "email_unchanged",
            MailError::WrongCode { .. } => "wrong_email_code",
            MailError::CodeExpired => "email_code_expired",
        }
    }
}

impl From<MailError> for TamaruError {
    /// The one mapping of a mail error to what the apps switch on (exhaustive).
    fn from(e: MailError) -> Self {
        match e {
            MailError::Session(e) => e.into(),
            MailError::Api(e) => e.into(),
            MailError::Storage(e) => StorageError::from(e).into(),
            MailError::Encode(e) => TamaruError::Internal {
                detail: format!("mail request: {e}"),
            },
            MailError::InvalidEmail(violations) => TamaruError::InvalidEmail { violations },
            MailError::EmailTaken(support) => TamaruError::EmailTaken { support },
            MailError::EmailUnchanged => TamaruError::EmailUnchanged,
            MailError::WrongCode { attempts_left } => TamaruError::WrongEmailCode { attempts_left },
            MailError::CodeExpired => TamaruError::EmailCodeExpired,
        }
    }
}
