//! The cards part of the member API on the wire (tests/sandbox/CONTRACT.md): the paths, the
//! request and answer bodies, and what each refusal means. Nothing else: the service speaks
//! in the domain types of `types.rs` and turns answers into them (`service::to_card`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::CardsError;
use super::types::{CardMismatch, CardState, PersonalDetails};
use crate::http::{ApiError, server_values};
use crate::profile::Profile;

/// `GET` the list, `POST` a registration.
pub(crate) const CARDS: &str = "v1/cards";
/// `POST` an account merge.
pub(crate) const MERGE: &str = "v1/cards/merge";

#[derive(Serialize)]
pub(crate) struct RegisterBody<'a> {
    pub idempotency_key: &'a str,
    pub card_type: &'a str,
    pub number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_registered: Option<bool>,
}

#[derive(Serialize)]
pub(crate) struct MergeBody<'a> {
    pub card_type: &'a str,
    pub number: &'a str,
    pub holder: &'a PersonalDetails,
}

/// A card as the server sends it.
#[derive(Deserialize)]
pub(crate) struct CardBody {
    pub id: String,
    pub card_type: String,
    #[serde(default)]
    pub number: Option<String>,
    pub last4: String,
    #[serde(default)]
    pub point_account: Option<String>,
    #[serde(default)]
    pub linked_to: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    pub registered_at: String,
    #[serde(default)]
    pub expires_on: Option<String>,
    pub state: CardState,
}

/// A card the server says lapsed (gone from the list).
#[derive(Deserialize)]
pub(crate) struct LapsedBody {
    pub id: String,
    pub card_type: String,
    pub last4: String,
    #[serde(default)]
    pub issuer: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ListAnswer {
    pub cards: Vec<CardBody>,
    #[serde(default)]
    pub lapsed: Vec<LapsedBody>,
}

#[derive(Deserialize)]
pub(crate) struct RegisterAnswer {
    pub card: CardBody,
    #[serde(default)]
    pub linked: Vec<CardBody>,
    #[serde(default)]
    pub already_registered: bool,
}

#[derive(Deserialize)]
pub(crate) struct MergeAnswer {
    pub merged_cards: u32,
    pub cards: Vec<CardBody>,
    #[serde(default)]
    pub lapsed: Vec<LapsedBody>,
    #[serde(default)]
    pub first_award_date: Option<String>,
    #[serde(default)]
    pub accrual_start_month: Option<String>,
    pub merged_at: String,
}

/// The server's card and merge refusals as their own cases, read once from its answer. A
/// code not listed here (and every failure that is not a refusal) stays [`CardsError::Api`].
/// Only values that pass `server_values` are kept: a server's text may quote what was sent.
pub(crate) fn refusal(profile: &Profile, e: ApiError) -> CardsError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    match code.as_str() {
        "card_details_mismatch" => CardsError::DetailsMismatch(
            body.get("mismatches")
                .and_then(Value::as_array)
                .map(|codes| {
                    codes
                        .iter()
                        .filter_map(Value::as_str)
                        .filter_map(CardMismatch::from_code)
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "card_expired_or_invalid" => CardsError::ExpiredOrInvalid {
            expired_on: text("expired_on").filter(|d| server_values::date(d).is_some()),
        },
        "pin_locked" => match (
            text("retry_at").as_deref().and_then(server_values::instant),
            body.get("retry_after_seconds").and_then(Value::as_u64),
        ) {
            (Some(retry_at), Some(retry_after_seconds)) => CardsError::PinLocked {
                retry_at,
                retry_after_seconds,
            },
            _ => CardsError::Malformed("pin_locked without retry_at"),
        },
        "card_of_another_person" => CardsError::OfAnotherPerson,
        "card_registered_to_another_account" => CardsError::RegisteredToAnotherAccount,
        "card_limit_reached" => CardsError::LimitReached {
            limit: server_values::count(body, "limit").unwrap_or(profile.cards.max_total),
        },
        "card_type_limit_reached" => CardsError::TypeLimitReached {
            // Only one of the profile's card types, never any text the server sent.
            card_type: text("card_type")
                .filter(|t| profile.card_type(t).is_some())
                .unwrap_or_default(),
            limit: server_values::count(body, "limit").unwrap_or(0),
        },
        "second_credit_card" => CardsError::SecondCreditCard {
            server_code: text("server_code").filter(|c| server_values::protocol_code(c).is_some()),
        },
        "built_in_emoney_card" => CardsError::BuiltInEmoney,
        "merge_not_offered" => CardsError::MergeNotOffered,
        "merge_account_not_found" => CardsError::MergeAccountNotFound,
        "merge_same_account" => CardsError::MergeSameAccount,
        "merge_details_mismatch" => CardsError::MergeDetailsMismatch,
        "merge_card_limit" => CardsError::MergeCardLimitExceeded {
            limit: server_values::count(body, "limit").unwrap_or(profile.cards.max_total),
            total: server_values::count(body, "total").unwrap_or(0),
        },
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TamaruError;

    fn refused(code: &str, extra: Value) -> CardsError {
        let profile = Profile::builtin("waon").expect("waon");
        let mut body = extra;
        body["error"] = Value::from(code);
        refusal(
            &profile,
            ApiError::Server {
                status: 409,
                code: code.into(),
                message: String::new(),
                body,
            },
        )
    }

    #[test]
    fn refusals_become_their_own_cases() {
        assert!(matches!(
            refused(
                "card_details_mismatch",
                serde_json::json!({"mismatches": ["pin_presence", "member_registration", "future"]})
            ),
            CardsError::DetailsMismatch(m)
                if m == vec![CardMismatch::PinPresence, CardMismatch::MemberRegistration]
        ));
        assert!(matches!(
            refused("second_credit_card", serde_json::json!({"server_code": "6213"})),
            CardsError::SecondCreditCard { server_code: Some(c) } if c == "6213"
        ));
        assert!(matches!(
            refused(
                "merge_card_limit",
                serde_json::json!({"limit": 50, "total": 53})
            ),
            CardsError::MergeCardLimitExceeded {
                limit: 50,
                total: 53
            }
        ));
        assert!(matches!(
            refused("card_limit_reached", serde_json::json!({})),
            CardsError::LimitReached { limit: 50 }
        ));
        assert!(matches!(
            refused("pin_locked", serde_json::json!({})),
            CardsError::Malformed(_)
        ));
        assert!(matches!(
            refused(
                "card_type_limit_reached",
                serde_json::json!({"card_type": "4980000000000014", "limit": 3})
            ),
            CardsError::TypeLimitReached { card_type, limit: 3 } if card_type.is_empty()
        ));
    }

    #[test]
    fn an_unknown_code_stays_the_servers_answer_and_is_generic_at_the_edge() {
        let e = refused("something_new", serde_json::json!({"hint": "x"}));
        assert!(
            matches!(&e, CardsError::Api(ApiError::Server { body, .. }) if body["hint"] == "x")
        );
        assert!(matches!(
            TamaruError::from(e),
            TamaruError::Server { status: 409, .. }
        ));
        let e = refusal(
            &Profile::builtin("waon").expect("waon"),
            ApiError::Network("down".into()),
        );
        assert!(matches!(TamaruError::from(e), TamaruError::Network { .. }));
    }
}
