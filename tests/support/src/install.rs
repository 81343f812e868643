//! What outlives the app on a phone: its data directory, its secure store (the keychain),
//! its clock, and how the app is configured when it starts.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::clock::ManualClock;
use tamaru_core::error::TamaruError;
use tamaru_core::http::RetryPolicy;
use tamaru_core::profile::{Platform, Profile};
use tamaru_core::screens::Language;
use tamaru_core::secure_store::MemoryStore;

/// One install of the app, not running. Cloning it gives a second handle on the same
/// install (same directory, same store, same clock): two apps started from the clones share
/// the phone, as an app and its offline twin do. The temporary data directory goes when
/// the last handle does.
#[derive(Clone)]
pub struct Install {
    config: AppConfig,
    store: Arc<MemoryStore>,
    clock: Option<Arc<ManualClock>>,
    dir: Arc<DataDir>,
}

/// Where the app keeps its files.
enum DataDir {
    /// A fresh directory of this run, removed at the end (also when a test panics).
    Temporary(tempfile::TempDir),
    /// A directory the caller named (`tamaru-qa app --data-dir`); never removed here.
    Kept(PathBuf),
}

impl DataDir {
    fn path(&self) -> &Path {
        match self {
            DataDir::Temporary(dir) => dir.path(),
            DataDir::Kept(path) => path,
        }
    }
}

impl Install {
    /// A new install of `profile`'s app talking to `base_url`: a fresh temporary data
    /// directory, an empty in-memory secure store, the system clock and the app's default
    /// settings (`AppConfig::new`).
    pub fn new(profile: Arc<Profile>, base_url: impl Into<String>) -> io::Result<Install> {
        let dir = tempfile::Builder::new().prefix("tamaru-phone-").tempdir()?;
        Ok(Self::with_dir(
            profile,
            base_url.into(),
            DataDir::Temporary(dir),
        ))
    }

    /// A new install whose data directory is `data_dir`, which outlives it (the caller owns
    /// it; it need not exist yet).
    pub fn in_dir(
        profile: Arc<Profile>,
        base_url: impl Into<String>,
        data_dir: impl Into<PathBuf>,
    ) -> Install {
        Self::with_dir(profile, base_url.into(), DataDir::Kept(data_dir.into()))
    }

    fn with_dir(profile: Arc<Profile>, base_url: String, dir: DataDir) -> Install {
        let store = Arc::new(MemoryStore::new());
        let config = AppConfig::new(profile, base_url, dir.path(), store.clone());
        Install {
            config,
            store,
            clock: None,
            dir: Arc::new(dir),
        }
    }

    /// The same install with `store` as its secure store.
    pub fn with_store(mut self, store: Arc<MemoryStore>) -> Install {
        self.config.secure_store = store.clone();
        self.store = store;
        self
    }

    /// The same install on a clock the test moves, starting at `now`.
    pub fn with_manual_clock(self, now: DateTime<Utc>) -> Install {
        self.with_clock(Arc::new(ManualClock::new(now)))
    }

    /// The same install on `clock` (shared with whoever else holds it).
    pub fn with_clock(mut self, clock: Arc<ManualClock>) -> Install {
        self.config.clock = clock.clone();
        self.clock = Some(clock);
        self
    }

    /// The same install with another time-out and retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Install {
        self.config.retry = retry;
        self
    }

    /// The same install on `platform` (`None`: not a phone, no platform limits).
    pub fn with_platform(mut self, platform: Option<Platform>) -> Install {
        self.config.platform = platform;
        self
    }

    /// The same install with the screens worded in `language`.
    pub fn with_language(mut self, language: Language) -> Install {
        self.config = self.config.with_language(language);
        self
    }

    /// The same install with any other setting of the app's config changed (transport
    /// security, …); the data directory and the secure store are the install's own.
    pub fn with_config(mut self, change: impl FnOnce(&mut AppConfig)) -> Install {
        change(&mut self.config);
        self
    }

    /// The same install with its member API at `base_url` (a closed port: offline).
    pub fn at(mut self, base_url: impl Into<String>) -> Install {
        self.config.base_url = base_url.into();
        self
    }

    /// The config each start of the app gets.
    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    /// The secure store (in memory: it survives restarts and reinstalls, as the iOS
    /// keychain does, and goes with the process).
    pub fn store(&self) -> &Arc<MemoryStore> {
        &self.store
    }

    /// The clock the test moves, if the install has one ([`with_manual_clock`](Self::with_manual_clock)).
    pub fn clock(&self) -> Option<&Arc<ManualClock>> {
        self.clock.as_ref()
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    pub fn profile(&self) -> &Arc<Profile> {
        &self.config.profile
    }

    /// Starts the app on this install.
    pub fn start(&self) -> Result<MemberApp, TamaruError> {
        MemberApp::new(self.config.clone())
    }

    /// The app deleted: its data directory is gone (a missing one is fine), the secure
    /// store is not. Stop the app first; the next [`start`](Self::start) is the new install.
    pub fn erase_data(&self) -> io::Result<()> {
        match std::fs::remove_dir_all(self.data_dir()) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
