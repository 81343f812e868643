//! What every capability's service shares: the injected outside world and the session.

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::Clock;
use crate::http::ApiClient;
use crate::login::session::SessionManager;
use crate::profile::Profile;
use crate::screens::Language;
use crate::storage::Storage;

pub(crate) struct Context {
    pub profile: Arc<Profile>,
    pub api: ApiClient,
    pub session: SessionManager,
    pub clock: Arc<dyn Clock>,
    pub data_dir: PathBuf,
    pub storage: Storage,
    /// The platform the app runs on (`AppConfig::platform`).
    pub platform: Option<crate::profile::Platform>,
    /// The member's language for the screens' sentences (`AppConfig::language`).
    pub language: Language,
    /// Turns for sending the mail outbox: `app.mail()` hands out a new `Mail` each time,
    /// and two syncs at once would only send the same requests twice (harmless with
    /// idempotency keys, but wasteful). Per app, not a process-wide table keyed by the
    /// database file: state of one app lives in its context (two apps in one process, as
    /// in tests and QA, are two phones).
    pub mail_outbox: tokio::sync::Mutex<()>,
}
