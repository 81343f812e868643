//! Registering a card: the card type (chosen for the member when the program has one), the
//! number with the pre-check as the member types (full-width digits and hyphens are fine,
//! the cards rules normalise them), and only the questions the card type asks (a PIN, the
//! member registration at the issuing shop). One registration attempt, with its idempotency
//! key, is kept while the input stays the same, so "try again" after a lost answer never
//! registers twice.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::cards::input::{CardInput, CardInputError};
use crate::cards::platform::linkable_types;
use crate::cards::{CardRegistration, RegisteredCard};
use crate::error::TamaruError;
use crate::profile::{CardTypeRule, PinRule, Platform, Profile};

use super::Language;
use super::cards::type_name;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, FieldView, OptionView, ProblemView, SecretFieldView};

/// A yes/no question, with the problem of its answer where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct QuestionView {
    pub label: String,
    /// `yes` and `no`, each with whether it is chosen.
    pub options: Vec<OptionView>,
    pub problems: Vec<String>,
}

/// What the card registration screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CardRegistrationState {
    pub title: String,
    /// The card types this app may link (the profile's, less those it limits to another
    /// platform); several only where the program has several.
    pub types: Vec<OptionView>,
    /// Shown once a type is chosen.
    pub number: Option<FieldView>,
    /// "Does the card have a PIN?", where the type asks it.
    pub has_pin: Option<QuestionView>,
    /// The PIN, once the member said there is one.
    pub pin: Option<SecretFieldView>,
    /// "Already registered as a member at the issuing shop?", where the type asks it.
    pub member_registered: Option<QuestionView>,
    pub submit: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// After the registration: what happened, in a sentence (also for a card already there).
    pub registered: Option<String>,
    /// `Cards` once registered.
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    /// Where the app runs: only the card types it may link are offered (SPEC §4.6).
    platform: Option<Platform>,
    card_type: Option<String>,
    number: String,
    has_pin: Option<bool>,
    pin: String,
    member_registered: Option<bool>,
    problems: Vec<CardInputError>,
    attempt: Option<Arc<CardRegistration>>,
    busy: bool,
    error: Option<TamaruError>,
    registered: Option<RegisteredCard>,
    navigate: Option<Destination>,
}

impl Model {
    fn rule(&self) -> Option<&CardTypeRule> {
        self.card_type
            .as_deref()
            .and_then(|t| self.profile.card_type(t))
    }

    fn asks_pin(&self) -> bool {
        self.rule().is_some_and(|r| r.pin == PinRule::MemberStates)
    }

    fn asks_member_registered(&self) -> bool {
        self.rule().is_some_and(|r| r.asks_member_registered)
    }

    fn input(&self) -> Option<CardInput> {
        let card_type = self.card_type.clone()?;
        Some(CardInput {
            card_type,
            number: self.number.clone(),
            has_pin: if self.asks_pin() { self.has_pin } else { None },
            pin: (self.asks_pin() && self.has_pin == Some(true) && !self.pin.is_empty())
                .then(|| self.pin.clone()),
            member_registered: if self.asks_member_registered() {
                self.member_registered
            } else {
                None
            },
        })
    }

    /// Every question the type asks is answered.
    fn answered(&self) -> bool {
        (!self.asks_pin() || self.has_pin.is_some())
            && (!self.asks_member_registered() || self.member_registered.is_some())
    }

    fn can_submit(&self) -> bool {
        !self.busy
            && self.registered.is_none()
            && self.rule().is_some()
            && !self.number.is_empty()
            && self.problems.is_empty()
            && self.answered()
    }
}

/// The card registration screen.
pub struct CardRegistrationScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, CardRegistrationState>>,
}

