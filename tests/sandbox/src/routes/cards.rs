//! Point cards (SPEC §4): the issuers' registry of cards, the members' registrations, the
//! account merge (§4.5), and the test controls that issue cards in every state.
//!
//! - **Registry** (`card_registry`): the cards the issuers have issued, as the issuers know
//!   them: number, type, PIN (or none), expiry, holder (name and birth date), status
//!   (`active`, `invalid`, `lapsed`, `reissued` with the new card in `replaced_by`), whether
//!   a member registration exists at the issuing shop (`sc_point_card`), the point-account
//!   number a credit card maps to, and the e-money card built into a credit card. An
//!   `expired` card is an `active` one whose expiry date (Japan time) has passed.
//! - **Registrations** (`card_registrations`): which account holds which card. A row never
//!   holds a card number: it points at the registry and keeps the last 4 digits, so a credit
//!   card's full number is in the issuer's registry only.
//! - **Holders** (`card_accounts`): each account's personal details (name and birth date),
//!   set by the admin or, when an account has none, taken from the first card it registers
//!   (the member evidently registers their own card first; any later card must then be the
//!   same person's), plus the first-award date the accrual start month follows (§5.2) and
//!   where a merged account went.
//! - Registration and merge are idempotent: the first answer per `(account, idempotency_key)`
//!   (success or refusal, not a 5xx) is stored and returned again for a repeat; a key reused
//!   for another card is refused (`idempotency_key_reused`). A repeat is told apart from a new
//!   request by card type, last 4 digits and the answers, never by the full number, so the
//!   stored request holds no card number either.
//! - Refusals are checked in the order of the source FAQ: details that do not match the card
//!   (every mismatch at once), an expired or invalid card, someone else's card, a card of
//!   another account, then the limits (the per-type limit first: a second credit card is the
//!   `6213` case whatever the total).
//!
//! Program rules live in [`RULES`] (the sandbox is the server and depends on nothing from the
//! core; the values match the shipped profiles).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::points::japan_today;
use super::{Shared, auth, json_body, program};
use crate::error::{ApiErr, ApiResult};
use crate::state::AppState;
use crate::tokens;

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

/// One card type as the server enforces it.
#[derive(Debug)]
pub struct TypeRule {
    pub id: &'static str,
    /// Cards of this type may have a PIN (the member states whether theirs has one).
    pub pin_possible: bool,
    /// The member states whether the card is registered as a member at the issuing shop.
    pub asks_member_registered: bool,
    /// A credit card: only the last 4 digits are stored with a registration or answered.
    pub credit_card: bool,
    /// The e-money card type built into cards of this type (registered along with it).
    pub built_in_emoney: Option<&'static str>,
    pub max_per_account: Option<u32>,
    /// Leading digits of the numbers the sandbox issues.
    prefix: &'static str,
    /// Who issues the cards (named in the lapse notice: "contact the issuer").
    default_issuer: &'static str,
    /// Digits of a number, its check digit included.
    pub digits: usize,
    pub check: Check,
    /// E-money whose points are exchanged from a point account (mobile WAON's exchange
    /// source, SPEC §4.6).
    pub emoney: bool,
}

/// A card number's check-digit rule, as the server checks it (the profile's `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Luhn,
    /// JAN/EAN: weights 3 and 1 alternating from the rightmost data digit.
    Mod10W3,
    None,
}

impl Check {
    /// The check digit for `partial` (ASCII digits).
    pub fn digit_for(self, partial: &str) -> char {
        match self {
            Check::Luhn => luhn_check_digit(partial),
            Check::Mod10W3 => {
                let sum: u32 = partial
                    .bytes()
                    .rev()
                    .enumerate()
                    .map(|(i, b)| {
                        u32::from(b.wrapping_sub(b'0') % 10) * if i % 2 == 0 { 3 } else { 1 }
                    })
                    .sum();
                char::from(b'0' + ((10 - sum % 10) % 10) as u8)
            }
            Check::None => '0',
        }
    }

    /// Whether `digits` (ASCII digits, the last one the check digit) passes.
    pub fn valid(self, digits: &str) -> bool {
        match digits.len().checked_sub(1) {
            Some(n) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                self == Check::None
                    || self.digit_for(&digits[..n]) == char::from(digits.as_bytes()[n])
            }
            _ => false,
        }
    }

    /// The profile's spelling (`luhn`, `mod10_w3`, `none`).
    pub fn parse(text: &str) -> Option<Check> {
        match text {
            "luhn" => Some(Check::Luhn),
            "mod10_w3" => Some(Check::Mod10W3),
            "none" => Some(Check::None),
            _ => None,
        }
    }
}

impl TypeRule {
    /// A card type of a program registered at run time (`programs.rs`): numbers the sandbox
    /// issues start with `prefix`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn registered(
        id: &'static str,
        pin_possible: bool,
        asks_member_registered: bool,
        credit_card: bool,
        built_in_emoney: Option<&'static str>,
        max_per_account: Option<u32>,
        prefix: &'static str,
        digits: usize,
        check: Check,
    ) -> TypeRule {
        TypeRule {
            id,
            pin_possible,
            asks_member_registered,
            credit_card,
            built_in_emoney,
            max_per_account,
            prefix,
            default_issuer: id,
            digits,
            check,
            emoney: false,
        }
    }
}

/// One program's card rules (the values of the shipped profiles, SPEC §1).
#[derive(Debug)]
pub struct ProgramRules {
    pub program: &'static str,
    pub max_total: u32,
    /// Whether point accounts can be merged (SPEC §4.5).
    pub merge: bool,
    pub types: &'static [TypeRule],
}

impl ProgramRules {
    fn card_type(&self, id: &str) -> Option<&'static TypeRule> {
        self.types.iter().find(|t| t.id == id)
    }
}

pub const RULES: &[ProgramRules] = &[
    ProgramRules {
        program: "wester",
        max_total: 50,
        merge: false,
        types: &[TypeRule {
            id: "sc_point_card",
            pin_possible: true,
            asks_member_registered: true,
            credit_card: false,
            built_in_emoney: None,
            max_per_account: None,
            prefix: "6045",
            default_issuer: "ルクア大阪",
            digits: 16,
            check: Check::Luhn,
            emoney: false,
        }],
    },
    ProgramRules {
        program: "waon",
        max_total: 50,
        merge: true,
        types: &[
            TypeRule {
                id: "aeon_card",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: true,
                built_in_emoney: Some("waon_emoney"),
                max_per_account: Some(1),
                prefix: "4980",
                default_issuer: "イオンカード",
                digits: 16,
                check: Check::Luhn,
                emoney: false,
            },
            TypeRule {
                id: "waon_point_card",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6900",
                default_issuer: "WAON POINT",
                digits: 16,
                check: Check::Luhn,
                emoney: false,
            },
            TypeRule {
                id: "mobile_waon",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6701",
                default_issuer: "モバイルWAON",
                digits: 16,
                check: Check::Luhn,
                emoney: true,
            },
            TypeRule {
                id: "waon_emoney",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6700",
                default_issuer: "WAON",
                digits: 16,
                check: Check::Luhn,
                emoney: true,
            },
        ],
    },
];

fn rules_of(program: &str) -> &'static ProgramRules {
    all_rules()
        .into_iter()
        .find(|r| r.program == program)
        .unwrap_or(&RULES[0])
}

