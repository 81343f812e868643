//! The façade the apps hold: one [`MemberApp`] per program, built from an [`AppConfig`] that
//! injects the outside world (server URL, data directory, secure store, clock).

use std::path::PathBuf;
use std::sync::Arc;

use crate::cards::Cards;
use crate::clock::{Clock, SystemClock};
use crate::context::Context;
use crate::error::TamaruError;
use crate::http::ApiClient;
use crate::http::tls::TransportSecurity;
use crate::install;
use crate::login::Account;
use crate::login::session::{EndReason, SessionManager};
use crate::mail::Mail;
use crate::points::Points;
use crate::profile::Profile;
use crate::screens::Language;
use crate::secure_store::SecureStore;
use crate::storage::Storage;

/// Everything from outside the core.
#[derive(Clone)]
pub struct AppConfig {
    pub profile: Arc<Profile>,
    /// The member API's base URL (`https://…`, or `http://` on loopback only).
    pub base_url: String,
    /// The app's private data directory (install ID, cache). Deleted with the app.
    pub data_dir: PathBuf,
    pub secure_store: Arc<dyn SecureStore>,
    pub clock: Arc<dyn Clock>,
    /// The platform the app runs on, for card types a profile limits to some platforms
    /// (`cards.types[].platforms`). `None` (the default): not a phone app (tests, QA), which
    /// those limits do not bind.
    pub platform: Option<crate::profile::Platform>,
    /// Time-outs and retries of every request (`RetryPolicy::default()` from `new`).
    pub retry: crate::http::RetryPolicy,
    /// Extra trusted roots and certificate pins (default: the public web roots, no pins).
    pub transport: TransportSecurity,
    /// The member's language for every sentence the screens word (`crate::screens`),
    /// chosen once here; [`Language::Ja`] unless the app says otherwise.
    pub language: Language,
}

impl AppConfig {
    /// A config with the system clock.
    pub fn new(
        profile: Arc<Profile>,
        base_url: impl Into<String>,
        data_dir: impl Into<PathBuf>,
        secure_store: Arc<dyn SecureStore>,
    ) -> Self {
        Self {
            profile,
            base_url: base_url.into(),
            data_dir: data_dir.into(),
            secure_store,
            clock: Arc::new(SystemClock),
            platform: None,
            retry: crate::http::RetryPolicy::default(),
            transport: TransportSecurity::default(),
            language: Language::default(),
        }
    }

    /// The same config for an app on `platform`.
    pub fn on_platform(mut self, platform: crate::profile::Platform) -> Self {
        self.platform = Some(platform);
        self
    }

    /// The same config with `transport`'s trusted roots and pins (tests, private deployments).
    pub fn with_transport(mut self, transport: TransportSecurity) -> Self {
        self.transport = transport;
        self
    }

    /// The same config with the screens worded in `language`.
    pub fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }
}

/// Which first screen the app shows (SPEC §3). Serialised (for QA's `tamaru-qa app`) as
/// `{"screen": "first_launch"}`, `{"screen": "signed_in", "member_id", "login_id"}`, ….
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "screen", rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum StartScreen {
    /// A new install: welcome, sign up, or "I already have an account (changed phones)".
    FirstLaunch,
    /// A signed-out member on a known install: the log-in screen.
    SignedOut,
    /// Another device signed in beyond the cap and this one was signed out: explain, then log in.
    SignedOutElsewhere,
    /// A member with a session on this install: home.
    SignedIn { member_id: String, login_id: String },
}

/// The core as one app sees it. Capabilities hang off it as services sharing one context
/// (`account()`, `cards()`, `points()`, `mail()`, …), each in its own module. Cheap to clone: clones
/// share one context (the screens of [`crate::screens`] each hold one).
#[derive(Clone)]
pub struct MemberApp {
    ctx: Arc<Context>,
}

