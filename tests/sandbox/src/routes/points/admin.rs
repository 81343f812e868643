//! Admin (tests and QA) endpoints and the point-of-sale hook `/pos/points`.

use super::*;

#[derive(Deserialize)]
pub(super) struct AdminPoints {
    program: String,
    login_id: String,
    points: i64,
    /// Japan date; default the sandbox's today.
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

pub(super) fn admin_target(
    conn: &Connection,
    program_name: &str,
    login_id: &str,
) -> ApiResult<i64> {
    let program = program(program_name)?;
    account_by_login(conn, program, login_id)
}

pub(super) fn admin_date(state: &AppState, date: Option<&str>) -> ApiResult<NaiveDate> {
    date.map(|d| parse_date(d, "date"))
        .transpose()
        .map(|d| d.unwrap_or_else(|| japan_today(state)))
}

/// What an admin ledger call does.
#[derive(Clone, Copy)]
pub(super) enum AdminOp {
    Award,
    Use,
    Adjust,
}

/// The three admin ledger calls share their shape: read the body, date it (default: the
/// sandbox's today), find the account, write one entry.
pub(super) fn admin_ledger_op(
    state: &Shared,
    req: AdminPoints,
    op: AdminOp,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let date = admin_date(state, req.date.as_deref())?;
    let today = japan_today(state);
    let conn = state.db();
    let account = admin_target(&conn, &req.program, &req.login_id)?;
    let (store, text) = (req.store.as_deref(), req.text.as_deref());
    let entry = match op {
        AdminOp::Award => award_in(&conn, today, account, req.points, date, store, text)?,
        AdminOp::Use => spend_in(&conn, today, account, req.points, date, store, text)?,
        AdminOp::Adjust => adjust_in(&conn, today, account, req.points, date, text)?,
    };
    Ok((StatusCode::CREATED, Json(json!({ "entry": entry }))))
}

/// `POST /admin/points/award {program, login_id, points, date?, store?, text?}` → 201 `{entry}`.
pub(super) async fn admin_award(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminPoints>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, req, AdminOp::Award)
}

/// `POST /admin/points/use {program, login_id, points, date?, store?, text?}`: a use at a till.
pub(super) async fn admin_use(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminPoints>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, req, AdminOp::Use)
}

/// `POST /admin/points/adjust {program, login_id, points (signed), date?, text?}`.
pub(super) async fn admin_adjust(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminPoints>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    admin_ledger_op(&state, req, AdminOp::Adjust)
}

#[derive(Deserialize)]
pub(super) struct AdminCharge {
    program: String,
    login_id: String,
    date: String,
}

/// `POST /admin/points/emoney-charge {program, login_id, date}`: a first e-money charge.
pub(super) async fn admin_emoney_charge(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminCharge>,
) -> ApiResult<Json<Value>> {
    let date = parse_date(&req.date, "date")?;
    let today = japan_today(&state);
    let conn = state.db();
    let account = admin_target(&conn, &req.program, &req.login_id)?;
    note_emoney_charge(&conn, account, date)?;
    Ok(Json(json!(atomic(&conn, |conn| balance_in(
        conn, account, today
    ))?)))
}

#[derive(Deserialize)]
pub(super) struct AdminMerge {
    program: String,
    from_login_id: String,
    into_login_id: String,
    #[serde(default)]
    date: Option<String>,
}

/// `POST /admin/points/merge {program, from_login_id, into_login_id, date?}` → `{moved}`:
/// the points part of an account merge (the cards flow calls [`merge_points`] itself).
pub(super) async fn admin_merge(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminMerge>,
) -> ApiResult<Json<Value>> {
    let date = admin_date(&state, req.date.as_deref())?;
    let conn = state.db();
    let from = admin_target(&conn, &req.program, &req.from_login_id)?;
    let into = admin_target(&conn, &req.program, &req.into_login_id)?;
    let moved = merge_points(&conn, from, into, date)?;
    Ok(Json(json!({ "moved": moved })))
}