/// The card rules of every program: the shipped ones and those registered at run time.
pub(crate) fn all_rules() -> Vec<&'static ProgramRules> {
    RULES
        .iter()
        .chain(crate::programs::registered().into_iter().map(|p| p.cards))
        .collect()
}

/// The server code of the "second credit card" refusal in the source (`waon`).
pub const SECOND_CREDIT_CARD_CODE: &str = "6213";

/// The holder a card is issued to when the admin names none.
pub const DEFAULT_HOLDER_NAME: &str = "山田 花子";
pub const DEFAULT_HOLDER_BIRTH_DATE: &str = "1990-04-01";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{program}/v1/cards", get(list).post(register))
        .route("/{program}/v1/cards/merge", post(merge))
        .route("/admin/cards", post(admin_issue))
        .route("/admin/cards/stats", get(admin_stats))
        .route("/admin/cards/faults", post(admin_faults))
        .route("/admin/cards/{program}/{number}/status", post(admin_status))
        .route(
            "/admin/cards/{program}/{number}/reissue",
            post(admin_reissue),
        )
        .route(
            "/admin/accounts/{program}/{login_id}/holder",
            put(admin_holder),
        )
        .route(
            "/admin/accounts/{program}/{login_id}/cards",
            get(admin_account_cards),
        )
}

// ---------------------------------------------------------------------------------------
// Small rules

/// The Luhn check digit to append to `partial` (ASCII digits). The sandbox is the server and
/// depends on nothing from the core, so it has its own.
pub fn luhn_check_digit(partial: &str) -> char {
    let sum: u32 = partial
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0') % 10);
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

/// Whether `digits` (ASCII digits) passes the Luhn check.
#[cfg_attr(not(test), allow(dead_code))]
pub fn luhn_valid(digits: &str) -> bool {
    match digits.len().checked_sub(1) {
        Some(n) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            luhn_check_digit(&digits[..n]) == char::from(digits.as_bytes()[n])
        }
        _ => false,
    }
}

/// A name as compared between a card and an account: spaces (also the ideographic space)
/// removed, full-width letters and digits made half-width, letters lower-cased, so
/// `山田　花子` and `山田 花子`, or `ＹＡＭＡＤＡ` and `Yamada`, are the same person.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_person(a: &Holder, b: &Holder) -> bool {
    name_key(&a.name) == name_key(&b.name) && a.birth_date.trim() == b.birth_date.trim()
}

fn last4(number: &str) -> String {
    number[number.len().saturating_sub(4)..].to_owned()
}

/// The month after `first_award` (`YYYY-MM`): the accrual start month of SPEC §5.2.
fn start_month(first_award: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(first_award, "%Y-%m-%d").ok()?;
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    Some(format!("{year:04}-{month:02}"))
}

fn bump(db: &Connection, counter: &str) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO card_counters (name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1",
        [counter],
    )?;
    Ok(())
}

/// The body an [`ApiErr`] answers with (to store a refusal for replays).
fn error_body(e: &ApiErr) -> Value {
    let mut body = e.extra.clone();
    body.insert("error".into(), json!(e.code));
    body.insert("message".into(), json!(e.message));
    Value::Object(body)
}

// ---------------------------------------------------------------------------------------
// Registrations as the member API shows them

/// Personal details: enough to tell one person from another in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
}

impl Default for Holder {
    fn default() -> Self {
        Holder {
            name: DEFAULT_HOLDER_NAME.to_owned(),
            birth_date: DEFAULT_HOLDER_BIRTH_DATE.to_owned(),
        }
    }
}

/// A registration joined with its card.
struct RegRow {
    id: String,
    card_type: String,
    number: String,
    last4: String,
    point_account: Option<String>,
    linked_to: Option<String>,
    issuer: String,
    registered_at: String,
    expires_on: String,
    status: String,
}

const REG_SELECT: &str = "SELECT r.id, r.card_type, c.number, r.last4, c.point_account,
        r.linked_to, c.issuer, r.registered_at, c.expires_on, c.status
    FROM card_registrations r JOIN card_registry c ON c.id = r.registry_id";

fn reg_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegRow> {
    Ok(RegRow {
        id: r.get(0)?,
        card_type: r.get(1)?,
        number: r.get(2)?,
        last4: r.get(3)?,
        point_account: r.get(4)?,
        linked_to: r.get(5)?,
        issuer: r.get(6)?,
        registered_at: r.get(7)?,
        expires_on: r.get(8)?,
        status: r.get(9)?,
    })
}

fn account_regs(db: &Connection, account_id: i64) -> rusqlite::Result<Vec<RegRow>> {
    let mut stmt = db.prepare(&format!(
        "{REG_SELECT} WHERE r.account_id = ?1 ORDER BY r.rowid"
    ))?;
    stmt.query_map([account_id], reg_row)?.collect()
}

fn reg_by_id(db: &Connection, id: &str) -> rusqlite::Result<RegRow> {
    db.query_row(&format!("{REG_SELECT} WHERE r.id = ?1"), [id], reg_row)
}

/// A registered card as the member API answers it. A credit card's number is never
/// answered (nor stored with the registration): its last 4 digits and the point-account
/// number the issuer maps it to stand for it.
fn card_json(program: &str, row: &RegRow, today: NaiveDate) -> Value {
    let credit = rules_of(program)
        .card_type(&row.card_type)
        .is_some_and(|t| t.credit_card);
    let expired = NaiveDate::parse_from_str(&row.expires_on, "%Y-%m-%d")
        .map(|d| d < today)
        .unwrap_or(false);
    let state = if row.status == "invalid" {
        "invalid"
    } else if expired {
        "expired"
    } else {
        "active"
    };
    json!({
        "id": row.id,
        "card_type": row.card_type,
        "number": if credit { Value::Null } else { json!(row.number) },
        "last4": row.last4,
        "point_account": if credit { json!(row.point_account) } else { Value::Null },
        "linked_to": row.linked_to,
        "issuer": row.issuer,
        "registered_at": row.registered_at,
        "expires_on": row.expires_on,
        "state": state,
    })
}

/// The account's list: `cards` shown, `lapsed` gone from the list (the member is told).
fn list_json(
    state: &AppState,
    db: &Connection,
    program: &str,
    account_id: i64,
) -> ApiResult<Value> {
    let today = japan_today(state);
    let rows = account_regs(db, account_id)?;
    let (lapsed, shown): (Vec<&RegRow>, Vec<&RegRow>) =
        rows.iter().partition(|r| r.status == "lapsed");
    let cards: Vec<Value> = shown.iter().map(|r| card_json(program, r, today)).collect();
    let lapsed: Vec<Value> = lapsed
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "card_type": r.card_type,
                "last4": r.last4,
                "issuer": r.issuer,
            })
        })
        .collect();
    Ok(json!({ "cards": cards, "lapsed": lapsed, "as_of": state.clock.now().to_rfc3339() }))
}

pub async fn list(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let db = state.db();
    Ok(Json(list_json(&state, &db, program, caller.account_id)?))
}

// ---------------------------------------------------------------------------------------
// Registration

#[derive(Deserialize)]
pub struct RegisterRequest {
    idempotency_key: String,
    card_type: String,
    number: String,
    #[serde(default)]
    pin: Option<String>,
    #[serde(default)]
    member_registered: Option<bool>,
}

/// A card in the issuers' registry.
struct RegistryCard {
    id: i64,
    card_type: String,
    number: String,
    pin: Option<String>,
    expires_on: String,
    holder: Holder,
    status: String,
    member_registered: bool,
    built_into: Option<i64>,
}

