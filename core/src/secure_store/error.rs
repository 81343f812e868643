//! Why the secure store (keychain/keystore) failed, and its one mapping into the public
//! error. The reason is the platform's, kept for logs; it never carries a secret, and no
//! member-facing text shows it (`crate::texts::secure_store`).

use crate::error::TamaruError;

/// Why the secure store failed. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secure store: {detail}")]
pub struct SecureStoreError {
    pub detail: String,
}

impl SecureStoreError {
    pub fn new(detail: impl Into<String>) -> Self {
        Self {
            detail: detail.into(),
        }
    }
}

impl From<SecureStoreError> for TamaruError {
    fn from(e: SecureStoreError) -> Self {
        Self::SecureStore { detail: e.detail }
    }
}
