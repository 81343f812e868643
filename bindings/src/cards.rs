//! The cards service as the apps see it (SPEC §4): registration with its typed refusals,
//! the list (offline copy and refresh with notices), and the account merge.
//!
//! There is no removal: a registered card cannot be taken off (SPEC §4.4).

use std::sync::Arc;

use tamaru_core::cards::input::{CardInput, CardInputError};
use tamaru_core::cards::{CardList, CardRefresh, MergeRequest, MergeResult, RegisteredCard};
use tamaru_core::error::TamaruError;

/// The member's cards. Get it from [`crate::MemberApp::cards`].
#[derive(uniffi::Object)]
pub struct Cards {
    pub(crate) inner: tamaru_core::cards::Cards,
}

#[uniffi::export(async_runtime = "tokio")]
impl Cards {
    /// The offline pre-check alone, for live feedback while the member types: every problem
    /// with the number, PIN and answers; empty when the input can be sent.
    pub fn check(&self, input: CardInput) -> Vec<CardInputError> {
        self.inner.check(&input)
    }

    /// Starts a registration attempt (offline pre-check, fresh idempotency key). Keep the
    /// attempt while the member may retry: submitting it again never registers twice.
    pub fn prepare_registration(
        &self,
        input: CardInput,
    ) -> Result<Arc<CardRegistration>, TamaruError> {
        crate::guard::sync(move || {
            Ok(Arc::new(CardRegistration {
                inner: self.inner.prepare(&input)?,
            }))
        })
    }

    /// Registers a card: the pre-check, the limits, then one idempotent request.
    pub async fn register(&self, input: CardInput) -> Result<RegisteredCard, TamaruError> {
        crate::guard::run(async move { self.inner.register(&input).await }).await
    }

    /// The on-device copy of the list (offline), with when it was last synced.
    pub fn list(&self) -> Result<CardList, TamaruError> {
        crate::guard::sync(move || self.inner.list())
    }

    /// Fetches the list: reissued cards show their new number, lapsed cards leave it, and
    /// each such change comes once as a notice with its text.
    pub async fn refresh(&self) -> Result<CardRefresh, TamaruError> {
        crate::guard::run(async move { self.inner.refresh().await }).await
    }

    /// Merges another point account (named by one of its cards and its holder) into the
    /// signed-in one (`waon`).
    pub async fn merge(&self, request: MergeRequest) -> Result<MergeResult, TamaruError> {
        crate::guard::run(async move { self.inner.merge(&request).await }).await
    }
}

/// One registration attempt. Get it from [`Cards::prepare_registration`].
#[derive(uniffi::Object)]
pub struct CardRegistration {
    inner: tamaru_core::cards::CardRegistration,
}

#[uniffi::export(async_runtime = "tokio")]
impl CardRegistration {
    /// The key every submission of this attempt carries.
    pub fn idempotency_key(&self) -> String {
        self.inner.idempotency_key().to_owned()
    }

    /// The card as the app may show it while registering (masked for a credit card).
    pub fn display_number(&self) -> String {
        self.inner.display_number().to_owned()
    }

    /// Sends the registration; again when called again, with the same key.
    pub async fn submit(&self) -> Result<RegisteredCard, TamaruError> {
        crate::guard::run(async move { self.inner.submit().await }).await
    }
}
