//! Member endpoints: balance, incremental sync, history, in-app use.

use super::*;

/// `GET v1/points`: the balance with its breakdown by expiry date.
pub(super) async fn balance(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    let today = japan_today(&state);
    let conn = state.db();
    let balance = atomic(&conn, |conn| balance_in(conn, caller.account_id, today))?;
    Ok(Json(json!(balance)))
}

pub(super) fn query_limit(
    query: &HashMap<String, String>,
    default: i64,
    max: i64,
) -> ApiResult<i64> {
    match query.get("limit") {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiErr::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_limit",
                    format!("limit must be 1 to {max}"),
                )
            }),
    }
}

pub(super) fn invalid_cursor() -> ApiErr {
    ApiErr::new(
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
        "the cursor is not one this server gave",
    )
}

/// `GET v1/points/changes?since=CURSOR&limit=N`: incremental sync. Entries written after the
/// cursor, oldest first, with the balance; nothing new since the cursor answers
/// `{"entries": [], "cursor": since, "more": false}` without a balance (nothing changed).
pub(super) async fn changes(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    caller: Caller,
) -> ApiResult<Json<Value>> {
    let limit = query_limit(&query, DEFAULT_SYNC_PAGE, MAX_SYNC_PAGE)?;
    let since: Option<i64> = match query.get("since") {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(invalid_cursor)?,
        ),
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = caller.account_id;
    atomic(&conn, |conn| {
        // Expiry first: it may write entries this answer must carry.
        let balance = balance_in(conn, account, today)?;
        let mut entries: Vec<PointEntry> = {
            let mut stmt = conn.prepare(
                "SELECT id, kind, date, points, store, text FROM point_entries
                 WHERE account_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
            )?;
            stmt.query_map((account, since.unwrap_or(0), limit + 1), entry_from_row)?
                .collect::<Result<_, _>>()?
        };
        let more = entries.len() as i64 > limit;
        entries.truncate(limit as usize);
        conn.execute(
            "INSERT INTO point_sync_stats (account_id, requests, entries_sent) VALUES (?1, 1, ?2)
             ON CONFLICT (account_id) DO UPDATE SET requests = requests + 1,
                 entries_sent = entries_sent + excluded.entries_sent",
            (account, entries.len() as i64),
        )?;
        let cursor = entries
            .last()
            .map(|e| e.id)
            .or(since)
            .unwrap_or(0)
            .to_string();
        let mut answer = json!({ "entries": entries, "cursor": cursor, "more": more });
        if since.is_none() || !entries.is_empty() {
            answer["balance"] = json!(balance);
        }
        Ok(Json(answer))
    })
}

/// `GET v1/points/history?kinds=earn,use&from=D&to=D&cursor=C&limit=N`: newest first, by
/// date then entry; `next_cursor` is null on the last page. The cursor is opaque.
pub(super) async fn history(
    State(state): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    caller: Caller,
) -> ApiResult<Json<Value>> {
    let limit = query_limit(&query, DEFAULT_PAGE, MAX_HISTORY_PAGE)?;
    let kinds: Vec<String> = match query.get("kinds") {
        None => Vec::new(),
        Some(text) => text
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| {
                ["earn", "use", "expire", "adjust", "transfer", "merge"]
                    .contains(&k)
                    .then(|| k.to_owned())
                    .ok_or_else(|| {
                        ApiErr::new(
                            StatusCode::BAD_REQUEST,
                            "invalid_kind",
                            format!("unknown kind `{k}`"),
                        )
                    })
            })
            .collect::<ApiResult<_>>()?,
    };
    let from = query
        .get("from")
        .map(|t| parse_date(t, "from"))
        .transpose()?;
    let to = query.get("to").map(|t| parse_date(t, "to")).transpose()?;
    let after: Option<(NaiveDate, i64)> = match query.get("cursor") {
        None => None,
        Some(text) => {
            let (date, id) = text.split_once('~').ok_or_else(invalid_cursor)?;
            let date = parse_date(date, "cursor").map_err(|_| invalid_cursor())?;
            Some((date, id.parse().map_err(|_| invalid_cursor())?))
        }
    };
    let today = japan_today(&state);
    let conn = state.db();
    let account = caller.account_id;
    atomic(&conn, |conn| {
        run_expiry(conn, account, today)?;
        let mut sql = String::from(
            "SELECT id, kind, date, points, store, text FROM point_entries WHERE account_id = ?",
        );
        let mut params: Vec<rusqlite::types::Value> = vec![account.into()];
        if !kinds.is_empty() {
            sql += &format!(" AND kind IN ({})", vec!["?"; kinds.len()].join(","));
            params.extend(kinds.iter().map(|k| k.clone().into()));
        }
        if let Some(from) = from {
            sql += " AND date >= ?";
            params.push(from.to_string().into());
        }
        if let Some(to) = to {
            sql += " AND date <= ?";
            params.push(to.to_string().into());
        }
        if let Some((date, id)) = after {
            sql += " AND (date < ? OR (date = ? AND id < ?))";
            params.push(date.to_string().into());
            params.push(date.to_string().into());
            params.push(id.into());
        }
        sql += " ORDER BY date DESC, id DESC LIMIT ?";
        params.push((limit + 1).into());
        let mut stmt = conn.prepare(&sql)?;
        let mut entries: Vec<PointEntry> = stmt
            .query_map(rusqlite::params_from_iter(params), entry_from_row)?
            .collect::<Result<_, _>>()?;
        let next = (entries.len() as i64 > limit).then(|| {
            entries.truncate(limit as usize);
            entries
                .last()
                .map(|e| format!("{}~{}", e.date, e.id))
                .unwrap_or_default()
        });
        Ok(Json(json!({ "entries": entries, "next_cursor": next })))
    })
}

#[derive(Deserialize)]
pub(super) struct UseBody {
    points: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// Made by the phone when the member confirmed; the use applies once per key
    /// (`routes::idempotency`).
    idempotency_key: String,
}

/// `POST v1/points/use {idempotency_key, points, store?, text?}`: the member uses points in
/// the app (an exchange, a charge), today, once per key. 403 `external_id_not_linked` on
/// unlinked `wester` accounts.
pub(super) async fn use_points(
    State(state): State<Shared>,
    caller: Caller,
    JsonBody(req): JsonBody<UseBody>,
) -> ApiResult<Response> {
    let today = japan_today(&state);
    let text = req.text.as_deref().filter(|t| !t.trim().is_empty());
    let request = json!({
        "endpoint": "points_use",
        "points": req.points,
        "store": req.store,
        "text": text,
    })
    .to_string();
    idempotency::run(
        &state,
        &idempotency::account_scope(caller.account_id),
        &req.idempotency_key,
        &request,
        |conn| {
            let entry = spend_in(
                conn,
                today,
                caller.account_id,
                req.points,
                today,
                req.store.as_deref(),
                text,
            )?;
            let balance = atomic(conn, |conn| balance_in(conn, caller.account_id, today))?;
            Ok(json!({ "entry": entry, "balance": balance }))
        },
    )
}
