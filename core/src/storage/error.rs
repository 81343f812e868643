//! Why the on-device store failed, with the source kept (the SQLite error, the file
//! system's), and its one mapping into the public error. The detail is for logs: no
//! member-facing text shows it (`crate::texts::storage`).

use crate::error::TamaruError;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be created or read.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StorageError> for TamaruError {
    fn from(e: StorageError) -> Self {
        tracing::warn!(error = %e, "on-device store");
        TamaruError::Storage {
            detail: e.to_string(),
        }
    }
}
