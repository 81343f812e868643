//! The account and session part of the member API on the wire (tests/sandbox/CONTRACT.md):
//! the paths, the request and answer bodies, and what each refusal means. Nothing else: the
//! account service (`service.rs`, `account.rs`) and the session (`session.rs`) speak in
//! domain types and turn answers into them (`service::to_account`).
//!
//! Each call reads its own refusal codes (a `wrong_password` answering a log-in carries the
//! attempts left; one answering a withdrawal is read without them), so each has its own
//! function below; a code a call does not read stays [`LoginError::Api`], body and all.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{LoginError, SessionError};
use super::service::ExternalIdStatus;
use crate::http::{ApiError, server_values};
use crate::profile::Profile;

/// `POST` a sign-up.
pub(crate) const ACCOUNTS: &str = "v1/accounts";
/// `POST` a log-in.
pub(crate) const SESSIONS: &str = "v1/sessions";
/// `DELETE` the session of this install (log-out).
pub(crate) const CURRENT_SESSION: &str = "v1/sessions/current";
/// `POST` a refresh token for a new pair.
pub(crate) const REFRESH: &str = "v1/sessions/refresh";
/// `GET` the signed-in account.
pub(crate) const ME: &str = "v1/me";
/// `POST` a password change (a keyed write, `pending.rs`).
pub(crate) const PASSWORD: &str = "v1/password";
/// `POST` a request for a reset code.
pub(crate) const PASSWORD_RESET: &str = "v1/password-reset";
/// `POST` the reset code with the new password.
pub(crate) const PASSWORD_RESET_CONFIRM: &str = "v1/password-reset/confirm";
/// `DELETE` the account (withdrawal).
pub(crate) const ACCOUNT: &str = "v1/account";

#[derive(Serialize)]
pub(crate) struct SignUpBody<'a> {
    pub login_id: &'a str,
    pub password: &'a str,
    pub email: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct LogInBody<'a> {
    pub login_id: &'a str,
    pub password: &'a str,
    pub install_id: &'a str,
}

#[derive(Serialize)]
pub(crate) struct RefreshBody<'a> {
    pub refresh_token: &'a str,
}

/// Sent as the keyed write's secrets: never stored with it (`pending.rs`).
#[derive(Serialize)]
pub(crate) struct PasswordChangeBody<'a> {
    pub old_password: &'a str,
    pub new_password: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ResetRequestBody<'a> {
    pub login_id: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ResetConfirmBody<'a> {
    pub login_id: &'a str,
    pub code: &'a str,
    pub new_password: &'a str,
}

#[derive(Serialize)]
pub(crate) struct WithdrawBody<'a> {
    pub password: &'a str,
}

/// The account as the server sends it.
#[derive(Deserialize)]
pub(crate) struct AccountBody {
    pub member_id: String,
    pub login_id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default = "not_applicable")]
    pub external_id: ExternalIdStatus,
}

fn not_applicable() -> ExternalIdStatus {
    ExternalIdStatus::NotApplicable
}

/// `POST v1/sessions`'s answer.
#[derive(Deserialize)]
pub(crate) struct LogInAnswer {
    pub access_token: String,
    pub refresh_token: String,
    pub account: AccountBody,
    #[serde(default)]
    pub device_number: Option<String>,
    #[serde(default)]
    pub device_secret: Option<String>,
}

/// `GET v1/me`'s answer.
#[derive(Deserialize)]
pub(crate) struct MeAnswer {
    pub account: AccountBody,
    #[serde(default)]
    pub device_number: Option<String>,
}

/// Tokens as the server returns them from a refresh.
#[derive(Deserialize)]
pub(crate) struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
}

/// A refusal of the access token itself (rather than of the request).
pub(crate) fn is_token_refusal(e: &ApiError) -> bool {
    matches!(e.server_code(), Some("token_expired" | "invalid_token"))
}

