//! Merging another point account into the signed-in one (SPEC §4.5, where the program
//! offers it): one of its cards and its holder's details, each checked as typed by the cards
//! capability, then what the merge did (cards moved, the accrual start month kept).

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::cards::input::{CardInput, CardInputError};
use crate::cards::{MergeRequest, MergeResult, PersonalDetails, PersonalDetailsProblem};
use crate::error::TamaruError;
use crate::profile::Profile;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, FieldView, OptionView, ProblemView};

/// What the card merge screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardMergeState {
    pub title: String,
    /// What merging does, before the form.
    pub intro: String,
    /// The program does not merge accounts: said instead of a form.
    pub not_offered: Option<String>,
    pub types: Vec<OptionView>,
    pub number: Option<FieldView>,
    pub name: FieldView,
    /// `YYYY-MM-DD`.
    pub birth_date: FieldView,
    pub submit: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    pub done: Option<String>,
    /// `Cards` once merged.
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    card_type: Option<String>,
    number: String,
    name: String,
    birth_date: String,
    number_problems: Vec<CardInputError>,
    detail_problems: Vec<PersonalDetailsProblem>,
    busy: bool,
    error: Option<TamaruError>,
    merged: Option<MergeResult>,
}

impl Model {
    fn holder(&self) -> PersonalDetails {
        PersonalDetails {
            name: self.name.clone(),
            birth_date: self.birth_date.clone(),
        }
    }

    fn can_submit(&self) -> bool {
        self.profile.cards.account_merge
            && !self.busy
            && self.merged.is_none()
            && self.card_type.is_some()
            && !self.number.is_empty()
            && self.number_problems.is_empty()
            && !self.name.is_empty()
            && !self.birth_date.is_empty()
            && self.detail_problems.is_empty()
    }
}

/// The card merge screen.
pub struct CardMergeScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, CardMergeState>>,
}

impl CardMergeScreen {
    pub fn open(app: &MemberApp) -> Self {
        let profile = app.profile().clone();
        let only = match profile.cards.types.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        let model = Model {
            language: app.language(),
            profile,
            card_type: only,
            number: String::new(),
            name: String::new(),
            birth_date: String::new(),
            number_problems: Vec::new(),
            detail_problems: Vec::new(),
            busy: false,
            error: None,
            merged: None,
        };
        CardMergeScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> CardMergeState {
        self.cell.state()
    }

    fn edit(&self, f: impl FnOnce(&mut Model)) -> CardMergeState {
        let cards = self.app.cards();
        self.cell.change(|m| {
            if m.busy || m.merged.is_some() {
                return;
            }
            f(m);
            m.error = None;
            m.number_problems = match &m.card_type {
                Some(t) if !m.number.is_empty() => cards.check(&CardInput::new(t, &m.number)),
                _ => Vec::new(),
            };
            // Problems only for what is typed: an empty field is not yet wrong.
            m.detail_problems = cards
                .check_personal_details(&m.holder())
                .into_iter()
                .filter(|p| match p {
                    PersonalDetailsProblem::NameMissing | PersonalDetailsProblem::NameTooLong => {
                        !m.name.is_empty()
                    }
                    PersonalDetailsProblem::BirthDateInvalid
                    | PersonalDetailsProblem::BirthDateInFuture => !m.birth_date.is_empty(),
                })
                .collect();
        })
    }

    pub fn choose_type(&self, card_type: &str) -> CardMergeState {
        let card_type = card_type.to_owned();
        self.edit(|m| {
            if m.profile.card_type(&card_type).is_some() {
                m.card_type = Some(card_type);
            }
        })
    }

    pub fn set_number(&self, text: &str) -> CardMergeState {
        self.edit(|m| m.number = text.to_owned())
    }

    pub fn set_name(&self, text: &str) -> CardMergeState {
        self.edit(|m| m.name = text.to_owned())
    }

    /// `YYYY-MM-DD` from the date picker.
    pub fn set_birth_date(&self, text: &str) -> CardMergeState {
        self.edit(|m| m.birth_date = text.to_owned())
    }

    pub async fn submit(&self) -> CardMergeState {
        let (_, request) = self.cell.update(|m| {
            if !m.can_submit() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some(MergeRequest {
                card_type: m.card_type.clone().unwrap_or_default(),
                card_number: m.number.clone(),
                holder: m.holder(),
            })
        });
        let Some(request) = request else {
            return self.state();
        };
        let result = self.app.cards().merge(&request).await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(merged) => m.merged = Some(merged),
                Err(e) => m.error = Some(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<CardMergeState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> CardMergeState {
    let lang = m.language;
    let offered = m.profile.cards.account_merge;
    let rule = m.card_type.as_deref().and_then(|t| m.profile.card_type(t));
    let detail = |wanted: fn(&PersonalDetailsProblem) -> bool| -> Vec<String> {
        m.detail_problems
            .iter()
            .filter(|p| wanted(p))
            .map(|p| lang.pick(p.text_ja(), p.text_en()))
            .collect()
    };
    CardMergeState {
        title: Text::MergeTitle.word(lang),
        intro: Text::MergeIntro.word(lang),
        not_offered: (!offered).then(|| {
            lang.pick(
                TamaruError::MergeNotOffered.message_ja(),
                TamaruError::MergeNotOffered.message_en(),
            )
        }),
        types: if offered {
            m.profile
                .cards
                .types
                .iter()
                .map(|t| OptionView {
                    id: t.id.clone(),
                    label: lang.pick(t.name_ja.as_str(), t.name.as_str()),
                    chosen: m.card_type.as_deref() == Some(t.id.as_str()),
                })
                .collect()
        } else {
            Vec::new()
        },
        number: rule.filter(|_| offered).map(|r| FieldView {
            label: Text::CardNumberLabel(r.digits).word(lang),
            value: m.number.clone(),
            problems: m
                .number_problems
                .iter()
                .map(|e| lang.pick(e.message_ja(), e.message_en()))
                .collect(),
        }),
        name: FieldView {
            label: Text::HolderNameLabel.word(lang),
            value: m.name.clone(),
            problems: detail(|p| {
                matches!(
                    p,
                    PersonalDetailsProblem::NameMissing | PersonalDetailsProblem::NameTooLong
                )
            }),
        },
        birth_date: FieldView {
            label: Text::BirthDateLabel.word(lang),
            value: m.birth_date.clone(),
            problems: detail(|p| {
                matches!(
                    p,
                    PersonalDetailsProblem::BirthDateInvalid
                        | PersonalDetailsProblem::BirthDateInFuture
                )
            }),
        },
        submit: ButtonView::new(Text::MergeButton.word(lang), m.can_submit()),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        done: m.merged.as_ref().map(|r| {
            let month = r
                .accrual_start_month
                .as_deref()
                .and_then(|ym| {
                    chrono::NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d").ok()
                })
                .map(|d| match lang {
                    Language::Ja => format!(
                        "{}年{}月",
                        chrono::Datelike::year(&d),
                        chrono::Datelike::month(&d)
                    ),
                    Language::En => d.format("%B %Y").to_string(),
                });
            match month {
                Some(month) => Text::MergedWithMonth(r.merged_cards, month).word(lang),
                None => Text::Merged(r.merged_cards).word(lang),
            }
        }),
        navigate: match &m.merged {
            Some(_) => Some(Destination::Cards),
            None => m.error.as_ref().and_then(session_end),
        },
    }
}
