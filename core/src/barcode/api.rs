//! The member-code part of the member API on the wire (tests/sandbox/CONTRACT.md): the
//! paths, the answers, and what a refusal of a code-card change means. Nothing else: the
//! service checks the answers against the profile and speaks in its own types.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cards::CardsError;
use crate::http::ApiError;
use crate::profile::Profile;

/// `POST`: the current code and those issued in advance (`wester`).
pub(crate) const MEMBER_CODES: &str = "v1/member-codes";
/// `GET` the card behind the member code, `POST` a change of it (`waon`).
pub(crate) const CODE_CARD: &str = "v1/member-code/card";

/// `POST v1/member-codes`'s answer.
#[derive(Deserialize)]
pub(crate) struct Batch {
    pub codes: Vec<BatchCode>,
}

#[derive(Deserialize)]
pub(crate) struct BatchCode {
    pub code: String,
    pub valid_from: String,
    pub valid_until: String,
}

/// The card behind the member code as the server sends it; `device_number` stays inside
/// the core.
#[derive(Deserialize)]
pub(crate) struct CodeCardAnswer {
    pub card_last4: Option<String>,
    pub point_account_last4: Option<String>,
    pub device_number: String,
    pub device_suffix: String,
    pub exchange_source_last4: Option<String>,
    pub last_changed_on: Option<String>,
    pub next_change_from: Option<String>,
}

/// `POST v1/member-code/card`'s body (stored with the pending write, `pending.rs`).
#[derive(Serialize)]
pub(crate) struct CodeCardChangeBody<'a> {
    pub number: &'a str,
}

/// The new device number in the stored answer of a change found applied only by asking
/// (`pending.rs` keeps that answer as JSON); empty when missing, which the keeping refuses.
pub(crate) fn applied_device_number(answer: &Value) -> &str {
    answer
        .get("device_number")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A refused code-card change as its own case, read once from the server's answer; the
/// card refusals it shares with registration (`cards::api::refusal`) otherwise.
pub(crate) fn code_card_refusal(profile: &Profile, e: ApiError) -> CardsError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    match code.as_str() {
        "code_card_change_limited" => {
            match body
                .get("allowed_from")
                .and_then(serde_json::Value::as_str)
                .filter(|t| crate::http::server_values::instant(t).is_some())
            {
                Some(allowed_from) => CardsError::CodeCardChangeLimited {
                    allowed_from: allowed_from.to_owned(),
                },
                None => CardsError::Malformed("code_card_change_limited without allowed_from"),
            }
        }
        "no_code_card" => CardsError::NoCodeCard,
        "code_card_unchanged" => CardsError::CodeCardUnchanged,
        _ => crate::cards::api::refusal(profile, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: &str, body: serde_json::Value) -> CardsError {
        code_card_refusal(
            &Profile::builtin("waon").expect("waon"),
            ApiError::Server {
                status: 409,
                code: code.into(),
                message: String::new(),
                body,
            },
        )
    }

    #[test]
    fn a_change_refusal_is_read_once_from_the_answer() {
        assert!(matches!(
            refused(
                "code_card_change_limited",
                serde_json::json!({"allowed_from": "2026-11-22T15:00:00Z"})
            ),
            CardsError::CodeCardChangeLimited { allowed_from } if allowed_from == "2026-11-22T15:00:00Z"
        ));
        assert!(matches!(
            refused("code_card_change_limited", serde_json::json!({})),
            CardsError::Malformed(_)
        ));
        assert!(matches!(
            refused("code_card_unchanged", serde_json::json!({})),
            CardsError::CodeCardUnchanged
        ));
        assert!(matches!(
            refused("card_expired_or_invalid", serde_json::json!({})),
            CardsError::ExpiredOrInvalid { expired_on: None }
        ));
    }

    #[test]
    fn a_change_is_sent_and_read_back_as_before() {
        // The body is also the pending write's stored parameters: a press again compares them.
        assert_eq!(
            serde_json::to_string(&CodeCardChangeBody {
                number: "6900000000000018"
            })
            .expect("encode"),
            serde_json::json!({ "number": "6900000000000018" }).to_string()
        );
        assert_eq!(
            applied_device_number(&serde_json::json!({ "device_number": "1234567890123456" })),
            "1234567890123456"
        );
        assert_eq!(applied_device_number(&serde_json::json!({})), "");
    }
}
