//! Shared state of the running sandbox.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::clock::SandboxClock;
use crate::{Mail, SandboxConfig};

/// Counters tests read to prove behaviour (e.g. exactly one refresh).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub refreshes: u64,
    pub logins: u64,
    pub failed_logins: u64,
}

pub struct AppState {
    db: Mutex<Connection>,
    pub config: SandboxConfig,
    pub clock: SandboxClock,
    /// The fault layer's plan and counters (`routes::faults`).
    pub faults: crate::routes::faults::Faults,
    refreshes: AtomicU64,
    logins: AtomicU64,
    failed_logins: AtomicU64,
}

impl AppState {
    pub fn new(conn: Connection, config: SandboxConfig) -> Self {
        Self {
            db: Mutex::new(conn),
            config,
            clock: SandboxClock::default(),
            faults: Default::default(),
            refreshes: AtomicU64::new(0),
            logins: AtomicU64::new(0),
            failed_logins: AtomicU64::new(0),
        }
    }

    /// The database; handlers hold it only for their few statements.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn count_refresh(&self) {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
    }
    pub fn count_login(&self, ok: bool) {
        if ok {
            &self.logins
        } else {
            &self.failed_logins
        }
        .fetch_add(1, Ordering::SeqCst);
    }

    pub fn stats(&self) -> Stats {
        Stats {
            refreshes: self.refreshes.load(Ordering::SeqCst),
            logins: self.logins.load(Ordering::SeqCst),
            failed_logins: self.failed_logins.load(Ordering::SeqCst),
        }
    }

    /// Keeps a mail in the mailbox instead of sending it.
    pub fn send_mail(&self, to: &str, subject: &str, body: &str) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO mails (address, subject, body, sent_at) VALUES (?1, ?2, ?3, ?4)",
            (
                to.to_lowercase(),
                subject,
                body,
                self.clock.now().to_rfc3339(),
            ),
        )?;
        Ok(())
    }

    pub fn mailbox(&self, address: &str) -> Vec<Mail> {
        let db = self.db();
        let Ok(mut stmt) = db.prepare(
            "SELECT address, subject, body, sent_at FROM mails WHERE address = ?1 ORDER BY id",
        ) else {
            return Vec::new();
        };
        stmt.query_map([address.to_lowercase()], |r| {
            Ok(Mail {
                to: r.get(0)?,
                subject: r.get(1)?,
                body: r.get(2)?,
                sent_at: r.get(3)?,
            })
        })
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
    }
}