/// `GET /admin/points/ledger?program=P&login_id=ID` → `{balance, entries (newest first),
/// sync: {requests, entries_sent}}`.
pub(super) async fn admin_ledger(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let (Some(program_name), Some(login_id)) = (query.get("program"), query.get("login_id")) else {
        return Err(ApiErr::bad_request("program and login_id are required"));
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = admin_target(&conn, program_name, login_id)?;
    let (balance, entries) = atomic(&conn, |conn| {
        Ok((
            balance_in(conn, account, today)?,
            all_entries(conn, account)?,
        ))
    })?;
    Ok(Json(json!({
        "balance": balance,
        "entries": entries,
        "sync": sync_stats(&conn, account)?,
    })))
}

#[derive(Deserialize)]
pub(super) struct AdminToday {
    date: String,
}

/// `POST /admin/points/today {date}` → `{now}`: moves the sandbox clock to noon (Japan time) of
/// a Japan date, forward or back, so tests and QA can stage a timeline on known dates.
pub(super) async fn admin_set_today(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<AdminToday>,
) -> ApiResult<Json<Value>> {
    let date = parse_date(&req.date, "date")?;
    set_today(&state, date);
    Ok(Json(json!({ "now": state.clock.now().to_rfc3339() })))
}

pub(super) fn set_today(state: &AppState, date: NaiveDate) {
    let noon_jst_in_utc = date.and_hms_opt(3, 0, 0).unwrap_or_default().and_utc();
    state
        .clock
        .advance((noon_jst_in_utc - state.clock.now()).num_seconds());
}

pub(super) fn sync_stats(conn: &Connection, account_id: i64) -> ApiResult<PointSyncStats> {
    Ok(conn
        .query_row(
            "SELECT requests, entries_sent FROM point_sync_stats WHERE account_id = ?1",
            [account_id],
            |r| {
                Ok(PointSyncStats {
                    requests: r.get::<_, i64>(0)? as u64,
                    entries_sent: r.get::<_, i64>(1)? as u64,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

#[derive(Deserialize)]
pub(super) struct PosPoints {
    /// An open till transaction (`/pos/scan`): the member it identified gets the points.
    #[serde(default)]
    transaction_id: Option<String>,
    /// Or a scanned member code, verified here without opening a transaction.
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    program: Option<String>,
    /// `earn` or `use`.
    kind: String,
    points: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A till that retries after a lost answer sends the same key: the points move once
    /// (`routes::idempotency`, scope `pos`). Without one, every delivery applies.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// `POST /pos/points {transaction_id | code (+ program?), kind, points, store?, text?}`: a
/// till awards (`earn`) or spends (`use`) points, today, for the member of an open till
/// transaction or of a scanned code. The member is identified by the point-of-sale
/// capability (`pos::transaction`, `pos::identify`); its errors pass through unchanged.
pub(super) async fn pos_points(
    State(state): State<Shared>,
    JsonBody(req): JsonBody<PosPoints>,
) -> ApiResult<Response> {
    let (account, member_id) = match (&req.transaction_id, &req.code) {
        (Some(id), None) => {
            let tx = crate::routes::pos::transaction(&state, id)?;
            if tx.status != crate::routes::pos::TxStatus::Open {
                return Err(ApiErr::new(
                    StatusCode::CONFLICT,
                    "transaction_closed",
                    format!("the till transaction is {}", tx.status.as_str()),
                ));
            }
            let member_id: String = state.db().query_row(
                "SELECT member_id FROM accounts WHERE id = ?1",
                [tx.account_id],
                |r| r.get(0),
            )?;
            (tx.account_id, member_id)
        }
        (None, Some(code)) => {
            let program = req.program.as_deref().map(program).transpose()?;
            let who = crate::routes::pos::identify(&state, program, code)?;
            (who.account_id, who.member_id)
        }
        _ => {
            return Err(ApiErr::bad_request(
                "give exactly one of transaction_id and code",
            ));
        }
    };
    let today = japan_today(&state);
    let store = req.store.as_deref().unwrap_or_default();
    let text = req.text.as_deref().unwrap_or_default();
    let request = json!({
        "endpoint": "pos_points",
        "account": account,
        "kind": req.kind,
        "points": req.points,
        "store": store,
        "text": text,
    })
    .to_string();
    let text = Some(text).filter(|t| !t.trim().is_empty());
    idempotency::run_optional(
        &state,
        idempotency::POS_SCOPE,
        req.idempotency_key.as_deref(),
        &request,
        |conn| {
            let entry = match req.kind.as_str() {
                "earn" => award_in(conn, today, account, req.points, today, Some(store), text)?,
                "use" => spend_in(conn, today, account, req.points, today, Some(store), text)?,
                other => {
                    return Err(ApiErr::bad_request(format!(
                        "kind must be earn or use, not {other}"
                    )));
                }
            };
            Ok(json!({ "member_id": member_id, "entry": entry }))
        },
    )
}
