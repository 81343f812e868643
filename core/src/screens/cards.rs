//! The member's cards: the on-device list at once (offline too), a refresh that brings
//! reissued numbers and lapsed memberships with their notices, each card's state worded,
//! and the way to register one more while the program's limit allows. No "remove": a
//! registered card cannot be removed (SPEC §4.4).

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::cards::{Card, CardNotice, CardState};
use crate::error::TamaruError;
use crate::profile::Profile;

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// One card as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardRow {
    pub id: String,
    /// The card type's name in the member's language.
    pub type_name: String,
    /// Grouped digits, or `**** **** **** 1234` for a credit card.
    pub number: String,
    pub state: CardState,
    pub state_label: String,
    /// "Expires 31 Mar 2027", where the issuer has a date.
    pub expires: Option<String>,
    pub registered: String,
    pub issuer: Option<String>,
    /// For a card that came with another (a credit card's e-money): which one.
    pub linked_note: Option<String>,
}

/// A notice after a refresh (a reissue, a lapse), to show until dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardNoticeView {
    /// What [`CardsScreen::dismiss_notice`] takes.
    pub id: String,
    pub text: String,
}

/// What the cards screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardsState {
    pub title: String,
    pub cards: Vec<CardRow>,
    /// Shown instead of an empty list.
    pub empty: Option<String>,
    pub notices: Vec<CardNoticeView>,
    /// "Updated 1 Dec 2026, 09:30" (Japan time), once fetched on this install.
    pub synced: Option<String>,
    pub refresh: ButtonView,
    pub refreshing: bool,
    /// "Register a card"; disabled at the program's card limit, with `limit_note` saying so.
    pub add: ButtonView,
    pub limit_note: Option<String>,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    cards: Vec<Card>,
    synced_at: Option<String>,
    notices: Vec<(String, CardNotice)>,
    next_notice: u64,
    refreshing: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

impl Model {
    /// Shows `e`; the first error that ended the session keeps saying where to go (a
    /// `NotSignedIn` read from the cache after it must not replace `SignedInElsewhere`).
    fn failed(&mut self, e: TamaruError) {
        if self.navigate.is_some() {
            return;
        }
        if let Some(to) = session_end(&e) {
            self.navigate = Some(to);
        }
        self.error = Some(e);
    }
}

/// The cards screen.
pub struct CardsScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, CardsState>>,
}

impl CardsScreen {
    /// Shows the on-device list (no request); call [`refresh`](Self::refresh) next.
    pub fn open(app: &MemberApp) -> Self {
        let mut model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            cards: Vec::new(),
            synced_at: None,
            notices: Vec::new(),
            next_notice: 0,
            refreshing: false,
            error: None,
            navigate: None,
        };
        match app.cards().list() {
            Ok(list) => {
                model.cards = list.cards;
                model.synced_at = list.synced_at;
            }
            Err(e) => model.failed(e),
        }
        CardsScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> CardsState {
        self.cell.state()
    }

    /// Fetches the list (pull to refresh, and when the screen shows). Offline the list on
    /// the phone stays, with the error said.
    pub async fn refresh(&self) -> CardsState {
        let (_, go) = self.cell.update(|m| {
            let go = !m.refreshing;
            m.refreshing = true;
            go
        });
        if !go {
            return self.state();
        }
        let result = self.app.cards().refresh().await;
        self.cell.change(|m| {
            m.refreshing = false;
            match result {
                Ok(refresh) => {
                    m.cards = refresh.cards;
                    m.synced_at = Some(refresh.synced_at);
                    m.error = None;
                    for notice in refresh.notices {
                        m.next_notice += 1;
                        m.notices.push((m.next_notice.to_string(), notice));
                    }
                }
                Err(e) => m.failed(e),
            }
        })
    }

    /// The member closed a notice.
    pub fn dismiss_notice(&self, id: &str) -> CardsState {
        self.cell.change(|m| m.notices.retain(|(i, _)| i != id))
    }

    /// "Register a card", while the limit allows.
    pub fn add_card(&self) -> CardsState {
        self.cell.change(|m| {
            if m.cards.len() < m.profile.cards.max_total as usize {
                m.navigate = Some(Destination::CardRegistration);
            }
        })
    }

    /// Back on this screen (after a registration): the list on the phone again.
    pub fn reload(&self) -> CardsState {
        let list = self.app.cards().list();
        self.cell.change(|m| {
            m.navigate = None;
            match list {
                Ok(list) => {
                    m.cards = list.cards;
                    m.synced_at = list.synced_at;
                }
                Err(e) => m.failed(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<CardsState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

/// A card type's name in the member's language (the profile's own names).
pub(crate) fn type_name(profile: &Profile, card_type: &str, lang: Language) -> String {
    match profile.card_type(card_type) {
        Some(t) => lang.pick(t.name_ja.as_str(), t.name.as_str()),
        None => card_type.to_owned(),
    }
}

fn row(m: &Model, card: &Card) -> CardRow {
    let lang = m.language;
    let state_label = match card.state {
        CardState::Active => Text::CardActive,
        CardState::Expired => Text::CardExpired,
        CardState::Invalid => Text::CardInvalid,
    }
    .word(lang);
    let linked_note = card.linked_to.as_ref().map(|id| {
        let partner = m.cards.iter().find(|c| &c.id == id);
        let name = partner.map_or_else(String::new, |c| type_name(&m.profile, &c.card_type, lang));
        let last4 = partner.map_or_else(String::new, |c| c.last4.clone());
        Text::CameWith(name, last4).word(lang)
    });
    CardRow {
        id: card.id.clone(),
        type_name: type_name(&m.profile, &card.card_type, lang),
        number: card.display_number.clone(),
        state: card.state,
        state_label,
        expires: card
            .expires_on
            .as_deref()
            .map(|d| Text::ExpiresOn(format::date_text(d, lang)).word(lang)),
        registered: Text::RegisteredOn(
            format::date_time_text(&card.registered_at, lang)
                .unwrap_or_else(|| card.registered_at.clone()),
        )
        .word(lang),
        issuer: card.issuer.clone(),
        linked_note,
    }
}

fn view(m: &Model) -> CardsState {
    let lang = m.language;
    let limit = m.profile.cards.max_total;
    let full = m.cards.len() >= limit as usize;
    CardsState {
        title: Text::CardsTitle.word(lang),
        cards: m.cards.iter().map(|c| row(m, c)).collect(),
        empty: m.cards.is_empty().then(|| Text::NoCards.word(lang)),
        notices: m
            .notices
            .iter()
            .map(|(id, n)| CardNoticeView {
                id: id.clone(),
                text: lang.pick(n.text_ja.as_str(), n.text_en.as_str()),
            })
            .collect(),
        synced: m
            .synced_at
            .as_deref()
            .and_then(|t| format::date_time_text(t, lang))
            .map(|t| Text::UpdatedAt(t).word(lang)),
        refresh: ButtonView::new(Text::RefreshButton.word(lang), !m.refreshing),
        refreshing: m.refreshing,
        add: ButtonView::new(Text::AddCardButton.word(lang), !full),
        limit_note: full.then(|| Text::CardLimitNote(limit).word(lang)),
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
