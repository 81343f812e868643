//! Time to barcode (fresh processes), the history import and a deep filtered page, the
//! Kotlin benchmark's result and the library size.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use serde_json::{Value, json};
use tamaru_core::points::cache::{self, Import};
use tamaru_core::points::{HistoryQuery, PointEntry, PointEntryKind};
use tamaru_core::storage::Storage;

use super::report::{Figure, median, median_with_cpu_after_setup, ms, us};

/// A fresh `tamaru-qa time-to-barcode` process per run, offline, after one `--prepare`.
pub fn time_to_barcode(runs: u32) -> Vec<Figure> {
    ["waon", "wester"]
        .into_iter()
        .map(|program| {
            let id = match program {
                "waon" => "time_to_barcode.waon",
                _ => "time_to_barcode.wester",
            };
            let what = format!("time to barcode, cold process, offline ({program})");
            match one_program(program, runs) {
                Ok((process, inner)) => Figure::measured(id, what, ms(process), "ms")
                    .target("< 20 ms")
                    .runs(runs)
                    .detail(inner),
                Err(e) => Figure::missing(id, what, "ms", e),
            }
        })
        .collect()
}

fn one_program(program: &str, runs: u32) -> Result<(std::time::Duration, Value), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir =
        std::env::temp_dir().join(format!("tamaru-bench-ttb-{program}-{}", std::process::id()));
    let run = |prepare: bool| -> Result<Value, String> {
        let mut cmd = Command::new(&exe);
        cmd.args(["time-to-barcode", "--program", program, "--data-dir"])
            .arg(&dir);
        if prepare {
            cmd.arg("--prepare");
        }
        let out = cmd.output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
    };
    run(true)?;
    let mut failure = None;
    let mut inner = Vec::new();
    let process = median(runs, || match run(false) {
        Ok(line) => inner.push(line),
        Err(e) => failure = Some(e),
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut keychain = dir.into_os_string();
    keychain.push(".keychain.json");
    let _ = std::fs::remove_file(keychain);
    if let Some(e) = failure {
        return Err(e);
    }
    let phase = |name: &str| {
        let mut v: Vec<u64> = inner
            .iter()
            .filter_map(|l| l["elapsed_us"][name].as_u64())
            .collect();
        v.sort_unstable();
        v.get(v.len() / 2).copied()
    };
    Ok((
        process,
        json!({
            "inside_process_us": {
                "open": phase("open"), "code": phase("code"), "png": phase("png"), "total": phase("total")
            }
        }),
    ))
}

pub const HISTORY_ENTRIES: i64 = 100_000;

/// Ten years of a busy member: about 27 entries a day, mostly earns and uses (the same
/// history as `core/benches/points.rs`), newest first as a server pages it.
pub fn history_entries() -> Vec<PointEntry> {
    let start = NaiveDate::from_ymd_opt(2016, 4, 1).expect("date");
    (1..=HISTORY_ENTRIES)
        .rev()
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
                date: (start + chrono::Duration::days(id * 3650 / HISTORY_ENTRIES)).to_string(),
                points: if kind == PointEntryKind::Earn {
                    id % 300 + 1
                } else {
                    -(id % 120 + 1)
                },
                kind,
                store: matches!(kind, PointEntryKind::Earn | PointEntryKind::Use)
                    .then(|| format!("ルクア大阪 {}F", id % 11)),
                text: "お買い物".to_owned(),
            }
        })
        .collect()
}

pub fn full_import<'a>(member_id: &'a str, entries: &'a [PointEntry]) -> Import<'a> {
    Import {
        member_id,
        since: None,
        cursor: "100000",
        entries,
        breakdown: &[],
        first_award: Some("2016-04-01"),
        synced_at: "2026-03-10T03:00:00+00:00",
    }
}

