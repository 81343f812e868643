//! On-device tables of mail settings: the outbox of changes waiting to be sent, and the
//! settings as last seen from the server.
//!
//! The outbox is what makes an offline change safe (SPEC §6: "never lost, never applied
//! twice"):
//! - a change is written here first, with an idempotency key made when it is queued; the
//!   key never changes once the change has been sent, so every retry (also after the app was
//!   killed) is the same request and the server applies it once;
//! - an attempt is counted here *before* the request goes out, so a change that may have
//!   reached the server is never edited again (the count is taken back only when no
//!   connection could even be made); a later choice for the same setting becomes
//!   a new entry sent after it ("chained": its base revision is whatever the earlier one
//!   produced, filled in when that one is confirmed);
//! - a change never sent yet takes the member's newer choice for the same setting in place
//!   (toggling off and on again offline sends one request, with the latest choice);
//! - entries belong to the member who made them: another member signing in on the phone
//!   never sends them, and they wait for their member's next log-in.

use rusqlite::{Connection, OptionalExtension};

use super::api::ServerSettings;
use super::types::MailSetting;
use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[Migration {
    id: "mail_0001_outbox_and_settings",
    sql: "
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id TEXT NOT NULL,
    setting TEXT NOT NULL,
    value INTEGER NOT NULL,
    base_rev INTEGER,
    chained INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL UNIQUE,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_error TEXT
);
CREATE INDEX mail_outbox_member ON mail_outbox (member_id, id);
CREATE TABLE mail_settings (
    member_id TEXT PRIMARY KEY,
    newsletter INTEGER,
    newsletter_rev INTEGER,
    postal INTEGER,
    postal_rev INTEGER,
    email TEXT,
    server_updated_at TEXT,
    synced_at TEXT
);
",
}];

/// One queued change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueuedChange {
    pub id: i64,
    pub setting: MailSetting,
    pub on: bool,
    /// The setting's server revision the member's view was based on (`None`: never seen).
    pub base_rev: Option<i64>,
    /// Queued on top of an earlier change of the same setting that was already sent.
    pub chained: bool,
    pub key: String,
    pub attempts: u32,
}

/// How a change went into the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Queued {
    /// A new entry with a new idempotency key.
    New,
    /// The member's newer choice replaced an entry never sent yet (its key kept).
    Replaced,
}

/// The phone's copy of one member's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CachedSettings {
    pub newsletter: Option<(bool, i64)>,
    pub postal: Option<(bool, i64)>,
    pub email: Option<String>,
    pub synced_at: Option<String>,
}

impl CachedSettings {
    /// (value, revision) as last seen.
    pub fn get(&self, setting: MailSetting) -> Option<(bool, i64)> {
        match setting {
            MailSetting::Newsletter => self.newsletter,
            MailSetting::Postal => self.postal,
        }
    }
}

fn change_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueuedChange> {
    let setting: String = r.get(1)?;
    Ok(QueuedChange {
        id: r.get(0)?,
        // Only this module writes the column, always from `MailSetting::as_str`.
        setting: MailSetting::parse(&setting).unwrap_or(MailSetting::Newsletter),
        on: r.get(2)?,
        base_rev: r.get(3)?,
        chained: r.get(4)?,
        key: r.get(5)?,
        attempts: r.get(6)?,
    })
}

const CHANGE_COLUMNS: &str = "id, setting, value, base_rev, chained, idempotency_key, attempts";

