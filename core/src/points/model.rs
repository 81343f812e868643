//! The records the points service hands the apps (balance, history pages, sync reports).
//!
//! Dates cross UniFFI as strings: Japan calendar dates as `YYYY-MM-DD`, instants as RFC 3339.

use serde::{Deserialize, Serialize};

/// What a history entry records (SPEC §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum PointEntryKind {
    /// Points awarded (a purchase, a campaign).
    Earn,
    /// Points used (at a till, an exchange).
    Use,
    /// Points that reached their expiry date.
    Expire,
    /// A correction by the operator (either sign).
    Adjust,
    /// Points sent to or received from a family member (SPEC §5.4).
    Transfer,
    /// Points moved by an account merge (SPEC §4.5).
    Merge,
}

impl PointEntryKind {
    pub const ALL: [PointEntryKind; 6] = [
        PointEntryKind::Earn,
        PointEntryKind::Use,
        PointEntryKind::Expire,
        PointEntryKind::Adjust,
        PointEntryKind::Transfer,
        PointEntryKind::Merge,
    ];

    /// The API's and the cache's name: `earn`, `use`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            PointEntryKind::Earn => "earn",
            PointEntryKind::Use => "use",
            PointEntryKind::Expire => "expire",
            PointEntryKind::Adjust => "adjust",
            PointEntryKind::Transfer => "transfer",
            PointEntryKind::Merge => "merge",
        }
    }

    pub fn parse(text: &str) -> Option<PointEntryKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One line of the point history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PointEntry {
    /// The server's entry ID: stable, a key for list diffing.
    pub id: i64,
    /// The Japan date, `YYYY-MM-DD`.
    pub date: String,
    /// Signed: positive credits (earn, received), negative debits (use, expiry, sent).
    pub points: i64,
    pub kind: PointEntryKind,
    /// Where it happened, where there is a store (none for expiry, transfers, merges).
    pub store: Option<String>,
    /// What the server says about it (Japanese, shown as is).
    pub text: String,
}

/// Held points that expire on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ExpiryBucket {
    /// The last day on which these points are valid (Japan date, `YYYY-MM-DD`).
    pub expires: String,
    pub points: u64,
    /// Whole days from the balance's `as_of` to `expires`: 0 on the last valid day.
    pub days_left: i64,
    /// Whether they expire within the profile's `expiring_soon_days`.
    pub expiring_soon: bool,
}

/// The balance as the member sees it, from the on-device cache (works offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PointBalance {
    /// Points valid on `as_of`: the sum of `breakdown`.
    pub total: u64,
    /// Held points by expiry date, soonest first. Buckets that expired since the last sync
    /// are left out (they are gone even if the server has not said so yet).
    pub breakdown: Vec<ExpiryBucket>,
    /// Points expiring within `expiring_soon_days` of `as_of` (SPEC §5.3).
    pub expiring_soon: u64,
    /// The window of `expiring_soon` (`profile.points.expiring_soon_days`, reference 30).
    pub expiring_soon_days: u32,
    /// The soonest bucket, for a "N points expire on D" line.
    pub next_expiry: Option<ExpiryBucket>,
    /// The accrual start (`waon`, SPEC §5.2): the first award or first e-money charge.
    pub first_award: Option<String>,
    /// Today's Japan date by the app's clock: what the figures are valid on.
    pub as_of: String,
    /// When the cache last heard from the server (RFC 3339).
    pub last_synced: String,
}

/// Which history entries to show. Every field may be left empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HistoryQuery {
    /// Only these kinds; empty for all.
    pub kinds: Vec<PointEntryKind>,
    /// First Japan date to include (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last Japan date to include (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// `next_cursor` of the previous page; none for the first page.
    pub cursor: Option<String>,
    /// Entries per page, 1 to [`crate::points::cache::MAX_PAGE`].
    pub limit: u32,
}

/// One page of history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HistoryPage {
    pub entries: Vec<PointEntry>,
    /// Pass it back for the next page; none on the last page.
    pub next_cursor: Option<String>,
    /// When the cache last heard from the server (RFC 3339).
    pub last_synced: String,
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct SyncReport {
    /// History entries new to the cache.
    pub new_entries: u32,
    /// Whether anything changed since the last sync.
    pub changed: bool,
    /// Requests the refresh made.
    pub requests: u32,
    /// RFC 3339.
    pub last_synced: String,
}