const REGISTRY_SELECT: &str = "SELECT id, card_type, number, pin, expires_on, holder_name,
        holder_birth_date, status, member_registered, built_into FROM card_registry";

fn registry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegistryCard> {
    Ok(RegistryCard {
        id: r.get(0)?,
        card_type: r.get(1)?,
        number: r.get(2)?,
        pin: r.get(3)?,
        expires_on: r.get(4)?,
        holder: Holder {
            name: r.get(5)?,
            birth_date: r.get(6)?,
        },
        status: r.get(7)?,
        member_registered: r.get(8)?,
        built_into: r.get(9)?,
    })
}

fn registry_card(
    db: &Connection,
    program: &str,
    number: &str,
) -> rusqlite::Result<Option<RegistryCard>> {
    db.query_row(
        &format!("{REGISTRY_SELECT} WHERE program = ?1 AND number = ?2"),
        (program, number),
        registry_row,
    )
    .optional()
}

fn account_holder(db: &Connection, account_id: i64) -> rusqlite::Result<Option<Holder>> {
    let row: Option<(Option<String>, Option<String>)> = db
        .query_row(
            "SELECT holder_name, holder_birth_date FROM card_accounts WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(name), Some(birth_date))) => Some(Holder { name, birth_date }),
        _ => None,
    })
}

fn set_account_holder(db: &Connection, account_id: i64, holder: &Holder) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO card_accounts (account_id, holder_name, holder_birth_date) VALUES (?1, ?2, ?3)
         ON CONFLICT(account_id) DO UPDATE SET holder_name = ?2, holder_birth_date = ?3",
        (account_id, &holder.name, &holder.birth_date),
    )?;
    Ok(())
}

/// The account's first award (its accrual start, SPEC §5.2). The points ledger is the
/// source; a date set by the admin on the card holder (test data) stands in before any award.
fn first_award(db: &Connection, account_id: i64) -> rusqlite::Result<Option<String>> {
    Ok(db
        .query_row(
            "SELECT COALESCE(
                 (SELECT first_award FROM point_ledgers WHERE account_id = ?1),
                 (SELECT first_award_date FROM card_accounts WHERE account_id = ?1))",
            [account_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

fn card_holder_first_award(db: &Connection, account_id: i64) -> rusqlite::Result<Option<String>> {
    Ok(db
        .query_row(
            "SELECT first_award_date FROM card_accounts WHERE account_id = ?1",
            [account_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Cards that count against the limits: every registered card but lapsed ones (they left
/// the list; the member cannot see or use them).
fn counted(db: &Connection, account_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = db.prepare(
        "SELECT r.card_type FROM card_registrations r JOIN card_registry c ON c.id = r.registry_id
         WHERE r.account_id = ?1 AND c.status != 'lapsed'",
    )?;
    stmt.query_map([account_id], |r| r.get(0))?.collect()
}

fn details_mismatch(mismatches: Vec<&'static str>) -> ApiErr {
    ApiErr::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "card_details_mismatch",
        "the details entered do not match the card",
    )
    .with("mismatches", mismatches)
}

/// Refuses while the card's PIN lock lasts: 423 `pin_locked` with when to retry.
fn pin_lock_check(state: &AppState, db: &Connection, registry_id: i64) -> ApiResult<()> {
    let until: Option<i64> = db
        .query_row(
            "SELECT locked_until FROM card_pin_failures WHERE registry_id = ?1",
            [registry_id],
            |r| r.get(0),
        )
        .optional()?;
    match until {
        Some(until) if until > state.clock.unix() => Err(pin_locked(state, until)),
        _ => Ok(()),
    }
}

/// Counts a wrong PIN; the one reaching the threshold locks the card and already answers
/// `pin_locked` (as the failed log-in reaching it answers `account_locked`).
fn pin_failed(state: &AppState, db: &Connection, registry_id: i64) -> ApiResult<()> {
    let failures: i64 = db.query_row(
        "INSERT INTO card_pin_failures (registry_id, failures) VALUES (?1, 1)
         ON CONFLICT (registry_id) DO UPDATE SET failures = failures + 1
         RETURNING failures",
        [registry_id],
        |r| r.get(0),
    )?;
    if failures >= i64::from(state.config.lockout_threshold) {
        let until = state.clock.unix() + state.config.lockout_seconds;
        db.execute(
            "UPDATE card_pin_failures SET failures = 0, locked_until = ?2 WHERE registry_id = ?1",
            (registry_id, until),
        )?;
        return Err(pin_locked(state, until));
    }
    Ok(())
}

/// A right PIN clears the count.
fn pin_passed(db: &Connection, registry_id: i64) -> ApiResult<()> {
    db.execute(
        "DELETE FROM card_pin_failures WHERE registry_id = ?1",
        [registry_id],
    )?;
    Ok(())
}

fn pin_locked(state: &AppState, until: i64) -> ApiErr {
    let retry_at = chrono::DateTime::from_timestamp(until, 0)
        .unwrap_or_default()
        .to_rfc3339();
    ApiErr::new(
        StatusCode::LOCKED,
        "pin_locked",
        "too many wrong PINs for this card",
    )
    .with("retry_at", retry_at)
    .with("retry_after_seconds", (until - state.clock.unix()).max(0))
}

/// The per-type limit refusal: a second credit card is the source's `6213` case.
fn type_limit(rule: &TypeRule, limit: u32) -> ApiErr {
    if rule.credit_card {
        ApiErr::new(
            StatusCode::CONFLICT,
            "second_credit_card",
            format!(
                "only {limit} credit card can be registered to one account ({SECOND_CREDIT_CARD_CODE})"
            ),
        )
        .with("server_code", SECOND_CREDIT_CARD_CODE)
        .with("limit", limit)
    } else {
        ApiErr::new(
            StatusCode::CONFLICT,
            "card_type_limit_reached",
            format!("at most {limit} cards of this type per account"),
        )
        .with("card_type", rule.id)
        .with("limit", limit)
    }
}

fn total_limit(limit: u32) -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "card_limit_reached",
        format!("at most {limit} cards per account"),
    )
    .with("limit", limit)
}

/// Runs one idempotent write: a stored answer for `(account, key)` is returned again (the
/// same request) or refused (another request); otherwise `apply` runs and its answer, a
/// success or a refusal (not an internal error), is stored with it in one transaction, so two
/// deliveries of one key apply it once. Afterwards the answer may be dropped on purpose
/// (`/admin/cards/faults`).
fn idempotent(
    state: &AppState,
    path: &str,
    account_id: i64,
    key: &str,
    request: &str,
    apply: impl FnOnce(&Connection) -> ApiResult<(StatusCode, Value)>,
) -> ApiResult<Response> {
    let key = key.trim();
    if key.len() < 8 || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiErr::bad_request(
            "idempotency_key must have 8 to 100 visible ASCII characters",
        ));
    }
    let (status, answer) = {
        let mut db = state.db();
        let tx = db.transaction()?;
        bump(&tx, "requests")?;
        let stored: Option<(String, u16, String)> = tx
            .query_row(
                "SELECT request, status, answer FROM card_requests
                 WHERE account_id = ?1 AND idempotency_key = ?2",
                (account_id, key),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (status, answer) = match stored {
            Some((stored_request, _, _)) if stored_request != request => {
                return Err(ApiErr::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "this idempotency key was used for a different request",
                ));
            }
            Some((_, status, answer)) => {
                bump(&tx, "replays")?;
                let status = StatusCode::from_u16(status).map_err(ApiErr::internal)?;
                let answer = serde_json::from_str::<Value>(&answer).map_err(ApiErr::internal)?;
                (status, answer)
            }
            None => {
                let (status, answer) = match apply(&tx) {
                    Ok(done) => done,
                    Err(e) if e.status.is_client_error() => (e.status, error_body(&e)),
                    Err(e) => return Err(e),
                };
                tx.execute(
                    "INSERT INTO card_requests (account_id, idempotency_key, request, status, answer, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (
                        account_id,
                        key,
                        request,
                        status.as_u16(),
                        answer.to_string(),
                        state.clock.now().to_rfc3339(),
                    ),
                )?;
                (status, answer)
            }
        };
        tx.commit()?;
        (status, answer)
    };
    if take_dropped_answer(state, path)? {
        drop_connection();
    }
    Ok((status, Json(answer)).into_response())
}

/// Whether the admin asked to drop this path's next answer (counting it down).
fn take_dropped_answer(state: &AppState, path: &str) -> ApiResult<bool> {
    let db = state.db();
    let changed = db.execute(
        "UPDATE card_faults SET drop_answers = drop_answers - 1
         WHERE path = ?1 AND drop_answers > 0",
        [path],
    )?;
    if changed > 0 {
        bump(&db, "dropped_answers")?;
    }
    Ok(changed > 0)
}

/// Ends the connection without an answer, after the write committed: the phone sees the
/// connection break, as when the network drops on the way back. The handler runs in the
/// connection's task, so unwinding it closes the socket (and only it); `resume_unwind` skips
/// the panic hook, so nothing is printed.
fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("sandbox: answer dropped on purpose"))
}

