//! Point cards (SPEC §4): input rules, the service, and the on-device copy.

pub mod cache;
pub mod input;
pub mod service;

pub use service::Cards;
