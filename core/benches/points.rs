//! The points cache at 100,000 history entries (issue 7): importing a full sync, the first
//! history page with and without filters (and one deep in the history), and the balance with
//! its expiry breakdown. Targets (release): import under 1 s, a page under 1 ms, the breakdown
//! under 10 ms. Results are written up in BENCHMARKS.md ("Points").
//!
//! Run: `cargo bench -p tamaru-core --bench points`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use tamaru_core::points::cache::{self, Import};
use tamaru_core::points::{HistoryQuery, PointEntry, PointEntryKind};
use tamaru_core::storage::Storage;

const ENTRIES: i64 = 100_000;

fn temp_dir(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "tamaru-bench-points-{tag}-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ))
}

/// Ten years of a busy member: about 27 entries a day, mostly earns and uses.
fn history() -> Vec<PointEntry> {
    let start = NaiveDate::from_ymd_opt(2016, 4, 1).expect("date");
    (1..=ENTRIES)
        .map(|id| {
            let kind = match id % 20 {
                0 => PointEntryKind::Expire,
                1 => PointEntryKind::Adjust,
                2 => PointEntryKind::Transfer,
                3 => PointEntryKind::Merge,
                4..=9 => PointEntryKind::Use,
                _ => PointEntryKind::Earn,
            };
            PointEntry {
                id,
                date: (start + chrono::Duration::days(id * 3650 / ENTRIES)).to_string(),
                points: if matches!(kind, PointEntryKind::Earn) {
                    id % 300 + 1
                } else {
                    -(id % 120 + 1)
                },
                kind,
                store: (kind == PointEntryKind::Earn || kind == PointEntryKind::Use)
                    .then(|| format!("ルクア大阪 {}F", id % 11)),
                text: "お買い物".to_owned(),
            }
        })
        .collect()
}

fn breakdown() -> Vec<(String, u64)> {
    vec![
        ("2026-03-31".to_owned(), 12_345),
        ("2027-03-31".to_owned(), 67_890),
    ]
}

fn import_into(storage: &Storage, entries: &[PointEntry], breakdown: &[(String, u64)]) {
    let conn = storage.conn();
    let new = cache::import(
        &conn,
        &Import {
            member_id: "bench",
            since: None,
            cursor: "100000",
            entries,
            breakdown,
            first_award: Some("2016-04-01"),
            synced_at: "2026-03-10T03:00:00+00:00",
        },
    )
    .expect("import");
    assert_eq!(new as i64, ENTRIES);
}

fn bench(c: &mut Criterion) {
    let entries = history();
    let breakdown = breakdown();

    let mut group = c.benchmark_group("points_import");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("import_100k_entries", |b| {
        b.iter_batched(
            || {
                let dir = temp_dir("import");
                (Storage::open(&dir).expect("open"), dir)
            },
            |(storage, dir)| {
                import_into(&storage, black_box(&entries), &breakdown);
                drop(storage);
                dir
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();

    let dir = temp_dir("query");
    let storage = Storage::open(&dir).expect("open");
    import_into(&storage, &entries, &breakdown);
    let conn = storage.conn();
    let state = cache::sync_state(&conn).expect("state").expect("synced");
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).expect("date");

    let mut group = c.benchmark_group("points_query_100k");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let first_page = HistoryQuery {
        limit: 20,
        ..HistoryQuery::default()
    };
    group.bench_function("first_page", |b| {
        b.iter(|| cache::page(&conn, black_box(&first_page)).expect("page"))
    });
    let by_kind = HistoryQuery {
        kinds: vec![PointEntryKind::Use],
        ..first_page.clone()
    };
    group.bench_function("first_page_kind_use", |b| {
        b.iter(|| cache::page(&conn, black_box(&by_kind)).expect("page"))
    });
    let rare_kind = HistoryQuery {
        kinds: vec![PointEntryKind::Merge],
        ..first_page.clone()
    };
    group.bench_function("first_page_kind_merge", |b| {
        b.iter(|| cache::page(&conn, black_box(&rare_kind)).expect("page"))
    });
    let kinds_and_range = HistoryQuery {
        kinds: vec![PointEntryKind::Use, PointEntryKind::Expire],
        from: Some("2019-01-01".into()),
        to: Some("2019-12-31".into()),
        ..first_page.clone()
    };
    group.bench_function("first_page_two_kinds_one_year", |b| {
        b.iter(|| cache::page(&conn, black_box(&kinds_and_range)).expect("page"))
    });
    // A page half-way down (the cursor of the 50,000th entry): keyset paging costs the same.
    let deep_cursor = {
        let mut q = HistoryQuery {
            limit: 200,
            ..HistoryQuery::default()
        };
        for _ in 0..250 {
            q.cursor = cache::page(&conn, &q).expect("page").1;
        }
        q.cursor
    };
    let deep = HistoryQuery {
        cursor: deep_cursor,
        ..first_page.clone()
    };
    group.bench_function("page_at_50k", |b| {
        b.iter(|| cache::page(&conn, black_box(&deep)).expect("page"))
    });
    group.bench_function("balance_with_expiry_breakdown", |b| {
        b.iter(|| cache::balance(&conn, &state, black_box(today), 30).expect("balance"))
    });
    group.finish();
    drop(conn);
    drop(storage);
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
