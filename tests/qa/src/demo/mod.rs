//! `tamaru-qa demo`: the main job. Starts an embedded sandbox on loopback and walks through
//! what the core can do, one section per capability, with Japanese and English labels.

mod account;
mod barcode;
mod cards;
mod device;
mod login;
mod mail;
mod phone;
mod points;

use std::process::ExitCode;

use tamaru_sandbox::{Sandbox, SandboxConfig};

pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tamaru-qa: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let sandbox = match Sandbox::start(SandboxConfig::default()).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("tamaru-qa: cannot start the sandbox: {e}");
                return ExitCode::FAILURE;
            }
        };
        heading(
            "Tamaru demo / デモ",
            &format!("embedded sandbox at {}", sandbox.url()),
        );
        let sections = async {
            account::run(&sandbox).await?;
            cards::run(&sandbox).await?;
            login::run(&sandbox).await?;
            device::run(&sandbox).await?;
            mail::run(&sandbox).await?;
            barcode::run(&sandbox).await?;
            // Last: it moves the sandbox clock to stage its timeline.
            points::run(&sandbox).await?;
            Ok::<(), tamaru_core::error::TamaruError>(())
        };
        match sections.await {
            Ok(()) => {
                println!("\nDemo finished / デモ完了");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("\ndemo failed: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// A section title.
pub fn heading(title: &str, subtitle: &str) {
    println!("\n━━ {title} ━━");
    if !subtitle.is_empty() {
        println!("   {subtitle}");
    }
}

/// One step: what the member did, and what the core answered.
pub fn step(label: &str, outcome: impl std::fmt::Display) {
    println!("  • {label}\n      → {outcome}");
}
