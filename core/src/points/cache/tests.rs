//! The cache on a real SQLite file: import, keyset pages, filters, offline balance, and the
//! one-transaction guarantee under an injected failure.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::storage::Storage;

fn d(text: &str) -> NaiveDate {
    parse_date(text).expect("date")
}

/// A storage in a temporary directory, removed when the guard goes.
fn storage() -> (Storage, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    (Storage::open(dir.path()).expect("open"), dir)
}

const KINDS: [PointEntryKind; 6] = PointEntryKind::ALL;

/// `n` entries, a few a day from 2020-01-01, kinds in rotation, ids 1..=n.
fn entries(n: i64) -> Vec<PointEntry> {
    (1..=n)
        .map(|id| PointEntry {
            id,
            date: (d("2020-01-01") + chrono::Duration::days(id / 3)).to_string(),
            points: if id % 2 == 0 {
                -(id % 50)
            } else {
                id % 100 + 1
            },
            kind: KINDS[(id % 6) as usize],
            store: (id % 4 == 0).then(|| format!("Store {}", id % 7)),
            text: format!("entry {id}"),
        })
        .collect()
}

fn import_all(conn: &Connection, since: Option<&str>, cursor: &str, entries: &[PointEntry]) -> u32 {
    import(
        conn,
        &Import {
            member_id: "m1",
            since,
            cursor,
            entries,
            breakdown: &[("2026-03-31".into(), 120), ("2027-03-31".into(), 50)],
            first_award: Some("2020-01-01"),
            synced_at: "2026-03-01T00:00:00+00:00",
        },
    )
    .expect("import")
}

fn query(limit: u32) -> HistoryQuery {
    HistoryQuery {
        limit,
        ..HistoryQuery::default()
    }
}

/// Every entry, newest first, by following cursors.
fn walk(conn: &Connection, mut q: HistoryQuery) -> Vec<PointEntry> {
    let mut all = Vec::new();
    loop {
        let (page, next) = page(conn, &q).expect("page");
        assert!(page.len() <= q.limit as usize);
        all.extend(page);
        match next {
            Some(cursor) => q.cursor = Some(cursor),
            None => return all,
        }
    }
}

fn newest_first(mut e: Vec<PointEntry>) -> Vec<PointEntry> {
    e.sort_by(|a, b| (&b.date, b.id).cmp(&(&a.date, a.id)));
    e
}

#[test]
fn pages_walk_every_entry_newest_first_with_filters() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    let all = entries(1000);
    assert_eq!(import_all(&conn, None, "1000", &all), 1000);
    assert_eq!(walk(&conn, query(37)), newest_first(all.clone()));

    let q = HistoryQuery {
        kinds: vec![PointEntryKind::Use, PointEntryKind::Earn],
        from: Some("2020-03-01".into()),
        to: Some("2020-06-30".into()),
        ..query(10)
    };
    let want: Vec<PointEntry> = newest_first(all.clone())
        .into_iter()
        .filter(|e| matches!(e.kind, PointEntryKind::Use | PointEntryKind::Earn))
        .filter(|e| e.date.as_str() >= "2020-03-01" && e.date.as_str() <= "2020-06-30")
        .collect();
    assert!(want.len() > 30, "the filter leaves several pages");
    assert_eq!(walk(&conn, q), want);

    // All kinds named is the same as none.
    let every = HistoryQuery {
        kinds: PointEntryKind::ALL.to_vec(),
        ..query(200)
    };
    assert_eq!(walk(&conn, every).len(), 1000);
    drop(conn);
    drop(storage);
}