/// The import of a full sync into a fresh cache, and a filtered page deep in it.
pub fn history(runs: u32) -> Vec<Figure> {
    let entries = history_entries();
    let base = std::env::temp_dir().join(format!("tamaru-bench-history-{}", std::process::id()));
    let import_runs = (runs / 5).max(3);
    // Each run imports into a fresh cache that is already open, as on a phone (the app
    // opened its storage at start; `startup.full_cache` measures that): the clock runs from
    // the import's start to its commit, the WAL checkpoint SQLite makes at the commit
    // included. Opening, closing and removing the database are outside it.
    let mut n = 0;
    let failure = std::cell::RefCell::new(None);
    let (import_time, import_cpu) = median_with_cpu_after_setup(
        import_runs,
        || {
            n += 1;
            let dir = base.join(format!("import-{n}"));
            let storage = Storage::open(&dir).map_err(|e| e.to_string());
            (dir, storage)
        },
        |(_, storage)| match storage {
            Ok(storage) => {
                if let Err(e) = cache::import(&storage.conn(), &full_import("bench", &entries)) {
                    *failure.borrow_mut() = Some(e.to_string());
                }
            }
            Err(e) => *failure.borrow_mut() = Some(e.clone()),
        },
    );
    let failure = failure.into_inner();
    let mut out = vec![match &failure {
        None => Figure::measured(
            "history.import_100k",
            "history import, full sync of 100,000 entries (one transaction)",
            ms(import_time),
            "ms",
        )
        .target("< 250 ms")
        .runs(import_runs)
        .detail(json!({"cpu_ms": import_cpu.map(ms)})),
        Some(e) => Figure::missing("history.import_100k", "history import", "ms", e.clone()),
    }];
    out.push(deep_page(&base, &entries, runs));
    let _ = std::fs::remove_dir_all(&base);
    out
}

fn deep_page(base: &Path, entries: &[PointEntry], runs: u32) -> Figure {
    let what = "history page deep and filtered (20 of kinds use+expire, from the 50,000th entry)";
    let id = "history.page_deep_filtered";
    let dir = base.join("pages");
    let result = (|| -> Result<Figure, String> {
        let storage = Storage::open(&dir).map_err(|e| e.to_string())?;
        let conn = storage.conn();
        cache::import(&conn, &full_import("bench", entries)).map_err(|e| e.to_string())?;
        let middle = &entries[entries.len() / 2];
        let query = HistoryQuery {
            kinds: vec![PointEntryKind::Use, PointEntryKind::Expire],
            from: None,
            to: None,
            cursor: Some(format!("h1.{}.{}", middle.date, middle.id)),
            limit: 20,
        };
        let (page, _) = cache::page(&conn, &query).map_err(|e| e.to_string())?;
        if page.len() != 20 {
            return Err(format!("the page has {} entries, not 20", page.len()));
        }
        let time = median(runs * 4, || {
            let _ = std::hint::black_box(cache::page(&conn, &query));
        });
        Ok(Figure::measured(id, what, us(time), "µs")
            .target("< 1 ms")
            .runs(runs * 4))
    })();
    result.unwrap_or_else(|e| Figure::missing(id, what, "µs", e))
}

/// The Kotlin benchmark's figures, read from its result file.
pub fn kotlin(path: &Path) -> Vec<Figure> {
    let small = "Kotlin → core → Kotlin round trip on the JVM, small call";
    let page = "Kotlin → core → Kotlin round trip on the JVM, a page of 20 history entries";
    let primitive =
        "Kotlin → core → Kotlin round trip on the JVM, primitive-only call (nothing in, u32 out)";
    // Diagnostics of where the primitive call's time goes (tests/kotlin/bench JnaFloor.kt).
    let floor = "diagnostic: JNA's floor, one direct call into the library with no call status";
    let reused = "diagnostic: the primitive call straight through JNA with one call status reused and copied by JNA both ways (the bindings no longer copy it)";
    let read = || -> Result<Value, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}; run scripts/kotlin-bench.sh", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    match read() {
        Ok(v) => {
            let figure = |id, what: &str, key: &str, target: Option<&'static str>| {
                let value = v[key]["median_us"].as_f64();
                let mut f = match value {
                    Some(value) => Figure::measured(id, what, value, "µs"),
                    None => Figure::missing(
                        id,
                        what,
                        "µs",
                        format!("no {key}.median_us in {}", path.display()),
                    ),
                };
                f.runs = v[key]["calls"].as_u64().unwrap_or(0) as u32;
                f.target = target;
                f.detail(json!({"call": v[key]["call"], "measured_at": v["measured_at"]}))
            };
            vec![
                figure("kotlin.small_call", small, "small_call", Some("< 5 µs")),
                figure("kotlin.history_page", page, "history_page", None),
                figure("kotlin.primitive_call", primitive, "primitive_call", None),
                figure("kotlin.jna_floor", floor, "jna_floor", None),
                figure(
                    "kotlin.primitive_call_reused_status",
                    reused,
                    "primitive_call_reused_status",
                    None,
                ),
            ]
        }
        Err(e) => vec![
            Figure::missing("kotlin.small_call", small, "µs", e.clone()).target("< 5 µs"),
            Figure::missing("kotlin.history_page", page, "µs", e.clone()),
            Figure::missing("kotlin.primitive_call", primitive, "µs", e.clone()),
            Figure::missing("kotlin.jna_floor", floor, "µs", e.clone()),
            Figure::missing("kotlin.primitive_call_reused_status", reused, "µs", e),
        ],
    }
}

