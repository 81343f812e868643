//! The tables of the point ledger and of family sharing.

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS point_ledgers (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    first_award TEXT,
    through TEXT
);
CREATE TABLE IF NOT EXISTS point_lots (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    earned_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    remaining INTEGER NOT NULL CHECK (remaining >= 0)
);
CREATE INDEX IF NOT EXISTS point_lots_open ON point_lots (account_id, expires_on, id)
    WHERE remaining > 0;
CREATE TABLE IF NOT EXISTS point_entries (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'use', 'expire', 'adjust', 'transfer', 'merge')),
    date TEXT NOT NULL,
    points INTEGER NOT NULL,
    store TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS point_entries_sync ON point_entries (account_id, id);
CREATE INDEX IF NOT EXISTS point_entries_history ON point_entries (account_id, date DESC, id DESC);
CREATE TABLE IF NOT EXISTS point_sync_stats (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    requests INTEGER NOT NULL DEFAULT 0,
    entries_sent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS families (
    id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    owner_account_id INTEGER NOT NULL REFERENCES accounts(id),
    invite_code TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_members (
    family_id INTEGER NOT NULL REFERENCES families(id),
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    joined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_invitations (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    UNIQUE (family_id, account_id)
);
";