/// Puts the member's choice in the outbox. `key` is used only if a new entry is made.
pub(crate) fn queue(
    conn: &Connection,
    member_id: &str,
    setting: MailSetting,
    on: bool,
    key: &str,
    now: &str,
) -> Result<Queued, rusqlite::Error> {
    let tx = conn.unchecked_transaction()?;
    let last: Option<QueuedChange> = tx
        .query_row(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM mail_outbox WHERE member_id = ?1 AND setting = ?2
                 ORDER BY id DESC LIMIT 1"
            ),
            (member_id, setting.as_str()),
            change_from_row,
        )
        .optional()?;
    let queued = match last {
        Some(last) if last.attempts == 0 => {
            tx.execute(
                "UPDATE mail_outbox SET value = ?2, queued_at = ?3 WHERE id = ?1",
                (last.id, on, now),
            )?;
            Queued::Replaced
        }
        Some(_) => {
            tx.execute(
                "INSERT INTO mail_outbox (member_id, setting, value, base_rev, chained, idempotency_key, queued_at)
                 VALUES (?1, ?2, ?3, NULL, 1, ?4, ?5)",
                (member_id, setting.as_str(), on, key, now),
            )
            ?;
            Queued::New
        }
        None => {
            let base_rev = cached_in(&tx, member_id)?.get(setting).map(|(_, rev)| rev);
            tx.execute(
                "INSERT INTO mail_outbox (member_id, setting, value, base_rev, chained, idempotency_key, queued_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
                (member_id, setting.as_str(), on, base_rev, key, now),
            )
            ?;
            Queued::New
        }
    };
    tx.commit()?;
    Ok(queued)
}

/// The member's queued changes, oldest first.
pub(crate) fn pending(
    conn: &Connection,
    member_id: &str,
) -> Result<Vec<QueuedChange>, rusqlite::Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CHANGE_COLUMNS} FROM mail_outbox WHERE member_id = ?1 ORDER BY id"
    ))?;
    stmt.query_map([member_id], change_from_row)?
        .collect::<Result<_, _>>()
}

/// The oldest queued change, the one to send next.
pub(crate) fn next_pending(
    conn: &Connection,
    member_id: &str,
) -> Result<Option<QueuedChange>, rusqlite::Error> {
    conn.query_row(
        &format!(
            "SELECT {CHANGE_COLUMNS} FROM mail_outbox WHERE member_id = ?1 ORDER BY id LIMIT 1"
        ),
        [member_id],
        change_from_row,
    )
    .optional()
}

/// Counts an attempt before the request goes out: from now on the entry is never edited.
pub(crate) fn mark_attempt(conn: &Connection, id: i64, now: &str) -> Result<(), rusqlite::Error> {
    conn.execute(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_attempt_at = ?2 WHERE id = ?1",
        (id, now),
    )?;
    Ok(())
}

/// Takes back an attempt that provably never left the phone (no connection could be made),
/// so the entry may take the member's newer choice again.
pub(crate) fn unmark_attempt(conn: &Connection, id: i64) -> Result<(), rusqlite::Error> {
    conn.execute(
        "UPDATE mail_outbox SET attempts = attempts - 1 WHERE id = ?1 AND attempts > 0",
        [id],
    )?;
    Ok(())
}

/// Remembers why the last attempt did not get through (an error code, never a secret).
pub(crate) fn note_error(conn: &Connection, id: i64, code: &str) -> Result<(), rusqlite::Error> {
    conn.execute(
        "UPDATE mail_outbox SET last_error = ?2 WHERE id = ?1",
        (id, code),
    )?;
    Ok(())
}

/// Takes a change off the queue: confirmed by the server (`new_rev` = the setting's
/// revision it produced) or refused for good (`None`). The next change of the same setting
/// that was chained onto it gets its base revision now.
pub(crate) fn finish(
    conn: &Connection,
    member_id: &str,
    change: &QueuedChange,
    new_rev: Option<i64>,
) -> Result<(), rusqlite::Error> {
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM mail_outbox WHERE id = ?1", [change.id])?;
    let base = match new_rev {
        Some(rev) => Some(rev),
        None => cached_in(&tx, member_id)?
            .get(change.setting)
            .map(|(_, rev)| rev),
    };
    tx.execute(
        "UPDATE mail_outbox SET base_rev = ?3, chained = 0
         WHERE id = (SELECT MIN(id) FROM mail_outbox
                     WHERE member_id = ?1 AND setting = ?2 AND chained = 1)",
        (member_id, change.setting.as_str(), base),
    )?;
    tx.commit()?;
    Ok(())
}

