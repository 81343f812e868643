//! The on-device store: one SQLite file in the app's data directory (rusqlite, bundled
//! SQLite, WAL), with versioned migrations that each capability declares beside its code.
//!
//! It holds caches and queued changes, never a token, password or device secret (those live
//! in the secure store only). Withdrawal and a reinstall's stale data wipe it whole.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

mod error;

pub use error::StorageError;

/// One schema step. `id` is unique across the core (prefix it with the capability).
pub struct Migration {
    pub id: &'static str,
    pub sql: &'static str,
}

/// Every capability's migrations, applied in this order; a migration, once shipped, is
/// never edited: add a new one.
fn all_migrations() -> Vec<&'static [Migration]> {
    vec![
        crate::mail::store::MIGRATIONS,
        crate::points::cache::MIGRATIONS,
        crate::cards::cache::MIGRATIONS,
        crate::barcode::store::MIGRATIONS,
        crate::pending::MIGRATIONS,
    ]
}

pub const DB_FILE: &str = "tamaru.db";

/// Tables whose rows survive a log-out: writes the member made that are still queued for
/// the server (SPEC §6: a mail setting changed offline is never lost), each row naming its
/// member so no one else sends it. They hold choices and idempotency keys, never a value the
/// member typed or was sent (a card number, PIN, code or e-mail address). Withdrawal
/// wipes them too.
pub const KEPT_ON_LOG_OUT: &[&str] = &["mail_outbox"];

pub struct Storage {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl Storage {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Storage, StorageError> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(DB_FILE);
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // A deleted row's bytes are overwritten with zeros, not left in free pages where a
        // copy of the file would still show a member's card number after log-out.
        conn.pragma_update(None, "secure_delete", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        Ok(Storage {
            path,
            conn: Mutex::new(conn),
        })
    }

    /// The connection, for a capability's few statements at a time.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes every member's row in every table (log-out, withdrawal), keeping the schema,
    /// so that no byte of what the member typed or was sent is left in any file: rows are
    /// deleted with `secure_delete` on, the WAL is checkpointed and truncated (its frames
    /// hold old page images), the file is rebuilt by `VACUUM` (free pages gone), and the
    /// WAL that `VACUUM` wrote through is truncated again.
    pub fn wipe(&self) -> Result<(), StorageError> {
        self.wipe_except(&[])
    }

    /// [`wipe`](Self::wipe), keeping the rows of the tables named in `kept`.
    pub fn wipe_except(&self, kept: &[&str]) -> Result<(), StorageError> {
        let conn = self.conn();
        let tables: Vec<String> = {
            let mut stmt = conn.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                     AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let tx = conn.unchecked_transaction()?;
        for table in tables.iter().filter(|t| !kept.contains(&t.as_str())) {
            tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        tx.commit()?;
        conn.execute_batch(
            "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(())
    }
}

fn migrate(conn: &Connection) -> Result<(), StorageError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        ?;
    for list in all_migrations() {
        for migration in list {
            let done: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE id = ?1)",
                [migration.id],
                |r| r.get(0),
            )?;
            if done {
                continue;
            }
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(migration.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (id, applied_at) VALUES (?1, datetime('now'))",
                [migration.id],
            )?;
            tx.commit()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_migrates_once_and_wipes() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let storage = Storage::open(&dir).expect("open");
        let applied: i64 = storage
            .conn()
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
            .expect("count");
        drop(storage);
        let again = Storage::open(&dir).expect("reopen");
        let applied_again: i64 = again
            .conn()
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
            .expect("count");
        assert_eq!(applied, applied_again, "migrations run once");
        again.wipe().expect("wipe");
    }
}