#[test]
fn bad_queries_are_typed_errors() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    import_all(&conn, None, "10", &entries(10));
    let bad = [
        query(0),
        query(MAX_PAGE + 1),
        HistoryQuery {
            from: Some("2020-02-30".into()),
            ..query(5)
        },
        HistoryQuery {
            to: Some("2020/01/01".into()),
            ..query(5)
        },
        HistoryQuery {
            from: Some("2021-01-02".into()),
            to: Some("2021-01-01".into()),
            ..query(5)
        },
        HistoryQuery {
            cursor: Some("junk".into()),
            ..query(5)
        },
        HistoryQuery {
            cursor: Some("h1.2020-01-01.x".into()),
            ..query(5)
        },
    ];
    for q in bad {
        assert!(
            matches!(page(&conn, &q), Err(PointsError::InvalidHistoryQuery(_))),
            "{q:?}"
        );
    }
    drop(conn);
}

#[test]
fn incremental_import_adds_only_new_entries_and_replaces_the_breakdown() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    let all = entries(30);
    assert_eq!(import_all(&conn, None, "20", &all[..20]), 20);
    // Overlap is harmless: entries are immutable, duplicates are ignored.
    assert_eq!(import_all(&conn, Some("20"), "30", &all[15..]), 10);
    assert_eq!(walk(&conn, query(200)).len(), 30);
    let state = sync_state(&conn).expect("state").expect("synced");
    assert_eq!(state.cursor, "30");
    // A sync that started from an older cursor (another one landed first) is dropped.
    assert_eq!(import_all(&conn, Some("20"), "25", &entries(40)[30..]), 0);
    assert_eq!(walk(&conn, query(200)).len(), 30);
    assert_eq!(
        sync_state(&conn).expect("state").expect("synced").cursor,
        "30"
    );
    drop(conn);
}

#[test]
fn imports_of_several_insert_chunks_keep_every_entry_once() {
    // Entries go in ROWS_PER_INSERT at a time: two full chunks and a short one, with an
    // entry sent twice in the same sync and entries already cached in the next one.
    let (storage, dir) = storage();
    let conn = storage.conn();
    let n = (ROWS_PER_INSERT * 2 + 22) as i64;
    let all = entries(n + 40);
    let mut first: Vec<PointEntry> = all[..n as usize].to_vec();
    first.push(all[5].clone());
    first.reverse();
    assert_eq!(import_all(&conn, None, "a", &first), n as u32);
    let page = walk(&conn, query(200));
    assert_eq!(page, newest_first(all[..n as usize].to_vec()));
    // An incremental sync overlapping by 30 entries adds only the 40 new ones.
    assert_eq!(
        import_all(&conn, Some("a"), "b", &all[n as usize - 30..]),
        40
    );
    assert_eq!(walk(&conn, query(200)), newest_first(all.clone()));
    drop(conn);
    let _ = std::fs::remove_dir_all(dir);
}

fn dump(conn: &Connection) -> (Vec<PointEntry>, Vec<(String, u64)>, Option<SyncState>) {
    (
        walk(conn, query(200)),
        buckets(conn).expect("buckets"),
        sync_state(conn).expect("state"),
    )
}

#[test]
fn a_failure_in_the_middle_of_an_import_leaves_the_cache_as_it_was() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    import_all(&conn, None, "100", &entries(100));
    let before = dump(&conn);
    // Inject a failure at the 150th row of the next sync's import.
    conn.execute_batch(
        "CREATE TEMP TRIGGER fail_mid_import AFTER INSERT ON points_entries
         WHEN NEW.id = 150 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )
    .expect("trigger");
    let more = entries(300);
    let result = import(
        &conn,
        &Import {
            member_id: "m1",
            since: Some("100"),
            cursor: "300",
            entries: &more[100..],
            breakdown: &[("2030-03-31".into(), 1)],
            first_award: Some("2020-01-01"),
            synced_at: "2026-04-01T00:00:00+00:00",
        },
    );
    assert!(matches!(result, Err(PointsError::Storage(_))), "{result:?}");
    assert_eq!(dump(&conn), before);
    // A full re-sync failing half-way does not lose the old history either.
    let result = import(
        &conn,
        &Import {
            member_id: "m1",
            since: None,
            cursor: "300",
            entries: &more,
            breakdown: &[],
            first_award: None,
            synced_at: "2026-04-01T00:00:00+00:00",
        },
    );
    assert!(result.is_err());
    assert_eq!(dump(&conn), before);
    drop(conn);
}

