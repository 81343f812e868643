//! "Mail does not arrive": the mail capability's checklist (sender domains to allow, the
//! spam folder, the registered address masked, the newsletter switch) worded for the member,
//! with its two actions: switch the newsletter on, and go to the e-mail change.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::mail::{DeliveryAction, DeliveryHelp, MailSetting};

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DeliveryItemView {
    pub text: String,
    /// `false` when the phone knows it is fine (drawn ticked).
    pub needs_attention: bool,
    /// What the app can do about it, where anything.
    pub action: Option<DeliveryAction>,
    pub action_button: Option<ButtonView>,
}

/// What the delivery help screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DeliveryHelpState {
    pub title: String,
    pub items: Vec<DeliveryItemView>,
    /// The domains to allow, one a line.
    pub sender_domains: Vec<String>,
    pub loading: bool,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    help: Option<DeliveryHelp>,
    loading: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

/// The delivery help screen.
pub struct DeliveryHelpScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, DeliveryHelpState>>,
}

impl DeliveryHelpScreen {
    /// Empty until [`load`](Self::load).
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            help: None,
            loading: false,
            error: None,
            navigate: None,
        };
        DeliveryHelpScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> DeliveryHelpState {
        self.cell.state()
    }

    /// Builds the checklist (works offline from the phone's copy of the settings).
    pub async fn load(&self) -> DeliveryHelpState {
        self.cell.change(|m| m.loading = true);
        let result = self.app.mail().delivery_help().await;
        self.cell.change(|m| {
            m.loading = false;
            match result {
                Ok(help) => {
                    m.help = Some(help);
                    m.error = None;
                }
                Err(e) => {
                    if m.navigate.is_none() {
                        m.navigate = session_end(&e);
                    }
                    m.error = Some(e);
                }
            }
        })
    }

    /// An item's action: the newsletter switched on (then the list again), or the e-mail
    /// change screen.
    pub async fn act(&self, action: DeliveryAction) -> DeliveryHelpState {
        match action {
            DeliveryAction::ChangeEmail => self
                .cell
                .change(|m| m.navigate = Some(Destination::EmailChange)),
            DeliveryAction::SwitchNewsletterOn => {
                if let Err(e) = self.app.mail().set(MailSetting::Newsletter, true).await {
                    return self.cell.change(|m| {
                        if m.navigate.is_none() {
                            m.navigate = session_end(&e);
                        }
                        m.error = Some(e);
                    });
                }
                self.load().await
            }
        }
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<DeliveryHelpState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> DeliveryHelpState {
    let lang = m.language;
    let items = m
        .help
        .as_ref()
        .map(|h| {
            h.items
                .iter()
                .map(|i| DeliveryItemView {
                    text: lang.pick(i.text_ja.as_str(), i.text_en.as_str()),
                    needs_attention: i.needs_attention,
                    action: i.action,
                    action_button: i.action.map(|a| {
                        let label = match a {
                            DeliveryAction::SwitchNewsletterOn => Text::NewsletterOnButton,
                            DeliveryAction::ChangeEmail => Text::EmailChangeButton,
                        };
                        ButtonView::new(label.word(lang), !m.loading)
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    DeliveryHelpState {
        title: Text::DeliveryHelpTitle.word(lang),
        items,
        sender_domains: m
            .help
            .as_ref()
            .map(|h| h.sender_domains.clone())
            .unwrap_or_default(),
        loading: m.loading,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
