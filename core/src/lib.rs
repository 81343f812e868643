//! # tamaru-core
//!
//! The shared core of Tamaru loyalty-point member apps. Every rule lives here once; the
//! Kotlin and Swift apps only draw what the core tells them (through `tamaru-ffi`).
//!
//! One module per capability, each with its rules (pure functions, offline), its service
//! (talks to the backend) and its tests side by side:
//!
//! - [`profile`]: program profiles, the data that makes `wester` differ from `waon`;
//! - [`login`]: password policy, sign-up, log-in, sessions, lockout;
//! - [`cards`]: card-number input rules, registration, the list and the account merge;
//! - [`points`]: point expiry rules;
//! - [`barcode`]: member codes and barcode rendering;
//! - [`app`]: the façade the apps hold ([`app::MemberApp`]).
//!
//! The outside world is injected through [`app::AppConfig`]: the server's base URL, the
//! [`clock::Clock`], the [`secure_store::SecureStore`] and the data directory, so every
//! rule runs headless in a test.

pub mod app;
pub mod barcode;
pub mod cards;
pub mod clock;
pub(crate) mod context;
pub mod error;
pub mod http;
pub mod install;
pub mod login;
pub mod mail;
pub mod points;
pub mod profile;
pub mod secure_store;
pub mod storage;

#[cfg(feature = "ffi")]
uniffi::setup_scaffolding!("tamaru_core");
