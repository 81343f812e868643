//! # tamaru-sandbox
//!
//! The sandbox backend: the member API the core speaks (see `CONTRACT.md` beside this crate),
//! served on 127.0.0.1 only, with its data in SQLite (a file, or in memory for tests).
//!
//! One sandbox serves every program under its own path: `http://127.0.0.1:PORT/wester/` and
//! `http://127.0.0.1:PORT/waon/` are separate member bases. `/admin/…` lets tests and QA move
//! the sandbox's clock, read its mailbox and its counters.

mod clock;
mod db;
mod error;
mod programs;
mod routes;
mod state;
mod tokens;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use routes::cards::{
    AccountCards, AccountHolder, CardAdmin, CardStats, Holder, IssueCard, IssuedCard,
    RegistrationRow,
};
pub use routes::faults::{FaultKind, FaultPlan, FaultStats, FaultTarget};
pub use routes::idempotency::IdempotencyStats;
pub use routes::mail::{MailAdmin, MailFaults};
pub use routes::points::{
    ExpiryBucket, PointBalance, PointEntry, PointLedger, PointSyncStats, PointsAdmin,
};
pub use state::Stats;

/// How the sandbox behaves. The defaults are the SPEC's reference values.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The SQLite file; `None` keeps everything in memory.
    pub db_path: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Access-token lifetime.
    pub access_ttl_seconds: i64,
    /// Refresh-token lifetime.
    pub refresh_ttl_seconds: i64,
    /// Failed logins in a row that lock the account (SPEC §2.2, reference 5); also wrong
    /// PINs in a row that lock a card's registration (`pin_locked`).
    pub lockout_threshold: u32,
    /// How long a lock lasts.
    pub lockout_seconds: i64,
    /// Active devices per account before the oldest is signed out (SPEC §3, reference 3).
    pub device_cap: u32,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            db_path: None,
            port: 0,
            access_ttl_seconds: 15 * 60,
            refresh_ttl_seconds: 30 * 24 * 60 * 60,
            lockout_threshold: 5,
            lockout_seconds: 15 * 60,
            device_cap: 3,
        }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    state: Arc<state::AppState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot bind 127.0.0.1: {0}")]
    Bind(#[from] std::io::Error),
    #[error("cannot open the database: {0}")]
    Db(#[from] rusqlite::Error),
}

impl Sandbox {
    /// Starts the sandbox on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, StartError> {
        let conn = db::open(config.db_path.as_deref())?;
        let state = Arc::new(state::AppState::new(conn, config.clone()));
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = routes::router(state.clone());
        tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "sandbox server stopped");
            }
        });
        tracing::info!(%addr, "sandbox listening");
        Ok(Sandbox {
            addr,
            state,
            shutdown: Some(tx),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The member API base for one program, e.g. `http://127.0.0.1:PORT/wester/`.
    pub fn program_url(&self, program: &str) -> String {
        format!("http://{}/{program}/", self.addr)
    }

    /// Registers a program from its profile (the core's profile as JSON) so that the sandbox
    /// serves it at [`program_url`](Self::program_url) like the shipped ones, with no
    /// program-specific code; returns its ID, or why it cannot be served (naming the field).
    /// See `programs.rs` and `CONTRACT.md` ("Programs registered at run time").
    pub fn register_program(&self, profile: &serde_json::Value) -> Result<String, String> {
        programs::register(profile).map(str::to_owned)
    }

    /// Registers a program from its profile's TOML text (see
    /// [`register_program`](Self::register_program)).
    pub fn register_program_toml(&self, text: &str) -> Result<String, String> {
        let value: serde_json::Value = toml::from_str(text).map_err(|e| format!("toml: {e}"))?;
        self.register_program(&value)
    }

    /// The sandbox's time now (real time plus however far tests moved it).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }

    /// Points an account still holds in its lots, whatever its status (a withdrawn account
    /// included: withdrawal must leave none).
    pub fn held_points(&self, program: &str, login_id: &str) -> i64 {
        self.state
            .db()
            .query_row(
                "SELECT COALESCE(SUM(l.remaining), 0) FROM point_lots l
                 JOIN accounts a ON a.id = l.account_id WHERE a.program = ?1 AND a.login_id = ?2",
                (program, login_id.to_lowercase()),
                |r| r.get(0),
            )
            .unwrap_or(-1)
    }

    /// Moves the sandbox's clock forward (token expiry, lockout, codes).
    pub fn advance_clock(&self, seconds: i64) {
        self.state.clock.advance(seconds);
    }

    /// Stops the sandbox's clock on the current whole second; from then on only
    /// [`advance_clock`](Self::advance_clock) moves it (tests that probe a boundary).
    pub fn freeze_clock(&self) {
        self.state.clock.freeze();
    }

    /// Counters (refreshes, logins) for tests.
    pub fn stats(&self) -> Stats {
        self.state.stats()
    }

    /// Links or unlinks a `wester` account to the external member ID; false if no such account.
    pub fn set_external_link(&self, program: &str, login_id: &str, linked: bool) -> bool {
        let status = if linked { "linked" } else { "unlinked" };
        routes::admin::set_account_field(
            &self.state,
            program,
            login_id,
            routes::admin::AccountField::ExternalId,
            status,
        )
        .is_ok()
    }

    /// Mail "sent" to an address, oldest first.
    pub fn mailbox(&self, address: &str) -> Vec<Mail> {
        self.state.mailbox(address)
    }

    /// The point ledger's test controls: award, spend, adjust, merge, read a ledger, set the
    /// sandbox's Japan date, link an account or set its login kind.
    pub fn points(&self) -> PointsAdmin<'_> {
        PointsAdmin { state: &self.state }
    }

    /// One member's mail settings and counters (applied changes, replays), by member ID;
    /// `None` for an unknown member.
    pub fn mail_admin(&self, member_id: &str) -> Option<MailAdmin> {
        routes::mail::admin_state(&self.state, member_id).ok()
    }

    /// Changes mail settings as the member would on the web or another phone. Returns
    /// whether the member exists.
    pub fn change_mail_elsewhere(
        &self,
        member_id: &str,
        newsletter: Option<bool>,
        postal: Option<bool>,
    ) -> bool {
        routes::mail::change_elsewhere(&self.state, member_id, newsletter, postal).is_ok()
    }

    /// Sets the fault switches of one member's mail endpoints (503, dropped answers).
    /// Returns whether the member exists.
    pub fn set_mail_faults(&self, member_id: &str, faults: MailFaults) -> bool {
        routes::mail::set_faults(&self.state, member_id, faults).is_ok()
    }

    /// Replaces the fault plan (`FaultPlan::default()` switches every fault off); the same
    /// as `POST /admin/faults`. Admin endpoints are never faulted.
    pub fn set_faults(&self, plan: FaultPlan) {
        let skew = self.state.faults.set(plan);
        self.state.clock.advance(skew);
    }

    /// Faults the next `count` requests whose path ends with `path` (any method).
    pub fn fault_next(&self, path: &str, kind: FaultKind, count: u32) {
        self.state.faults.add_target(FaultTarget {
            path: path.to_owned(),
            method: None,
            kind,
            count,
        });
    }

    /// What the fault layer did so far.
    pub fn fault_stats(&self) -> FaultStats {
        self.state.faults.stats()
    }

    /// Counters of the shared idempotency store (writes applied once, repeats replayed).
    pub fn idempotency_stats(&self) -> IdempotencyStats {
        routes::idempotency::stats(&self.state)
    }

    /// The card registry and registrations: issue cards in any state, reissue or lapse them,
    /// set an account's personal details, drop answers, read counters (SPEC §4).
    pub fn cards(&self) -> CardAdmin<'_> {
        CardAdmin::new(&self.state)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// One mail the sandbox "sent".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub sent_at: String,
}
