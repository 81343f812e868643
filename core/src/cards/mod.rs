//! Point cards (SPEC §4).

pub mod input;