pub async fn register(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let req: RegisterRequest = json_body(&body)?;
    let rules = rules_of(program);
    let Some(rule) = rules.card_type(&req.card_type) else {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "unknown_card_type",
            format!("{program} has no card type {}", req.card_type),
        ));
    };
    let number = req.number.trim();
    if number.len() != rule.digits || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiErr::bad_request(format!(
            "number must be {} half-width digits",
            rule.digits
        )));
    }
    // Told apart from another registration without the full number (see the module doc).
    let request = json!({
        "endpoint": "register",
        "card_type": rule.id,
        "last4": last4(number),
        "pin": req.pin.is_some(),
        "member_registered": req.member_registered,
    })
    .to_string();
    let path = format!("/{program}/v1/cards");
    idempotent(
        &state,
        &path,
        caller.account_id,
        &req.idempotency_key,
        &request,
        |db| register_card(&state, db, rules, rule, caller.account_id, number, &req),
    )
}

/// The registration itself, inside the request's transaction.
fn register_card(
    state: &AppState,
    db: &Connection,
    rules: &ProgramRules,
    rule: &'static TypeRule,
    account_id: i64,
    number: &str,
    req: &RegisterRequest,
) -> ApiResult<(StatusCode, Value)> {
    let program = rules.program;
    // 1. The details must match the card (every mismatch at once). A number no card could
    //    have is a mistyped number, as is one the issuers never issued.
    if number.len() != rule.digits || !rule.check.valid(number) {
        return Err(details_mismatch(vec!["number"]));
    }
    let Some(card) = registry_card(db, program, number)? else {
        return Err(details_mismatch(vec!["number"]));
    };
    if card.card_type != rule.id {
        return Err(details_mismatch(vec!["card_type"]));
    }
    if card.built_into.is_some() {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "built_in_emoney_card",
            "this e-money card is built into a credit card: register the credit card and it comes along",
        ));
    }
    // A card whose PIN was guessed wrong too often takes no registration until its lock ends.
    pin_lock_check(state, db, card.id)?;
    let mut mismatches = Vec::new();
    match (&card.pin, req.pin.as_deref().map(str::trim)) {
        (Some(_), None) | (None, Some(_)) => mismatches.push("pin_presence"),
        (Some(pin), Some(given)) if pin != given => {
            pin_failed(state, db, card.id)?;
            mismatches.push("pin");
        }
        (Some(_), Some(_)) => pin_passed(db, card.id)?,
        _ => {}
    }
    // The member states whether the card is registered as a member at the issuing shop
    // (SPEC §4.2): no answer is not the card's answer either, so it cannot slip past the check.
    if rule.asks_member_registered && req.member_registered != Some(card.member_registered) {
        mismatches.push("member_registration");
    }
    if !mismatches.is_empty() {
        return Err(details_mismatch(mismatches));
    }
    // 2. The card must be valid.
    let today = japan_today(state);
    if card.status != "active" {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_expired_or_invalid",
            "the card is not valid",
        )
        .with("status", card.status.clone()));
    }
    if NaiveDate::parse_from_str(&card.expires_on, "%Y-%m-%d").is_ok_and(|d| d < today) {
        return Err(ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_expired_or_invalid",
            "the card has expired",
        )
        .with("status", "expired")
        .with("expired_on", card.expires_on.clone()));
    }
    // 3. It must be the member's own card.
    let holder = account_holder(db, account_id)?;
    if holder
        .as_ref()
        .is_some_and(|h| !same_person(h, &card.holder))
    {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "card_of_another_person",
            "the card belongs to someone else",
        ));
    }
    // 4. Not held by another account; held by this one already is a success (the member
    //    sees the card in the list either way).
    let existing: Option<(String, i64)> = db
        .query_row(
            "SELECT id, account_id FROM card_registrations WHERE registry_id = ?1",
            [card.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, owner)) = existing {
        if owner != account_id {
            return Err(ApiErr::new(
                StatusCode::CONFLICT,
                "card_registered_to_another_account",
                "the card is registered to another account",
            ));
        }
        let main = reg_by_id(db, &id)?;
        let linked = linked_regs(db, &id)?;
        return Ok((
            StatusCode::OK,
            json!({
                "card": card_json(program, &main, today),
                "linked": linked.iter().map(|r| card_json(program, r, today)).collect::<Vec<_>>(),
                "already_registered": true,
            }),
        ));
    }
    // 5. The limits.
    let emoney = match rule.built_in_emoney {
        Some(_) => db
            .query_row(
                &format!("{REGISTRY_SELECT} WHERE built_into = ?1 AND status = 'active'"),
                [card.id],
                registry_row,
            )
            .optional()?
            .filter(|e| {
                !db.query_row(
                    "SELECT EXISTS(SELECT 1 FROM card_registrations WHERE registry_id = ?1)",
                    [e.id],
                    |r| r.get::<_, bool>(0),
                )
                .unwrap_or(true)
            }),
        None => None,
    };
    let held = counted(db, account_id)?;
    if let Some(limit) = rule.max_per_account {
        let of_type = held.iter().filter(|t| *t == rule.id).count();
        if of_type as u64 >= u64::from(limit) {
            return Err(type_limit(rule, limit));
        }
    }
    let adding = 1 + usize::from(emoney.is_some());
    if held.len() + adding > rules.max_total as usize {
        return Err(total_limit(rules.max_total));
    }
    // Registered. An account without personal details takes the card holder's.
    if holder.is_none() {
        set_account_holder(db, account_id, &card.holder)?;
    }
    let now = state.clock.now().to_rfc3339();
    let id = insert_registration(db, program, account_id, &card, None, &now)?;
    if let Some(emoney) = &emoney {
        insert_registration(db, program, account_id, emoney, Some(&id), &now)?;
    }
    bump(db, "registrations")?;
    let main = reg_by_id(db, &id)?;
    let linked = linked_regs(db, &id)?;
    Ok((
        StatusCode::CREATED,
        json!({
            "card": card_json(program, &main, today),
            "linked": linked.iter().map(|r| card_json(program, r, today)).collect::<Vec<_>>(),
            "already_registered": false,
        }),
    ))
}

