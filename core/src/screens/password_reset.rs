//! Resetting a forgotten password: the login ID, a code sent by mail, then the code and a
//! new password with its live checklist. Every session of the account ends with the reset,
//! so the screen sends the member to log in with the new password.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::login::policy::{check_login_id, check_password};
use crate::profile::Profile;

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::Destination;
use super::password_field::{ChecklistItem, checklist, new_password_field};
use super::sign_up::{login_id_label, login_id_problems};
use super::text::Text;
use super::view::{ButtonView, FieldView, ProblemView, SecretFieldView};

/// What the password reset screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordResetState {
    pub title: String,
    pub login_id: FieldView,
    /// "Send a code" (again: a new code).
    pub request: ButtonView,
    /// Once sent: where the code went.
    pub sent: Option<String>,
    /// Once sent: the code, the new password and its checklist.
    pub code: Option<FieldView>,
    pub new_password: Option<SecretFieldView>,
    pub checklist: Vec<ChecklistItem>,
    pub confirm: Option<ButtonView>,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// A linked account resets it on the external member support page.
    pub external_page: Option<String>,
    pub done: Option<String>,
    /// `LogIn` once reset.
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    login_id: String,
    code: String,
    new_password: String,
    sent: bool,
    busy: bool,
    error: Option<TamaruError>,
    external_page: Option<String>,
    done: bool,
}

impl Model {
    fn can_request(&self) -> bool {
        !self.busy && !self.done && check_login_id(&self.profile.login, &self.login_id).valid
    }

    fn can_confirm(&self) -> bool {
        !self.busy
            && !self.done
            && self.sent
            && !self.code.trim().is_empty()
            && check_password(&self.profile.password, &self.new_password).valid
    }

    fn failed(&mut self, e: TamaruError) {
        match e {
            TamaruError::ExternalSupportPage { url } => self.external_page = Some(url),
            e => self.error = Some(e),
        }
    }
}

/// The password reset screen.
pub struct PasswordResetScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, PasswordResetState>>,
}

impl PasswordResetScreen {
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            login_id: String::new(),
            code: String::new(),
            new_password: String::new(),
            sent: false,
            busy: false,
            error: None,
            external_page: None,
            done: false,
        };
        PasswordResetScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> PasswordResetState {
        self.cell.state()
    }

    pub fn set_login_id(&self, text: &str) -> PasswordResetState {
        self.cell.change(|m| {
            m.login_id = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_code(&self, text: &str) -> PasswordResetState {
        self.cell.change(|m| {
            m.code = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_new_password(&self, text: &str) -> PasswordResetState {
        self.cell.change(|m| {
            m.new_password = text.to_owned();
            m.error = None;
        })
    }

    /// Sends a code to the account's address.
    pub async fn request(&self) -> PasswordResetState {
        let (_, login_id) = self.cell.update(|m| {
            if !m.can_request() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some(m.login_id.clone())
        });
        let Some(login_id) = login_id else {
            return self.state();
        };
        let result = self.app.account().request_password_reset(&login_id).await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(()) => m.sent = true,
                Err(e) => m.failed(e),
            }
        })
    }

    /// Sets the new password with the code; `navigate` becomes `LogIn`.
    pub async fn confirm(&self) -> PasswordResetState {
        let (_, form) = self.cell.update(|m| {
            if !m.can_confirm() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some((m.login_id.clone(), m.code.clone(), m.new_password.clone()))
        });
        let Some((login_id, code, new_password)) = form else {
            return self.state();
        };
        let result = self
            .app
            .account()
            .confirm_password_reset(&login_id, &code, &new_password)
            .await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(()) => m.done = true,
                Err(e) => m.failed(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<PasswordResetState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> PasswordResetState {
    let lang = m.language;
    let check = check_login_id(&m.profile.login, &m.login_id);
    let new_password = m.sent.then(|| {
        new_password_field(
            Text::NewPasswordLabel.word(lang),
            &m.profile.password,
            &m.new_password,
            lang,
        )
        .0
    });
    PasswordResetState {
        title: Text::PasswordResetTitle.word(lang),
        login_id: FieldView {
            label: login_id_label(&m.profile, lang),
            value: m.login_id.clone(),
            problems: login_id_problems(&check, &m.login_id, lang),
        },
        request: ButtonView::new(
            if m.sent {
                Text::ResendCodeButton
            } else {
                Text::SendCodeButton
            }
            .word(lang),
            m.can_request(),
        ),
        sent: m.sent.then(|| Text::ResetCodeSent.word(lang)),
        code: m.sent.then(|| FieldView {
            label: Text::ResetCodeLabel.word(lang),
            value: m.code.clone(),
            problems: Vec::new(),
        }),
        new_password,
        checklist: if m.sent {
            checklist(&m.profile.password, &m.new_password, lang)
        } else {
            Vec::new()
        },
        confirm: m
            .sent
            .then(|| ButtonView::new(Text::ResetPasswordButton.word(lang), m.can_confirm())),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        external_page: m.external_page.clone(),
        done: m.done.then(|| Text::PasswordReset.word(lang)),
        navigate: m.done.then_some(Destination::LogIn),
    }
}
