//! The points service as the apps see it (SPEC §5): balance and history from the on-device
//! cache (instant, offline), an incremental refresh, using points, and family sharing.
//!
//! Reads are synchronous: they only touch the cache (well under a millisecond for a page).
//! Everything that talks to the server is `async`.

use tamaru_core::error::TamaruError;
use tamaru_core::points::{
    FamilyStatus, HistoryPage, HistoryQuery, PointBalance, PointEntry, SyncReport,
};

/// The member's points. Get it from [`crate::MemberApp::points`].
#[derive(uniffi::Object)]
pub struct Points {
    pub(crate) inner: tamaru_core::points::Points,
}

#[uniffi::export(async_runtime = "tokio")]
impl Points {
    /// Brings the cache up to date: only what is new since the last sync; one small request
    /// when nothing changed. On an error the cache is left as it was.
    pub async fn refresh(&self) -> Result<SyncReport, TamaruError> {
        crate::guard::run(async move { self.inner.refresh().await }).await
    }

    /// The balance from the cache as of today (Japan date): total, breakdown by expiry date,
    /// and what expires soon. `PointsNotSynced` before the first refresh.
    pub fn balance(&self) -> Result<PointBalance, TamaruError> {
        crate::guard::sync(move || self.inner.balance())
    }

    /// One page of history from the cache, newest first, filtered by kind and date range.
    pub fn history(&self, query: HistoryQuery) -> Result<HistoryPage, TamaruError> {
        crate::guard::sync(move || self.inner.history(&query))
    }

    /// When the cache last heard from the server (RFC 3339); none before the first refresh.
    pub fn last_synced(&self) -> Result<Option<String>, TamaruError> {
        crate::guard::sync(move || self.inner.last_synced())
    }

    /// Uses points in the app. `PointsNeedLinkedId` (with the support page) on an unlinked
    /// `wester` account.
    pub async fn use_points(&self, points: u64, text: String) -> Result<PointEntry, TamaruError> {
        crate::guard::run(async move { self.inner.use_points(points, &text).await }).await
    }

    /// The member's family group and invitations (`waon`).
    pub async fn family(&self) -> Result<FamilyStatus, TamaruError> {
        crate::guard::run(async move { self.inner.family().await }).await
    }

    pub async fn create_family(&self) -> Result<FamilyStatus, TamaruError> {
        crate::guard::run(async move { self.inner.create_family().await }).await
    }

    /// Invites an account by login ID; returns the invitation's ID.
    pub async fn invite_to_family(&self, login_id: String) -> Result<String, TamaruError> {
        crate::guard::run(async move { self.inner.invite_to_family(&login_id).await }).await
    }

    pub async fn join_family_by_code(
        &self,
        invite_code: String,
    ) -> Result<FamilyStatus, TamaruError> {
        crate::guard::run(async move { self.inner.join_family_by_code(&invite_code).await }).await
    }

    pub async fn accept_family_invitation(
        &self,
        invitation_id: String,
    ) -> Result<FamilyStatus, TamaruError> {
        crate::guard::run(async move { self.inner.accept_family_invitation(&invitation_id).await })
            .await
    }

    pub async fn leave_family(&self) -> Result<(), TamaruError> {
        crate::guard::run(async move { self.inner.leave_family().await }).await
    }

    /// Sends points to a member of the family group.
    pub async fn send_points(
        &self,
        to_member_id: String,
        points: u64,
    ) -> Result<PointEntry, TamaruError> {
        crate::guard::run(async move { self.inner.send_points(&to_member_id, points).await }).await
    }
}

/// The largest history page the cache serves (`HistoryQuery::limit` is 1 to this), so a list
/// screen can size its pages without a number of its own. Also the Kotlin benchmark's
/// primitive-only call (scripts/kotlin-bench.sh): no argument, an integer back, beside the
/// string call `grouped_digits`, to tell the cost of crossing JNA from that of moving strings.
#[uniffi::export]
pub fn history_page_limit() -> u32 {
    tamaru_core::points::cache::MAX_PAGE
}
