//! What can go wrong talking to the server, kept whole: the transport's reason, the
//! server's status, code and body ([`ApiError`]), and a base URL refused ([`BaseUrlError`]).
//!
//! Capabilities keep an `ApiError` as their source (`#[from]`) and read the codes that mean
//! something to them from it; what none of them reads becomes the public [`TamaruError`]
//! here, in the one generic mapping.

use super::{server_values, tls};
use crate::error::TamaruError;

/// What went wrong talking to the server, before it is given a domain meaning.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer: connection refused, DNS, timeout, TLS.
    #[error("network: {0}")]
    Network(String),
    /// The server answered with an error body `{"error": code, "message": ...}`.
    #[error("server said {status} {code}: {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
        body: serde_json::Value,
    },
    /// The answer was not what the API promises (not JSON, missing fields, HTML error page).
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The server's certificate was refused (untrusted, or no pinned key): see `http::tls`.
    #[error("certificate refused: {0:?}")]
    Certificate(tls::CertificateProblem),
}

impl ApiError {
    /// The server's error code, if it sent one.
    pub fn server_code(&self) -> Option<&str> {
        match self {
            ApiError::Server { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// Why a server base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("not a URL: {0}")]
    NotAUrl(String),
    #[error("plain http is only allowed for loopback addresses, not {0}")]
    Insecure(String),
    #[error("unsupported scheme {0}")]
    UnsupportedScheme(String),
    /// The TLS settings (trusted roots, pins) are unusable.
    #[error("transport security: {0}")]
    Transport(String),
}

impl From<ApiError> for TamaruError {
    /// The generic mapping; services first pick out the codes that mean something to them.
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Network(detail) => Self::Network { detail },
            ApiError::Malformed(detail) => Self::MalformedResponse { detail },
            ApiError::Certificate(tls::CertificateProblem::Untrusted) => Self::UntrustedCertificate,
            ApiError::Certificate(tls::CertificateProblem::PinMismatch) => {
                Self::CertificatePinMismatch
            }
            ApiError::Server { status, code, .. } => match code.as_str() {
                "signed_in_elsewhere" => Self::SignedInElsewhere,
                "session_expired" | "invalid_refresh_token" => Self::SessionExpired,
                "not_signed_in" | "invalid_token" => Self::NotSignedIn,
                "account_withdrawn" => Self::AccountWithdrawn,
                // Neither the server's message nor a code that is not a protocol code goes
                // into the error: either may quote what the member sent (server_values).
                _ => Self::Server {
                    status,
                    code: server_values::protocol_code(&code)
                        .unwrap_or(server_values::UNRECOGNISED_CODE)
                        .to_owned(),
                    reason: format!("the server refused the request (HTTP {status})"),
                },
            },
        }
    }
}

impl From<BaseUrlError> for TamaruError {
    fn from(e: BaseUrlError) -> Self {
        Self::InvalidConfig {
            detail: e.to_string(),
        }
    }
}
