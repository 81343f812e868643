//! The mail settings screen: the newsletter and postal-mail switches, usable offline (the
//! mail capability queues a change and sends it once; the switch says it is waiting), what
//! happened to a change (overridden elsewhere, refused), and the ways to the e-mail change and
//! to the "mail does not arrive" help.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::mail::{MailSetting, MailSettingsView, MailSyncOutcome};

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// One switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailSwitchView {
    pub setting: MailSetting,
    pub label: String,
    /// `None` before this install ever heard from the server: drawn as unknown, not off.
    pub on: Option<bool>,
    /// "Waiting to be sent" while a change is queued; "Not loaded yet" when unknown.
    pub status: Option<String>,
}

/// What the mail settings screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MailSettingsState {
    pub title: String,
    pub switches: Vec<MailSwitchView>,
    /// What the last change or sync did that the member should know (a choice that replaced
    /// one made elsewhere, a change the server refused, changes waiting for a connection).
    pub notices: Vec<String>,
    /// "Updated …" (Japan time).
    pub synced: Option<String>,
    /// Postal mail goes on after the app is deleted; said once, under the switches.
    pub postal_note: String,
    pub email_change: ButtonView,
    pub delivery_help: ButtonView,
    pub refreshing: bool,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    settings: Option<MailSettingsView>,
    notices: Vec<String>,
    refreshing: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

impl Model {
    fn failed(&mut self, e: TamaruError) {
        if self.navigate.is_none() {
            self.navigate = session_end(&e);
        }
        self.error = Some(e);
    }

    fn outcome(&mut self, outcome: MailSyncOutcome) {
        let lang = self.language;
        self.notices.clear();
        for o in &outcome.overridden {
            self.notices
                .push(lang.pick(o.message_ja.as_str(), o.message_en.as_str()));
        }
        for r in &outcome.rejected {
            self.notices
                .push(Text::MailChangeRefused(setting_label(r.setting, lang)).word(lang));
        }
        if outcome.pending > 0 {
            self.notices.push(Text::MailChangesWaiting.word(lang));
        }
        self.error = None;
        self.settings = Some(outcome.settings);
    }
}

fn setting_label(setting: MailSetting, lang: Language) -> String {
    lang.pick(setting.label_ja(), setting.label_en())
}

/// The mail settings screen.
pub struct MailSettingsScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, MailSettingsState>>,
}

impl MailSettingsScreen {
    /// The phone's copy at once (offline); [`refresh`](Self::refresh) next.
    pub fn open(app: &MemberApp) -> Self {
        let mut model = Model {
            language: app.language(),
            settings: None,
            notices: Vec::new(),
            refreshing: false,
            error: None,
            navigate: None,
        };
        match app.mail().cached_settings() {
            Ok(s) => model.settings = Some(s),
            Err(e) => model.failed(e),
        }
        MailSettingsScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> MailSettingsState {
        self.cell.state()
    }

    /// Sends what is queued and reads the settings back.
    pub async fn refresh(&self) -> MailSettingsState {
        let (_, go) = self.cell.update(|m| {
            let go = !m.refreshing;
            m.refreshing = true;
            go
        });
        if !go {
            return self.state();
        }
        let result = self.app.mail().sync().await;
        self.cell.change(|m| {
            m.refreshing = false;
            match result {
                Ok(outcome) => m.outcome(outcome),
                Err(e) => m.failed(e),
            }
        })
    }

    /// The member flipped a switch (queued and sent; offline it waits).
    pub async fn set(&self, setting: MailSetting, on: bool) -> MailSettingsState {
        let result = self.app.mail().set(setting, on).await;
        let cached = self.app.mail().cached_settings();
        self.cell.change(|m| match result {
            Ok(outcome) => m.outcome(outcome),
            Err(e) => {
                if let Ok(s) = cached {
                    m.settings = Some(s);
                }
                m.failed(e);
            }
        })
    }

    /// "Change the e-mail address".
    pub fn open_email_change(&self) -> MailSettingsState {
        self.cell
            .change(|m| m.navigate = Some(Destination::EmailChange))
    }

    /// "Mail does not arrive".
    pub fn open_delivery_help(&self) -> MailSettingsState {
        self.cell
            .change(|m| m.navigate = Some(Destination::DeliveryHelp))
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<MailSettingsState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> MailSettingsState {
    let lang = m.language;
    let switches = m
        .settings
        .as_ref()
        .map(|s| {
            [&s.newsletter, &s.postal]
                .into_iter()
                .map(|st| MailSwitchView {
                    setting: st.setting,
                    label: setting_label(st.setting, lang),
                    on: st.on,
                    status: if st.pending {
                        Some(Text::MailPending.word(lang))
                    } else if st.on.is_none() {
                        Some(Text::MailNotLoaded.word(lang))
                    } else {
                        None
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    MailSettingsState {
        title: Text::MailSettingsTitle.word(lang),
        switches,
        notices: m.notices.clone(),
        synced: m
            .settings
            .as_ref()
            .and_then(|s| s.last_synced_at.as_deref())
            .and_then(|t| format::date_time_text(t, lang))
            .map(|t| Text::UpdatedAt(t).word(lang)),
        postal_note: Text::PostalNote.word(lang),
        email_change: ButtonView::new(Text::EmailChangeButton.word(lang), true),
        delivery_help: ButtonView::new(Text::DeliveryHelpButton.word(lang), true),
        refreshing: m.refreshing,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
