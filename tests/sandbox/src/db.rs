//! The sandbox's SQLite schema.

use std::path::Path;

use rusqlite::Connection;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    member_id TEXT NOT NULL UNIQUE,
    login_id TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    external_id TEXT NOT NULL DEFAULT 'unlinked',
    -- How the member logs in: 'email', 'web_id', 'square_member', ... (NULL: from the login ID's form).
    login_kind TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (program, login_id)
);
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    install_id TEXT NOT NULL,
    device_number TEXT NOT NULL,
    device_secret TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    last_login_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    access_token TEXT PRIMARY KEY,
    refresh_token TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    access_expires_at INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL,
    ended TEXT
);
CREATE TABLE IF NOT EXISTS mails (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
";

pub fn open(path: Option<&Path>) -> rusqlite::Result<Connection> {
    let conn = match path {
        Some(path) => Connection::open(path)?,
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "foreign_keys", true)?;
    if path.is_some() {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.execute_batch(SCHEMA)?;
    for schema in [
        crate::routes::password::SCHEMA,
        crate::routes::cards::SCHEMA,
        crate::routes::mail::SCHEMA,
        crate::routes::points::SCHEMA,
        crate::routes::pos::SCHEMA,
        crate::routes::code_card::SCHEMA,
        crate::routes::idempotency::SCHEMA,
    ] {
        conn.execute_batch(schema)?;
    }
    Ok(conn)
}
