//! Home of a signed-in member: the tabs (member code first, as a member opens the app at
//! the till), the settings list and log-out. The shells draw what this lists, in its order
//! and words; which entries exist is the profile's (family sharing and card merge only where
//! the program has them), so no shell keeps its own menu or its labels.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// A place home leads to: a tab, or an entry of the settings list. The shell opens that
/// screen's object (`member_code_screen()`, `points_screen()`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum HomeEntry {
    MemberCode,
    Points,
    Cards,
    Settings,
    MailSettings,
    PasswordChange,
    Family,
    CardMerge,
    Withdrawal,
}

/// One tab or settings entry: where it leads and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HomeLink {
    pub entry: HomeEntry,
    pub label: String,
}

/// What home shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HomeState {
    /// The program's name in the member's language.
    pub title: String,
    /// The bottom tabs, in order; the first is where home opens.
    pub tabs: Vec<HomeLink>,
    /// The settings tab's list, in order.
    pub settings: Vec<HomeLink>,
    pub log_out: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// `LogIn` once logged out (or where an ended session sends the member).
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    title: String,
    family: bool,
    merge: bool,
    busy: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

/// The home screen.
pub struct HomeScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, HomeState>>,
}

impl HomeScreen {
    /// From the profile alone (no request).
    pub fn open(app: &MemberApp) -> Self {
        let language = app.language();
        let profile = app.profile();
        let model = Model {
            language,
            title: language.pick(profile.name_ja.as_str(), profile.name.as_str()),
            family: profile.family.is_some(),
            merge: profile.cards.account_merge,
            busy: false,
            error: None,
            navigate: None,
        };
        HomeScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> HomeState {
        self.cell.state()
    }

    /// Logs out on the server and wipes this phone's session; `navigate` becomes `LogIn`.
    /// A failure that is not the session's end is shown and the member stays signed in.
    pub async fn log_out(&self) -> HomeState {
        self.cell.change(|m| {
            m.busy = true;
            m.error = None;
        });
        let result = self.app.account().log_out().await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(()) => m.navigate = Some(Destination::LogIn),
                Err(e) => {
                    m.navigate = session_end(&e);
                    m.error = Some(e);
                }
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<HomeState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> HomeState {
    let lang = m.language;
    let link = |entry: HomeEntry, text: Text| HomeLink {
        entry,
        label: text.word(lang),
    };
    let tabs = vec![
        link(HomeEntry::MemberCode, Text::MemberCodeTitle),
        link(HomeEntry::Points, Text::PointsTitle),
        link(HomeEntry::Cards, Text::CardsTitle),
        link(HomeEntry::Settings, Text::SettingsTab),
    ];
    let mut settings = vec![
        link(HomeEntry::MailSettings, Text::MailSettingsTitle),
        link(HomeEntry::PasswordChange, Text::PasswordChangeTitle),
    ];
    if m.family {
        settings.push(link(HomeEntry::Family, Text::FamilyTitle));
    }
    if m.merge {
        settings.push(link(HomeEntry::CardMerge, Text::MergeTitle));
    }
    settings.push(link(HomeEntry::Withdrawal, Text::WithdrawalTitle));
    HomeState {
        title: m.title.clone(),
        tabs,
        settings,
        log_out: ButtonView::new(Text::LogOutButton.word(lang), !m.busy),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