fn linked_regs(db: &Connection, id: &str) -> rusqlite::Result<Vec<RegRow>> {
    let mut stmt = db.prepare(&format!(
        "{REG_SELECT} WHERE r.linked_to = ?1 ORDER BY r.rowid"
    ))?;
    stmt.query_map([id], reg_row)?.collect()
}

fn insert_registration(
    db: &Connection,
    program: &str,
    account_id: i64,
    card: &RegistryCard,
    linked_to: Option<&str>,
    now: &str,
) -> rusqlite::Result<String> {
    let id = format!("card_{}", tokens::random_hex(8));
    db.execute(
        "INSERT INTO card_registrations (id, program, account_id, registry_id, card_type, last4, linked_to, registered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            &id,
            program,
            account_id,
            card.id,
            &card.card_type,
            last4(&card.number),
            linked_to,
            now,
        ),
    )?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Account merge (SPEC §4.5)

#[derive(Deserialize)]
pub struct MergeRequest {
    idempotency_key: String,
    card_type: String,
    number: String,
    holder: Holder,
}

pub async fn merge(
    State(state): State<Shared>,
    Path(program_name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let program = program(&program_name)?;
    let caller = auth::caller(&state, program, &headers)?;
    let rules = rules_of(program);
    if !rules.merge {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "merge_not_offered",
            format!("{program} does not merge point accounts"),
        ));
    }
    let req: MergeRequest = json_body(&body)?;
    let number = req.number.trim();
    let digits = rules.card_type(&req.card_type).map_or(16, |t| t.digits);
    if number.len() != digits || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiErr::bad_request(format!(
            "number must be {digits} half-width digits"
        )));
    }
    let request = json!({
        "endpoint": "merge",
        "card_type": req.card_type,
        "last4": last4(number),
        "holder": name_key(&req.holder.name) + "/" + req.holder.birth_date.trim(),
    })
    .to_string();
    let path = format!("/{program}/v1/cards/merge");
    idempotent(
        &state,
        &path,
        caller.account_id,
        &req.idempotency_key,
        &request,
        |db| merge_accounts(&state, db, rules, caller.account_id, number, &req),
    )
}

fn merge_accounts(
    state: &AppState,
    db: &Connection,
    rules: &ProgramRules,
    account_id: i64,
    number: &str,
    req: &MergeRequest,
) -> ApiResult<(StatusCode, Value)> {
    let program = rules.program;
    let not_found = || {
        ApiErr::new(
            StatusCode::NOT_FOUND,
            "merge_account_not_found",
            "no point account holds a card with this number",
        )
    };
    let card = registry_card(db, program, number)?
        .filter(|c| c.card_type == req.card_type)
        .ok_or_else(not_found)?;
    let other: i64 = db
        .query_row(
            "SELECT account_id FROM card_registrations WHERE registry_id = ?1",
            [card.id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(not_found)?;
    if other == account_id {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "merge_same_account",
            "the card is already in the signed-in account",
        ));
    }
    // The personal details must match: what the member entered against the other account,
    // and the two accounts against each other.
    let mismatch = || {
        ApiErr::new(
            StatusCode::CONFLICT,
            "merge_details_mismatch",
            "the personal details of the two accounts do not match",
        )
    };
    let other_holder = account_holder(db, other)?.unwrap_or(card.holder.clone());
    if !same_person(&req.holder, &other_holder) {
        return Err(mismatch());
    }
    let own_holder = account_holder(db, account_id)?;
    if own_holder
        .as_ref()
        .is_some_and(|h| !same_person(h, &other_holder))
    {
        return Err(mismatch());
    }
    // The merged account must still meet the card limits.
    let own = counted(db, account_id)?;
    let theirs = counted(db, other)?;
    for rule in rules.types {
        if let Some(limit) = rule.max_per_account {
            let n = own.iter().chain(&theirs).filter(|t| *t == rule.id).count();
            if n as u64 > u64::from(limit) {
                return Err(type_limit(rule, limit));
            }
        }
    }
    let total = own.len() + theirs.len();
    if total > rules.max_total as usize {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "merge_card_limit",
            format!(
                "the merged account would hold {total} cards; at most {}",
                rules.max_total
            ),
        )
        .with("limit", rules.max_total)
        .with("total", total));
    }
    // Merge: the cards move; the signed-in account keeps its first award (so its accrual
    // start month). Where it has none and the other account was awarded points, those points
    // count as awarded today (SPEC §5.2), which becomes the first award.
    let now = state.clock.now().to_rfc3339();
    let moved = db.execute(
        "UPDATE card_registrations SET account_id = ?1 WHERE account_id = ?2",
        (account_id, other),
    )?;
    if own_holder.is_none() {
        set_account_holder(db, account_id, &other_holder)?;
    }
    // The points move with the cards: held points count as awarded on the merge date under
    // the signed-in account's accrual start; with no start yet, the merge date becomes it.
    if let Some(holder_first) = card_holder_first_award(db, account_id)? {
        // A start month the admin gave the account before any award (test data) is kept.
        super::points::seed_first_award(db, account_id, &holder_first)?;
    }
    let merge_date = japan_today(state);
    super::points::merge_points(db, other, account_id, merge_date)?;
    let kept = first_award(db, account_id)?;
    db.execute(
        "INSERT INTO card_accounts (account_id, merged_into) VALUES (?1, ?2)
         ON CONFLICT(account_id) DO UPDATE SET merged_into = ?2",
        (other, account_id),
    )?;
    db.execute(
        "INSERT INTO card_merges (into_account, from_account, moved_cards, first_award_date, merged_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        (account_id, other, moved as i64, &kept, &now),
    )?;
    bump(db, "merges")?;
    let list = list_json(state, db, program, account_id)?;
    Ok((
        StatusCode::OK,
        json!({
            "merged_cards": moved,
            "cards": list["cards"],
            "lapsed": list["lapsed"],
            "first_award_date": kept,
            "accrual_start_month": kept.as_deref().and_then(start_month),
            "merged_at": now,
        }),
    ))
}

// ---------------------------------------------------------------------------------------
// Test controls (admin): issue cards, change their state, personal details, faults, counters

/// What the admin asks to issue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueCard {
    pub program: String,
    pub card_type: String,
    /// `active` (default), `expired` (expiry date yesterday), `invalid` or `lapsed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Default: [`DEFAULT_HOLDER_NAME`], [`DEFAULT_HOLDER_BIRTH_DATE`].
    #[serde(default)]
    pub holder: Option<Holder>,
    /// The card's 4-digit PIN (card types that may have one); none by default.
    #[serde(default)]
    pub pin: Option<String>,
    /// Whether a member registration exists at the issuing shop (card types that ask it).
    #[serde(default)]
    pub member_registered: bool,
    /// Who issued the card (default per card type).
    #[serde(default)]
    pub issuer: Option<String>,
}

