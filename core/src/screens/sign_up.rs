//! Sign-up: login ID, password with its live checklist, and an e-mail address where the
//! program also takes web IDs. Every check is the capabilities' own (login-ID policy,
//! password policy, e-mail check), run on each keystroke; the e-mail address is sent exactly
//! as checked (the e-mail check reports spaces at its ends rather than cutting them, so what
//! is sent is what the member saw — the apps used to differ here).

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::login::policy::{LoginIdCheck, check_login_id};
use crate::mail::check_email;
use crate::profile::{LoginIdKind, Profile};

use super::Language;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::Destination;
use super::password_field::{ChecklistItem, checklist, new_password_field};
use super::text::Text;
use super::view::{ButtonView, FieldView, ProblemView, SecretFieldView};

/// What the sign-up screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct SignUpState {
    pub title: String,
    pub login_id: FieldView,
    /// Asked when the typed login ID is a web ID (no address in it); optional.
    pub email: Option<FieldView>,
    pub password: SecretFieldView,
    /// Every rule of the program's password policy, ticked as the member types.
    pub checklist: Vec<ChecklistItem>,
    pub submit: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// `Home` once signed up (and logged in).
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    login_id: String,
    password: String,
    email: String,
    busy: bool,
    error: Option<TamaruError>,
    done: bool,
}

impl Model {
    fn login_check(&self) -> LoginIdCheck {
        check_login_id(&self.profile.login, &self.login_id)
    }

    /// Whether an address is asked apart: the program takes web IDs and what is typed is not
    /// an e-mail address.
    fn asks_email(&self) -> bool {
        self.profile.login.id_kinds.contains(&LoginIdKind::WebId)
            && self.login_check().kind != Some(LoginIdKind::Email)
    }

    /// The address to send: `None` when none is asked or none typed.
    fn email_to_send(&self) -> Option<String> {
        (self.asks_email() && !self.email.is_empty()).then(|| self.email.clone())
    }

    fn can_submit(&self) -> bool {
        let email_ok = match self.email_to_send() {
            Some(address) => check_email(&address).valid,
            None => true,
        };
        !self.busy
            && !self.done
            && self.login_check().valid
            && crate::login::policy::check_password(&self.profile.password, &self.password).valid
            && email_ok
    }
}

/// The sign-up screen.
pub struct SignUpScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, SignUpState>>,
}

impl SignUpScreen {
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            login_id: String::new(),
            password: String::new(),
            email: String::new(),
            busy: false,
            error: None,
            done: false,
        };
        SignUpScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> SignUpState {
        self.cell.state()
    }

    pub fn set_login_id(&self, text: &str) -> SignUpState {
        self.cell.change(|m| {
            m.login_id = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_password(&self, text: &str) -> SignUpState {
        self.cell.change(|m| {
            m.password = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_email(&self, text: &str) -> SignUpState {
        self.cell.change(|m| {
            m.email = text.to_owned();
            m.error = None;
        })
    }

    /// Signs up and logs in. Pressed while it cannot be (a problem left, already running),
    /// nothing is sent.
    pub async fn submit(&self) -> SignUpState {
        let (_, form) = self.cell.update(|m| {
            if !m.can_submit() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some((m.login_id.clone(), m.password.clone(), m.email_to_send()))
        });
        let Some((login_id, password, email)) = form else {
            return self.state();
        };
        let result = self
            .app
            .account()
            .sign_up(&login_id, &password, email.as_deref())
            .await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(_) => m.done = true,
                Err(e) => m.error = Some(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<SignUpState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

/// The login ID's problems (once typed), worded.
pub(crate) fn login_id_problems(check: &LoginIdCheck, typed: &str, lang: Language) -> Vec<String> {
    if typed.is_empty() {
        return Vec::new();
    }
    check
        .violations
        .iter()
        .map(|v| lang.pick(v.message_ja.as_str(), v.message_en.as_str()))
        .collect()
}

fn view(m: &Model) -> SignUpState {
    let lang = m.language;
    let login_check = m.login_check();
    let email = m.asks_email().then(|| FieldView {
        label: Text::EmailOptionalLabel.word(lang),
        value: m.email.clone(),
        problems: if m.email.is_empty() {
            Vec::new()
        } else {
            login_id_problems(&check_email(&m.email), &m.email, lang)
        },
    });
    let (password, _) = new_password_field(
        Text::PasswordLabel.word(lang),
        &m.profile.password,
        &m.password,
        lang,
    );
    SignUpState {
        title: Text::SignUpTitle.word(lang),
        login_id: FieldView {
            label: login_id_label(&m.profile, lang),
            value: m.login_id.clone(),
            problems: login_id_problems(&login_check, &m.login_id, lang),
        },
        email,
        password,
        checklist: checklist(&m.profile.password, &m.password, lang),
        submit: ButtonView::new(Text::SignUpButton.word(lang), m.can_submit()),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.done.then_some(Destination::Home),
    }
}

/// "E-mail address" or "E-mail address or web ID", as the program takes.
pub(crate) fn login_id_label(profile: &Profile, lang: Language) -> String {
    if profile.login.id_kinds.contains(&LoginIdKind::WebId) {
        Text::LoginIdEmailOrWebIdLabel.word(lang)
    } else {
        Text::LoginIdEmailLabel.word(lang)
    }
}
