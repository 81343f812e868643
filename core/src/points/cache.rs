//! The on-device cache of balance and history (SPEC §5.3): what lets both show offline,
//! marked with when they were last synced.
//!
//! - `points_entries`: the history, one row per server entry (its ID is the row ID). Server
//!   entries are append-only and never edited, so a sync only adds rows.
//! - `points_buckets`: the held points by expiry date, as of the last sync (a snapshot the
//!   server sends whole; it is small: one row per expiry date).
//! - `points_sync`: one row: whose cache it is, the server's sync cursor, the accrual start
//!   and when it was last synced.
//!
//! A sync is imported in **one transaction** ([`import`]): a crash or an error in the middle
//! leaves the cache exactly as it was before the sync. Pages are read newest first by keyset
//! ([`page`]) on the indexes `(date DESC, id DESC)` and `(kind, date DESC, id DESC)`, so a page
//! costs the same at the top of 100,000 entries as at the bottom.
//!
//! The functions are public for the benchmark (`core/benches/points.rs`); the app reaches them
//! through [`super::Points`].

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params_from_iter, types::Value};

use super::error::PointsError;
use super::expiry::{days_until, expiring_within, parse_date};
use super::model::{
    ExpiryBucket, HistoryPage, HistoryQuery, PointBalance, PointEntry, PointEntryKind,
};
use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[Migration {
    id: "points-001-cache",
    sql: "
CREATE TABLE points_entries (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    points INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'use', 'expire', 'adjust', 'transfer', 'merge')),
    store TEXT,
    text TEXT NOT NULL
);
CREATE INDEX points_entries_by_date ON points_entries (date DESC, id DESC);
CREATE INDEX points_entries_by_kind ON points_entries (kind, date DESC, id DESC);
CREATE TABLE points_buckets (
    expires TEXT PRIMARY KEY,
    points INTEGER NOT NULL CHECK (points >= 0)
) WITHOUT ROWID;
CREATE TABLE points_sync (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    member_id TEXT NOT NULL,
    cursor TEXT NOT NULL,
    first_award TEXT,
    synced_at TEXT NOT NULL
);
",
}];

/// The largest history page the cache serves.
pub const MAX_PAGE: u32 = 200;

/// The state of the last sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// Whose cache this is: another member signing in on the phone starts afresh.
    pub member_id: String,
    /// The server's cursor after the last imported entry (opaque).
    pub cursor: String,
    pub first_award: Option<String>,
    /// RFC 3339.
    pub synced_at: String,
}

/// What one sync brings, to be imported at once.
#[derive(Debug, Clone)]
pub struct Import<'a> {
    pub member_id: &'a str,
    /// The cursor the sync started from; `None` for a full sync, which replaces everything.
    pub since: Option<&'a str>,
    /// The server's cursor after the last entry.
    pub cursor: &'a str,
    /// New entries, in any order.
    pub entries: &'a [PointEntry],
    /// The held points by expiry date (`YYYY-MM-DD`, points), replacing the previous snapshot.
    pub breakdown: &'a [(String, u64)],
    pub first_award: Option<&'a str>,
    /// RFC 3339.
    pub synced_at: &'a str,
}

/// The last sync's state, if any.
pub fn sync_state(conn: &Connection) -> Result<Option<SyncState>, PointsError> {
    conn.query_row(
        "SELECT member_id, cursor, first_award, synced_at FROM points_sync WHERE singleton = 1",
        [],
        |r| {
            Ok(SyncState {
                member_id: r.get(0)?,
                cursor: r.get(1)?,
                first_award: r.get(2)?,
                synced_at: r.get(3)?,
            })
        },
    )
    .optional()
    .map_err(PointsError::from)
}