impl IssueCard {
    pub fn new(program: &str, card_type: &str) -> Self {
        IssueCard {
            program: program.to_owned(),
            card_type: card_type.to_owned(),
            ..IssueCard::default()
        }
    }
}

/// An issued card as the admin API answers it (the only place a full credit-card number is
/// shown: the test needs it to type it in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCard {
    pub program: String,
    pub card_type: String,
    pub number: String,
    pub pin: Option<String>,
    pub expires_on: String,
    /// `active`, `expired`, `invalid`, `lapsed` or `reissued`.
    pub status: String,
    pub holder: Holder,
    pub member_registered: bool,
    pub issuer: String,
    /// The point-account number a credit card maps to.
    pub point_account: Option<String>,
    /// The number of the e-money card built into a credit card.
    pub built_in_emoney: Option<String>,
}

fn admin_err(status: StatusCode, message: impl Into<String>) -> ApiErr {
    ApiErr::new(status, "bad_request", message)
}

fn valid_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// A fresh number: the type's prefix, random digits, the type's check digit.
fn new_number(
    db: &Connection,
    program: &str,
    (prefix, digits, check): (&str, usize, Check),
) -> rusqlite::Result<String> {
    loop {
        let body = format!(
            "{prefix}{}",
            tokens::random_digits(digits.saturating_sub(prefix.len() + 1))
        );
        let number = format!("{body}{}", check.digit_for(&body));
        if registry_card(db, program, &number)?.is_none() {
            return Ok(number);
        }
    }
}

fn issued(db: &Connection, state: &AppState, program: &str, id: i64) -> ApiResult<IssuedCard> {
    let (card, issuer, point_account): (RegistryCard, String, Option<String>) = db.query_row(
        "SELECT c.id, c.card_type, c.number, c.pin, c.expires_on, c.holder_name,
            c.holder_birth_date, c.status, c.member_registered, c.built_into, c.issuer,
            c.point_account FROM card_registry c WHERE c.id = ?1",
        [id],
        |r| Ok((registry_row(r)?, r.get(10)?, r.get(11)?)),
    )?;
    let emoney: Option<String> = db
        .query_row(
            "SELECT number FROM card_registry WHERE built_into = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let expired = card.status == "active"
        && NaiveDate::parse_from_str(&card.expires_on, "%Y-%m-%d")
            .is_ok_and(|d| d < japan_today(state));
    Ok(IssuedCard {
        program: program.to_owned(),
        card_type: card.card_type,
        number: card.number,
        pin: card.pin,
        expires_on: card.expires_on,
        status: if expired {
            "expired".to_owned()
        } else {
            card.status
        },
        holder: card.holder,
        member_registered: card.member_registered,
        issuer,
        point_account,
        built_in_emoney: emoney,
    })
}

/// Issues a card into the registry (and, for a credit card, its built-in e-money card).
pub fn issue(state: &AppState, req: &IssueCard) -> ApiResult<IssuedCard> {
    let program = program(&req.program)?;
    let rules = rules_of(program);
    let Some(rule) = rules.card_type(&req.card_type) else {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            format!(
                "{program} has no card type {} (it has: {})",
                req.card_type,
                rules
                    .types
                    .iter()
                    .map(|t| t.id)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let today = japan_today(state);
    let (status, expires_on) = match req.status.as_deref().unwrap_or("active") {
        "active" => ("active", today + Duration::days(5 * 365)),
        "expired" => ("active", today - Duration::days(1)),
        "invalid" => ("invalid", today + Duration::days(5 * 365)),
        "lapsed" => ("lapsed", today + Duration::days(5 * 365)),
        other => {
            return Err(admin_err(
                StatusCode::BAD_REQUEST,
                format!("status {other}: use active, expired, invalid or lapsed"),
            ));
        }
    };
    if let Some(pin) = &req.pin {
        if !rule.pin_possible {
            return Err(admin_err(
                StatusCode::BAD_REQUEST,
                format!("{} cards have no PIN", rule.id),
            ));
        }
        if pin.len() != 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(admin_err(StatusCode::BAD_REQUEST, "a PIN is 4 digits"));
        }
    }
    if req.member_registered && !rule.asks_member_registered {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            format!("{} cards have no member registration at the shop", rule.id),
        ));
    }
    let holder = req.holder.clone().unwrap_or_default();
    if holder.name.trim().is_empty() || !valid_date(&holder.birth_date) {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            "holder needs a name and a birth_date YYYY-MM-DD",
        ));
    }
    let issuer = req
        .issuer
        .clone()
        .unwrap_or_else(|| rule.default_issuer.to_owned());
    let mut db = state.db();
    let tx = db.transaction()?;
    let number = new_number(&tx, program, (rule.prefix, rule.digits, rule.check))?;
    let point_account = if rule.credit_card {
        let body = format!("9000{}", tokens::random_digits(11));
        Some(format!("{body}{}", luhn_check_digit(&body)))
    } else {
        None
    };
    let now = state.clock.now().to_rfc3339();
    let expires = expires_on.format("%Y-%m-%d").to_string();
    tx.execute(
        "INSERT INTO card_registry (program, card_type, number, pin, expires_on, holder_name,
            holder_birth_date, status, member_registered, issuer, point_account, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params![
            program,
            rule.id,
            &number,
            &req.pin,
            &expires,
            holder.name.trim(),
            &holder.birth_date,
            status,
            req.member_registered,
            &issuer,
            &point_account,
            &now,
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(emoney_type) = rule.built_in_emoney {
        let shape = rules
            .card_type(emoney_type)
            .map_or(("6700", 16, Check::Luhn), |t| (t.prefix, t.digits, t.check));
        let emoney = new_number(&tx, program, shape)?;
        tx.execute(
            "INSERT INTO card_registry (program, card_type, number, expires_on, holder_name,
                holder_birth_date, status, issuer, built_into, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                program,
                emoney_type,
                &emoney,
                &expires,
                holder.name.trim(),
                &holder.birth_date,
                status,
                &issuer,
                id,
                &now,
            ],
        )?;
    }
    let card = issued(&tx, state, program, id)?;
    tx.commit()?;
    Ok(card)
}

fn registry_id(db: &Connection, program: &str, number: &str) -> ApiResult<i64> {
    registry_card(db, program, number)?
        .map(|c| c.id)
        .ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "not_found", "no such card"))
}

/// Changes an issued card's state: `active`, `expired`, `invalid` or `lapsed` (its
/// membership at the issuer ended: it leaves the member's list).
pub fn set_status(
    state: &AppState,
    program_name: &str,
    number: &str,
    status: &str,
) -> ApiResult<IssuedCard> {
    let program = program(program_name)?;
    let db = state.db();
    let id = registry_id(&db, program, number)?;
    let today = japan_today(state);
    match status {
        "active" | "invalid" | "lapsed" => {
            db.execute(
                "UPDATE card_registry SET status = ?2 WHERE id = ?1",
                (id, status),
            )?;
        }
        "expired" => {
            db.execute(
                "UPDATE card_registry SET status = 'active', expires_on = ?2 WHERE id = ?1",
                (
                    id,
                    (today - Duration::days(1)).format("%Y-%m-%d").to_string(),
                ),
            )?;
        }
        other => {
            return Err(admin_err(
                StatusCode::BAD_REQUEST,
                format!("status {other}: use active, expired, invalid or lapsed"),
            ));
        }
    }
    issued(&db, state, program, id)
}

