//! The first screen: a first launch (welcome: sign up, or "I changed phones"), a returning
//! member (straight to log-in, or home with a session), or a phone signed out because
//! another signed in (the explanation, then log-in). The choice is the core's
//! ([`MemberApp::start_screen`]); this screen words it and says where to go.

use std::sync::Arc;

use serde::Serialize;

use crate::app::{MemberApp, StartScreen};
use crate::error::TamaruError;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::Destination;
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// Which start the member gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum EntryKind {
    FirstLaunch,
    SignedOut,
    SignedOutElsewhere,
    SignedIn,
    /// The phone's storage could not be read: say so, offer to try again.
    Failed,
}

/// What the entry screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct EntryState {
    pub kind: EntryKind,
    pub title: String,
    pub message: Option<String>,
    /// "Sign up" (first launch).
    pub sign_up: Option<ButtonView>,
    /// "I already have an account (changed phones)" (first launch).
    pub changed_phones: Option<ButtonView>,
    /// "Log in" (signed out elsewhere).
    pub log_in: Option<ButtonView>,
    /// "Try again" (storage failure).
    pub retry: Option<ButtonView>,
    pub error: Option<ProblemView>,
    /// Where to go now: home for a session, log-in for a returning member, or the choice made.
    pub navigate: Option<Destination>,
}

/// What the member chooses on the entry screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum EntryChoice {
    SignUp,
    ChangedPhones,
    LogIn,
}

struct Model {
    language: Language,
    start: Result<StartScreen, TamaruError>,
    chosen: Option<Destination>,
}

/// The entry screen. Open it when the app starts and whenever a screen says `Welcome`.
pub struct EntryScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, EntryState>>,
}

impl EntryScreen {
    /// Asks the core which start this is (reads the secure store and the data folder; no
    /// request).
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            start: app.start_screen(),
            chosen: None,
        };
        EntryScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> EntryState {
        self.cell.state()
    }

    /// Asks again (after a storage failure).
    pub fn retry(&self) -> EntryState {
        let start = self.app.start_screen();
        self.cell.change(|m| {
            m.start = start;
            m.chosen = None;
        })
    }

    /// The member's choice; a choice the screen does not offer now changes nothing.
    pub fn choose(&self, choice: EntryChoice) -> EntryState {
        self.cell.change(|m| {
            let offered = match (&m.start, choice) {
                (Ok(StartScreen::FirstLaunch), EntryChoice::SignUp) => Some(Destination::SignUp),
                (Ok(StartScreen::FirstLaunch), EntryChoice::ChangedPhones) => {
                    Some(Destination::ChangedPhones)
                }
                (Ok(StartScreen::SignedOutElsewhere), EntryChoice::LogIn) => {
                    Some(Destination::LogIn)
                }
                _ => None,
            };
            if offered.is_some() {
                m.chosen = offered;
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<EntryState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> EntryState {
    let lang = m.language;
    let button = |t: Text| Some(ButtonView::new(t.word(lang), true));
    let mut state = EntryState {
        kind: EntryKind::Failed,
        title: Text::WelcomeTitle.word(lang),
        message: None,
        sign_up: None,
        changed_phones: None,
        log_in: None,
        retry: None,
        error: None,
        navigate: m.chosen,
    };
    match &m.start {
        Ok(StartScreen::FirstLaunch) => {
            state.kind = EntryKind::FirstLaunch;
            state.message = Some(Text::WelcomeMessage.word(lang));
            state.sign_up = button(Text::SignUpButton);
            state.changed_phones = button(Text::ChangedPhonesButton);
        }
        Ok(StartScreen::SignedOut) => {
            state.kind = EntryKind::SignedOut;
            state.navigate = Some(Destination::LogIn);
        }
        Ok(StartScreen::SignedOutElsewhere) => {
            state.kind = EntryKind::SignedOutElsewhere;
            state.title = Text::SignedOutElsewhereTitle.word(lang);
            state.message = Some(Text::SignedOutElsewhereMessage.word(lang));
            state.log_in = button(Text::LogInButton);
        }
        Ok(StartScreen::SignedIn { .. }) => {
            state.kind = EntryKind::SignedIn;
            state.navigate = Some(Destination::Home);
        }
        Err(e) => {
            state.error = Some(ProblemView::of(e, lang));
            state.retry = button(Text::RetryButton);
        }
    }
    state
}
