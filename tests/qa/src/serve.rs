//! `tamaru-qa serve [--port N] [--db FILE] [--profile FILE]…`: the sandbox in the foreground,
//! its URL on stdout; each `--profile` registers another program from its profile file.

use std::path::PathBuf;
use std::process::ExitCode;

use tamaru_sandbox::{Sandbox, SandboxConfig};

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
}

pub fn run(args: ServeArgs) -> ExitCode {
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
