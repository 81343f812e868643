//! # tamaru-core
//!
//! The shared core of Tamaru loyalty-point member apps. Every rule lives here once; the
//! Kotlin and Swift apps only draw what the core tells them (through `tamaru-ffi`).
//!
//! One module per capability, each with its rules (pure functions, offline), its service
//! (talks to the backend) and its tests side by side:
//!
//! - [`profile`]: program profiles, the data that makes `wester` differ from `waon`;
//! - [`login`]: password and login-ID policy, sign-up, log-in, sessions with one refresh
//!   for all waiting calls, lockout, password change and reset, withdrawal;
//! - [`install`]: install identity and the device-migration state (SPEC §3);
//! - [`cards`]: card-number input rules, registration, the list and the account merge;
//! - [`barcode`]: one-time member codes (server-issued and offline), the code screen's
//!   session, and barcode rendering (QR, Code128, JAN/EAN-13, ITF, NW-7);
//! - [`points`]: expiry rules, balance and history with an on-device cache, family sharing;
//! - [`till`]: which till reads what and what its receipt prints (SPEC §8), from the profile;
//! - [`mail`]: newsletter and postal-mail settings with an offline outbox, e-mail change,
//!   help when mail does not arrive;
//! - [`screens`]: every screen of the member app as a view model (state already decided and
//!   worded in the member's language, actions, a listener), above the capabilities;
//! - [`app`]: the façade the apps hold ([`app::MemberApp`]); [`error`]: the one error the
//!   apps switch on.
//!
//! Shared plumbing: [`http`] (reqwest on rustls; plain http only on loopback), [`storage`]
//! (one SQLite file with per-capability migrations), [`secure_store`] (tokens and device
//! secrets only there), [`clock`].
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
pub mod language;
pub mod login;
pub mod mail;
pub mod pending;
pub mod points;
pub mod profile;
pub mod screens;
pub mod secure_store;
pub mod storage;
pub(crate) mod texts;
pub mod till;

#[cfg(feature = "ffi")]
uniffi::setup_scaffolding!("tamaru_core");
