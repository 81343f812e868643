//! Changing the password while signed in: the current one, and the new one with its live
//! checklist (the login policy's). A linked account changes it on the external member
//! support page: the screen then shows that page instead of the form's result.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::login::policy::check_password;
use crate::profile::Profile;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::password_field::{ChecklistItem, checklist, new_password_field};
use super::text::Text;
use super::view::{ButtonView, ProblemView, SecretFieldView};

/// What the password change screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordChangeState {
    pub title: String,
    pub current: SecretFieldView,
    pub new_password: SecretFieldView,
    pub checklist: Vec<ChecklistItem>,
    pub submit: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// A linked account: the support page where the password is changed.
    pub external_page: Option<String>,
    pub done: Option<String>,
    /// `Home` once changed.
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    current: String,
    new_password: String,
    busy: bool,
    error: Option<TamaruError>,
    external_page: Option<String>,
    done: bool,
    navigate: Option<Destination>,
}

impl Model {
    fn can_submit(&self) -> bool {
        !self.busy
            && !self.done
            && self.external_page.is_none()
            && !self.current.is_empty()
            && check_password(&self.profile.password, &self.new_password).valid
    }
}

/// The password change screen.
pub struct PasswordChangeScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, PasswordChangeState>>,
}

impl PasswordChangeScreen {
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            current: String::new(),
            new_password: String::new(),
            busy: false,
            error: None,
            external_page: None,
            done: false,
            navigate: None,
        };
        PasswordChangeScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> PasswordChangeState {
        self.cell.state()
    }

    pub fn set_current(&self, text: &str) -> PasswordChangeState {
        self.cell.change(|m| {
            m.current = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_new_password(&self, text: &str) -> PasswordChangeState {
        self.cell.change(|m| {
            m.new_password = text.to_owned();
            m.error = None;
        })
    }

    pub async fn submit(&self) -> PasswordChangeState {
        let (_, form) = self.cell.update(|m| {
            if !m.can_submit() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some((m.current.clone(), m.new_password.clone()))
        });
        let Some((current, new_password)) = form else {
            return self.state();
        };
        let result = self
            .app
            .account()
            .change_password(&current, &new_password)
            .await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(()) => {
                    m.done = true;
                    m.navigate = Some(Destination::Home);
                }
                Err(TamaruError::ExternalSupportPage { url }) => m.external_page = Some(url),
                Err(e) => {
                    m.navigate = session_end(&e);
                    m.error = Some(e);
                }
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<PasswordChangeState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> PasswordChangeState {
    let lang = m.language;
    let (new_password, _) = new_password_field(
        Text::NewPasswordLabel.word(lang),
        &m.profile.password,
        &m.new_password,
        lang,
    );
    PasswordChangeState {
        title: Text::PasswordChangeTitle.word(lang),
        current: SecretFieldView {
            label: Text::CurrentPasswordLabel.word(lang),
            filled: !m.current.is_empty(),
            problems: Vec::new(),
        },
        new_password,
        checklist: checklist(&m.profile.password, &m.new_password, lang),
        submit: ButtonView::new(Text::ChangePasswordButton.word(lang), m.can_submit()),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        external_page: m.external_page.clone(),
        done: m.done.then(|| Text::PasswordChanged.word(lang)),
        navigate: m.navigate,
    }
}
