//! Changing the e-mail address: the new address checked as typed (the mail capability's
//! check), a code sent to it, the code typed in (full-width digits and spaces are fine),
//! and what changed (the login ID follows the address where it is one). A request waiting
//! for its code is picked up again when the screen opens after a restart.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::mail::{EmailChangeRequested, EmailChanged, check_email};

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::sign_up::login_id_problems;
use super::text::Text;
use super::view::{ButtonView, FieldView, ProblemView};

/// What the e-mail change screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct EmailChangeState {
    pub title: String,
    pub email: FieldView,
    /// "Send a code".
    pub request: ButtonView,
    /// Once a code was sent: where to, and until when it works.
    pub sent: Option<String>,
    /// The code field, once a code was sent.
    pub code: Option<FieldView>,
    pub confirm: Option<ButtonView>,
    /// After the change: what changed, in a sentence.
    pub done: Option<String>,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// `MailSettings` once changed.
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    email: String,
    code: String,
    requested: Option<EmailChangeRequested>,
    changed: Option<EmailChanged>,
    busy: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

impl Model {
    fn failed(&mut self, e: TamaruError) {
        if self.navigate.is_none() {
            self.navigate = session_end(&e);
        }
        self.error = Some(e);
    }
}

/// The e-mail change screen.
pub struct EmailChangeScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, EmailChangeState>>,
}

impl EmailChangeScreen {
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            email: String::new(),
            code: String::new(),
            requested: None,
            changed: None,
            busy: false,
            error: None,
            navigate: None,
        };
        EmailChangeScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> EmailChangeState {
        self.cell.state()
    }

    /// Picks up a request still waiting for its code (after a restart).
    pub async fn resume(&self) -> EmailChangeState {
        let pending = self.app.mail().pending_email_change().await;
        self.cell.change(|m| match pending {
            Ok(Some(p)) => {
                m.email = p.new_email.clone();
                m.requested = Some(p);
            }
            Ok(None) => {}
            Err(e) => m.failed(e),
        })
    }

    pub fn set_email(&self, text: &str) -> EmailChangeState {
        self.cell.change(|m| {
            m.email = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_code(&self, text: &str) -> EmailChangeState {
        self.cell.change(|m| {
            m.code = text.to_owned();
            m.error = None;
        })
    }

    /// Sends a code to the address typed (again: a new code).
    pub async fn request(&self) -> EmailChangeState {
        let (_, email) = self.cell.update(|m| {
            if m.busy || m.changed.is_some() || !check_email(&m.email).valid {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some(m.email.clone())
        });
        let Some(email) = email else {
            return self.state();
        };
        let result = self.app.mail().request_email_change(&email).await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(requested) => {
                    m.requested = Some(requested);
                    m.code.clear();
                }
                Err(e) => m.failed(e),
            }
        })
    }

    /// Confirms the code from the mail.
    pub async fn confirm(&self) -> EmailChangeState {
        let (_, code) = self.cell.update(|m| {
            if m.busy || m.requested.is_none() || m.changed.is_some() || m.code.trim().is_empty() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some(m.code.clone())
        });
        let Some(code) = code else {
            return self.state();
        };
        let result = self.app.mail().confirm_email_change(&code).await;
        self.cell.change(|m| {
            m.busy = false;
            match result {
                Ok(changed) => {
                    m.changed = Some(changed);
                    m.navigate = Some(Destination::MailSettings);
                }
                Err(e) => m.failed(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<EmailChangeState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> EmailChangeState {
    let lang = m.language;
    let check = check_email(&m.email);
    let open = m.changed.is_none();
    EmailChangeState {
        title: Text::EmailChangeTitle.word(lang),
        email: FieldView {
            label: Text::NewEmailLabel.word(lang),
            value: m.email.clone(),
            problems: login_id_problems(&check, &m.email, lang),
        },
        request: ButtonView::new(
            if m.requested.is_some() {
                Text::ResendCodeButton
            } else {
                Text::SendCodeButton
            }
            .word(lang),
            open && !m.busy && check.valid,
        ),
        sent: m.requested.as_ref().map(|r| {
            let until = format::date_time_text(&r.expires_at, lang).unwrap_or_default();
            Text::CodeSent(r.new_email.clone(), until).word(lang)
        }),
        code: m.requested.as_ref().map(|_| FieldView {
            label: Text::EmailCodeLabel.word(lang),
            value: m.code.clone(),
            problems: Vec::new(),
        }),
        confirm: m.requested.as_ref().map(|_| {
            ButtonView::new(
                Text::ConfirmButton.word(lang),
                open && !m.busy && !m.code.trim().is_empty(),
            )
        }),
        done: m.changed.as_ref().map(|c| {
            if c.login_id_changed {
                Text::EmailChangedWithLogin(c.email.clone()).word(lang)
            } else {
                Text::EmailChanged(c.email.clone()).word(lang)
            }
        }),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