fn cached_in(conn: &Connection, member_id: &str) -> Result<CachedSettings, rusqlite::Error> {
    let row = conn
        .query_row(
            "SELECT newsletter, newsletter_rev, postal, postal_rev, email, synced_at
             FROM mail_settings WHERE member_id = ?1",
            [member_id],
            |r| {
                let pair = |v: Option<bool>, rev: Option<i64>| v.map(|v| (v, rev.unwrap_or(0)));
                Ok(CachedSettings {
                    newsletter: pair(r.get(0)?, r.get(1)?),
                    postal: pair(r.get(2)?, r.get(3)?),
                    email: r.get(4)?,
                    synced_at: r.get(5)?,
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// The phone's copy of the member's settings.
pub(crate) fn cached(
    conn: &Connection,
    member_id: &str,
) -> Result<CachedSettings, rusqlite::Error> {
    cached_in(conn, member_id)
}

/// Keeps what the server reported. A setting is only moved forward: an answer replayed from
/// an earlier request (its revision older than the copy) does not undo a newer value.
pub(crate) fn save_server_settings(
    conn: &Connection,
    member_id: &str,
    server: &ServerSettings,
    now: &str,
) -> Result<(), rusqlite::Error> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT OR IGNORE INTO mail_settings (member_id) VALUES (?1)",
        [member_id],
    )?;
    for setting in MailSetting::ALL {
        let (on, rev) = server.get(setting);
        let name = setting.as_str();
        tx.execute(
            &format!(
                "UPDATE mail_settings SET {name} = ?2, {name}_rev = ?3
                 WHERE member_id = ?1 AND ({name}_rev IS NULL OR {name}_rev <= ?3)"
            ),
            (member_id, on, rev),
        )?;
    }
    tx.execute(
        "UPDATE mail_settings SET synced_at = ?2,
             server_updated_at = COALESCE(?3, server_updated_at)
         WHERE member_id = ?1",
        (member_id, now, server.updated_at.as_deref()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Keeps the registered address as the server reported it.
pub(crate) fn save_email(
    conn: &Connection,
    member_id: &str,
    email: Option<&str>,
) -> Result<(), rusqlite::Error> {
    conn.execute(
        "INSERT INTO mail_settings (member_id, email) VALUES (?1, ?2)
         ON CONFLICT (member_id) DO UPDATE SET email = excluded.email",
        (member_id, email),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Storage;

    /// A storage in a temporary directory, removed when the guard goes.
    fn storage() -> (Storage, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        (Storage::open(dir.path()).expect("open"), dir)
    }

    const NOW: &str = "2026-05-01T00:00:00+00:00";

    fn server(newsletter: bool, n_rev: i64, postal: bool, p_rev: i64) -> ServerSettings {
        ServerSettings {
            newsletter,
            newsletter_rev: n_rev,
            postal,
            postal_rev: p_rev,
            updated_at: None,
        }
    }

    #[test]
    fn a_change_never_sent_takes_the_newer_choice_and_keeps_its_key() {
        let (s, _dir) = storage();
        let conn = s.conn();
        save_server_settings(&conn, "m1", &server(true, 3, true, 0), NOW).unwrap();
        let q = queue(&conn, "m1", MailSetting::Newsletter, false, "key-1", NOW).unwrap();
        assert_eq!(q, Queued::New);
        let q = queue(&conn, "m1", MailSetting::Newsletter, true, "key-2", NOW).unwrap();
        assert_eq!(q, Queued::Replaced);
        let all = pending(&conn, "m1").unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].key, "key-1");
        assert!(all[0].on);
        assert_eq!(all[0].base_rev, Some(3), "based on the revision last seen");
        drop(conn);
    }

    #[test]
    fn a_change_already_sent_is_never_edited_and_the_next_one_chains_onto_it() {
        let (s, _dir) = storage();
        let conn = s.conn();
        save_server_settings(&conn, "m1", &server(true, 3, true, 0), NOW).unwrap();
        queue(&conn, "m1", MailSetting::Newsletter, false, "key-1", NOW).unwrap();
        let first = next_pending(&conn, "m1").unwrap().unwrap();
        mark_attempt(&conn, first.id, NOW).unwrap();
        let q = queue(&conn, "m1", MailSetting::Newsletter, true, "key-2", NOW).unwrap();
        assert_eq!(q, Queued::New);
        let all = pending(&conn, "m1").unwrap();
        assert_eq!(all.len(), 2);
        assert!(!all[0].on && all[0].key == "key-1" && all[0].attempts == 1);
        assert!(all[1].on && all[1].chained && all[1].base_rev.is_none());

        // The first is confirmed at revision 7: the second is based on it.
        finish(&conn, "m1", &all[0], Some(7)).unwrap();
        let rest = pending(&conn, "m1").unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].base_rev, Some(7));
        assert!(!rest[0].chained);
        drop(conn);
    }

    #[test]
    fn a_refused_change_hands_the_cached_revision_to_the_chained_one() {
        let (s, _dir) = storage();
        let conn = s.conn();
        save_server_settings(&conn, "m1", &server(true, 4, true, 2), NOW).unwrap();
        queue(&conn, "m1", MailSetting::Postal, false, "key-1", NOW).unwrap();
        let first = next_pending(&conn, "m1").unwrap().unwrap();
        mark_attempt(&conn, first.id, NOW).unwrap();
        queue(&conn, "m1", MailSetting::Postal, true, "key-2", NOW).unwrap();
        finish(&conn, "m1", &first, None).unwrap();
        let rest = pending(&conn, "m1").unwrap();
        assert_eq!(rest[0].base_rev, Some(2));
        drop(conn);
    }

    #[test]
    fn changes_belong_to_their_member_and_survive_reopening() {
        let (s, dir) = storage();
        {
            let conn = s.conn();
            queue(&conn, "m1", MailSetting::Postal, false, "key-1", NOW).unwrap();
            queue(&conn, "m2", MailSetting::Postal, true, "key-2", NOW).unwrap();
        }
        drop(s);
        let s = Storage::open(dir.path()).expect("reopen");
        let conn = s.conn();
        let m1 = pending(&conn, "m1").unwrap();
        assert_eq!(m1.len(), 1);
        assert_eq!(m1[0].key, "key-1");
        assert!(!m1[0].on);
        assert_eq!(m1[0].base_rev, None, "never saw the server's value");
        assert_eq!(pending(&conn, "m2").unwrap()[0].key, "key-2");
        drop(conn);
    }

    #[test]
    fn a_replayed_older_answer_does_not_undo_a_newer_value() {
        let (s, _dir) = storage();
        let conn = s.conn();
        save_server_settings(&conn, "m1", &server(false, 9, true, 1), NOW).unwrap();
        save_server_settings(&conn, "m1", &server(true, 6, false, 6), NOW).unwrap();
        let c = cached(&conn, "m1").unwrap();
        assert_eq!(c.newsletter, Some((false, 9)), "older revision ignored");
        assert_eq!(c.postal, Some((false, 6)), "newer revision kept");
        assert_eq!(c.synced_at.as_deref(), Some(NOW));
        save_email(&conn, "m1", Some("taro@example.jp")).unwrap();
        assert_eq!(
            cached(&conn, "m1").unwrap().email.as_deref(),
            Some("taro@example.jp")
        );
        assert_eq!(c.newsletter, cached(&conn, "m1").unwrap().newsletter);
        drop(conn);
    }
}