/// Reissues a card: a new number for the same holder and details; the old number becomes
/// `reissued` and every registration of it now holds the new card (no new registration).
pub fn reissue(state: &AppState, program_name: &str, number: &str) -> ApiResult<IssuedCard> {
    let program = program(program_name)?;
    let rules = rules_of(program);
    let mut db = state.db();
    let tx = db.transaction()?;
    let old = registry_card(&tx, program, number)?
        .ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "not_found", "no such card"))?;
    if old.status == "reissued" {
        return Err(admin_err(
            StatusCode::CONFLICT,
            "this card was already reissued",
        ));
    }
    let shape = rules
        .card_type(&old.card_type)
        .map_or(("6000", 16, Check::Luhn), |t| (t.prefix, t.digits, t.check));
    let new_number = new_number(&tx, program, shape)?;
    let now = state.clock.now().to_rfc3339();
    let today = japan_today(state);
    tx.execute(
        "INSERT INTO card_registry (program, card_type, number, pin, expires_on, holder_name,
            holder_birth_date, status, member_registered, issuer, point_account, built_into, issued_at)
         SELECT program, card_type, ?2, pin, ?3, holder_name, holder_birth_date, 'active',
            member_registered, issuer, point_account, built_into, ?4
         FROM card_registry WHERE id = ?1",
        (
            old.id,
            &new_number,
            (today + Duration::days(5 * 365))
                .format("%Y-%m-%d")
                .to_string(),
            &now,
        ),
    )?;
    let new_id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE card_registry SET status = 'reissued', replaced_by = ?2 WHERE id = ?1",
        (old.id, new_id),
    )?;
    tx.execute(
        "UPDATE card_registry SET built_into = ?2 WHERE built_into = ?1",
        (old.id, new_id),
    )?;
    tx.execute(
        "UPDATE card_registrations SET registry_id = ?2, last4 = ?3 WHERE registry_id = ?1",
        (old.id, new_id, last4(&new_number)),
    )?;
    let card = issued(&tx, state, program, new_id)?;
    tx.commit()?;
    Ok(card)
}

fn account_by_login(db: &Connection, program: &str, login_id: &str) -> ApiResult<i64> {
    db.query_row(
        "SELECT id FROM accounts WHERE program = ?1 AND login_id = ?2",
        (program, login_id.to_lowercase()),
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| ApiErr::new(StatusCode::NOT_FOUND, "unknown_account", "no such account"))
}

/// An account's personal details and first-award date, as the admin sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountHolder {
    pub name: String,
    pub birth_date: String,
    /// The first day points were awarded (`YYYY-MM-DD`); the accrual start month follows it.
    #[serde(default)]
    pub first_award_date: Option<String>,
}

/// Sets an account's personal details (and first-award date).
pub fn set_holder(
    state: &AppState,
    program_name: &str,
    login_id: &str,
    holder: &AccountHolder,
) -> ApiResult<()> {
    let program = program(program_name)?;
    if holder.name.trim().is_empty() || !valid_date(&holder.birth_date) {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            "a name and a birth_date YYYY-MM-DD are needed",
        ));
    }
    if holder
        .first_award_date
        .as_deref()
        .is_some_and(|d| !valid_date(d))
    {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            "first_award_date is YYYY-MM-DD",
        ));
    }
    let db = state.db();
    let account_id = account_by_login(&db, program, login_id)?;
    db.execute(
        "INSERT INTO card_accounts (account_id, holder_name, holder_birth_date, first_award_date)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(account_id) DO UPDATE SET holder_name = ?2, holder_birth_date = ?3,
            first_award_date = ?4",
        (
            account_id,
            holder.name.trim(),
            &holder.birth_date,
            &holder.first_award_date,
        ),
    )?;
    Ok(())
}

/// One registration as the admin sees it (no card number: a registration holds none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub id: String,
    pub card_type: String,
    pub last4: String,
    pub linked_to: Option<String>,
    /// The card's registry status (`active`, `invalid`, `lapsed`).
    pub status: String,
    pub registered_at: String,
}

/// An account's card data on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCards {
    pub holder: Option<Holder>,
    pub first_award_date: Option<String>,
    /// The login ID of the account this one was merged into.
    pub merged_into: Option<String>,
    pub registrations: Vec<RegistrationRow>,
}

pub fn account_cards(
    state: &AppState,
    program_name: &str,
    login_id: &str,
) -> ApiResult<AccountCards> {
    let program = program(program_name)?;
    let db = state.db();
    let account_id = account_by_login(&db, program, login_id)?;
    let merged_into: Option<String> = db
        .query_row(
            "SELECT a.login_id FROM card_accounts c JOIN accounts a ON a.id = c.merged_into
             WHERE c.account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?;
    let registrations = account_regs(&db, account_id)?
        .into_iter()
        .map(|r| RegistrationRow {
            id: r.id,
            card_type: r.card_type,
            last4: r.last4,
            linked_to: r.linked_to,
            status: r.status,
            registered_at: r.registered_at,
        })
        .collect();
    Ok(AccountCards {
        holder: account_holder(&db, account_id)?,
        first_award_date: first_award(&db, account_id)?,
        merged_into,
        registrations,
    })
}

/// Counters tests read to prove behaviour (e.g. a retry was a replay, not a second card).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardStats {
    /// Registration and merge requests received (replays included).
    pub requests: u64,
    /// Registrations that added a card (a credit card and its e-money card count once).
    pub registrations: u64,
    /// Requests answered from the stored first answer of their idempotency key.
    pub replays: u64,
    /// Answers dropped on purpose (`/admin/cards/faults`).
    pub dropped_answers: u64,
    pub merges: u64,
}

pub fn stats(state: &AppState) -> CardStats {
    let db = state.db();
    let get = |name: &str| -> u64 {
        db.query_row(
            "SELECT value FROM card_counters WHERE name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .map(|v| u64::try_from(v).unwrap_or(0))
        .unwrap_or(0)
    };
    CardStats {
        requests: get("requests"),
        registrations: get("registrations"),
        replays: get("replays"),
        dropped_answers: get("dropped_answers"),
        merges: get("merges"),
    }
}

/// Drops the next `count` answers to `path` (`/waon/v1/cards`, `/waon/v1/cards/merge`, …)
/// after the write committed.
pub fn drop_answers(state: &AppState, path: &str, count: u32) -> ApiResult<()> {
    let known = all_rules().into_iter().any(|r| {
        path == format!("/{}/v1/cards", r.program)
            || path == format!("/{}/v1/cards/merge", r.program)
    });
    if !known {
        return Err(admin_err(
            StatusCode::BAD_REQUEST,
            "path must be /{program}/v1/cards or /{program}/v1/cards/merge",
        ));
    }
    state.db().execute(
        "INSERT INTO card_faults (path, drop_answers) VALUES (?1, ?2)
         ON CONFLICT(path) DO UPDATE SET drop_answers = ?2",
        (path, count),
    )?;
    Ok(())
}

/// Every value of every row of a card table, as text: lets a test prove what a table does
/// not hold (a full credit-card number). Only this capability's tables.
pub fn table_text(state: &AppState, table: &str) -> ApiResult<Vec<String>> {
    const TABLES: &[&str] = &[
        "card_registry",
        "card_registrations",
        "card_accounts",
        "card_merges",
        "card_requests",
        "card_faults",
        "card_counters",
    ];
    if !TABLES.contains(&table) {
        return Err(admin_err(StatusCode::BAD_REQUEST, "not a card table"));
    }
    let db = state.db();
    let mut stmt = db.prepare(&format!("SELECT * FROM {table}"))?;
    let columns = stmt.column_count();
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        for i in 0..columns {
            let text = match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => String::new(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Real(x) => x.to_string(),
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                    String::from_utf8_lossy(t).into_owned()
                }
            };
            out.push(text);
        }
    }
    Ok(out)
}

