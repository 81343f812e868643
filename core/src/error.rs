//! The one error type the apps see. Each variant is a case the UI can switch on (Kotlin
//! `when`, Swift `switch`) and explain; none carries a token, password or secret.
//!
//! Services meet richer errors inside (HTTP, SQLite, keyring); they map them here, where the
//! member-facing meaning is decided once.

use crate::http::{ApiError, BaseUrlError};
use crate::login::policy::{LoginIdViolation, PasswordViolation};
use crate::profile::ProfileError;
use crate::secure_store::SecureStoreError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum TamaruError {
    /// The app's configuration is unusable (bad URL, plain http to a non-loopback host, bad profile).
    #[error("invalid configuration: {detail}")]
    InvalidConfig { detail: String },
    /// The password breaks the program's policy; every violation is listed (checked offline).
    #[error("the password does not meet the policy ({} problem(s))", violations.len())]
    PasswordPolicy { violations: Vec<PasswordViolation> },
    /// The login ID is malformed (checked offline).
    #[error("the login ID is not valid ({} problem(s))", violations.len())]
    InvalidLoginId { violations: Vec<LoginIdViolation> },
    /// Sign-up with a login ID that already has an account.
    #[error("this login ID already has an account")]
    LoginIdTaken,
    /// The password did not match. `attempts_left` before the account locks, where the server says.
    #[error("wrong password")]
    WrongPassword { attempts_left: Option<u32> },
    /// No account has this login ID.
    #[error("no account has this login ID")]
    UnknownAccount,
    /// Too many failed logins: try again at `retry_at` (RFC 3339), in `retry_after_seconds`.
    #[error("account locked; try again at {retry_at}")]
    AccountLocked {
        retry_at: String,
        retry_after_seconds: u64,
    },
    /// The account withdrew; it cannot log in again.
    #[error("this account has withdrawn")]
    AccountWithdrawn,
    /// The call needs a signed-in member.
    #[error("not signed in")]
    NotSignedIn,
    /// The session ended (refresh token expired or revoked); the member must log in again.
    #[error("the session has ended; log in again")]
    SessionExpired,
    /// Another device signed in beyond the program's device cap and this one was signed out.
    #[error("signed in on another device; log in again to use this one")]
    SignedInElsewhere,
    /// A linked account does this on the external member support page instead.
    #[error("continue on the external member support page: {url}")]
    ExternalSupportPage { url: String },
    /// Password change: the current password given does not match.
    #[error("the current password does not match")]
    WrongOldPassword,
    /// Password change: the new password is the current one.
    #[error("the new password is the same as the current one")]
    PasswordUnchanged,
    /// Password reset: the code from the mail does not match.
    #[error("the reset code does not match")]
    InvalidResetCode { attempts_left: Option<u32> },
    /// Password reset: the code expired or was tried too often; ask for a new one.
    #[error("the reset code has expired; ask for a new one")]
    ResetCodeExpired,
    /// No answer from the server (offline, timeout, connection refused).
    #[error("network problem: {detail}")]
    Network { detail: String },
    /// The server's answer was not what the API promises.
    #[error("unexpected answer from the server: {detail}")]
    MalformedResponse { detail: String },
    /// The server refused for a reason this version of the core does not know.
    #[error("server error {status} {code}: {reason}")]
    Server {
        status: u16,
        code: String,
        reason: String,
    },
    /// The secure store (keychain/keystore) failed.
    #[error("secure store: {detail}")]
    SecureStore { detail: String },
    /// The on-device data directory or cache failed.
    #[error("storage: {detail}")]
    Storage { detail: String },
}

