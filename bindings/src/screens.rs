//! The screens of the member app as the apps hold them (`tamaru_core::screens`): opened from
//! [`MemberApp`], each an object with `state()`, its actions (each returning the new state)
//! and `subscribe(listener)`, whose [`ScreenSubscription`] stops the calls when closed.
//!
//! A shell adapts a screen in a few lines. Kotlin:
//!
//! ```kotlin
//! val screen = app.pointsScreen()
//! val state = MutableStateFlow(screen.state())
//! val subscription = screen.subscribe(object : PointsListener {
//!     override fun onState(state: PointsState) { stateFlow.value = state }
//! })
//! // onCleared(): subscription.close(); screen.close()
//! ```
//!
//! Swift: an `@Observable` model whose listener assigns `state` on the main actor.

use std::sync::{Arc, Mutex};

use tamaru_core::app::AppConfig;
use tamaru_core::error::TamaruError;
use tamaru_core::profile::Profile;
use tamaru_core::screens::{self as core, Language};

use crate::MemberApp;
use crate::screens_account::{PasswordChangeScreen, PasswordResetScreen, WithdrawalScreen};
use crate::screens_cards::{CardRegistrationScreen, CardsScreen};
use crate::screens_forms::{EntryScreen, LogInScreen, SignUpScreen};
use crate::screens_mail::{DeliveryHelpScreen, EmailChangeScreen, MailSettingsScreen};
use crate::screens_member_code::MemberCodeScreen;
use crate::screens_points::PointsScreen;
use crate::screens_sharing::{CardMergeScreen, FamilyScreen};
use crate::store::{ForeignStore, SecureStore};

#[uniffi::export]
impl MemberApp {
    /// As the main constructor, with every screen worded in `language` (the main
    /// constructor words them in Japanese).
    #[uniffi::constructor]
    pub fn with_language(
        profile: Profile,
        base_url: String,
        data_dir: String,
        secure_store: Arc<dyn SecureStore>,
        language: Language,
    ) -> Result<Arc<Self>, TamaruError> {
        let config = AppConfig::new(
            Arc::new(profile),
            base_url,
            data_dir,
            Arc::new(ForeignStore(secure_store)),
        )
        .with_language(language);
        Self::open(config)
    }

    /// The language the screens are worded in.
    pub fn language(&self) -> Language {
        self.inner.language()
    }

    /// The first screen: welcome, log-in, signed out elsewhere, or straight home.
    pub fn entry_screen(&self) -> Arc<EntryScreen> {
        Arc::new(EntryScreen {
            inner: core::EntryScreen::open(&self.inner),
        })
    }

    pub fn sign_up_screen(&self) -> Arc<SignUpScreen> {
        Arc::new(SignUpScreen {
            inner: core::SignUpScreen::open(&self.inner),
        })
    }

    /// `changed_phones`: the new-phone way in ("I already have an account").
    pub fn log_in_screen(&self, changed_phones: bool) -> Arc<LogInScreen> {
        Arc::new(LogInScreen {
            inner: core::LogInScreen::open(&self.inner, changed_phones),
        })
    }

    /// The cards list, from the phone at once; call `refresh()` next.
    pub fn cards_screen(&self) -> Arc<CardsScreen> {
        Arc::new(CardsScreen {
            inner: core::CardsScreen::open(&self.inner),
        })
    }

    pub fn card_registration_screen(&self) -> Arc<CardRegistrationScreen> {
        Arc::new(CardRegistrationScreen {
            inner: core::CardRegistrationScreen::open(&self.inner),
        })
    }

    /// The member-code screen; its countdown runs while it is subscribed to.
    pub fn member_code_screen(&self) -> Arc<MemberCodeScreen> {
        Arc::new(MemberCodeScreen {
            inner: core::MemberCodeScreen::open(&self.inner),
        })
    }

    /// The mail switches, from the phone at once; call `refresh()` next.
    pub fn mail_settings_screen(&self) -> Arc<MailSettingsScreen> {
        Arc::new(MailSettingsScreen {
            inner: core::MailSettingsScreen::open(&self.inner),
        })
    }

    /// Changing the e-mail address; call `resume()` to pick up a code already sent.
    pub fn email_change_screen(&self) -> Arc<EmailChangeScreen> {
        Arc::new(EmailChangeScreen {
            inner: core::EmailChangeScreen::open(&self.inner),
        })
    }

    /// "Mail does not arrive"; call `load()` next.
    pub fn delivery_help_screen(&self) -> Arc<DeliveryHelpScreen> {
        Arc::new(DeliveryHelpScreen {
            inner: core::DeliveryHelpScreen::open(&self.inner),
        })
    }

    pub fn password_change_screen(&self) -> Arc<PasswordChangeScreen> {
        Arc::new(PasswordChangeScreen {
            inner: core::PasswordChangeScreen::open(&self.inner),
        })
    }

    pub fn password_reset_screen(&self) -> Arc<PasswordResetScreen> {
        Arc::new(PasswordResetScreen {
            inner: core::PasswordResetScreen::open(&self.inner),
        })
    }

    /// Withdrawal; call `load()` next for the preview.
    pub fn withdrawal_screen(&self) -> Arc<WithdrawalScreen> {
        Arc::new(WithdrawalScreen {
            inner: core::WithdrawalScreen::open(&self.inner),
        })
    }

    /// Merging another point account (where the program offers it).
    pub fn card_merge_screen(&self) -> Arc<CardMergeScreen> {
        Arc::new(CardMergeScreen {
            inner: core::CardMergeScreen::open(&self.inner),
        })
    }

    /// Family sharing (where the program has it); call `load()` next.
    pub fn family_screen(&self) -> Arc<FamilyScreen> {
        Arc::new(FamilyScreen {
            inner: core::FamilyScreen::open(&self.inner),
        })
    }

    /// The points screen, from the phone at once; call `refresh()` next.
    pub fn points_screen(&self) -> Arc<PointsScreen> {
        Arc::new(PointsScreen {
            inner: core::PointsScreen::open(&self.inner),
        })
    }
}

/// Where a screen of a signed-in member goes after `error`, if the error ended the session
/// (the core's one decision, for errors the app met outside a screen).
#[uniffi::export]
pub fn session_end(error: TamaruError) -> Option<core::Destination> {
    core::session_end(&error)
}

/// A listener's registration on a screen. `cancel()` or closing it stops the calls.
#[derive(uniffi::Object)]
pub struct ScreenSubscription {
    inner: Mutex<Option<core::Subscription>>,
}

impl ScreenSubscription {
    pub(crate) fn new(inner: core::Subscription) -> Arc<Self> {
        Arc::new(ScreenSubscription {
            inner: Mutex::new(Some(inner)),
        })
    }
}

#[uniffi::export]
impl ScreenSubscription {
    /// Stops the calls. Idempotent.
    pub fn cancel(&self) {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(subscription) = taken {
            subscription.cancel();
        }
    }

    /// Whether calls still come.
    pub fn is_active(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|s| s.is_active())
    }
}

/// A foreign listener as the core's [`core::StateListener`]: `$adapter` wraps
/// `Box<dyn $trait>` and forwards `on_state`.
macro_rules! foreign_listener {
    ($adapter:ident, $trait:ident, $state:ty) => {
        struct $adapter(Box<dyn $trait>);

        impl tamaru_core::screens::StateListener<$state> for $adapter {
            fn on_state(&self, state: $state) {
                self.0.on_state(state);
            }
        }
    };
}
pub(crate) use foreign_listener;
