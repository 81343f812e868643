//! Points (SPEC §5): expiry rules, the service, the on-device cache and family sharing.
//!
//! - [`expiry`]: the pure expiry rules (fiscal year, accrual period, merge re-basing).
//! - [`service`]: [`Points`], balance and history from the cache (offline), incremental
//!   refresh, using points.
//! - [`cache`]: the SQLite tables of balance and history, one transaction per sync.
//! - [`family`]: family sharing (`waon`).
//! - [`model`]: the records the apps get.

pub(crate) mod api;
pub mod cache;
pub mod error;
pub mod expiry;
pub mod family;
pub mod model;
pub mod service;
pub(crate) mod texts;

pub use error::PointsError;
pub use family::{FamilyGroup, FamilyInvitation, FamilyMember, FamilyStatus};
pub use model::{
    ExpiryBucket, HistoryPage, HistoryQuery, PointBalance, PointEntry, PointEntryKind, SyncReport,
};
pub use service::Points;
