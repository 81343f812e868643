//! The command line: subcommands and their dispatch.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use tamaru_core::profile::Profile;

#[derive(Parser)]
#[command(
    name = "tamaru-qa",
    version,
    about = "QA interface to the Tamaru core and its sandbox backend"
)]
pub struct Cli {
    /// Log the core's tracing output to stderr (never secrets).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// A program profile: a shipped one by ID (`wester`, `waon`) or a profile file (a path to a
/// `.toml` or `.json` file, read as [`Profile::from_file`] does). The file is loaded while
/// the arguments are parsed, so a bad file is a usage error (exit 2) naming the field.
#[derive(Clone, Debug)]
pub enum ProfileId {
    Wester,
    Waon,
    /// A profile loaded from a file.
    File(Arc<Profile>),
}

impl ProfileId {
    pub fn load(&self) -> Arc<Profile> {
        let id = match self {
            ProfileId::Wester => "wester",
            ProfileId::Waon => "waon",
            ProfileId::File(profile) => return Arc::clone(profile),
        };
        Profile::builtin(id).expect("shipped profiles parse (tested in the core)")
    }
}

impl std::str::FromStr for ProfileId {
    type Err = String;

    /// `wester`, `waon`, or a path to a profile file (anything else, e.g. `./ponta.toml`).
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "wester" => Ok(ProfileId::Wester),
            "waon" => Ok(ProfileId::Waon),
            path => Profile::from_file(std::path::Path::new(path))
                .map(|profile| ProfileId::File(Arc::new(profile)))
                .map_err(|e| {
                    format!(
                        "`{path}` is neither a shipped profile ({}) nor a usable profile file: {e}",
                        Profile::builtin_ids().join(", ")
                    )
                }),
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the demo: an embedded sandbox on loopback and a walk through the core.
    Demo,
    /// Start the sandbox backend on 127.0.0.1 and print its URL.
    Serve(crate::serve::ServeArgs),
    /// Offline checks, one JSON value per stdin line, one JSON object per stdout line.
    Check {
        #[command(subcommand)]
        what: CheckWhat,
    },
    /// Point expiry per profile: `{"earned": ...}` lines in, `{"expires": ...}` lines out.
    Expiry {
        #[arg(long)]
        profile: ProfileId,
    },
    /// Award points to a member of a running sandbox on a given date (one JSON line out).
    Award(crate::award::AwardArgs),
    /// Render a barcode to PNG or SVG.
    Barcode(crate::barcode::BarcodeArgs),
    /// Print the offline one-time member code for an instant.
    Code(crate::code::CodeArgs),
    /// Time a fresh process from a signed-in member's data to the PNG of a valid code, offline.
    TimeToBarcode(crate::time_to_barcode::TimeToBarcodeArgs),
    /// The mail a running sandbox "sent" to an address, as JSON lines.
    Mailbox(crate::mailbox::MailboxArgs),
    /// Issue a card into a running sandbox's registry and print it as one JSON line.
    IssueCard(crate::issue_card::IssueCardArgs),
    /// One simulated install of the member app: JSON actions on stdin, results on stdout.
    App(crate::app::AppArgs),
    /// Present one read to a running sandbox's till of a given kind (one JSON line out).
    Till(crate::till::TillArgs),
    /// The figures a mobile team watches, in one run: a table, or JSON (BENCHMARKS.md).
    Bench(crate::bench::BenchArgs),
}

#[derive(Subcommand)]
pub enum CheckWhat {
    /// Password policy: JSON strings in.
    Password {
        #[arg(long)]
        profile: ProfileId,
    },
    /// Card-number pre-check: JSON objects in.
    Card {
        #[arg(long)]
        profile: ProfileId,
    },
}

pub fn init_logging(verbose: bool) {
    if verbose {
        let _ = tracing_subscriber::fmt()
            .with_writer(io::stderr)
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .try_init();
    }
}

fn stdio_run(f: impl FnOnce(&mut dyn BufRead, &mut dyn Write) -> io::Result<()>) -> ExitCode {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = io::BufWriter::new(stdout.lock());
    match f(&mut input, &mut output).and_then(|()| output.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tamaru-qa: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Demo => crate::demo::run(),
        Command::Serve(args) => crate::serve::run(args),
        Command::Check {
            what: CheckWhat::Password { profile },
        } => {
            let profile = profile.load();
            stdio_run(|i, o| crate::check_password::run(&profile, i, o))
        }
        Command::Check {
            what: CheckWhat::Card { profile },
        } => {
            let profile = profile.load();
            stdio_run(|i, o| crate::check_card::run(&profile, i, o))
        }
        Command::Expiry { profile } => {
            let profile = profile.load();
            stdio_run(|i, o| crate::expiry::run(&profile, i, o))
        }
        Command::Award(args) => crate::award::run(&args),
        Command::Barcode(args) => crate::barcode::run(&args),
        Command::Code(args) => crate::code::run(&args),
        Command::TimeToBarcode(args) => crate::time_to_barcode::run(&args),
        Command::Mailbox(args) => crate::mailbox::run(&args),
        Command::IssueCard(args) => crate::issue_card::run(&args),
        Command::App(args) => crate::app::run(&args),
        Command::Till(args) => crate::till::run(&args),
        Command::Bench(args) => crate::bench::run(&args),
    }
}
