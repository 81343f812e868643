//! The account service, [`Account`]: sign-up, log-in and log-out against the member API,
//! the offline checks of what the member types, and (in `account.rs`) password change and
//! reset and withdrawal. Reached as `MemberApp::account()`, like `cards()` and `points()`.
//!
//! Naming: the service is `Account` (what a Kotlin or Swift developer looks for beside
//! `Cards` and `Points`: `app.account().logIn(…)`), so the record of the signed-in member
//! that the server returns is [`AccountDetails`] (`app.account().details()`).
//!
//! Every input is checked offline by [`super::policy`] first, so a malformed login ID or a
//! password that breaks the policy never costs a request (and never reaches the server).
//! The functions below speak [`LoginError`]; the service's public methods are the edge
//! where it becomes the public `TamaruError`, by `?`.

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::account::{self as account_ops, WithdrawalPreview};
use super::api::{self, AccountBody};
use super::error::LoginError;
use super::policy::{
    self, LoginIdCheck, PasswordCheck, PasswordRuleStatus, check_login_id, check_password,
};
use super::session::{SessionManager, StoredSession};
use crate::context::Context;
use crate::error::TamaruError;
use crate::http::ApiClient;
use crate::profile::Profile;

/// Whether the account is linked to the program's external member ID (SPEC §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum ExternalIdStatus {
    /// The program has no external member ID.
    NotApplicable,
    Unlinked,
    Linked,
}

/// The signed-in member as the UI shows them (the server's account record). No secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct AccountDetails {
    pub member_id: String,
    pub login_id: String,
    pub email: Option<String>,
    pub external_id: ExternalIdStatus,
    /// This install's device number, where the program has one.
    pub device_number: Option<String>,
}

/// The account the server sent, as the UI shows it.
pub(crate) fn to_account(body: AccountBody, device_number: Option<String>) -> AccountDetails {
    AccountDetails {
        member_id: body.member_id,
        login_id: body.login_id,
        email: body.email,
        external_id: body.external_id,
        device_number,
    }
}

/// Checks a login ID and password offline, as sign-up and log-in both need.
pub(crate) fn precheck_credentials(
    profile: &Profile,
    login_id: &str,
    password: &str,
) -> Result<(), LoginError> {
    let id = check_login_id(&profile.login, login_id);
    if !id.valid {
        return Err(LoginError::InvalidLoginId(id.violations));
    }
    let pw = check_password(&profile.password, password);
    if !pw.valid {
        return Err(LoginError::PasswordPolicy(pw.violations));
    }
    Ok(())
}

pub(crate) async fn sign_up(
    api: &ApiClient,
    profile: &Profile,
    login_id: &str,
    password: &str,
    email: Option<&str>,
) -> Result<(), LoginError> {
    precheck_credentials(profile, login_id, password)?;
    let email = email.or_else(|| login_id.contains('@').then_some(login_id));
    let body = api::SignUpBody {
        login_id,
        password,
        email,
    };
    api.send::<serde_json::Value>(Method::POST, api::ACCOUNTS, Some(&body), None)
        .await
        .map(|_| ())
        .map_err(api::sign_up_refusal)
}

pub(crate) async fn log_in(
    api: &ApiClient,
    session: &SessionManager,
    profile: &Profile,
    login_id: &str,
    password: &str,
) -> Result<AccountDetails, LoginError> {
    // Log-in checks only the login ID's form: a password set under an older policy must
    // still be accepted by the server, so it is not held to today's policy here.
    let id = check_login_id(&profile.login, login_id);
    if !id.valid {
        return Err(LoginError::InvalidLoginId(id.violations));
    }
    if password.is_empty() {
        return Err(LoginError::WrongPassword {
            attempts_left: None,
        });
    }
    let body = api::LogInBody {
        login_id,
        password,
        install_id: session.install_id(),
    };
    let answer: api::LogInAnswer = api
        .send(Method::POST, api::SESSIONS, Some(&body), None)
        .await
        .map_err(api::log_in_refusal)?;
    let stored = StoredSession {
        install_id: session.install_id().to_owned(),
        member_id: answer.account.member_id.clone(),
        login_id: answer.account.login_id.clone(),
        access_token: answer.access_token,
        refresh_token: answer.refresh_token,
        device_number: answer.device_number.clone(),
        device_secret: answer.device_secret,
    };
    session.save(&stored)?;
    tracing::info!(member_id = %stored.member_id, "logged in");
    Ok(to_account(answer.account, answer.device_number))
}

pub(crate) async fn log_out(api: &ApiClient, session: &SessionManager) -> Result<(), LoginError> {
    let Some(stored) = session.load()? else {
        return Ok(());
    };
    // Tokens are wiped whatever the server says: log-out must work offline too.
    let result = api
        .send::<serde_json::Value>(
            Method::DELETE,
            api::CURRENT_SESSION,
            None,
            Some(&stored.access_token),
        )
        .await;
    session.clear()?;
    match result {
        Ok(_) => {}
        Err(e) => {
            tracing::info!(error = %e, "server-side log-out failed; tokens wiped on the phone anyway")
        }
    }
    tracing::info!("logged out");
    Ok(())
}

