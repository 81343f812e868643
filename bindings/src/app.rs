//! [`MemberApp`]: the object each app holds, a public object over the core's inner one.

use std::sync::Arc;

use tamaru_core::app::{AppConfig, MemberApp as CoreApp, StartScreen};
use tamaru_core::error::TamaruError;
use tamaru_core::http::tls::TransportSecurity;
use tamaru_core::pending::{PendingWrite, ResolvedWrite};
use tamaru_core::profile::{Platform, Profile};
use tamaru_core::screens::Language;

use crate::store::{ForeignStore, SecureStore};
use crate::{Cards, Mail, Points};

/// What a member app sets once at start, beside where it talks and keeps its data
/// ([`MemberApp::with_options`]).
#[derive(uniffi::Record)]
pub struct AppOptions {
    /// The platform the app runs on: card types the profile limits to another platform are
    /// refused with `NotOnThisPlatform`. `None`: not a phone app (tests, QA).
    pub platform: Option<Platform>,
    /// The member's language for every sentence the screens word.
    pub language: Language,
    /// Extra trusted roots and SPKI pins (empty lists: the public web roots, no pins).
    pub transport: TransportSecurity,
}

/// The core for one program. Build it once, off the main thread (loading the library costs
/// 100-600 ms on Android), and keep it for the app's life.
#[derive(uniffi::Object)]
pub struct MemberApp {
    pub(crate) inner: CoreApp,
}

#[uniffi::export(async_runtime = "tokio")]
impl MemberApp {
    /// `base_url` must be `https://`, or `http://` on a loopback address (the sandbox).
    /// `data_dir` is the app's private files directory.
    #[uniffi::constructor]
    pub fn new(
        profile: Profile,
        base_url: String,
        data_dir: String,
        secure_store: Arc<dyn SecureStore>,
    ) -> Result<Arc<Self>, TamaruError> {
        crate::guard::sync(move || {
            let config = AppConfig::new(
                Arc::new(profile),
                base_url,
                data_dir,
                Arc::new(ForeignStore(secure_store)),
            );
            Ok(Arc::new(Self {
                inner: CoreApp::new(config)?,
            }))
        })
    }

    /// The constructor a member app calls: everything it sets once at start (platform,
    /// language, transport) in one record, so no setting needs a constructor of its own.
    #[uniffi::constructor]
    pub fn with_options(
        profile: Profile,
        base_url: String,
        data_dir: String,
        secure_store: Arc<dyn SecureStore>,
        options: AppOptions,
    ) -> Result<Arc<Self>, TamaruError> {
        let mut config = AppConfig::new(
            Arc::new(profile),
            base_url,
            data_dir,
            Arc::new(ForeignStore(secure_store)),
        )
        .with_language(options.language)
        .with_transport(options.transport);
        config.platform = options.platform;
        Self::open(config)
    }

    /// As [`new`](Self::new), for an app on `platform` (Android or iOS): card types the
    /// profile limits to other platforms are refused with `NotOnThisPlatform`, which says
    /// where they can be linked.
    #[uniffi::constructor]
    pub fn new_on_platform(
        profile: Profile,
        base_url: String,
        data_dir: String,
        secure_store: Arc<dyn SecureStore>,
        platform: tamaru_core::profile::Platform,
    ) -> Result<Arc<Self>, TamaruError> {
        let config = AppConfig::new(
            Arc::new(profile),
            base_url,
            data_dir,
            Arc::new(ForeignStore(secure_store)),
        )
        .on_platform(platform);
        Self::open(config)
    }

    /// Like `new`, with extra trusted root certificates and SPKI pins for the program's
    /// own endpoints (private deployments, tests against a self-signed server).
    #[uniffi::constructor]
    pub fn with_transport(
        profile: Profile,
        base_url: String,
        data_dir: String,
        secure_store: Arc<dyn SecureStore>,
        transport: TransportSecurity,
    ) -> Result<Arc<Self>, TamaruError> {
        crate::guard::sync(move || {
            let config = AppConfig::new(
                Arc::new(profile),
                base_url,
                data_dir,
                Arc::new(ForeignStore(secure_store)),
            )
            .with_transport(transport);
            Ok(Arc::new(Self {
                inner: CoreApp::new(config)?,
            }))
        })
    }

    pub fn profile(&self) -> Profile {
        (**self.inner.profile()).clone()
    }

    /// The member-facing text of `error`, in the language chosen once in `AppOptions`.
    pub fn error_message(&self, error: TamaruError) -> String {
        error.message(self.inner.language())
    }

    /// The member's account: offline checks, sign-up, log-in, log-out, details, password
    /// change and reset, withdrawal.
    pub fn account(&self) -> Arc<crate::Account> {
        Arc::new(crate::Account {
            inner: self.inner.account(),
        })
    }

    pub fn start_screen(&self) -> Result<StartScreen, TamaruError> {
        crate::guard::sync(move || self.inner.start_screen())
    }

    pub fn is_signed_in(&self) -> Result<bool, TamaruError> {
        crate::guard::sync(move || self.inner.is_signed_in())
    }

    /// Writes whose answer was lost, kept with their idempotency keys until their outcome
    /// is known (also across restarts). Show them as "checking" rather than as failed.
    pub fn pending_writes(&self) -> Result<Vec<PendingWrite>, TamaruError> {
        crate::guard::sync(move || self.inner.pending_writes())
    }

    /// Asks the server what became of each pending write (at start, when the network is
    /// back); sends none of them again. `outcome`: `applied`, `refused`, `not_applied` or
    /// `unknown` (still no answer: it stays pending).
    pub async fn resolve_pending_writes(&self) -> Result<Vec<ResolvedWrite>, TamaruError> {
        crate::guard::run(async move { self.inner.resolve_pending_writes().await }).await
    }

    pub fn cards(&self) -> Arc<Cards> {
        Arc::new(Cards {
            inner: self.inner.cards(),
        })
    }

    pub fn points(&self) -> Arc<Points> {
        Arc::new(Points {
            inner: self.inner.points(),
        })
    }

    pub fn mail(&self) -> Arc<Mail> {
        Arc::new(Mail {
            inner: self.inner.mail(),
        })
    }

    /// Member codes: the one-time code to show (offline), its session and rendering.
    pub fn member_code(&self) -> Arc<crate::MemberCodes> {
        Arc::new(crate::MemberCodes {
            inner: self.inner.member_code(),
        })
    }
}

/// The member-facing text of an error in `language`, for an error met before a
/// [`MemberApp`] exists (its constructors' `InvalidConfig`, `Storage`, `SecureStore`); once
/// there is one, [`MemberApp::error_message`] words it in the language the app chose.
#[uniffi::export]
pub fn error_message(error: TamaruError, language: Language) -> String {
    error.message(language)
}

/// The stable code of an error (`wrong_password`, `account_locked`, …).
#[uniffi::export]
pub fn error_code(error: TamaruError) -> String {
    error.code().to_owned()
}

impl MemberApp {
    /// Every constructor ends here: the core built under the panic guard.
    pub(crate) fn open(config: AppConfig) -> Result<Arc<Self>, TamaruError> {
        crate::guard::sync(move || {
            Ok(Arc::new(Self {
                inner: CoreApp::new(config)?,
            }))
        })
    }
}
