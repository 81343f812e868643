//! Log-in, and the same form on a new phone ("I already have an account (changed phones)"):
//! there the screen first says what comes back from the server and what does not (SPEC §3),
//! and after the log-in brings the cards, points and mail settings down and says what it
//! restored before going home.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::login::policy::check_login_id;
use crate::profile::Profile;

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::Destination;
use super::sign_up::{login_id_label, login_id_problems};
use super::text::Text;
use super::view::{ButtonView, FieldView, ProblemView, SecretFieldView};

/// What the log-in screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct LogInState {
    pub title: String,
    /// Whether this is the new-phone log-in.
    pub changed_phones: bool,
    /// New phone: what the server restores (empty on the plain log-in).
    pub restored_from_server: Vec<String>,
    /// New phone: what does not come back (empty on the plain log-in).
    pub not_restored: Vec<String>,
    pub login_id: FieldView,
    pub password: SecretFieldView,
    pub submit: ButtonView,
    /// "Forgot your password?": `navigate` becomes `PasswordReset`.
    pub forgot_password: ButtonView,
    pub busy: bool,
    pub error: Option<ProblemView>,
    /// New phone, after the log-in: what was restored, one line each, and the button home.
    pub restored: Vec<String>,
    pub go_on: Option<ButtonView>,
    pub navigate: Option<Destination>,
}

/// What a new-phone log-in found on the server.
#[derive(Debug, Clone, Default)]
struct Restored {
    cards: Option<usize>,
    points: Option<u64>,
    mail: bool,
    suffix: Option<String>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    changed_phones: bool,
    login_id: String,
    password: String,
    busy: bool,
    error: Option<TamaruError>,
    restored: Option<Restored>,
    done: bool,
    forgot: bool,
}

impl Model {
    fn can_submit(&self) -> bool {
        !self.busy
            && self.restored.is_none()
            && !self.done
            && check_login_id(&self.profile.login, &self.login_id).valid
            && !self.password.is_empty()
    }
}

/// The log-in screen.
pub struct LogInScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, LogInState>>,
}

impl LogInScreen {
    /// `changed_phones`: the new-phone way in (from the welcome screen).
    pub fn open(app: &MemberApp, changed_phones: bool) -> Self {
        let model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            changed_phones,
            login_id: String::new(),
            password: String::new(),
            busy: false,
            error: None,
            restored: None,
            done: false,
            forgot: false,
        };
        LogInScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> LogInState {
        self.cell.state()
    }

    pub fn set_login_id(&self, text: &str) -> LogInState {
        self.cell.change(|m| {
            m.login_id = text.to_owned();
            m.error = None;
        })
    }

    pub fn set_password(&self, text: &str) -> LogInState {
        self.cell.change(|m| {
            m.password = text.to_owned();
            m.error = None;
        })
    }

    /// Logs in. On a new phone it then restores what the server holds (best effort: what
    /// cannot be fetched now comes with the first refresh of its screen).
    pub async fn submit(&self) -> LogInState {
        let (_, form) = self.cell.update(|m| {
            if !m.can_submit() {
                return None;
            }
            m.busy = true;
            m.error = None;
            Some((m.login_id.clone(), m.password.clone(), m.changed_phones))
        });
        let Some((login_id, password, changed_phones)) = form else {
            return self.state();
        };
        let account = match self.app.account().log_in(&login_id, &password).await {
            Ok(account) => account,
            Err(e) => {
                return self.cell.change(|m| {
                    m.busy = false;
                    m.error = Some(e);
                });
            }
        };
        if !changed_phones {
            return self.cell.change(|m| {
                m.busy = false;
                m.done = true;
            });
        }
        let cards = self.app.cards().refresh().await.ok().map(|r| r.cards.len());
        let points = self.app.points();
        let points = match points.refresh().await {
            Ok(_) => points.balance().ok().map(|b| b.total),
            Err(_) => None,
        };
        let mail = self
            .app
            .mail()
            .settings()
            .await
            .is_ok_and(|s| s.from_server);
        let suffix = account
            .device_number
            .as_deref()
            .and_then(|n| n.get(n.len().checked_sub(4)?..))
            .map(str::to_owned);
        self.cell.change(|m| {
            m.busy = false;
            m.restored = Some(Restored {
                cards,
                points,
                mail,
                suffix,
            });
        })
    }

    /// "Forgot your password?".
    pub fn forgot_password(&self) -> LogInState {
        self.cell.change(|m| {
            if !m.busy && !m.done {
                m.forgot = true;
            }
        })
    }

    /// New phone: the member has read what was restored; go home.
    pub fn go_on(&self) -> LogInState {
        self.cell.change(|m| {
            if m.restored.is_some() {
                m.done = true;
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<LogInState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> LogInState {
    let lang = m.language;
    let check = check_login_id(&m.profile.login, &m.login_id);
    let (restored_from_server, not_restored) = if m.changed_phones {
        (
            vec![
                Text::RestoresPoints.word(lang),
                Text::RestoresCards.word(lang),
                Text::RestoresProfile.word(lang),
                Text::RestoresMail.word(lang),
            ],
            vec![
                Text::NotRestoredPhoneSettings.word(lang),
                Text::NotRestoredSuffix.word(lang),
                Text::NothingOnOldPhone.word(lang),
            ],
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let restored = m
        .restored
        .as_ref()
        .map(|r| {
            let mut lines = Vec::new();
            match r.cards {
                Some(n) => lines.push(Text::RestoredCards(n).word(lang)),
                None => lines.push(Text::RestoredCardsLater.word(lang)),
            }
            match r.points {
                Some(p) => lines.push(Text::RestoredPoints(format::points(p)).word(lang)),
                None => lines.push(Text::RestoredPointsLater.word(lang)),
            }
            if r.mail {
                lines.push(Text::RestoredMail.word(lang));
            }
            if let Some(suffix) = &r.suffix {
                lines.push(Text::NewSuffix(suffix.clone()).word(lang));
            }
            lines
        })
        .unwrap_or_default();
    LogInState {
        title: if m.changed_phones {
            Text::ChangedPhonesTitle.word(lang)
        } else {
            Text::LogInTitle.word(lang)
        },
        changed_phones: m.changed_phones,
        restored_from_server,
        not_restored,
        login_id: FieldView {
            label: login_id_label(&m.profile, lang),
            value: m.login_id.clone(),
            problems: login_id_problems(&check, &m.login_id, lang),
        },
        password: SecretFieldView {
            label: Text::PasswordLabel.word(lang),
            filled: !m.password.is_empty(),
            problems: Vec::new(),
        },
        submit: ButtonView::new(Text::LogInButton.word(lang), m.can_submit()),
        forgot_password: ButtonView::new(Text::ForgotPasswordButton.word(lang), !m.busy),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        go_on: m
            .restored
            .as_ref()
            .map(|_| ButtonView::new(Text::GoOnButton.word(lang), !m.done)),
        restored,
        navigate: if m.done {
            Some(Destination::Home)
        } else {
            m.forgot.then_some(Destination::PasswordReset)
        },
    }
}
