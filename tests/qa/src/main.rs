//! `tamaru-qa`: QA's public interface to the core and the sandbox, and the demo.
//!
//! Every command's JSON-lines format is stable once an issue defines it; see the README.

mod admin;
mod app;
mod award;
mod barcode;
mod bench;
mod check_card;
mod check_password;
mod cli;
mod code;
mod demo;
mod expiry;
mod issue_card;
mod jsonl;
mod mailbox;
mod serve;
mod till;
mod time_to_barcode;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    cli::init_logging(cli.verbose);
    cli::run(cli.command)
}
