//! The on-device copy of the registered cards (shown offline).

use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[];
