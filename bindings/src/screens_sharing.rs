//! The card merge and family sharing screens over the FFI (see [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::screens::{self as core, CardMergeState, FamilyState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// Merging another point account. From [`crate::MemberApp::card_merge_screen`].
#[derive(uniffi::Object)]
pub struct CardMergeScreen {
    pub(crate) inner: core::CardMergeScreen,
}

/// Told each new state of the card merge screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait CardMergeListener: Send + Sync {
    fn on_state(&self, state: CardMergeState);
}

foreign_listener!(CardMergeAdapter, CardMergeListener, CardMergeState);

#[uniffi::export(async_runtime = "tokio")]
impl CardMergeScreen {
    pub fn state(&self) -> CardMergeState {
        self.inner.state()
    }

    pub fn choose_type(&self, card_type: String) -> CardMergeState {
        self.inner.choose_type(&card_type)
    }

    pub fn set_number(&self, text: String) -> CardMergeState {
        self.inner.set_number(&text)
    }

    pub fn set_name(&self, text: String) -> CardMergeState {
        self.inner.set_name(&text)
    }

    /// `YYYY-MM-DD` from the date picker.
    pub fn set_birth_date(&self, text: String) -> CardMergeState {
        self.inner.set_birth_date(&text)
    }

    /// Merges; `navigate` becomes `Cards`.
    pub async fn submit(&self) -> CardMergeState {
        self.inner.submit().await
    }

    pub fn subscribe(&self, listener: Box<dyn CardMergeListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(CardMergeAdapter(listener))))
    }
}

/// Family sharing. From [`crate::MemberApp::family_screen`].
#[derive(uniffi::Object)]
pub struct FamilyScreen {
    pub(crate) inner: core::FamilyScreen,
}

/// Told each new state of the family screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait FamilyListener: Send + Sync {
    fn on_state(&self, state: FamilyState);
}

foreign_listener!(FamilyAdapter, FamilyListener, FamilyState);

#[uniffi::export(async_runtime = "tokio")]
impl FamilyScreen {
    pub fn state(&self) -> FamilyState {
        self.inner.state()
    }

    /// The group and invitations as the server has them.
    pub async fn load(&self) -> FamilyState {
        self.inner.load().await
    }

    pub async fn create(&self) -> FamilyState {
        self.inner.create().await
    }

    pub fn set_join_code(&self, text: String) -> FamilyState {
        self.inner.set_join_code(&text)
    }

    pub async fn join(&self) -> FamilyState {
        self.inner.join().await
    }

    /// An invitation's `id` from `invitations`.
    pub async fn accept(&self, invitation_id: String) -> FamilyState {
        self.inner.accept(&invitation_id).await
    }

    pub fn set_invite_login_id(&self, text: String) -> FamilyState {
        self.inner.set_invite_login_id(&text)
    }

    pub async fn invite(&self) -> FamilyState {
        self.inner.invite().await
    }

    /// A `member_id` from `recipients`.
    pub fn choose_recipient(&self, member_id: String) -> FamilyState {
        self.inner.choose_recipient(&member_id)
    }

    pub fn set_points(&self, text: String) -> FamilyState {
        self.inner.set_points(&text)
    }

    pub async fn send(&self) -> FamilyState {
        self.inner.send().await
    }

    pub async fn leave(&self) -> FamilyState {
        self.inner.leave().await
    }

    pub fn subscribe(&self, listener: Box<dyn FamilyListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(FamilyAdapter(listener))))
    }
}