impl TamaruError {
    /// A short stable code for logs, QA output and analytics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidConfig { .. } => "invalid_config",
            Self::PasswordPolicy { .. } => "password_policy",
            Self::InvalidLoginId { .. } => "invalid_login_id",
            Self::LoginIdTaken => "login_id_taken",
            Self::WrongPassword { .. } => "wrong_password",
            Self::UnknownAccount => "unknown_account",
            Self::AccountLocked { .. } => "account_locked",
            Self::AccountWithdrawn => "account_withdrawn",
            Self::NotSignedIn => "not_signed_in",
            Self::SessionExpired => "session_expired",
            Self::SignedInElsewhere => "signed_in_elsewhere",
            Self::ExternalSupportPage { .. } => "external_support_page",
            Self::WrongOldPassword => "wrong_old_password",
            Self::PasswordUnchanged => "password_unchanged",
            Self::InvalidResetCode { .. } => "invalid_reset_code",
            Self::ResetCodeExpired => "reset_code_expired",
            Self::Network { .. } => "network",
            Self::MalformedResponse { .. } => "malformed_response",
            Self::Server { .. } => "server",
            Self::SecureStore { .. } => "secure_store",
            Self::Storage { .. } => "storage",
        }
    }

    /// The member-facing text in Japanese (the apps show the core's text).
    pub fn message_ja(&self) -> String {
        match self {
            Self::InvalidConfig { .. } => "アプリの設定に問題があります。".into(),
            Self::PasswordPolicy { .. } => "パスワードが条件を満たしていません。".into(),
            Self::InvalidLoginId { .. } => "ログインIDの形式が正しくありません。".into(),
            Self::LoginIdTaken => "このログインIDはすでに登録されています。".into(),
            Self::WrongPassword {
                attempts_left: Some(n),
            } => {
                format!("パスワードが正しくありません。あと{n}回失敗するとロックされます。")
            }
            Self::WrongPassword {
                attempts_left: None,
            } => "パスワードが正しくありません。".into(),
            Self::UnknownAccount => "このログインIDのアカウントは見つかりません。".into(),
            Self::WrongOldPassword => "現在のパスワードが正しくありません。".into(),
            Self::PasswordUnchanged => "新しいパスワードが現在のパスワードと同じです。".into(),
            Self::InvalidResetCode { .. } => {
                "確認コードが正しくありません。メールに記載のコードを入力してください。".into()
            }
            Self::ResetCodeExpired => {
                "確認コードの有効期限が切れました。もう一度コードを送信してください。".into()
            }
            Self::AccountLocked { retry_at, .. } => {
                format!(
                    "ログインに続けて失敗したため、ロックされています。{}以降に再度お試しください。",
                    japan_time(retry_at)
                )
            }
            Self::AccountWithdrawn => "このアカウントは退会済みです。".into(),
            Self::NotSignedIn => "ログインしてください。".into(),
            Self::SessionExpired => {
                "ログインの有効期限が切れました。再度ログインしてください。".into()
            }
            Self::SignedInElsewhere => {
                "別の端末でログインされたため、ログアウトしました。再度ログインしてください。"
                    .into()
            }
            Self::ExternalSupportPage { url } => {
                format!("会員サポートページでお手続きください: {url}")
            }
            Self::Network { .. } => {
                "通信できませんでした。電波の良い所で再度お試しください。".into()
            }
            Self::MalformedResponse { .. } | Self::Server { .. } => {
                "サーバーでエラーが発生しました。時間をおいて再度お試しください。".into()
            }
            Self::SecureStore { .. } | Self::Storage { .. } => {
                "端末のデータを読み書きできませんでした。".into()
            }
        }
    }

    /// The member-facing text in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::WrongPassword {
                attempts_left: Some(n),
            } => {
                format!("Wrong password. {n} more failed attempt(s) will lock the account.")
            }
            Self::AccountLocked { retry_at, .. } => format!(
                "Too many failed logins: the account is locked. Try again after {} (Japan time).",
                japan_time(retry_at)
            ),
            Self::Network { .. } => {
                "Could not reach the server. Try again where the signal is better.".into()
            }
            Self::MalformedResponse { .. } | Self::Server { .. } => {
                "Something went wrong on the server. Please try again later.".into()
            }
            other => {
                let text = other.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
                    None => text,
                }
            }
        }
    }
}

/// An RFC 3339 instant as a Japanese member reads it: `2026-11-22 16:50` in Japan time.
fn japan_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
            t.with_timezone(&jst).format("%Y-%m-%d %H:%M").to_string()
        }
        Err(_) => rfc3339.to_owned(),
    }
}

impl From<ApiError> for TamaruError {
    /// The generic mapping; services first pick out the codes that mean something to them.
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Network(detail) => Self::Network { detail },
            ApiError::Malformed(detail) => Self::MalformedResponse { detail },
            ApiError::Server {
                status,
                code,
                message,
                ..
            } => match code.as_str() {
                "signed_in_elsewhere" => Self::SignedInElsewhere,
                "session_expired" | "invalid_refresh_token" => Self::SessionExpired,
                "not_signed_in" | "invalid_token" => Self::NotSignedIn,
                "account_withdrawn" => Self::AccountWithdrawn,
                _ => Self::Server {
                    status,
                    code,
                    reason: message,
                },
            },
        }
    }
}

impl From<SecureStoreError> for TamaruError {
    fn from(e: SecureStoreError) -> Self {
        Self::SecureStore { detail: e.detail }
    }
}

impl From<BaseUrlError> for TamaruError {
    fn from(e: BaseUrlError) -> Self {
        Self::InvalidConfig {
            detail: e.to_string(),
        }
    }
}

impl From<ProfileError> for TamaruError {
    fn from(e: ProfileError) -> Self {
        Self::InvalidConfig {
            detail: e.to_string(),
        }
    }
}

impl From<std::io::Error> for TamaruError {
    fn from(e: std::io::Error) -> Self {
        Self::Storage {
            detail: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_time_is_shown_in_japan_time() {
        let e = TamaruError::AccountLocked {
            retry_at: "2026-11-22T07:50:44+00:00".into(),
            retry_after_seconds: 900,
        };
        assert!(
            e.message_ja().contains("2026-11-22 16:50"),
            "{}",
            e.message_ja()
        );
        assert!(
            e.message_en().contains("16:50 (Japan time)"),
            "{}",
            e.message_en()
        );
    }

    #[test]
    fn every_error_has_a_code_and_both_texts() {
        let samples = [
            TamaruError::LoginIdTaken,
            TamaruError::WrongPassword {
                attempts_left: Some(2),
            },
            TamaruError::SignedInElsewhere,
            TamaruError::ExternalSupportPage {
                url: "https://example.jp".into(),
            },
            TamaruError::Network { detail: "x".into() },
        ];
        for e in samples {
            assert!(!e.code().is_empty());
            assert!(!e.message_ja().is_empty() && !e.message_en().is_empty());
        }
        assert_eq!(
            TamaruError::from(ApiError::Network("down".into())),
            TamaruError::Network {
                detail: "down".into()
            }
        );
    }
}
