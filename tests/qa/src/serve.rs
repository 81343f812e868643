//! `tamaru-qa serve [--port N] [--db FILE]`: the sandbox in the foreground, its URL on stdout.

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
        // One JSON line QA scripts can parse, then the URL on its own for people.
        println!(
            "{}",
            serde_json::json!({
                "url": sandbox.url(),
                "programs": { "wester": sandbox.program_url("wester"), "waon": sandbox.program_url("waon") },
            })
        );
        eprintln!("sandbox listening on {} (Ctrl-C to stop)", sandbox.url());
        let _ = tokio::signal::ctrl_c().await;
        ExitCode::SUCCESS
    })
}
