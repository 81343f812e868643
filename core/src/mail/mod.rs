//! Mail settings (SPEC §6): newsletter and postal mail on or off, changeable offline
//! (queued in the on-device outbox, sent once, never lost); the e-mail address change by a
//! code sent to the new address; and the checklist for mail that does not arrive.
//!
//! - [`types`]: what the UI gets (view model, outcomes);
//! - [`store`]: the outbox and the phone's copy of the settings (SQLite migrations);
//! - [`service`]: the [`Mail`] service (`MemberApp::mail()`);
//! - `api`: the mail part of the member API on the wire (paths, bodies, refusals);
//! - [`help`]: the "mail does not arrive" checklist, a pure function of the profile.

mod api;
mod error;
pub mod help;
pub mod service;
pub mod store;
pub(crate) mod texts;
pub mod types;

pub use help::{DeliveryAction, DeliveryCheck, DeliveryHelp, DeliveryHelpItem, mask_email};
pub use service::{EMAIL_CODE_DIGITS, Mail, check_email, normalize_email_code};
pub use types::{
    EmailChangeRequested, EmailChanged, MailOverride, MailSetting, MailSettingState,
    MailSettingsView, MailSyncOutcome, RejectedMailChange,
};