/// A refusal of an expired access token, which a refresh may cure.
pub(crate) fn is_expired_token(e: &ApiError) -> bool {
    e.server_code() == Some("token_expired")
}

/// What a refusal means for the session itself, if it ends or lacks it.
pub(crate) fn session_ended_by(e: &ApiError) -> Option<SessionError> {
    match e.server_code()? {
        "signed_in_elsewhere" => Some(SessionError::SignedInElsewhere),
        "session_expired" | "invalid_refresh_token" => Some(SessionError::Expired),
        "not_signed_in" | "invalid_token" => Some(SessionError::NotSignedIn),
        "account_withdrawn" => Some(SessionError::AccountWithdrawn),
        _ => None,
    }
}

/// A sign-up's refusals.
pub(crate) fn sign_up_refusal(e: ApiError) -> LoginError {
    match e.server_code() {
        Some("login_id_taken") => LoginError::LoginIdTaken,
        _ => e.into(),
    }
}

/// A log-in's refusals.
pub(crate) fn log_in_refusal(e: ApiError) -> LoginError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    match code.as_str() {
        "wrong_password" => LoginError::WrongPassword {
            attempts_left: attempts_left(body),
        },
        "unknown_account" => LoginError::UnknownAccount,
        "account_withdrawn" => LoginError::AccountWithdrawn,
        "account_locked" => {
            let retry_at = body
                .get("retry_at")
                .and_then(Value::as_str)
                .and_then(server_values::instant);
            let seconds = body.get("retry_after_seconds").and_then(Value::as_u64);
            match (retry_at, seconds) {
                (Some(retry_at), Some(seconds)) => LoginError::AccountLocked {
                    retry_at,
                    retry_after_seconds: seconds,
                },
                _ => LoginError::Malformed("account_locked without retry_at"),
            }
        }
        _ => e.into(),
    }
}

/// A password change's refusals.
pub(crate) fn password_change_refusal(profile: &Profile, e: ApiError) -> LoginError {
    match e.server_code() {
        Some("wrong_old_password") => LoginError::WrongOldPassword,
        _ => managed_externally(profile, e),
    }
}

/// A reset-code request's refusals.
pub(crate) fn reset_request_refusal(profile: &Profile, e: ApiError) -> LoginError {
    managed_externally(profile, e)
}

/// A reset confirmation's refusals.
pub(crate) fn reset_confirm_refusal(profile: &Profile, e: ApiError) -> LoginError {
    match &e {
        ApiError::Server { code, body, .. } if code == "invalid_reset_code" => {
            LoginError::InvalidResetCode {
                attempts_left: attempts_left(body),
            }
        }
        _ if e.server_code() == Some("reset_code_expired") => LoginError::ResetCodeExpired,
        _ => managed_externally(profile, e),
    }
}

/// A withdrawal's refusals (the attempts left are not read here).
pub(crate) fn withdraw_refusal(profile: &Profile, e: ApiError) -> LoginError {
    match e.server_code() {
        Some("wrong_password") => LoginError::WrongPassword {
            attempts_left: None,
        },
        _ => managed_externally(profile, e),
    }
}

/// The refusal `managed_externally` as the support page to go to (where the profile has
/// one); any other refusal stays the server's answer.
fn managed_externally(profile: &Profile, e: ApiError) -> LoginError {
    match (e.server_code(), &profile.external_id) {
        (Some("managed_externally"), Some(rules)) => LoginError::ExternalSupportPage {
            url: rules.support_page.clone(),
        },
        _ => LoginError::Api(e),
    }
}