impl MemberApp {
    /// Builds the app's core. Refuses a base URL that would send passwords in clear text.
    /// A session or cache left by an earlier install (the data directory is new but the
    /// secure store is not) is wiped here, before anything can use it.
    pub fn new(config: AppConfig) -> Result<Self, TamaruError> {
        // A profile built as a record by the app (over the FFI) has not been through the
        // loader's checks; an empty data directory would put the cache in the working directory.
        config.profile.validate()?;
        if config.data_dir.as_os_str().is_empty() {
            return Err(TamaruError::InvalidConfig {
                detail: "the data directory is empty".to_owned(),
            });
        }
        let api = ApiClient::with_transport(&config.base_url, &config.transport)?
            .with_retry_policy(config.retry.clone());
        let (install_id, _created) = install::load_or_create(&config.data_dir)?;
        let session = SessionManager::new(
            api.clone(),
            config.secure_store.clone(),
            &config.profile.id,
            install_id,
        );
        session.load()?;
        let storage = Storage::open(&config.data_dir)?;
        let ctx = Context {
            profile: config.profile,
            api,
            session,
            clock: config.clock,
            data_dir: config.data_dir,
            storage,
            platform: config.platform,
            language: config.language,
            mail_outbox: tokio::sync::Mutex::new(()),
        };
        Ok(Self { ctx: Arc::new(ctx) })
    }

    pub fn profile(&self) -> &Arc<Profile> {
        &self.ctx.profile
    }

    /// The language the screens word everything in (from [`AppConfig::language`]).
    pub fn language(&self) -> Language {
        self.ctx.language
    }

    /// The platform the app runs on (`AppConfig::platform`; `None`: not a phone app).
    pub fn platform(&self) -> Option<crate::profile::Platform> {
        self.ctx.platform
    }

    /// The member's account (SPEC §2): offline checks of what they type, sign-up, log-in,
    /// log-out, details, password change and reset, withdrawal.
    pub fn account(&self) -> Account {
        Account {
            ctx: self.ctx.clone(),
        }
    }

    /// Writes sent whose outcome is not known yet (their answer was lost), oldest first:
    /// kept on the phone with their idempotency keys, across restarts (`pending.rs`).
    pub fn pending_writes(&self) -> Result<Vec<crate::pending::PendingWrite>, TamaruError> {
        Ok(crate::pending::list(&self.ctx)?)
    }

    /// Asks the server what became of every pending write (after a restart, or when the
    /// network is back); each known one leaves the list. Sends none of them again.
    pub async fn resolve_pending_writes(
        &self,
    ) -> Result<Vec<crate::pending::ResolvedWrite>, TamaruError> {
        Ok(crate::pending::resolve_all(&self.ctx).await?)
    }

    /// Whether a session is held on this install (no request).
    pub fn is_signed_in(&self) -> Result<bool, TamaruError> {
        Ok(self.ctx.session.load()?.is_some())
    }

    /// The first screen to show.
    pub fn start_screen(&self) -> Result<StartScreen, TamaruError> {
        if let Some(session) = self.ctx.session.load()? {
            return Ok(StartScreen::SignedIn {
                member_id: session.member_id,
                login_id: session.login_id,
            });
        }
        Ok(match self.ctx.session.ended() {
            Some(EndReason::SignedInElsewhere) => StartScreen::SignedOutElsewhere,
            None if !install::member_seen(&self.ctx.data_dir) => StartScreen::FirstLaunch,
            None => StartScreen::SignedOut,
        })
    }

    /// Registered point cards (SPEC §4).
    pub fn cards(&self) -> Cards {
        Cards {
            ctx: self.ctx.clone(),
        }
    }

    /// Balance, history and expiry (SPEC §5).
    pub fn points(&self) -> Points {
        Points {
            ctx: self.ctx.clone(),
        }
    }

    /// Mail settings (SPEC §6).
    pub fn mail(&self) -> Mail {
        Mail {
            ctx: self.ctx.clone(),
        }
    }

    /// Member codes: the one-time code to show (offline), its countdown and refresh, and
    /// the rendered barcode (SPEC §1, §7).
    pub fn member_code(&self) -> crate::barcode::MemberCodes {
        crate::barcode::MemberCodes::new(self.ctx.clone())
    }

    /// The clock the core uses (tests move it).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ctx.clock.now()
    }
}
