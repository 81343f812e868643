//! Mail settings (SPEC §6).

pub mod service;
pub mod store;

pub use service::Mail;