/// `attempts_left` as the server sent it, if it is a count.
fn attempts_left(body: &Value) -> Option<u32> {
    server_values::count(body, "attempts_left")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TamaruError;

    fn server(code: &str, extra: Value) -> ApiError {
        let mut body = extra;
        body["error"] = Value::from(code);
        ApiError::Server {
            status: 409,
            code: code.into(),
            message: String::new(),
            body,
        }
    }

    #[test]
    fn each_call_reads_its_own_refusals() {
        let wester = Profile::builtin("wester").expect("wester");
        let waon = Profile::builtin("waon").expect("waon");
        assert!(matches!(
            log_in_refusal(server(
                "wrong_password",
                serde_json::json!({"attempts_left": 2})
            )),
            LoginError::WrongPassword {
                attempts_left: Some(2)
            }
        ));
        assert!(matches!(
            withdraw_refusal(
                &waon,
                server("wrong_password", serde_json::json!({"attempts_left": 2}))
            ),
            LoginError::WrongPassword {
                attempts_left: None
            }
        ));
        // A count too large for u32 is no count: never wrapped round (2^32 + 1 was once 1).
        assert!(matches!(
            log_in_refusal(server(
                "wrong_password",
                serde_json::json!({"attempts_left": 4_294_967_297u64})
            )),
            LoginError::WrongPassword {
                attempts_left: None
            }
        ));
        assert!(matches!(
            log_in_refusal(server("account_locked", serde_json::json!({}))),
            LoginError::Malformed(_)
        ));
        assert!(matches!(
            sign_up_refusal(server("login_id_taken", serde_json::json!({}))),
            LoginError::LoginIdTaken
        ));
        assert!(matches!(
            reset_confirm_refusal(
                &waon,
                server(
                    "invalid_reset_code",
                    serde_json::json!({"attempts_left": 0})
                )
            ),
            LoginError::InvalidResetCode {
                attempts_left: Some(0)
            }
        ));
        assert!(matches!(
            reset_confirm_refusal(&waon, server("reset_code_expired", serde_json::json!({}))),
            LoginError::ResetCodeExpired
        ));
        assert!(matches!(
            password_change_refusal(&waon, server("wrong_old_password", serde_json::json!({}))),
            LoginError::WrongOldPassword
        ));
        // Only a program with an external member ID sends the member to its page.
        assert!(matches!(
            reset_request_refusal(&wester, server("managed_externally", serde_json::json!({}))),
            LoginError::ExternalSupportPage { url } if url.starts_with("https://")
        ));
        assert!(matches!(
            reset_request_refusal(&waon, server("managed_externally", serde_json::json!({}))),
            LoginError::Api(_)
        ));
    }

    #[test]
    fn an_unknown_code_stays_the_servers_answer_and_is_generic_at_the_edge() {
        let e = log_in_refusal(server("something_new", serde_json::json!({"hint": "x"})));
        assert!(
            matches!(&e, LoginError::Api(ApiError::Server { body, .. }) if body["hint"] == "x")
        );
        assert!(matches!(
            TamaruError::from(e),
            TamaruError::Server { status: 409, .. }
        ));
        // A log-in does not read a password change's code, nor the other way round.
        assert!(matches!(
            log_in_refusal(server("wrong_old_password", serde_json::json!({}))),
            LoginError::Api(_)
        ));
        let waon = Profile::builtin("waon").expect("waon");
        assert!(matches!(
            password_change_refusal(&waon, server("unknown_account", serde_json::json!({}))),
            LoginError::Api(_)
        ));
    }

    #[test]
    fn the_session_ends_only_on_its_own_refusals() {
        let ended = |code| session_ended_by(&server(code, serde_json::json!({})));
        assert!(matches!(
            ended("signed_in_elsewhere"),
            Some(SessionError::SignedInElsewhere)
        ));
        assert!(matches!(
            ended("invalid_refresh_token"),
            Some(SessionError::Expired)
        ));
        assert!(matches!(
            ended("invalid_token"),
            Some(SessionError::NotSignedIn)
        ));
        assert!(ended("token_expired").is_none());
        assert!(is_expired_token(&server(
            "token_expired",
            serde_json::json!({})
        )));
        assert!(is_token_refusal(&server(
            "invalid_token",
            serde_json::json!({})
        )));
        assert!(!is_token_refusal(&ApiError::Network("down".into())));
    }
}