pub(crate) async fn fetch_account(session: &SessionManager) -> Result<AccountDetails, LoginError> {
    let me: api::MeAnswer = session.call(Method::GET, api::ME, None).await?;
    Ok(to_account(me.account, me.device_number))
}

/// Everything about the member's account (SPEC §2): the offline checks of what they type,
/// sign-up, log-in and log-out, the account's details, password change and reset, and
/// withdrawal. Reached as `MemberApp::account()`; cheap to make, shares the app's context.
#[derive(Clone)]
pub struct Account {
    pub(crate) ctx: Arc<Context>,
}

impl Account {
    /// The password policy check, offline and instant (for live ticks while typing).
    pub fn check_password(&self, password: &str) -> PasswordCheck {
        check_password(&self.ctx.profile.password, password)
    }

    /// Each password rule with whether it is met, for ticking rules while the member types.
    pub fn password_checklist(&self, password: &str) -> Vec<PasswordRuleStatus> {
        policy::rule_checklist(&self.ctx.profile.password, password)
    }

    /// The login-ID check, offline and instant.
    pub fn check_login_id(&self, login_id: &str) -> LoginIdCheck {
        check_login_id(&self.ctx.profile.login, login_id)
    }

    /// Creates an account and logs in to it on this install.
    pub async fn sign_up(
        &self,
        login_id: &str,
        password: &str,
        email: Option<&str>,
    ) -> Result<AccountDetails, TamaruError> {
        sign_up(&self.ctx.api, &self.ctx.profile, login_id, password, email).await?;
        self.log_in(login_id, password).await
    }

    /// Logs in (also "I already have an account (changed phones)" on a new install).
    pub async fn log_in(
        &self,
        login_id: &str,
        password: &str,
    ) -> Result<AccountDetails, TamaruError> {
        let ctx = &self.ctx;
        let account = log_in(&ctx.api, &ctx.session, &ctx.profile, login_id, password).await?;
        crate::install::mark_member_seen(&ctx.data_dir)?;
        Ok(account)
    }

    /// Logs out and wipes the tokens, even offline, and then every cached row of the member
    /// (cards, points, codes, mail settings and address): a phone handed on after a log-out
    /// holds nothing of them (docs/PHONE_DATA.md). Writes still queued for the server
    /// (mail settings changed offline) are kept, to be sent when the member is back.
    pub async fn log_out(&self) -> Result<(), TamaruError> {
        // The member's writes of unknown outcome go with the member (the server keeps or
        // retires their keys); the mail outbox stays, to be sent when the member is back.
        if let Ok(member) = self.ctx.session.member_id() {
            crate::pending::forget(&self.ctx, &member)?;
        }
        log_out(&self.ctx.api, &self.ctx.session).await?;
        Ok(self
            .ctx
            .storage
            .wipe_except(crate::storage::KEPT_ON_LOG_OUT)?)
    }

    /// The signed-in account, fresh from the server.
    pub async fn details(&self) -> Result<AccountDetails, TamaruError> {
        Ok(fetch_account(&self.ctx.session).await?)
    }

    /// Changes the password of the signed-in member; the new one is policy-checked first.
    /// A linked account gets [`TamaruError::ExternalSupportPage`] instead.
    pub async fn change_password(
        &self,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), TamaruError> {
        Ok(account_ops::change_password(&self.ctx, old_password, new_password).await?)
    }

    /// Sends a reset code to the account's e-mail address (forgotten password).
    pub async fn request_password_reset(&self, login_id: &str) -> Result<(), TamaruError> {
        Ok(account_ops::request_password_reset(&self.ctx, login_id).await?)
    }

    /// Sets a new password with the code from the mail. Every session of the account ends.
    pub async fn confirm_password_reset(
        &self,
        login_id: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), TamaruError> {
        Ok(account_ops::confirm_password_reset(&self.ctx, login_id, code, new_password).await?)
    }

    /// What withdrawing would mean for this member, to confirm first (SPEC §2.5): the
    /// balance and card count are read from the server just now.
    pub async fn withdrawal_preview(&self) -> Result<WithdrawalPreview, TamaruError> {
        let cards = crate::cards::Cards {
            ctx: self.ctx.clone(),
        };
        let points = crate::points::Points {
            ctx: self.ctx.clone(),
        };
        let count = cards.registered_count().await?;
        points.refresh().await?;
        let held = points.balance()?.total;
        Ok(account_ops::withdrawal_preview(&self.ctx, held, count).await?)
    }

    /// Withdraws and wipes this phone's secrets and cache. Linked accounts get the external page.
    pub async fn withdraw(&self, password: &str) -> Result<(), TamaruError> {
        Ok(account_ops::withdraw(&self.ctx, password).await?)
    }
}