impl CardRegistrationScreen {
    pub fn open(app: &MemberApp) -> Self {
        let profile = app.profile().clone();
        let platform = app.platform();
        let offered: Vec<&CardTypeRule> = linkable_types(&profile, platform).collect();
        let only = match offered.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        let model = Model {
            language: app.language(),
            platform,
            profile,
            card_type: only,
            number: String::new(),
            has_pin: None,
            pin: String::new(),
            member_registered: None,
            problems: Vec::new(),
            attempt: None,
            busy: false,
            error: None,
            registered: None,
            navigate: None,
        };
        CardRegistrationScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> CardRegistrationState {
        self.cell.state()
    }

    /// Any change of input is a new attempt; the pre-check runs on what is typed now.
    fn edit(&self, f: impl FnOnce(&mut Model)) -> CardRegistrationState {
        let cards = self.app.cards();
        self.cell.change(|m| {
            if m.busy || m.registered.is_some() {
                return;
            }
            f(m);
            m.attempt = None;
            m.error = None;
            m.problems = match m.input() {
                Some(input) if !m.number.is_empty() => cards.check(&input),
                _ => Vec::new(),
            };
        })
    }

    /// Chooses the card type (an ID from `types`); the answers start over.
    pub fn choose_type(&self, card_type: &str) -> CardRegistrationState {
        let card_type = card_type.to_owned();
        self.edit(|m| {
            let offered = m
                .profile
                .card_type(&card_type)
                .is_some_and(|t| t.allowed_on(m.platform));
            if offered {
                m.card_type = Some(card_type);
                m.has_pin = None;
                m.pin.clear();
                m.member_registered = None;
            }
        })
    }

    pub fn set_number(&self, text: &str) -> CardRegistrationState {
        self.edit(|m| m.number = text.to_owned())
    }

    pub fn answer_has_pin(&self, yes: bool) -> CardRegistrationState {
        self.edit(|m| {
            m.has_pin = Some(yes);
            if !yes {
                m.pin.clear();
            }
        })
    }

    pub fn set_pin(&self, text: &str) -> CardRegistrationState {
        self.edit(|m| m.pin = text.to_owned())
    }

    pub fn answer_member_registered(&self, yes: bool) -> CardRegistrationState {
        self.edit(|m| m.member_registered = Some(yes))
    }

    /// Registers the card, or sends the same attempt again after a failure (same key).
    pub async fn submit(&self) -> CardRegistrationState {
        let cards = self.app.cards();
        let (_, attempt) = self.cell.update(|m| {
            if !m.can_submit() {
                return None;
            }
            let attempt = match (&m.attempt, m.input()) {
                (Some(a), _) => a.clone(),
                (None, Some(input)) => match cards.prepare(&input) {
                    Ok(a) => Arc::new(a),
                    Err(e) => {
                        m.error = Some(e);
                        return None;
                    }
                },
                (None, None) => return None,
            };
            m.attempt = Some(attempt.clone());
            m.busy = true;
            m.error = None;
            Some(attempt)
        });
        let Some(attempt) = attempt else {
            return self.state();
        };
        let result = attempt.submit().await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(registered) => {
                    m.registered = Some(registered);
                    m.navigate = Some(Destination::Cards);
                }
                Err(e) => {
                    if let Some(to) = session_end(&e) {
                        m.navigate = Some(to);
                    }
                    m.error = Some(e);
                }
            }
        })
    }

    pub fn subscribe(
        &self,
        listener: Arc<dyn StateListener<CardRegistrationState>>,
    ) -> Subscription {
        self.cell.subscribe(listener)
    }
}

/// Which field a pre-check problem belongs under.
enum Under {
    Number,
    Pin,
    MemberRegistered,
}

fn under(e: &CardInputError) -> Under {
    match e {
        CardInputError::UnknownCardType { .. }
        | CardInputError::Empty
        | CardInputError::InvalidCharacter { .. }
        | CardInputError::WrongDigitCount { .. }
        | CardInputError::BadCheckDigit => Under::Number,
        CardInputError::PinRequired
        | CardInputError::PinNotExpected
        | CardInputError::PinInvalidCharacter { .. }
        | CardInputError::PinWrongDigitCount { .. } => Under::Pin,
        CardInputError::MemberRegisteredNotExpected | CardInputError::MemberRegisteredRequired => {
            Under::MemberRegistered
        }
    }
}

fn yes_no(answer: Option<bool>, lang: Language) -> Vec<OptionView> {
    [(true, Text::Yes), (false, Text::No)]
        .into_iter()
        .map(|(value, label)| OptionView {
            id: if value { "yes" } else { "no" }.to_owned(),
            label: label.word(lang),
            chosen: answer == Some(value),
        })
        .collect()
}

fn view(m: &Model) -> CardRegistrationState {
    let lang = m.language;
    let problems = |field: fn(&Under) -> bool| -> Vec<String> {
        m.problems
            .iter()
            .filter(|e| field(&under(e)))
            .map(|e| lang.pick(e.message_ja(), e.message_en()))
            .collect()
    };
    let rule = m.rule();
    let number = rule.map(|r| FieldView {
        label: Text::CardNumberLabel(r.digits).word(lang),
        value: m.number.clone(),
        problems: problems(|u| matches!(u, Under::Number)),
    });
    let has_pin = m.asks_pin().then(|| QuestionView {
        label: Text::HasPinQuestion.word(lang),
        options: yes_no(m.has_pin, lang),
        problems: Vec::new(),
    });
    let pin = (m.asks_pin() && m.has_pin == Some(true)).then(|| SecretFieldView {
        label: Text::PinLabel(rule.map_or(4, |r| r.pin_digits)).word(lang),
        filled: !m.pin.is_empty(),
        problems: problems(|u| matches!(u, Under::Pin)),
    });
    let member_registered = m.asks_member_registered().then(|| QuestionView {
        label: Text::MemberRegisteredQuestion.word(lang),
        options: yes_no(m.member_registered, lang),
        problems: problems(|u| matches!(u, Under::MemberRegistered)),
    });
    let registered = m.registered.as_ref().map(|r| {
        let name = type_name(&m.profile, &r.card.card_type, lang);
        let mut text = if r.already_registered {
            Text::AlreadyRegistered(name, r.card.last4.clone()).word(lang)
        } else {
            Text::Registered(name, r.card.last4.clone()).word(lang)
        };
        for linked in &r.linked {
            let linked_name = type_name(&m.profile, &linked.card_type, lang);
            text.push_str(&Text::RegisteredWith(linked_name).word(lang));
        }
        text
    });
    CardRegistrationState {
        title: Text::CardRegistrationTitle.word(lang),
        types: linkable_types(&m.profile, m.platform)
            .map(|t| OptionView {
                id: t.id.clone(),
                label: lang.pick(t.name_ja.as_str(), t.name.as_str()),
                chosen: m.card_type.as_deref() == Some(t.id.as_str()),
            })
            .collect(),
        number,
        has_pin,
        pin,
        member_registered,
        submit: ButtonView::new(Text::RegisterButton.word(lang), m.can_submit()),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        registered,
        navigate: m.navigate,
    }
}
