//! A phone with the app running: an [`Install`] and the [`MemberApp`] started on it.

use std::path::PathBuf;
use std::sync::Arc;

use tamaru_core::app::MemberApp;
use tamaru_core::clock::ManualClock;
use tamaru_core::error::TamaruError;
use tamaru_core::http::RetryPolicy;
use tamaru_core::profile::Profile;
use tamaru_core::secure_store::MemoryStore;
use tamaru_sandbox::Sandbox;

use crate::Install;

/// One install of the app with the app running.
///
/// The test constructors ([`new`](Self::new), [`at`](Self::at), …) panic when the app does
/// not start and use [`RetryPolicy::fast`] (the sandbox is on loopback); QA and the demo
/// build an [`Install`] themselves and [`start`](Self::start) it, keeping the app's own
/// settings and its errors.
pub struct Phone {
    pub app: MemberApp,
    /// The secure store: survives restarts and reinstalls.
    pub store: Arc<MemoryStore>,
    /// The app's data directory.
    pub data_dir: PathBuf,
    install: Install,
}

impl Phone {
    /// Starts the app on `install`.
    pub fn start(install: Install) -> Result<Phone, TamaruError> {
        let app = install.start()?;
        Ok(Phone {
            app,
            store: install.store().clone(),
            data_dir: install.data_dir().to_path_buf(),
            install,
        })
    }

    /// A new install of a shipped program's app on a new phone, talking to the sandbox.
    pub fn new(sandbox: &Sandbox, program: &str) -> Phone {
        Self::at(sandbox.program_url(program), program)
    }

    /// A new install of a shipped program's app talking to `base_url` (a closed port, a
    /// hostile server, an HTTPS front).
    pub fn at(base_url: String, program: &str) -> Phone {
        Self::with_profile_at(shipped(program), base_url)
    }

    /// A new install running an operator's own `profile` (its `id` names the sandbox
    /// program it talks to).
    pub fn with_profile(sandbox: &Sandbox, profile: Profile) -> Phone {
        let url = sandbox.program_url(&profile.id);
        Self::with_profile_at(Arc::new(profile), url)
    }

    fn with_profile_at(profile: Arc<Profile>, base_url: String) -> Phone {
        let install = Install::new(profile, base_url).expect("a temporary data directory");
        Self::test(install)
    }

    /// A test's phone on `install` (panics when the app does not start), with short
    /// back-off waits.
    pub fn test(install: Install) -> Phone {
        Phone::start(install.with_retry(RetryPolicy::fast())).expect("the app starts")
    }

    /// An app on an install made elsewhere: `data_dir` (kept, not removed here) and `store`.
    /// Prefer [`twin_at`](Self::twin_at) for a second app on a phone's own install.
    pub fn with(
        base_url: String,
        program: &str,
        data_dir: PathBuf,
        store: Arc<MemoryStore>,
    ) -> Phone {
        Self::test(Install::in_dir(shipped(program), base_url, data_dir).with_store(store))
    }

    /// The install the app runs on.
    pub fn install(&self) -> &Install {
        &self.install
    }

    /// The clock the test moves (panics when the install has none: build it
    /// [`Install::with_manual_clock`]).
    pub fn clock(&self) -> &Arc<ManualClock> {
        self.install
            .clock()
            .expect("an install with a manual clock")
    }

    /// A second app on the same install (same directory, store, clock and settings), while
    /// this one keeps running: what another part of the test does on the member's phone.
    pub fn twin(&self) -> Phone {
        self.twin_at(self.install.base_url().to_owned())
    }

    /// A second app on the same install with its member API at `base_url`, while this one
    /// keeps running.
    pub fn twin_at(&self, base_url: String) -> Phone {
        Phone::start(self.install.clone().at(base_url)).expect("the app starts")
    }

    /// The app started again with another time-out and retry policy (kept on restarts).
    pub fn with_retry_policy(self, retry: RetryPolicy) -> Phone {
        self.restarted(|install| install.with_retry(retry))
    }

    /// The app killed and started again: same data directory, same secure store.
    pub fn restart(self) -> Phone {
        self.restarted(|install| install)
    }

    /// The app killed and started again with its member API at `base_url` (same data
    /// directory, same secure store): with [`closed_port_url`](crate::closed_port_url) this
    /// is the phone offline, with the sandbox's URL the network is back.
    pub fn restart_at(self, base_url: String) -> Phone {
        self.restarted(|install| install.at(base_url))
    }

    /// The app deleted and installed again: the data directory is gone, the secure store
    /// (the iOS keychain) is not.
    pub fn reinstall(self) -> Phone {
        self.restarted(|install| {
            install.erase_data().expect("the data directory is removed");
            install
        })
    }

    fn restarted(self, change: impl FnOnce(Install) -> Install) -> Phone {
        let Phone { app, install, .. } = self;
        drop(app);
        Phone::start(change(install)).expect("the app starts again")
    }
}

fn shipped(program: &str) -> Arc<Profile> {
    Profile::builtin(program).expect("a shipped profile")
}
