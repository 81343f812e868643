//! Secure storage for tokens and device secrets (SPEC §2.2): the OS keychain/keystore only,
//! never the cache database, logs or error texts.
//!
//! The core talks to a [`SecureStore`]; three kinds exist:
//! - [`KeyringStore`]: `keyring-core` with whatever platform store the app installed as the
//!   default (Linux keyutils in QA builds, Apple/Android native stores on phones);
//! - a store the native app supplies through the FFI's foreign trait (e.g. Android
//!   EncryptedSharedPreferences, iOS Keychain Services);
//! - [`MemoryStore`] for tests.

use std::collections::HashMap;
use std::sync::Mutex;

mod error;

pub use error::SecureStoreError;

/// A key-value store for secrets. Keys are not secret; values are.
pub trait SecureStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, SecureStoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SecureStoreError>;
    /// Deleting a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), SecureStoreError>;
}

/// An in-memory store (tests, and the demo's phones).
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every value held, for tests that assert no secret leaked elsewhere.
    pub fn values(&self) -> Vec<String> {
        self.lock().values().cloned().collect()
    }

    /// Every key held.
    pub fn keys(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecureStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecureStoreError> {
        Ok(self.lock().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecureStoreError> {
        self.lock().insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), SecureStoreError> {
        self.lock().remove(key);
        Ok(())
    }
}

/// `keyring-core` entries under one service name (e.g. `tamaru.wester`), in whatever
/// default store the app installed with `keyring_core::set_default_store`.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Installs the Linux kernel keyring as the default store (desktop and QA builds).
    /// A process without a session keyring gets `NoStorageAccess`: run it under
    /// `keyctl session - CMD`.
    #[cfg(feature = "linux-keyring")]
    pub fn use_linux_keyutils() -> Result<(), SecureStoreError> {
        let store = linux_keyutils_keyring_store::Store::new().map_err(map_keyring_error)?;
        keyring_core::set_default_store(store);
        Ok(())
    }

    fn entry(&self, key: &str) -> Result<keyring_core::Entry, SecureStoreError> {
        keyring_core::Entry::new(&self.service, key).map_err(map_keyring_error)
    }
}

fn map_keyring_error(e: keyring_core::Error) -> SecureStoreError {
    // keyring errors never contain the secret itself, only what went wrong.
    SecureStoreError::new(e.to_string())
}

impl SecureStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecureStoreError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(e)),
        }
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecureStoreError> {
        self.entry(key)?
            .set_password(value)
            .map_err(map_keyring_error)
    }
    fn delete(&self, key: &str) -> Result<(), SecureStoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(store: &dyn SecureStore) {
        assert_eq!(store.get("a").expect("get"), None);
        store.set("a", "secret-1").expect("set");
        assert_eq!(store.get("a").expect("get").as_deref(), Some("secret-1"));
        store.set("a", "secret-2").expect("overwrite");
        assert_eq!(store.get("a").expect("get").as_deref(), Some("secret-2"));
        store.delete("a").expect("delete");
        store.delete("a").expect("deleting twice is fine");
        assert_eq!(store.get("a").expect("get"), None);
    }

    #[test]
    fn memory_store_round_trip() {
        round_trip(&MemoryStore::new());
    }

    /// The default keyring store is process-wide: tests that set it take turns.
    static DEFAULT_STORE: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn keyring_store_round_trip_on_the_mock_store() {
        let _turn = DEFAULT_STORE.lock().unwrap_or_else(|p| p.into_inner());
        keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store"));
        round_trip(&KeyringStore::new("tamaru.test"));
    }

    /// The real kernel keyring (run under `keyctl session -`, as scripts/test-all.sh does).
    #[cfg(feature = "linux-keyring")]
    #[test]
    fn keyring_store_round_trip_on_the_linux_kernel_keyring() {
        let _turn = DEFAULT_STORE.lock().unwrap_or_else(|p| p.into_inner());
        KeyringStore::use_linux_keyutils().expect("keyutils store");
        let store = KeyringStore::new(format!("tamaru.test.{}", uuid::Uuid::new_v4()));
        round_trip(&store);
    }
}