#[test]
fn the_offline_balance_drops_expired_buckets_and_adds_up_what_expires_soon() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    import_all(&conn, None, "1", &entries(1));
    let state = sync_state(&conn).expect("state").expect("synced");
    // 2026-03-01: 120 expire 2026-03-31 (30 days: within 30), 50 on 2027-03-31.
    let b = balance(&conn, &state, d("2026-03-01"), 30).expect("balance");
    assert_eq!(b.total, 170);
    assert_eq!(b.expiring_soon, 120);
    assert_eq!(b.breakdown[0].days_left, 30);
    assert!(b.breakdown[0].expiring_soon && !b.breakdown[1].expiring_soon);
    assert_eq!(b.next_expiry.as_ref().map(|n| n.points), Some(120));
    assert_eq!(b.first_award.as_deref(), Some("2020-01-01"));
    assert_eq!(b.last_synced, "2026-03-01T00:00:00+00:00");
    // One day earlier the 120 are 31 days away: not "soon".
    assert_eq!(
        balance(&conn, &state, d("2026-02-28"), 30)
            .expect("b")
            .expiring_soon,
        0
    );
    // The last valid day still counts; the next day they are gone, even offline.
    assert_eq!(
        balance(&conn, &state, d("2026-03-31"), 30)
            .expect("b")
            .total,
        170
    );
    let after = balance(&conn, &state, d("2026-04-01"), 30).expect("b");
    assert_eq!((after.total, after.expiring_soon), (50, 0));
    assert_eq!(after.breakdown.len(), 1);
    drop(conn);
}

#[test]
fn the_indexes_serve_pages_without_sorting() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    let plan = |sql: &str| -> String {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan");
        stmt.query_map([], |r| r.get::<_, String>(3))
            .expect("rows")
            .map(|r| r.expect("row"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let unfiltered = plan(
        "SELECT id FROM points_entries WHERE (date, id) < ('2020-05-01', 9) ORDER BY date DESC, id DESC LIMIT 21",
    );
    assert!(
        unfiltered.contains("points_entries_by_date"),
        "{unfiltered}"
    );
    assert!(!unfiltered.contains("TEMP B-TREE"), "{unfiltered}");
    let by_kind = plan(
        "SELECT id FROM points_entries WHERE kind IN ('use') ORDER BY date DESC, id DESC LIMIT 21",
    );
    assert!(by_kind.contains("points_entries_by_kind"), "{by_kind}");
    assert!(!by_kind.contains("TEMP B-TREE"), "{by_kind}");
    drop(conn);
}

fn entry_indexes(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points_entries'
             AND sql IS NOT NULL ORDER BY name",
        )
        .expect("schema");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

#[test]
fn a_full_import_rebuilds_the_indexes_and_a_failed_one_keeps_them() {
    let (storage, _dir) = storage();
    let conn = storage.conn();
    let schema = entry_indexes(&conn);
    assert_eq!(schema.len(), 2, "{schema:?}");
    // Entries arrive newest first (as a server pages them) and the import sorts them.
    let mut all = entries(500);
    all.reverse();
    assert_eq!(import_all(&conn, None, "500", &all), 500);
    assert_eq!(entry_indexes(&conn), schema);
    assert_eq!(walk(&conn, query(50)), newest_first(entries(500)));
    conn.execute_batch(
        "CREATE TEMP TRIGGER fail_full_import AFTER INSERT ON points_entries
         WHEN NEW.id = 250 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )
    .expect("trigger");
    let result = import(
        &conn,
        &Import {
            member_id: "m1",
            since: None,
            cursor: "600",
            entries: &entries(600),
            breakdown: &[],
            first_award: None,
            synced_at: "2026-04-01T00:00:00+00:00",
        },
    );
    assert!(result.is_err());
    assert_eq!(entry_indexes(&conn), schema);
    assert_eq!(walk(&conn, query(50)), newest_first(entries(500)));
    drop(conn);
}
