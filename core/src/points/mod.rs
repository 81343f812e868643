//! Points (SPEC §5): expiry rules, the service, and the on-device cache.

pub mod cache;
pub mod expiry;
pub mod service;

pub use service::Points;
