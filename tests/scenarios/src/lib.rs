//! Helpers for the end-to-end scenarios: a sandbox per test and "phones" (installs of the
//! app, each with its own data directory and secure store) that talk to it over loopback.

use std::path::PathBuf;
use std::sync::Arc;

use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::error::TamaruError;
use tamaru_core::http::RetryPolicy;
use tamaru_core::profile::Profile;
use tamaru_core::secure_store::MemoryStore;
use tamaru_sandbox::{Sandbox, SandboxConfig};

/// A sandbox with the reference settings.
pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxConfig::default()).await
}

pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config)
        .await
        .expect("sandbox starts on loopback")
}

/// One install of the app: its data directory and its secure store.
pub struct Phone {
    pub app: MemberApp,
    pub store: Arc<MemoryStore>,
    pub data_dir: PathBuf,
    profile: Arc<Profile>,
    base_url: String,
    retry: RetryPolicy,
}

impl Phone {
    /// A new install on a new phone.
    pub fn new(sandbox: &Sandbox, program: &str) -> Phone {
        let data_dir = std::env::temp_dir().join(format!("tamaru-scenario-{}", uuid_like()));
        Self::with(
            sandbox.program_url(program),
            program,
            data_dir,
            Arc::new(MemoryStore::new()),
        )
    }

    pub fn with(
        base_url: String,
        program: &str,
        data_dir: PathBuf,
        store: Arc<MemoryStore>,
    ) -> Phone {
        let profile = Profile::builtin(program).expect("a shipped profile");
        Self::with_profile_at(base_url, profile, data_dir, store)
    }

    /// A new install running an operator's own `profile` (its `id` names the sandbox
    /// program it talks to: `wester` or `waon`).
    pub fn with_profile(sandbox: &Sandbox, profile: Profile) -> Phone {
        let data_dir = std::env::temp_dir().join(format!("tamaru-scenario-{}", uuid_like()));
        Self::with_profile_at(
            sandbox.program_url(&profile.id),
            Arc::new(profile),
            data_dir,
            Arc::new(MemoryStore::new()),
        )
    }

    fn with_profile_at(
        base_url: String,
        profile: Arc<Profile>,
        data_dir: PathBuf,
        store: Arc<MemoryStore>,
    ) -> Phone {
        // Short back-off waits: the sandbox is on loopback.
        let retry = RetryPolicy::fast();
        let app = Self::build(&base_url, &profile, &data_dir, &store, &retry).expect("app builds");
        Phone {
            app,
            store,
            data_dir,
            profile,
            base_url,
            retry,
        }
    }

    fn build(
        base_url: &str,
        profile: &Arc<Profile>,
        data_dir: &PathBuf,
        store: &Arc<MemoryStore>,
        retry: &RetryPolicy,
    ) -> Result<MemberApp, TamaruError> {
        let mut config = AppConfig::new(profile.clone(), base_url, data_dir, store.clone());
        config.retry = retry.clone();
        MemberApp::new(config)
    }

    /// The app started again with another time-out and retry policy (kept on restarts).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Phone {
        self.retry = retry;
        self.restart()
    }

    /// The app killed and started again: same data directory, same secure store.
    pub fn restart(self) -> Phone {
        let Phone {
            store,
            data_dir,
            profile,
            base_url,
            app,
            retry,
        } = self;
        drop(app);
        let app = Self::build(&base_url, &profile, &data_dir, &store, &retry).expect("app builds");
        Phone {
            app,
            store,
            data_dir,
            profile,
            base_url,
            retry,
        }
    }

    /// The app killed and started again with its member API at `base_url` (same data
    /// directory, same secure store): with [`closed_port_url`] this is the phone offline,
    /// with the sandbox's URL the network is back.
    pub fn restart_at(mut self, base_url: String) -> Phone {
        self.base_url = base_url;
        self.restart()
    }

    /// The app deleted and installed again: the data directory is gone, the secure store
    /// (the iOS keychain) is not.
    pub fn reinstall(self) -> Phone {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        self.restart()
    }
}

/// A loopback URL nothing listens on (a port bound and released): requests to it fail at
/// once with "connection refused", as on a phone without network.
pub fn closed_port_url(program: &str) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port");
    format!("http://127.0.0.1:{port}/{program}/")
}

/// A unique-enough suffix for temp directories.
pub fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    )
}

/// Signs up a fresh member on a new phone; returns the phone, login ID and password.
pub async fn signed_up(sandbox: &Sandbox, program: &str) -> (Phone, String, String) {
    let phone = Phone::new(sandbox, program);
    let login_id = format!("member{}@example.jp", uuid_like().replace('-', ""));
    let password = "Tamaru#2026".to_owned();
    phone
        .app
        .account()
        .sign_up(&login_id, &password, None)
        .await
        .expect("sign-up works");
    (phone, login_id, password)
}

/// What the member types for a card the sandbox issued: its number, its PIN (if any) and
/// the right answers to the card type's questions.
pub fn typed(card: &tamaru_sandbox::IssuedCard) -> tamaru_core::cards::input::CardInput {
    let asks = card.card_type == "sc_point_card";
    tamaru_core::cards::input::CardInput {
        card_type: card.card_type.clone(),
        number: card.number.clone(),
        has_pin: asks.then_some(card.pin.is_some()),
        pin: card.pin.clone(),
        member_registered: asks.then_some(card.member_registered),
    }
}

/// Issues an active card of the default holder and registers it on `phone`.
pub async fn registered_card(
    sandbox: &Sandbox,
    phone: &Phone,
    program: &str,
    card_type: &str,
) -> tamaru_sandbox::IssuedCard {
    let card = sandbox
        .cards()
        .issue(&tamaru_sandbox::IssueCard::new(program, card_type))
        .expect("the sandbox issues the card");
    phone
        .app
        .cards()
        .register(&typed(&card))
        .await
        .expect("the card registers");
    card
}
