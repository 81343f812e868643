//! The mail part of the member API on the wire (tests/sandbox/CONTRACT.md): the paths, the
//! request and answer bodies, and what each refusal means. Nothing else: the service speaks
//! in the domain types of `types.rs` and turns answers into them; which failures keep a
//! queued settings change waiting is the outbox's policy, in `service.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::MailError;
use super::types::MailSetting;
use crate::http::{ApiError, server_values};
use crate::profile::Profile;

/// `GET` the settings and address, `PUT` a settings change.
pub(crate) const SETTINGS: &str = "v1/mail/settings";
/// `POST` a new address (a keyed write, `pending.rs`), `GET` the change waiting for its code.
pub(crate) const EMAIL_CHANGE: &str = "v1/mail/email-change";
/// `POST` the code from the mail (a keyed write).
pub(crate) const EMAIL_CHANGE_CONFIRM: &str = "v1/mail/email-change/confirm";

/// The settings as the server reports them (the API's settings object).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct ServerSettings {
    pub newsletter: bool,
    pub newsletter_rev: i64,
    pub postal: bool,
    pub postal_rev: i64,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl ServerSettings {
    /// (value, revision) of one setting.
    pub fn get(&self, setting: MailSetting) -> (bool, i64) {
        match setting {
            MailSetting::Newsletter => (self.newsletter, self.newsletter_rev),
            MailSetting::Postal => (self.postal, self.postal_rev),
        }
    }
}

/// `PUT v1/mail/settings`'s body: one queued change with the key it was queued with. The
/// fields are in the order the body has always been written (sorted, as `json!` wrote it).
#[derive(Serialize)]
pub(crate) struct SettingsChangeBody<'a> {
    pub changes: BTreeMap<&'static str, SettingChange>,
    pub idempotency_key: &'a str,
}

#[derive(Serialize)]
pub(crate) struct SettingChange {
    /// The revision the member's choice was made on (`None`: never read).
    pub base_rev: Option<i64>,
    pub on: bool,
}

impl<'a> SettingsChangeBody<'a> {
    pub fn one(
        idempotency_key: &'a str,
        setting: MailSetting,
        on: bool,
        base_rev: Option<i64>,
    ) -> Self {
        SettingsChangeBody {
            changes: BTreeMap::from([(setting.as_str(), SettingChange { base_rev, on })]),
            idempotency_key,
        }
    }
}

/// `PUT v1/mail/settings`'s answer.
#[derive(Deserialize)]
pub(crate) struct PutAnswer {
    pub settings: ServerSettings,
    #[serde(default)]
    pub overridden: Vec<OverrideBody>,
}

/// A value set elsewhere that the member's queued choice replaced.
#[derive(Deserialize)]
pub(crate) struct OverrideBody {
    pub setting: String,
    pub replaced: bool,
    pub on: bool,
    #[serde(default)]
    pub changed_at: Option<String>,
}

/// `GET v1/mail/settings`'s answer.
#[derive(Deserialize)]
pub(crate) struct GetAnswer {
    #[serde(flatten)]
    pub settings: ServerSettings,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EmailChangeBody<'a> {
    pub new_email: &'a str,
}

#[derive(Serialize)]
pub(crate) struct EmailConfirmBody<'a> {
    pub code: &'a str,
}

/// The e-mail change waiting for its code (the answer of asking for one, and of `GET`).
#[derive(Deserialize)]
pub(crate) struct PendingEmailChange {
    pub new_email: String,
    pub expires_at: String,
    pub expires_in: i64,
    pub attempts_left: i64,
}

/// `POST v1/mail/email-change/confirm`'s answer.
#[derive(Deserialize)]
pub(crate) struct ConfirmAnswer {
    pub account: ConfirmedAccount,
}

#[derive(Deserialize)]
pub(crate) struct ConfirmedAccount {
    pub login_id: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// `GET v1/mail/email-change`'s refusal when no change waits for its code.
pub(crate) fn is_no_email_change(e: &ApiError) -> bool {
    e.server_code() == Some("no_email_change")
}

/// The e-mail endpoints' refusals as their own cases. A code not listed here stays
/// [`MailError::Api`], body and all.
pub(crate) fn email_refusal(profile: &Profile, e: ApiError) -> MailError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    match code.as_str() {
        "email_taken" => MailError::EmailTaken(profile.support.clone()),
        "email_unchanged" => MailError::EmailUnchanged,
        "invalid_email" => MailError::InvalidEmail(vec![super::texts::refused_email()]),
        "wrong_code" => MailError::WrongCode {
            attempts_left: server_values::count(body, "attempts_left"),
        },
        "code_expired" => MailError::CodeExpired,
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TamaruError;
    use crate::login::policy::LoginIdViolationCode;
    use serde_json::Value;

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
    fn a_settings_change_is_written_as_it_always_was() {
        let body = SettingsChangeBody::one("k-1", MailSetting::Postal, false, Some(3));
        assert_eq!(
            serde_json::to_string(&body).expect("encode"),
            serde_json::json!({
                "idempotency_key": "k-1",
                "changes": { "postal": { "on": false, "base_rev": 3 } },
            })
            .to_string()
        );
        let never_read = SettingsChangeBody::one("k-2", MailSetting::Newsletter, true, None);
        assert_eq!(
            serde_json::to_value(&never_read).expect("encode")["changes"]["newsletter"],
            serde_json::json!({ "on": true, "base_rev": null })
        );
    }

    #[test]
    fn email_refusals_become_their_own_cases() {
        let waon = Profile::builtin("waon").expect("waon");
        assert!(matches!(
            email_refusal(&waon, server("email_taken", serde_json::json!({}))),
            MailError::EmailTaken(s) if s == waon.support
        ));
        assert!(matches!(
            email_refusal(&waon, server("invalid_email", serde_json::json!({}))),
            MailError::InvalidEmail(v) if v.len() == 1 && v[0].code == LoginIdViolationCode::InvalidEmail
        ));
        assert!(matches!(
            email_refusal(
                &waon,
                server("wrong_code", serde_json::json!({"attempts_left": 4}))
            ),
            MailError::WrongCode {
                attempts_left: Some(4)
            }
        ));
        assert!(matches!(
            email_refusal(&waon, server("code_expired", serde_json::json!({}))),
            MailError::CodeExpired
        ));
        assert!(is_no_email_change(&server(
            "no_email_change",
            serde_json::json!({})
        )));
        let other = email_refusal(
            &waon,
            server("something_new", serde_json::json!({"hint": "x"})),
        );
        assert!(
            matches!(&other, MailError::Api(ApiError::Server { body, .. }) if body["hint"] == "x")
        );
        assert!(matches!(
            TamaruError::from(other),
            TamaruError::Server { status: 409, .. }
        ));
    }
}
