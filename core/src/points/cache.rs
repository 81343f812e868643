//! The on-device cache of balance and history.

use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[];