/// The size of the stripped mobile library on disk.
pub fn library_size(path: &Path) -> Figure {
    let what = "mobile library, stripped release-mobile libtamaru_ffi.so (x86_64)";
    let id = "library.size";
    match std::fs::metadata(path) {
        Ok(m) => Figure::measured(id, what, m.len() as f64, "bytes")
            .target("≤ 4,700,000 bytes (aim 4 MiB)")
            .detail(json!({"path": path.display().to_string()})),
        Err(e) => Figure::missing(
            id,
            what,
            "bytes",
            format!("{}: {e}; run scripts/build-mobile-lib.sh", path.display()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kotlin_result_is_read_or_said_missing() {
        let temp = tempfile::tempdir().expect("temp dir");
        let path = temp.path().join("kotlin-bench.json");
        let missing = kotlin(&path);
        assert!(missing.iter().all(|f| f.value.is_none()));
        assert!(
            missing[0]
                .note
                .as_deref()
                .is_some_and(|n| n.contains("kotlin-bench.sh"))
        );
        std::fs::write(
            &path,
            r#"{"measured_at":"2026-12-01T10:00:00Z","small_call":{"call":"groupedDigits","median_us":3.5,"calls":820000},"history_page":{"call":"history","median_us":41.25,"calls":42000},"primitive_call":{"call":"historyPageLimit","median_us":1.5,"calls":900000},"jna_floor":{"call":"contract version","median_us":0.05,"calls":9000000}}"#,
        )
        .expect("write");
        let read = kotlin(&path);
        assert_eq!(read[0].id, "kotlin.small_call");
        assert_eq!(read[0].value, Some(3.5));
        assert_eq!(read[0].runs, 820_000);
        assert_eq!(read[1].value, Some(41.25));
        assert_eq!(read[2].id, "kotlin.primitive_call");
        assert_eq!(read[2].value, Some(1.5));
        assert_eq!(read[3].id, "kotlin.jna_floor");
        assert_eq!(read[3].value, Some(0.05));
        // A result file from before the diagnostics: that figure is said missing, by name.
        assert_eq!(read[4].id, "kotlin.primitive_call_reused_status");
        assert!(read[4].value.is_none());
        assert!(
            read[4]
                .note
                .as_deref()
                .is_some_and(|n| n.contains("primitive_call_reused_status"))
        );
    }

    #[test]
    fn the_history_is_newest_first_and_a_deep_filtered_page_is_full() {
        let entries = history_entries();
        assert_eq!(entries.len() as i64, HISTORY_ENTRIES);
        assert!(entries.windows(2).all(|w| w[0].id > w[1].id));
        let temp = tempfile::tempdir().expect("temp dir");
        let figure = deep_page(temp.path(), &entries[..2_000], 1);
        assert!(figure.value.is_some(), "{:?}", figure.note);
    }

    #[test]
    fn a_missing_library_says_how_to_build_it() {
        let f = library_size(Path::new("/nonexistent/libtamaru_ffi.so"));
        assert!(f.value.is_none());
        assert!(
            f.note
                .as_deref()
                .is_some_and(|n| n.contains("build-mobile-lib.sh"))
        );
    }
}
