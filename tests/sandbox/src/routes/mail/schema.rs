//! The tables of mail settings and e-mail changes, and the mail constants.

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS mail_settings (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    newsletter INTEGER NOT NULL DEFAULT 1,
    newsletter_rev INTEGER NOT NULL DEFAULT 0,
    newsletter_changed_at TEXT,
    postal INTEGER NOT NULL DEFAULT 1,
    postal_rev INTEGER NOT NULL DEFAULT 0,
    postal_changed_at TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    elsewhere_changes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mail_requests (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS mail_faults (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    unavailable INTEGER NOT NULL DEFAULT 0,
    drop_answers INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mail_calls (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    calls INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS email_changes (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    new_email TEXT NOT NULL,
    code TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);
";

/// The settings a member can switch.
pub const SETTINGS: &[&str] = &["newsletter", "postal"];

/// How long an e-mail change code is valid *(reference)*.
pub const CODE_TTL_SECONDS: i64 = 10 * 60;
/// Wrong codes before the request is void and a new code must be asked for *(reference)*.
pub const CODE_ATTEMPTS: i64 = 5;
