//! On-device tables of mail settings (the outbox of offline changes).

use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[];
