//! The tables of the card registry and registrations, and the demo cards.

/// Tables of this capability (created with the others at start), and the demo cards every
/// sandbox starts with (documented in `CONTRACT.md`; numbers checked by a unit test below).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS card_registry (
    id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    card_type TEXT NOT NULL,
    number TEXT NOT NULL,
    pin TEXT,
    expires_on TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    holder_birth_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    replaced_by INTEGER REFERENCES card_registry(id),
    member_registered INTEGER NOT NULL DEFAULT 0,
    issuer TEXT NOT NULL,
    point_account TEXT,
    built_into INTEGER REFERENCES card_registry(id),
    issued_at TEXT NOT NULL,
    UNIQUE (program, number)
);
-- Wrong PINs per card (any account): the threshold-th in a row locks the card's
-- registration until locked_until (Unix seconds), as failed logins lock an account.
CREATE TABLE IF NOT EXISTS card_pin_failures (
    registry_id INTEGER PRIMARY KEY REFERENCES card_registry(id),
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS card_registrations (
    id TEXT PRIMARY KEY,
    program TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    registry_id INTEGER NOT NULL UNIQUE REFERENCES card_registry(id),
    card_type TEXT NOT NULL,
    last4 TEXT NOT NULL,
    linked_to TEXT REFERENCES card_registrations(id),
    registered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS card_accounts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    holder_name TEXT,
    holder_birth_date TEXT,
    first_award_date TEXT,
    merged_into INTEGER REFERENCES accounts(id)
);
CREATE TABLE IF NOT EXISTS card_merges (
    id INTEGER PRIMARY KEY,
    into_account INTEGER NOT NULL REFERENCES accounts(id),
    from_account INTEGER NOT NULL REFERENCES accounts(id),
    moved_cards INTEGER NOT NULL,
    first_award_date TEXT,
    merged_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS card_requests (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS card_faults (
    path TEXT PRIMARY KEY,
    drop_answers INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS card_counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO card_registry
    (program, card_type, number, pin, expires_on, holder_name, holder_birth_date, status,
     member_registered, issuer, point_account, built_into, issued_at)
VALUES
    ('wester', 'sc_point_card', '6045000000000012', '1234', '2099-12-31', '山田 花子', '1990-04-01', 'active', 1, 'ルクア大阪', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('wester', 'sc_point_card', '6045000000000020', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'さんちか', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('wester', 'sc_point_card', '6045000000000038', NULL, '2020-03-31', '山田 花子', '1990-04-01', 'active', 0, 'ルクア大阪', NULL, NULL, '2017-04-01T00:00:00+09:00'),
    ('wester', 'sc_point_card', '6045000000000046', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'invalid', 0, 'ルクア大阪', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('wester', 'sc_point_card', '6045000000000053', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'lapsed', 0, 'さんちか', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('wester', 'sc_point_card', '6045000000000061', NULL, '2099-12-31', '鈴木 一郎', '1985-10-10', 'active', 0, 'ルクア大阪', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('waon', 'aeon_card', '4980000000000014', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'イオンカード', '9000000000000019', NULL, '2024-04-01T00:00:00+09:00'),
    ('waon', 'aeon_card', '4980000000000022', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'イオンカード', '9000000000000027', NULL, '2024-04-01T00:00:00+09:00'),
    ('waon', 'waon_point_card', '6900000000000016', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'WAON POINT', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('waon', 'waon_point_card', '6900000000000024', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'WAON POINT', NULL, NULL, '2024-04-01T00:00:00+09:00'),
    ('waon', 'waon_point_card', '6900000000000032', NULL, '2020-03-31', '山田 花子', '1990-04-01', 'active', 0, 'WAON POINT', NULL, NULL, '2017-04-01T00:00:00+09:00'),
    ('waon', 'waon_emoney', '6700000000000018', NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'WAON', NULL, NULL, '2024-04-01T00:00:00+09:00');
INSERT OR IGNORE INTO card_registry
    (program, card_type, number, pin, expires_on, holder_name, holder_birth_date, status,
     member_registered, issuer, point_account, built_into, issued_at)
SELECT 'waon', 'waon_emoney', e.number, NULL, '2099-12-31', '山田 花子', '1990-04-01', 'active', 0, 'イオンカード',
       NULL, c.id, '2024-04-01T00:00:00+09:00'
FROM (SELECT '6700000000000919' AS number, '4980000000000014' AS card
      UNION ALL SELECT '6700000000000927', '4980000000000022') e
JOIN card_registry c ON c.program = 'waon' AND c.number = e.card;
";
