//! The cards list and card registration screens over the FFI (see [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::screens::{self as core, CardRegistrationState, CardsState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// The cards list. From [`crate::MemberApp::cards_screen`].
#[derive(uniffi::Object)]
pub struct CardsScreen {
    pub(crate) inner: core::CardsScreen,
}

/// Told each new state of the cards list, on a background thread.
#[uniffi::export(callback_interface)]
pub trait CardsListener: Send + Sync {
    fn on_state(&self, state: CardsState);
}

foreign_listener!(CardsAdapter, CardsListener, CardsState);

#[uniffi::export(async_runtime = "tokio")]
impl CardsScreen {
    pub fn state(&self) -> CardsState {
        self.inner.state()
    }

    /// Pull to refresh (and when the screen shows).
    pub async fn refresh(&self) -> CardsState {
        self.inner.refresh().await
    }

    pub fn dismiss_notice(&self, id: String) -> CardsState {
        self.inner.dismiss_notice(&id)
    }

    /// "Register a card": `navigate` becomes `CardRegistration` while the limit allows.
    pub fn add_card(&self) -> CardsState {
        self.inner.add_card()
    }

    /// Back on the list (after a registration).
    pub fn reload(&self) -> CardsState {
        self.inner.reload()
    }

    pub fn subscribe(&self, listener: Box<dyn CardsListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(CardsAdapter(listener))))
    }
}

/// Registering a card. From [`crate::MemberApp::card_registration_screen`].
#[derive(uniffi::Object)]
pub struct CardRegistrationScreen {
    pub(crate) inner: core::CardRegistrationScreen,
}

/// Told each new state of the card registration screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait CardRegistrationListener: Send + Sync {
    fn on_state(&self, state: CardRegistrationState);
}

foreign_listener!(
    CardRegistrationAdapter,
    CardRegistrationListener,
    CardRegistrationState
);

#[uniffi::export(async_runtime = "tokio")]
impl CardRegistrationScreen {
    pub fn state(&self) -> CardRegistrationState {
        self.inner.state()
    }

    /// A card type ID from `types`.
    pub fn choose_type(&self, card_type: String) -> CardRegistrationState {
        self.inner.choose_type(&card_type)
    }

    pub fn set_number(&self, text: String) -> CardRegistrationState {
        self.inner.set_number(&text)
    }

    pub fn answer_has_pin(&self, yes: bool) -> CardRegistrationState {
        self.inner.answer_has_pin(yes)
    }

    pub fn set_pin(&self, text: String) -> CardRegistrationState {
        self.inner.set_pin(&text)
    }

    pub fn answer_member_registered(&self, yes: bool) -> CardRegistrationState {
        self.inner.answer_member_registered(yes)
    }

    /// Registers, or sends the same attempt again after a failure (never twice).
    pub async fn submit(&self) -> CardRegistrationState {
        self.inner.submit().await
    }

    pub fn subscribe(
        &self,
        listener: Box<dyn CardRegistrationListener>,
    ) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(
            self.inner
                .subscribe(Arc::new(CardRegistrationAdapter(listener))),
        )
    }
}
