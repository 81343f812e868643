//! `tamaru-qa bench [--json] [--save FILE] [--runs N] [--kotlin FILE] [--library FILE]`
//!
//! The figures a mobile team watches, measured in one run so each is read against the
//! others on the same machine at the same moment (BENCHMARKS.md explains each one for a
//! phone). Benchmarks, not tests: nothing here asserts a time.
//!
//! Prints a Markdown table (or, with `--json`, one JSON object; `--save FILE` writes the JSON
//! as well). The JSON shape is stable: `{"version": 1, "machine": {"os", "arch", "cpus"},
//! "figures": [{"id", "what", "value", "unit", "target", "runs", "detail", "note"}]}`; `id`s
//! never change meaning, `value` is the median over `runs` (or `null` when the figure could not
//! be measured, with `note` saying why), `target` is a text or `null`, `detail` an object
//! of extra numbers or `null`.
//!
//! Build it with `--release` for meaningful figures.

mod figures;
mod full_cache;
mod qr;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Print the JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write the JSON object to this file.
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// Repetitions of each measurement (the median is reported; imports run a fifth as often).
    #[arg(long, default_value_t = 25)]
    pub runs: u32,
    /// The Kotlin benchmark's result (written by scripts/kotlin-bench.sh).
    #[arg(long, default_value = "build/kotlin/bench.json")]
    pub kotlin: PathBuf,
    /// The stripped mobile library (scripts/build-mobile-lib.sh builds it).
    #[arg(long, default_value = "target/release-mobile/libtamaru_ffi.so")]
    pub library: PathBuf,
}

pub fn run(args: &BenchArgs) -> ExitCode {
    let runs = args.runs.max(1);
    let mut all = Vec::new();
    all.extend(figures::time_to_barcode(runs));
    all.push(full_cache::startup(runs));
    all.extend(figures::history(runs));
    all.extend(qr::member_code_qr(runs));
    all.extend(figures::kotlin(&args.kotlin));
    all.push(figures::library_size(&args.library));
    let json = report::json(&all);
    if let Some(path) = &args.save
        && let Err(e) = std::fs::write(path, format!("{json}\n"))
    {
        eprintln!("tamaru-qa bench: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    if args.json {
        println!("{json}");
    } else {
        print!("{}", report::table(&all));
    }
    ExitCode::SUCCESS
}
