//! One measured figure, the median helper, and the two outputs (table, JSON).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Stable ID, e.g. `history.import_100k`.
    pub id: &'static str,
    pub what: String,
    /// The median, or `None` when not measured (`note` says why).
    pub value: Option<f64>,
    pub unit: &'static str,
    pub target: Option<&'static str>,
    pub runs: u32,
    pub detail: Option<Value>,
    pub note: Option<String>,
}

impl Figure {
    pub fn measured(
        id: &'static str,
        what: impl Into<String>,
        value: f64,
        unit: &'static str,
    ) -> Figure {
        Figure {
            id,
            what: what.into(),
            value: Some(value),
            unit,
            target: None,
            runs: 1,
            detail: None,
            note: None,
        }
    }

    pub fn missing(
        id: &'static str,
        what: impl Into<String>,
        unit: &'static str,
        note: impl Into<String>,
    ) -> Figure {
        Figure {
            value: None,
            runs: 0,
            note: Some(note.into()),
            ..Figure::measured(id, what, 0.0, unit)
        }
    }

    pub fn target(mut self, target: &'static str) -> Figure {
        self.target = Some(target);
        self
    }

    pub fn runs(mut self, runs: u32) -> Figure {
        self.runs = runs;
        self
    }

    pub fn detail(mut self, detail: Value) -> Figure {
        self.detail = Some(detail);
        self
    }
}

/// The median of `runs` timings of `f` (after one untimed warm-up run).
pub fn median(runs: u32, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// Like [`median`], with the median of the CPU time this thread spent in each run beside
/// it (on a machine busy with other work the wall time grows, the CPU time much less), and
/// timing only `f` of each run: `setup` prepares what `f` works
/// on (a fresh database for an import) outside the clock, and whatever `f` leaves is
/// dropped outside it too.
pub fn median_with_cpu_after_setup<S, R>(
    runs: u32,
    mut setup: impl FnMut() -> S,
    mut f: impl FnMut(&S) -> R,
) -> (Duration, Option<Duration>) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    // One untimed warm-up run first, as in `median`.
    for run in 0..=runs.max(1) {
        let state = setup();
        let cpu_before = thread_cpu();
        let start = Instant::now();
        let left = f(&state);
        let elapsed = start.elapsed();
        let cpu_after = thread_cpu();
        drop(left);
        drop(state);
        if run == 0 {
            continue;
        }
        wall.push(elapsed);
        if let (Some(a), Some(b)) = (cpu_before, cpu_after) {
            cpu.push(b.saturating_sub(a));
        }
    }
    wall.sort_unstable();
    cpu.sort_unstable();
    (wall[wall.len() / 2], cpu.get(cpu.len() / 2).copied())
}

/// CPU time of the calling thread so far (Linux: `/proc/thread-self/schedstat`, in ns).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn json(figures: &[Figure]) -> Value {
    json!({
        "version": 1,
        "machine": {
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        },
        "figures": figures.iter().map(|f| json!({
            "id": f.id,
            "what": f.what,
            "value": f.value.map(round3),
            "unit": f.unit,
            "target": f.target,
            "runs": f.runs,
            "detail": f.detail,
            "note": f.note,
        })).collect::<Vec<_>>(),
    })
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn shown(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub fn table(figures: &[Figure]) -> String {
    let mut out = String::from("| figure | median | target | runs | id |\n|---|---|---|---|---|\n");
    for f in figures {
        let value = match f.value {
            Some(v) if f.unit == "bytes" => format!("{} bytes ({:.2} MB)", v as u64, v / 1e6),
            Some(v) => format!("**{} {}**", shown(v), f.unit),
            None => format!("not measured: {}", f.note.as_deref().unwrap_or("")),
        };
        out += &format!(
            "| {} | {} | {} | {} | `{}` |\n",
            f.what,
            value,
            f.target.unwrap_or(""),
            f.runs,
            f.id
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape_is_the_documented_one() {
        let figures = [
            Figure::measured("a.b", "what", 1.23456, "ms")
                .target("< 2 ms")
                .runs(5),
            Figure::missing("c.d", "other", "µs", "why not"),
        ];
        let v = json(&figures);
        assert_eq!(v["version"], 1);
        assert!(v["machine"]["cpus"].as_u64().is_some_and(|n| n >= 1));
        let f = &v["figures"];
        assert_eq!(f[0]["id"], "a.b");
        assert_eq!(f[0]["value"], 1.235);
        assert_eq!(f[0]["target"], "< 2 ms");
        assert_eq!(f[0]["runs"], 5);
        assert!(f[0]["note"].is_null() && f[0]["detail"].is_null());
        assert!(f[1]["value"].is_null());
        assert_eq!(f[1]["note"], "why not");
        assert_eq!(f[1]["runs"], 0);
        let table = table(&figures);
        assert!(table.contains("**1.23 ms**"), "{table}");
        assert!(table.contains("not measured: why not"), "{table}");
    }

    #[test]
    fn the_median_is_the_middle_run() {
        let mut n = 0u64;
        let d = median(5, || {
            n += 1;
            std::thread::sleep(Duration::from_micros(if n == 3 { 20_000 } else { 1 }));
        });
        assert!(
            d < Duration::from_millis(15),
            "one slow run must not move the median: {d:?}"
        );
        assert_eq!(n, 6, "one warm-up and five timed runs");
    }
}
