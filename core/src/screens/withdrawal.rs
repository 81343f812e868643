//! Withdrawal: what it means first (the points and cards lost, postal mail, from the login
//! capability's preview), the services a linked account must cancel first and the support
//! page it withdraws on, then the member's confirmation and password. Withdrawn, the phone is
//! wiped and the member starts from the welcome.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::login::WithdrawalPreview;

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView, SecretFieldView};

/// What the withdrawal screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct WithdrawalState {
    pub title: String,
    /// Every consequence, in the order to read them (empty until loaded).
    pub consequences: Vec<String>,
    /// "1,200 pt will be deleted".
    pub points_lost: Option<String>,
    /// Services to cancel first (linked accounts).
    pub blockers: Vec<String>,
    /// A linked account withdraws there, not in the app.
    pub external_page: Option<String>,
    /// "I understand": the member's confirmation; `None` where the app cannot withdraw.
    pub understood: Option<bool>,
    pub understood_label: String,
    pub password: Option<SecretFieldView>,
    pub withdraw: Option<ButtonView>,
    pub loading: bool,
    pub busy: bool,
    pub error: Option<ProblemView>,
    pub done: Option<String>,
    /// `Welcome` once withdrawn (or when the session ended).
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    preview: Option<WithdrawalPreview>,
    understood: bool,
    password: String,
    loading: bool,
    busy: bool,
    error: Option<TamaruError>,
    done: bool,
    navigate: Option<Destination>,
}

impl Model {
    fn possible(&self) -> bool {
        self.preview.as_ref().is_some_and(|p| p.possible_in_app)
    }

    fn can_withdraw(&self) -> bool {
        self.possible() && self.understood && !self.password.is_empty() && !self.busy && !self.done
    }

    fn failed(&mut self, e: TamaruError) {
        if self.navigate.is_none() {
            self.navigate = session_end(&e);
        }
        self.error = Some(e);
    }
}

/// The withdrawal screen.
pub struct WithdrawalScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, WithdrawalState>>,
}

impl WithdrawalScreen {
    /// Empty until [`load`](Self::load) (the preview reads the balance from the server).
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            preview: None,
            understood: false,
            password: String::new(),
            loading: false,
            busy: false,
            error: None,
            done: false,
            navigate: None,
        };
        WithdrawalScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> WithdrawalState {
        self.cell.state()
    }

    /// Reads what withdrawing would mean now.
    pub async fn load(&self) -> WithdrawalState {
        self.cell.change(|m| m.loading = true);
        let result = self.app.account().withdrawal_preview().await;
        self.cell.change(|m| {
            m.loading = false;
            match result {
                Ok(preview) => {
                    m.preview = Some(preview);
                    m.error = None;
                }
                Err(e) => m.failed(e),
            }
        })
    }

    /// The member ticks (or unticks) "I understand".
    pub fn set_understood(&self, understood: bool) -> WithdrawalState {
        self.cell.change(|m| m.understood = understood)
    }

    pub fn set_password(&self, text: &str) -> WithdrawalState {
        self.cell.change(|m| {
            m.password = text.to_owned();
            m.error = None;
        })
    }

    /// Withdraws: only after the preview, the confirmation and the password.
    pub async fn withdraw(&self) -> WithdrawalState {
        let (_, password) = self.cell.update(|m| {
            if !m.can_withdraw() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some(m.password.clone())
        });
        let Some(password) = password else {
            return self.state();
        };
        let result = self.app.account().withdraw(&password).await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(()) => {
                    m.done = true;
                    m.navigate = Some(Destination::Welcome);
                }
                Err(e) => m.failed(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<WithdrawalState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> WithdrawalState {
    let lang = m.language;
    let preview = m.preview.as_ref();
    let possible = m.possible();
    WithdrawalState {
        title: Text::WithdrawalTitle.word(lang),
        consequences: preview
            .map(|p| {
                p.consequences
                    .iter()
                    .map(|n| lang.pick(n.text_ja.as_str(), n.text_en.as_str()))
                    .collect()
            })
            .unwrap_or_default(),
        points_lost: preview.map(|p| Text::PointsLost(format::points(p.points_to_lose)).word(lang)),
        blockers: preview.map(|p| p.blockers.clone()).unwrap_or_default(),
        external_page: preview.and_then(|p| p.external_page.clone()),
        understood: possible.then_some(m.understood),
        understood_label: Text::UnderstoodLabel.word(lang),
        password: possible.then(|| SecretFieldView {
            label: Text::PasswordLabel.word(lang),
            filled: !m.password.is_empty(),
            problems: Vec::new(),
        }),
        withdraw: possible
            .then(|| ButtonView::new(Text::WithdrawButton.word(lang), m.can_withdraw())),
        loading: m.loading,
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        done: m.done.then(|| Text::Withdrawn.word(lang)),
        navigate: m.navigate,
    }
}
