//! Point cards (SPEC §4): input rules, the service (registration, list, merge), the records it
//! hands the apps, and the on-device copy.

pub(crate) mod api;
pub mod cache;
pub mod check_digit;
pub mod error;
pub mod input;
pub mod platform;
pub mod service;
pub(crate) mod texts;
pub mod types;

pub use error::CardsError;
pub use service::{CardRegistration, Cards};
pub use types::*;
