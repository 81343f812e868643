//! Home of a signed-in member: the tabs (member code first, what a member opens the app for
//! at the till; then points, cards, settings), the settings menu's entries the program
//! offers (family sharing and card merge only where its profile has them), and log-out.
//!
//! The shells draw the tab bar and the menu from this state, so their labels and which
//! entries exist are decided and worded once, here, like every other screen's.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// A tab of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum HomeTab {
    MemberCode,
    Points,
    Cards,
    /// Mail settings and the menu below them.
    Settings,
}

/// A screen the settings menu opens (those reached by a state's `navigate` are not here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum HomeLink {
    PasswordChange,
    Family,
    CardMerge,
    Withdrawal,
}

/// A tab: which, and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HomeTabView {
    pub tab: HomeTab,
    pub label: String,
}

/// An entry of the settings menu: which screen, and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HomeLinkView {
    pub link: HomeLink,
    pub label: String,
}

/// What the home screen shows around its tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HomeState {
    /// In the order to show them; the first is the one the app opens on.
    pub tabs: Vec<HomeTabView>,
    /// The settings menu, in order; only what the program offers.
    pub links: Vec<HomeLinkView>,
    pub log_out: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// `LogIn` once logged out (or where a session that ended sends the member).
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    family: bool,
    merge: bool,
    busy: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

/// The home screen. Open it when a screen says `Home`.
pub struct HomeScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, HomeState>>,
}

impl HomeScreen {
    pub fn open(app: &MemberApp) -> Self {
        let profile = app.profile();
        let model = Model {
            language: app.language(),
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

    /// Logs out (offline too: the core wipes the tokens and the member's cached data);
    /// `navigate` becomes `LogIn`.
    pub async fn log_out(&self) -> HomeState {
        let (_, go) = self.cell.update(|m| {
            if m.busy || m.navigate.is_some() {
                return false;
            }
            m.busy = true;
            m.error = None;
            true
        });
        if !go {
            return self.state();
        }
        let result = self.app.log_out().await;
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
    let tab = |tab: HomeTab, text: Text| HomeTabView {
        tab,
        label: text.word(lang),
    };
    let link = |link: HomeLink, text: Text| HomeLinkView {
        link,
        label: text.word(lang),
    };
    let mut links = vec![link(HomeLink::PasswordChange, Text::PasswordChangeTitle)];
    if m.family {
        links.push(link(HomeLink::Family, Text::FamilyTitle));
    }
    if m.merge {
        links.push(link(HomeLink::CardMerge, Text::MergeTitle));
    }
    links.push(link(HomeLink::Withdrawal, Text::WithdrawalTitle));
    HomeState {
        tabs: vec![
            tab(HomeTab::MemberCode, Text::MemberCodeTitle),
            tab(HomeTab::Points, Text::PointsTitle),
            tab(HomeTab::Cards, Text::CardsTitle),
            tab(HomeTab::Settings, Text::SettingsTab),
        ],
        links,
        log_out: ButtonView::new(Text::LogOutButton.word(lang), !m.busy),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
