//! Points (SPEC §5).

pub mod expiry;
