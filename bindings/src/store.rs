//! The secure store as a foreign trait (the viaduct pattern): the Android app implements it
//! over the Android Keystore, the iOS app over Keychain Services, tests in memory.

use std::sync::Arc;

use tamaru_core::secure_store as core;
use tamaru_core::secure_store::SecureStore as _;

/// Why the app's secure store failed. The app describes the problem; never the secret.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SecureStoreError {
    #[error("secure store failed: {detail}")]
    Failed { detail: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecureStoreError {
    /// An exception the app's store threw (Android's Keystore throws its own): its first
    /// line only, not the stack trace UniFFI appends.
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let first_line = e.reason.lines().next().unwrap_or_default().to_owned();
        Self::Failed { detail: first_line }
    }
}

/// A key-value store for secrets, implemented by the app (Kotlin/Swift) or by
/// [`InMemorySecureStore`]. Deleting a missing key must not fail.
#[uniffi::export(with_foreign)]
pub trait SecureStore: Send + Sync {
    fn get(&self, key: String) -> Result<Option<String>, SecureStoreError>;
    fn set(&self, key: String, value: String) -> Result<(), SecureStoreError>;
    fn delete(&self, key: String) -> Result<(), SecureStoreError>;
}

/// An in-memory store, for tests and previews. Contents vanish with the object.
#[derive(uniffi::Object, Default)]
pub struct InMemorySecureStore {
    inner: core::MemoryStore,
}

#[uniffi::export]
impl InMemorySecureStore {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// The keys held (not the values), so tests can see what was stored.
    pub fn keys(&self) -> Vec<String> {
        self.inner.keys()
    }
}

impl SecureStore for InMemorySecureStore {
    fn get(&self, key: String) -> Result<Option<String>, SecureStoreError> {
        self.inner
            .get(&key)
            .map_err(|e| SecureStoreError::Failed { detail: e.detail })
    }
    fn set(&self, key: String, value: String) -> Result<(), SecureStoreError> {
        self.inner
            .set(&key, &value)
            .map_err(|e| SecureStoreError::Failed { detail: e.detail })
    }
    fn delete(&self, key: String) -> Result<(), SecureStoreError> {
        self.inner
            .delete(&key)
            .map_err(|e| SecureStoreError::Failed { detail: e.detail })
    }
}

/// Adapts the foreign trait to the core's trait.
pub(crate) struct ForeignStore(pub Arc<dyn SecureStore>);

impl core::SecureStore for ForeignStore {
    fn get(&self, key: &str) -> Result<Option<String>, core::SecureStoreError> {
        self.0.get(key.to_owned()).map_err(to_core)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), core::SecureStoreError> {
        self.0
            .set(key.to_owned(), value.to_owned())
            .map_err(to_core)
    }
    fn delete(&self, key: &str) -> Result<(), core::SecureStoreError> {
        self.0.delete(key.to_owned()).map_err(to_core)
    }
}

fn to_core(e: SecureStoreError) -> core::SecureStoreError {
    core::SecureStoreError::new(e.to_string())
}
