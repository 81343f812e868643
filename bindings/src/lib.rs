//! # tamaru-ffi
//!
//! The UniFFI surface of `tamaru-core`, and nothing else: a thin façade in the style of
//! matrix-sdk-ffi. The core's records, enums and errors derive their UniFFI traits in the
//! core itself (feature `ffi`, the bitwarden-uniffi way), so they are defined once; this crate
//! adds the objects the apps hold ([`MemberApp`]), the foreign traits the apps implement
//! ([`SecureStore`]) and free functions for the offline rules.
//!
//! Kotlin gets package `jp.tamaru` (this crate) and `jp.tamaru.core` (the core's types);
//! Swift gets one module. Panics never cross: every fallible call turns one into the typed
//! `TamaruError::Internal` (`guard.rs`), and every error the apps see is the typed
//! [`TamaruError`](tamaru_core::error::TamaruError).

mod app;
mod cards;
mod guard;
mod mail;
mod member_code;
mod points;
#[cfg(feature = "qa-hooks")]
mod qa_hooks;
mod rules;
mod store;

pub use app::MemberApp;
pub use cards::Cards;
pub use mail::Mail;
pub use member_code::{MemberCodeListener, MemberCodeSession, MemberCodeSubscription, MemberCodes};
pub use points::Points;
pub use store::{InMemorySecureStore, SecureStore, SecureStoreError};

uniffi::setup_scaffolding!("tamaru_ffi");
