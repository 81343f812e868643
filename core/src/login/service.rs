//! Sign-up, log-in and log-out against the member API.
//!
//! Every input is checked offline by [`super::policy`] first, so a malformed login ID or a
//! password that breaks the policy never costs a request (and never reaches the server).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::policy::{check_login_id, check_password};
use super::session::{SessionManager, StoredSession};
use crate::error::TamaruError;
use crate::http::{ApiClient, ApiError};
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

/// The signed-in member as the UI shows them. No secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct Account {
    pub member_id: String,
    pub login_id: String,
    pub email: Option<String>,
    pub external_id: ExternalIdStatus,
    /// This install's device number, where the program has one.
    pub device_number: Option<String>,
}

/// The server's log-in answer.
#[derive(Deserialize)]
struct LoginResponse {
    access_token: String,
    refresh_token: String,
    account: AccountBody,
    #[serde(default)]
    device_number: Option<String>,
    #[serde(default)]
    device_secret: Option<String>,
}

#[derive(Deserialize)]
struct AccountBody {
    member_id: String,
    login_id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default = "not_applicable")]
    external_id: ExternalIdStatus,
}

fn not_applicable() -> ExternalIdStatus {
    ExternalIdStatus::NotApplicable
}

impl AccountBody {
    fn into_account(self, device_number: Option<String>) -> Account {
        Account {
            member_id: self.member_id,
            login_id: self.login_id,
            email: self.email,
            external_id: self.external_id,
            device_number,
        }
    }
}

/// Checks a login ID and password offline, as sign-up and log-in both need.
pub(crate) fn precheck_credentials(
    profile: &Profile,
    login_id: &str,
    password: &str,
) -> Result<(), TamaruError> {
    let id = check_login_id(&profile.login, login_id);
    if !id.valid {
        return Err(TamaruError::InvalidLoginId {
            violations: id.violations,
        });
    }
    let pw = check_password(&profile.password, password);
    if !pw.valid {
        return Err(TamaruError::PasswordPolicy {
            violations: pw.violations,
        });
    }
    Ok(())
}

pub(crate) async fn sign_up(
    api: &ApiClient,
    profile: &Profile,
    login_id: &str,
    password: &str,
    email: Option<&str>,
) -> Result<(), TamaruError> {
    precheck_credentials(profile, login_id, password)?;
    #[derive(Serialize)]
    struct SignUp<'a> {
        login_id: &'a str,
        password: &'a str,
        email: Option<&'a str>,
    }
    let email = email.or_else(|| login_id.contains('@').then_some(login_id));
    let body = SignUp {
        login_id,
        password,
        email,
    };
    match api
        .send::<serde_json::Value>(Method::POST, "v1/accounts", Some(&body), None)
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.server_code() == Some("login_id_taken") => Err(TamaruError::LoginIdTaken),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn log_in(
    api: &ApiClient,
    session: &SessionManager,
    profile: &Profile,
    login_id: &str,
    password: &str,
) -> Result<Account, TamaruError> {
    // Log-in checks only the login ID's form: a password set under an older policy must
    // still be accepted by the server, so it is not held to today's policy here.
    let id = check_login_id(&profile.login, login_id);
    if !id.valid {
        return Err(TamaruError::InvalidLoginId {
            violations: id.violations,
        });
    }
    if password.is_empty() {
        return Err(TamaruError::WrongPassword {
            attempts_left: None,
        });
    }
    #[derive(Serialize)]
    struct LogIn<'a> {
        login_id: &'a str,
        password: &'a str,
        install_id: &'a str,
    }
    let body = LogIn {
        login_id,
        password,
        install_id: session.install_id(),
    };
    let answer: LoginResponse = api
        .send(Method::POST, "v1/sessions", Some(&body), None)
        .await
        .map_err(login_error)?;
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
    Ok(answer.account.into_account(answer.device_number))
}

/// Gives the log-in endpoint's error codes their meaning.
fn login_error(e: ApiError) -> TamaruError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    match code.as_str() {
        "wrong_password" => TamaruError::WrongPassword {
            attempts_left: body
                .get("attempts_left")
                .and_then(|v| v.as_u64())
                .map(|n| n as u32),
        },
        "unknown_account" => TamaruError::UnknownAccount,
        "account_withdrawn" => TamaruError::AccountWithdrawn,
        "account_locked" => {
            let retry_at = body
                .get("retry_at")
                .and_then(|v| v.as_str())
                .and_then(crate::http::server_values::instant);
            let seconds = body.get("retry_after_seconds").and_then(|v| v.as_u64());
            match (retry_at, seconds) {
                (Some(retry_at), Some(seconds)) => TamaruError::AccountLocked {
                    retry_at,
                    retry_after_seconds: seconds,
                },
                _ => TamaruError::MalformedResponse {
                    detail: "account_locked without retry_at".into(),
                },
            }
        }
        _ => e.into(),
    }
}

pub(crate) async fn log_out(api: &ApiClient, session: &SessionManager) -> Result<(), TamaruError> {
    let Some(stored) = session.load()? else {
        return Ok(());
    };
    // Tokens are wiped whatever the server says: log-out must work offline too.
    let result = api
        .send::<serde_json::Value>(
            Method::DELETE,
            "v1/sessions/current",
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

pub(crate) async fn fetch_account(session: &SessionManager) -> Result<Account, TamaruError> {
    #[derive(Deserialize)]
    struct Me {
        account: AccountBody,
        #[serde(default)]
        device_number: Option<String>,
    }
    let me: Me = session.call(Method::GET, "v1/me", None).await?;
    Ok(me.account.into_account(me.device_number))
}
