//! `tamaru-qa serve [--port N] [--db FILE] [--profile FILE]… [--fault-…]`: the sandbox in
//! the foreground, its URL on stdout. Each `--profile` registers another program from its
//! profile file; the `--fault-…` flags set the fault layer's plan at start (the same as
//! `POST /admin/faults`, which can change it later).

use std::path::PathBuf;
use std::process::ExitCode;

use tamaru_sandbox::{FaultKind, FaultPlan, FaultTarget, Sandbox, SandboxConfig};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// SQLite file to keep the data in (default: in memory).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Access-token lifetime in seconds.
    #[arg(long, default_value_t = 900)]
    pub access_ttl: i64,
    /// A profile file (TOML or JSON) of another program to serve as well (repeatable).
    #[arg(long = "profile")]
    pub profiles: Vec<PathBuf>,
    /// Share of member-API and till requests faulted at random, 0 to 1.
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Seed of the random faults (the same seed and requests give the same faults).
    #[arg(long, default_value_t = 0)]
    pub fault_seed: u64,
    /// Kinds drawn from, comma-separated (default: all): latency, server_error,
    /// drop_before, drop_after, truncate, slow_body, wrong_content_type.
    #[arg(long, value_delimiter = ',')]
    pub fault_kinds: Vec<String>,
    /// Only paths containing this are faulted at random (e.g. `/v1/points`).
    #[arg(long)]
    pub fault_path: Option<String>,
    /// Fault the next N requests to a path: `PATH=KIND[:N]`, e.g.
    /// `/v1/points/use=drop_after:2` (repeatable).
    #[arg(long = "fault-next")]
    pub fault_next: Vec<String>,
    /// Milliseconds added to every request.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// The server's clock minus the phone's, in seconds.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_skew: i64,
}

/// The fault plan the flags ask for; a flag that cannot be read is an error naming it.
fn fault_plan(args: &ServeArgs) -> Result<FaultPlan, String> {
    if !(0.0..=1.0).contains(&args.fault_rate) {
        return Err(format!(
            "--fault-rate must be 0 to 1, not {}",
            args.fault_rate
        ));
    }
    let kind =
        |name: &str| FaultKind::parse(name.trim()).ok_or_else(|| format!("no fault kind `{name}`"));
    let kinds = args
        .fault_kinds
        .iter()
        .map(|k| kind(k))
        .collect::<Result<Vec<_>, _>>()?;
    let mut targets = Vec::new();
    for spec in &args.fault_next {
        let (path, rest) = spec
            .split_once('=')
            .ok_or_else(|| format!("--fault-next wants PATH=KIND[:N], not `{spec}`"))?;
        let (name, count) = match rest.split_once(':') {
            Some((name, n)) => (
                name,
                n.parse::<u32>()
                    .map_err(|_| format!("--fault-next count `{n}` is not a number"))?,
            ),
            None => (rest, 1),
        };
        targets.push(FaultTarget {
            path: path.to_owned(),
            method: None,
            kind: kind(name)?,
            count,
        });
    }
    Ok(FaultPlan {
        rate: args.fault_rate,
        seed: args.fault_seed,
        kinds,
        path_contains: args.fault_path.clone(),
        latency_ms: args.latency_ms,
        clock_skew_seconds: args.clock_skew,
        targets,
        ..FaultPlan::default()
    })
}

pub fn run(args: ServeArgs) -> ExitCode {
    let plan = match fault_plan(&args) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("tamaru-qa: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tamaru-qa: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let config = SandboxConfig {
            db_path: args.db,
            port: args.port,
            access_ttl_seconds: args.access_ttl,
            ..SandboxConfig::default()
        };
        let sandbox = match Sandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("tamaru-qa: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut programs = serde_json::Map::new();
        for id in ["wester", "waon"] {
            programs.insert(id.into(), sandbox.program_url(id).into());
        }
        for path in &args.profiles {
            let registered = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|text| {
                    if path.extension().is_some_and(|ext| ext == "json") {
                        serde_json::from_str(&text)
                            .map_err(|e| format!("{}: {e}", path.display()))
                            .and_then(|value| sandbox.register_program(&value))
                    } else {
                        sandbox.register_program_toml(&text)
                    }
                });
            match registered {
                Ok(id) => {
                    programs.insert(id.clone(), sandbox.program_url(&id).into());
                }
                Err(e) => {
                    eprintln!("tamaru-qa: --profile {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
        sandbox.set_faults(plan);
        // One JSON line QA scripts can parse, then the URL on its own for people.
        println!(
            "{}",
            serde_json::json!({ "url": sandbox.url(), "programs": programs })
        );
        eprintln!("sandbox listening on {} (Ctrl-C to stop)", sandbox.url());
        let _ = tokio::signal::ctrl_c().await;
        ExitCode::SUCCESS
    })
}
