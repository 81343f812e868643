//! The records the API answers and tests read: entries, balances, sync counters.

use super::*;

/// One history entry as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointEntry {
    /// Increases with every entry the server writes (the sync cursor follows it).
    pub id: i64,
    /// `earn`, `use`, `expire`, `adjust`, `transfer` or `merge`.
    pub kind: String,
    /// The Japan date, `YYYY-MM-DD`.
    pub date: String,
    /// Signed: credits are positive, debits negative.
    pub points: i64,
    pub store: Option<String>,
    pub text: String,
}

/// Held points expiring on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiryBucket {
    pub expires: String,
    pub points: i64,
}

/// The balance as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointBalance {
    pub total: i64,
    /// Soonest first.
    pub breakdown: Vec<ExpiryBucket>,
    /// The accrual start (`waon`): first award or first e-money charge.
    pub first_award: Option<String>,
    /// The Japan date the balance is valid on.
    pub as_of: String,
}

/// Counters of the sync endpoint for one account, for tests that prove a refresh was cheap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PointSyncStats {
    pub requests: u64,
    pub entries_sent: u64,
}