/// The sandbox's card controls for Rust tests and the demo (the admin HTTP endpoints do the
/// same for QA and the Kotlin tests). Errors are the admin answer as text.
pub struct CardAdmin<'a> {
    state: &'a AppState,
}

fn text(e: ApiErr) -> String {
    format!("{} {}: {}", e.status.as_u16(), e.code, e.message)
}

impl<'a> CardAdmin<'a> {
    pub(crate) fn new(state: &'a AppState) -> Self {
        CardAdmin { state }
    }

    /// Issues a card (see [`IssueCard`]).
    pub fn issue(&self, req: &IssueCard) -> Result<IssuedCard, String> {
        issue(self.state, req).map_err(text)
    }

    /// `active`, `expired`, `invalid` or `lapsed`.
    pub fn set_status(
        &self,
        program: &str,
        number: &str,
        status: &str,
    ) -> Result<IssuedCard, String> {
        set_status(self.state, program, number, status).map_err(text)
    }

    /// A new number for the card; registrations follow it.
    pub fn reissue(&self, program: &str, number: &str) -> Result<IssuedCard, String> {
        reissue(self.state, program, number).map_err(text)
    }

    /// Sets an account's personal details (and first-award date).
    pub fn set_holder(
        &self,
        program: &str,
        login_id: &str,
        holder: &AccountHolder,
    ) -> Result<(), String> {
        set_holder(self.state, program, login_id, holder).map_err(text)
    }

    pub fn account(&self, program: &str, login_id: &str) -> Result<AccountCards, String> {
        account_cards(self.state, program, login_id).map_err(text)
    }

    pub fn drop_answers(&self, path: &str, count: u32) -> Result<(), String> {
        drop_answers(self.state, path, count).map_err(text)
    }

    pub fn stats(&self) -> CardStats {
        stats(self.state)
    }

    pub fn table_text(&self, table: &str) -> Result<Vec<String>, String> {
        table_text(self.state, table).map_err(text)
    }
}

// Admin HTTP endpoints -------------------------------------------------------------------

pub async fn admin_issue(
    State(state): State<Shared>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<IssuedCard>)> {
    let req: IssueCard = json_body(&body)?;
    Ok((StatusCode::CREATED, Json(issue(&state, &req)?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    status: String,
}

pub async fn admin_status(
    State(state): State<Shared>,
    Path((program_name, number)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<IssuedCard>> {
    let req: StatusChange = json_body(&body)?;
    Ok(Json(set_status(
        &state,
        &program_name,
        &number,
        &req.status,
    )?))
}

pub async fn admin_reissue(
    State(state): State<Shared>,
    Path((program_name, number)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<IssuedCard>)> {
    Ok((
        StatusCode::CREATED,
        Json(reissue(&state, &program_name, &number)?),
    ))
}

pub async fn admin_holder(
    State(state): State<Shared>,
    Path((program_name, login_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<AccountCards>> {
    let req: AccountHolder = json_body(&body)?;
    set_holder(&state, &program_name, &login_id, &req)?;
    Ok(Json(account_cards(&state, &program_name, &login_id)?))
}

pub async fn admin_account_cards(
    State(state): State<Shared>,
    Path((program_name, login_id)): Path<(String, String)>,
) -> ApiResult<Json<AccountCards>> {
    Ok(Json(account_cards(&state, &program_name, &login_id)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    path: String,
    #[serde(default = "one")]
    drop_answers: u32,
}

fn one() -> u32 {
    1
}

pub async fn admin_faults(State(state): State<Shared>, body: Bytes) -> ApiResult<Json<Value>> {
    let req: Faults = json_body(&body)?;
    drop_answers(&state, &req.path, req.drop_answers)?;
    Ok(Json(
        json!({ "path": req.path, "drop_answers": req.drop_answers }),
    ))
}

pub async fn admin_stats(State(state): State<Shared>) -> Json<CardStats> {
    Json(stats(&state))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn luhn_matches_known_numbers() {
        // Well-known test numbers.
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("4111-1111"));
        assert_eq!(luhn_check_digit("7992739871"), '3');
    }

    #[test]
    fn demo_cards_have_valid_numbers_and_load() {
        let conn = crate::db::open(None).expect("schema loads");
        let mut stmt = conn
            .prepare("SELECT program, card_type, number, built_into FROM card_registry")
            .expect("query");
        let rows: Vec<(String, String, String, Option<i64>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(rows.len(), 14, "12 demo cards and 2 built-in e-money cards");
        let mut seen = HashSet::new();
        for (program, card_type, number, _) in &rows {
            assert!(luhn_valid(number), "{number}");
            assert_eq!(number.len(), 16);
            assert!(
                rules_of(program).card_type(card_type).is_some(),
                "{program} {card_type}"
            );
            assert!(seen.insert(number.clone()), "unique {number}");
        }
        let built_in = rows.iter().filter(|r| r.3.is_some()).count();
        assert_eq!(built_in, 2, "each demo AEON card has its e-money card");
    }

    #[test]
    fn the_documented_demo_cards_are_the_ones_loaded() {
        let contract = include_str!("../../CONTRACT.md");
        let table = contract
            .split("### Demo cards")
            .nth(1)
            .expect("CONTRACT.md documents the demo cards");
        let conn = crate::db::open(None).expect("schema loads");
        let mut documented = 0;
        for row in table.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
            let (program, card_type, number) = (cells[1], cells[2], cells[3].replace(' ', ""));
            let found: Option<String> = conn
                .query_row(
                    "SELECT card_type FROM card_registry WHERE program = ?1 AND number = ?2",
                    (program, &number),
                    |r| r.get(0),
                )
                .optional()
                .expect("query");
            assert_eq!(found.as_deref(), Some(card_type), "{row}");
            documented += 1;
        }
        assert_eq!(documented, 12, "every demo card is documented");
    }

    #[test]
    fn names_compare_as_people_write_them() {
        let a = Holder {
            name: "山田　花子".into(),
            birth_date: "1990-04-01".into(),
        };
        let b = Holder {
            name: "山田花子".into(),
            birth_date: "1990-04-01".into(),
        };
        assert!(same_person(&a, &b));
        let c = Holder {
            name: "ＹＡＭＡＤＡ Hanako".into(),
            birth_date: "1990-04-01".into(),
        };
        let d = Holder {
            name: "yamada hanako".into(),
            birth_date: "1990-04-01".into(),
        };
        assert!(same_person(&c, &d));
        let e = Holder {
            birth_date: "1990-04-02".into(),
            ..b.clone()
        };
        assert!(!same_person(&b, &e));
    }

    #[test]
    fn start_month_is_the_month_after_the_first_award() {
        assert_eq!(start_month("2020-09-10").as_deref(), Some("2020-10"));
        assert_eq!(start_month("2020-12-31").as_deref(), Some("2021-01"));
        assert_eq!(start_month("not a date"), None);
    }
}
