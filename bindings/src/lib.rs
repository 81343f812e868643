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

mod account;
mod app;
mod cards;
mod guard;
mod mail;
mod member_code;
mod points;
#[cfg(feature = "qa-hooks")]
mod qa_hooks;
mod rules;
mod screens;
mod screens_account;
mod screens_cards;
mod screens_forms;
mod screens_home;
mod screens_mail;
mod screens_member_code;
mod screens_points;
mod screens_sharing;
mod store;
mod till;

pub use account::Account;
pub use app::MemberApp;
pub use cards::Cards;
pub use mail::Mail;
pub use member_code::{MemberCodeListener, MemberCodeSession, MemberCodeSubscription, MemberCodes};
pub use points::Points;
pub use screens::ScreenSubscription;
pub use screens_account::{
    PasswordChangeListener, PasswordChangeScreen, PasswordResetListener, PasswordResetScreen,
    WithdrawalListener, WithdrawalScreen,
};
pub use screens_cards::{
    CardRegistrationListener, CardRegistrationScreen, CardsListener, CardsScreen,
};
pub use screens_forms::{
    EntryListener, EntryScreen, LogInListener, LogInScreen, SignUpListener, SignUpScreen,
};
pub use screens_mail::{
    DeliveryHelpListener, DeliveryHelpScreen, EmailChangeListener, EmailChangeScreen,
    MailSettingsListener, MailSettingsScreen,
};
pub use screens_member_code::{MemberCodeScreen, MemberCodeScreenListener};
pub use screens_points::{PointsListener, PointsScreen};
pub use screens_sharing::{CardMergeListener, CardMergeScreen, FamilyListener, FamilyScreen};
pub use store::{InMemorySecureStore, SecureStore, SecureStoreError};

uniffi::setup_scaffolding!("tamaru_ffi");