/// Imports one sync in one transaction; returns how many entries were new.
///
/// An incremental import (`since` given) applies only if the cache is still where the sync
/// started (same member, same cursor); otherwise another sync landed first and this one is
/// dropped (`Ok(0)`), so an older snapshot never overwrites a newer one.
pub fn import(conn: &Connection, import: &Import<'_>) -> Result<u32, PointsError> {
    let tx = conn.unchecked_transaction()?;
    let current = sync_state(&tx)?;
    match (import.since, &current) {
        (None, _) => {
            tx.execute_batch("DELETE FROM points_entries; DELETE FROM points_buckets;")?;
        }
        (Some(since), Some(state))
            if state.member_id == import.member_id && state.cursor == since => {}
        (Some(_), _) => return Ok(0),
    }
    let full = import.since.is_none();
    // A full sync writes every row: the indexes are built once at the end (one sort each)
    // instead of being updated row by row, and the rows go in by ID so the table only
    // appends. Inside the transaction, so a failure restores the indexes with the rows.
    let indexes = if full {
        drop_entry_indexes(&tx)?
    } else {
        Vec::new()
    };
    let new = insert_all(&tx, import, &indexes)?;
    tx.execute("DELETE FROM points_buckets", [])?;
    {
        let mut insert =
            tx.prepare_cached("INSERT INTO points_buckets (expires, points) VALUES (?1, ?2)")?;
        for (expires, points) in import.breakdown {
            let points = i64::try_from(*points).map_err(|_| {
                PointsError::Malformed(
                    "a balance bucket holds more points than can be stored".into(),
                )
            })?;
            insert.execute((expires, points))?;
        }
    }
    tx.execute(
        "INSERT INTO points_sync (singleton, member_id, cursor, first_award, synced_at)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (singleton) DO UPDATE SET member_id = excluded.member_id,
             cursor = excluded.cursor, first_award = excluded.first_award,
             synced_at = excluded.synced_at",
        (
            import.member_id,
            import.cursor,
            import.first_award,
            import.synced_at,
        ),
    )?;
    tx.commit()?;
    Ok(new)
}

/// Inserts a sync's entries in ID order (the table then only appends) and builds the
/// dropped `indexes` again; returns how many entries were new.
fn insert_all(
    conn: &Connection,
    import: &Import<'_>,
    indexes: &[String],
) -> Result<u32, PointsError> {
    let mut order: Vec<&PointEntry> = import.entries.iter().collect();
    order.sort_unstable_by_key(|e| e.id);
    let mut new = 0u32;
    // Many rows per statement: one step of the statement (and one reset) per chunk instead
    // of per row, the statement compiled once for all full chunks.
    for chunk in order.chunks(ROWS_PER_INSERT) {
        let mut insert = conn.prepare_cached(&insert_sql(chunk.len()))?;
        for (i, e) in chunk.iter().enumerate() {
            let at = i * 6;
            insert.raw_bind_parameter(at + 1, e.id)?;
            insert.raw_bind_parameter(at + 2, &e.date)?;
            insert.raw_bind_parameter(at + 3, e.points)?;
            insert.raw_bind_parameter(at + 4, e.kind.as_str())?;
            insert.raw_bind_parameter(at + 5, e.store.as_deref())?;
            insert.raw_bind_parameter(at + 6, &e.text)?;
        }
        new += insert.raw_execute()? as u32;
    }
    for sql in indexes {
        conn.execute_batch(sql)?;
    }
    Ok(new)
}

/// Entries per `INSERT` of an import (6 parameters each, far below SQLite's limit of 32,766).
const ROWS_PER_INSERT: usize = 64;

/// `INSERT OR IGNORE` of `rows` entries (an entry already cached is kept as it is).
fn insert_sql(rows: usize) -> String {
    let mut sql = String::with_capacity(90 + rows * 20);
    sql.push_str(
        "INSERT OR IGNORE INTO points_entries (id, date, points, kind, store, text) VALUES ",
    );
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str("(?, ?, ?, ?, ?, ?)");
    }
    sql
}

