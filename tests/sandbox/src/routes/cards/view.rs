//! Registrations as the member API shows them, and `GET v1/cards`.

use super::*;

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
pub(super) struct RegRow {
    pub(super) id: String,
    pub(super) card_type: String,
    pub(super) number: String,
    pub(super) last4: String,
    pub(super) point_account: Option<String>,
    pub(super) linked_to: Option<String>,
    pub(super) issuer: String,
    pub(super) registered_at: String,
    pub(super) expires_on: String,
    pub(super) status: String,
}

pub(super) const REG_SELECT: &str = "SELECT r.id, r.card_type, c.number, r.last4, c.point_account,
        r.linked_to, c.issuer, r.registered_at, c.expires_on, c.status
    FROM card_registrations r JOIN card_registry c ON c.id = r.registry_id";

pub(super) fn reg_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegRow> {
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

pub(super) fn account_regs(db: &Connection, account_id: i64) -> rusqlite::Result<Vec<RegRow>> {
    let mut stmt = db.prepare(&format!(
        "{REG_SELECT} WHERE r.account_id = ?1 ORDER BY r.rowid"
    ))?;
    stmt.query_map([account_id], reg_row)?.collect()
}

pub(super) fn reg_by_id(db: &Connection, id: &str) -> rusqlite::Result<RegRow> {
    db.query_row(&format!("{REG_SELECT} WHERE r.id = ?1"), [id], reg_row)
}

/// A registered card as the member API answers it. A credit card's number is never
/// answered (nor stored with the registration): its last 4 digits and the point-account
/// number the issuer maps it to stand for it.
pub(super) fn card_json(rules: &ProgramRules, row: &RegRow, today: NaiveDate) -> Value {
    let credit = rules
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
pub(super) fn list_json(
    state: &AppState,
    db: &Connection,
    program: &str,
    account_id: i64,
) -> ApiResult<Value> {
    let rules = rules_of(program)?;
    let today = japan_today(state);
    let rows = account_regs(db, account_id)?;
    let (lapsed, shown): (Vec<&RegRow>, Vec<&RegRow>) =
        rows.iter().partition(|r| r.status == "lapsed");
    let cards: Vec<Value> = shown.iter().map(|r| card_json(rules, r, today)).collect();
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

pub async fn list(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    let program = caller.program;
    let db = state.db();
    Ok(Json(list_json(&state, &db, program, caller.account_id)?))
}
