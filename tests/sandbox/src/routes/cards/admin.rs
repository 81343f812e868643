//! Test controls (admin): issue cards, change their state, personal details, faults, counters.

use super::*;

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

pub(super) fn admin_err(status: StatusCode, message: impl Into<String>) -> ApiErr {
    ApiErr::new(status, "bad_request", message)
}

pub(super) fn valid_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// A fresh number: the type's prefix, random digits, the type's check digit.
pub(super) fn new_number(
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

pub(super) fn issued(
    db: &Connection,
    state: &AppState,
    program: &str,
    id: i64,
) -> ApiResult<IssuedCard> {
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
    let rules = rules_of(program)?;
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

pub(super) fn registry_id(db: &Connection, program: &str, number: &str) -> ApiResult<i64> {
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
    let rules = rules_of(program)?;
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

pub(super) fn account_by_login(db: &Connection, program: &str, login_id: &str) -> ApiResult<i64> {
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