/// Drops the history's indexes and returns the statements that create them again, read
/// from the schema itself so an index a later migration adds is kept too.
fn drop_entry_indexes(conn: &Connection) -> Result<Vec<String>, PointsError> {
    let indexes: Vec<(String, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND tbl_name = 'points_entries' AND sql IS NOT NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Records a sync that found nothing new: the cache is confirmed current at `synced_at`.
pub fn mark_synced(conn: &Connection, member_id: &str, synced_at: &str) -> Result<(), PointsError> {
    conn.execute(
        "UPDATE points_sync SET synced_at = ?2 WHERE singleton = 1 AND member_id = ?1",
        (member_id, synced_at),
    )?;
    Ok(())
}

fn invalid(detail: impl Into<String>) -> PointsError {
    PointsError::InvalidHistoryQuery(detail.into())
}

const CURSOR_PREFIX: &str = "h1.";

fn encode_cursor(entry: &PointEntry) -> String {
    format!("{CURSOR_PREFIX}{}.{}", entry.date, entry.id)
}

fn decode_cursor(text: &str) -> Result<(NaiveDate, i64), PointsError> {
    let bad = || invalid(format!("`{text}` is not a cursor this app gave"));
    let rest = text.strip_prefix(CURSOR_PREFIX).ok_or_else(bad)?;
    let (date, id) = rest.split_once('.').ok_or_else(bad)?;
    let date = parse_date(date).map_err(|_| bad())?;
    let id = id.parse::<i64>().map_err(|_| bad())?;
    Ok((date, id))
}

fn query_date(text: &Option<String>, field: &str) -> Result<Option<NaiveDate>, PointsError> {
    text.as_deref()
        .map(|t| parse_date(t).map_err(|e| invalid(format!("{field}: {e}"))))
        .transpose()
}

/// One page of history, newest first (by date, then entry), filtered by `query`.
///
/// Errors ([`PointsError::InvalidHistoryQuery`]): a limit of 0 or over [`MAX_PAGE`], a date
/// not in the form `YYYY-MM-DD`, `from` after `to`, a cursor this app did not give.
pub fn page(
    conn: &Connection,
    query: &HistoryQuery,
) -> Result<(Vec<PointEntry>, Option<String>), PointsError> {
    if !(1..=MAX_PAGE).contains(&query.limit) {
        return Err(invalid(format!(
            "limit must be 1 to {MAX_PAGE}, not {}",
            query.limit
        )));
    }
    let from = query_date(&query.from, "from")?;
    let to = query_date(&query.to, "to")?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(invalid(format!("from {from} is after to {to}")));
    }
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;

    let mut sql =
        String::from("SELECT id, date, points, kind, store, text FROM points_entries WHERE 1 = 1");
    let mut params: Vec<Value> = Vec::new();
    let mut kinds: Vec<&'static str> = query.kinds.iter().map(|k| k.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() && kinds.len() < PointEntryKind::ALL.len() {
        sql += &format!(" AND kind IN ({})", vec!["?"; kinds.len()].join(", "));
        params.extend(kinds.iter().map(|k| Value::Text((*k).to_owned())));
    }
    if let Some(from) = from {
        sql += " AND date >= ?";
        params.push(Value::Text(from.to_string()));
    }
    if let Some(to) = to {
        sql += " AND date <= ?";
        params.push(Value::Text(to.to_string()));
    }
    if let Some((date, id)) = after {
        sql += " AND (date, id) < (?, ?)";
        params.push(Value::Text(date.to_string()));
        params.push(Value::Integer(id));
    }
    sql += " ORDER BY date DESC, id DESC LIMIT ?";
    params.push(Value::Integer(i64::from(query.limit) + 1));

    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut entries = Vec::with_capacity(query.limit as usize + 1);
    for row in rows {
        let (id, date, points, kind, store, text) = row?;
        let kind = PointEntryKind::parse(&kind).ok_or_else(|| {
            PointsError::CorruptCache(format!("unknown entry kind `{kind}` in the cache"))
        })?;
        entries.push(PointEntry {
            id,
            date,
            points,
            kind,
            store,
            text,
        });
    }
    let next = if entries.len() > query.limit as usize {
        entries.truncate(query.limit as usize);
        entries.last().map(encode_cursor)
    } else {
        None
    };
    Ok((entries, next))
}

/// One page with the sync time, for the service.
pub fn history_page(
    conn: &Connection,
    state: &SyncState,
    query: &HistoryQuery,
) -> Result<HistoryPage, PointsError> {
    let (entries, next_cursor) = page(conn, query)?;
    Ok(HistoryPage {
        entries,
        next_cursor,
        last_synced: state.synced_at.clone(),
    })
}

/// The held points by expiry date (`YYYY-MM-DD`, points), soonest first, as last synced.
pub fn buckets(conn: &Connection) -> Result<Vec<(String, u64)>, PointsError> {
    let mut stmt =
        conn.prepare_cached("SELECT expires, points FROM points_buckets ORDER BY expires")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|row| {
        let (expires, points) = row?;
        Ok((expires, u64::try_from(points).unwrap_or(0)))
    })
    .collect()
}

/// The balance on `today` (a Japan date) from the cache: buckets already past their expiry
/// are left out, and the points expiring within `soon_days` are added up.
pub fn balance(
    conn: &Connection,
    state: &SyncState,
    today: NaiveDate,
    soon_days: u32,
) -> Result<PointBalance, PointsError> {
    let mut breakdown = Vec::new();
    for (expires, points) in buckets(conn)? {
        let date = parse_date(&expires)
            .map_err(|e| PointsError::CorruptCache(format!("bad expiry date in the cache: {e}")))?;
        let days_left = days_until(today, date);
        if days_left < 0 || points == 0 {
            continue;
        }
        breakdown.push(ExpiryBucket {
            expires,
            points,
            days_left,
            expiring_soon: expiring_within(today, date, soon_days),
        });
    }
    Ok(PointBalance {
        total: breakdown.iter().map(|b| b.points).sum(),
        expiring_soon: breakdown
            .iter()
            .filter(|b| b.expiring_soon)
            .map(|b| b.points)
            .sum(),
        expiring_soon_days: soon_days,
        next_expiry: breakdown.first().cloned(),
        breakdown,
        first_award: state.first_award.clone(),
        as_of: today.to_string(),
        last_synced: state.synced_at.clone(),
    })
}

#[cfg(test)]
mod tests;
