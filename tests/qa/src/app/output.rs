//! The JSON of answers: the core's records as they serialise, and errors in one shape
//! whatever failed, so that a script switches on `error.code` alone.

use serde::Serialize;
use serde_json::{Map, Value, json};
use tamaru_core::barcode::BarcodeError;
use tamaru_core::cards::input::CardInputError;
use tamaru_core::error::TamaruError;

/// Why an action failed: the core's error, (rendering a member code) a barcode error, or
/// a script that asks for something the app's screens do not hold.
pub(crate) enum Failure {
    Core(TamaruError),
    Barcode(BarcodeError),
    /// Not the core's: e.g. `cards_submit` with no `cards_prepare` before it. The code is
    /// QA's own and never one of `TamaruError::code()`.
    Script {
        code: &'static str,
        message: &'static str,
    },
}

impl From<TamaruError> for Failure {
    fn from(e: TamaruError) -> Self {
        Failure::Core(e)
    }
}

impl From<BarcodeError> for Failure {
    fn from(e: BarcodeError) -> Self {
        Failure::Barcode(e)
    }
}

impl Failure {
    /// `{"code", "message_en", "message_ja", "detail"}`.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Failure::Core(e) => core_error(e),
            // Barcode errors are for developers (the member sees the member-code state's
            // text instead), so the core has no Japanese text for them: both say the same.
            Failure::Barcode(e) => json!({
                "code": e.code(),
                "message_en": e.to_string(),
                "message_ja": e.to_string(),
                "detail": {},
            }),
            Failure::Script { code, message } => json!({
                "code": code,
                "message_en": message,
                "message_ja": message,
                "detail": {},
            }),
        }
    }
}

/// A `TamaruError` as JSON: its code, both member-facing texts and its fields.
pub(crate) fn core_error(e: &TamaruError) -> Value {
    let detail = match e {
        // Each card problem with its own texts, as the app shows them under the field.
        TamaruError::CardInput { errors } => json!({ "errors": card_input_errors(errors) }),
        _ => fields(e),
    };
    json!({
        "code": e.code(),
        "message_en": e.message_en(),
        "message_ja": e.message_ja(),
        "detail": detail,
    })
}

/// The variant's fields: the error serialises externally tagged (`{"variant": {fields}}`, or
/// just `"variant"` without fields).
fn fields(e: &TamaruError) -> Value {
    match serde_json::to_value(e) {
        Ok(Value::Object(tagged)) if tagged.len() == 1 => tagged
            .into_iter()
            .next()
            .map(|(_, fields)| fields)
            .unwrap_or_else(|| Value::Object(Map::new())),
        _ => Value::Object(Map::new()),
    }
}

/// Card input problems as `{"code", …fields, "message_en", "message_ja"}`.
pub(crate) fn card_input_errors(errors: &[CardInputError]) -> Value {
    Value::Array(
        errors
            .iter()
            .map(|e| {
                let mut object = match serde_json::to_value(e) {
                    Ok(Value::Object(object)) => object,
                    _ => Map::new(),
                };
                object.insert("code".into(), json!(e.code()));
                object.insert("message_en".into(), json!(e.message_en()));
                object.insert("message_ja".into(), json!(e.message_ja()));
                Value::Object(object)
            })
            .collect(),
    )
}

/// A record as JSON. The core's records serialise to maps of plain values, so this cannot
/// fail in practice; if it ever did, the answer says so rather than ending the run.
pub(crate) fn record(value: &impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| {
        Failure::Core(TamaruError::MalformedResponse {
            detail: format!("cannot write the result as JSON: {e}"),
        })
    })
}

/// `{"error": {"code": "bad_line", "message_en": …}}`.
pub(crate) fn bad_line(message: String) -> Value {
    json!({ "error": { "code": "bad_line", "message_en": message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_their_code_texts_and_fields() {
        let e = core_error(&TamaruError::WrongPassword {
            attempts_left: Some(2),
        });
        assert_eq!(e["code"], "wrong_password");
        assert_eq!(e["detail"], json!({"attempts_left": 2}));
        assert!(e["message_en"].as_str().expect("text").contains("2 more"));
        assert!(!e["message_ja"].as_str().expect("text").is_empty());

        let e = core_error(&TamaruError::LoginIdTaken);
        assert_eq!(e["code"], "login_id_taken");
        assert_eq!(e["detail"], json!({}));

        let e = core_error(&TamaruError::Server {
            status: 500,
            code: "boom".into(),
            reason: "down".into(),
        });
        assert_eq!(e["code"], "server");
        assert_eq!(
            e["detail"],
            json!({"status": 500, "code": "boom", "reason": "down"})
        );
    }

    #[test]
    fn card_problems_have_codes_fields_and_texts() {
        let e = core_error(&TamaruError::CardInput {
            errors: vec![
                CardInputError::WrongDigitCount {
                    given: 15,
                    expected: 16,
                },
                CardInputError::PinRequired,
            ],
        });
        let errors = e["detail"]["errors"].as_array().expect("errors");
        assert_eq!(errors[0]["code"], "wrong_digit_count");
        assert_eq!(errors[0]["given"], 15);
        assert_eq!(errors[0]["expected"], 16);
        assert_eq!(errors[1]["code"], "pin_required");
        assert!(errors.iter().all(|e| e["message_ja"].is_string()));
    }

    #[test]
    fn the_serialised_tag_is_the_code() {
        // The core's `code()` is what scripts switch on; the serialised variant name must be
        // the same word, or `detail` would be read from the wrong place.
        for e in [
            TamaruError::LoginIdTaken,
            TamaruError::NotSignedIn,
            TamaruError::CardLimitReached { limit: 50 },
            TamaruError::MergeCardLimitExceeded {
                limit: 50,
                total: 51,
            },
            TamaruError::PointsNotSynced,
            TamaruError::FamilyInvitationNotFound,
        ] {
            let value = serde_json::to_value(&e).expect("serialises");
            let tag = match &value {
                Value::String(tag) => tag.clone(),
                Value::Object(o) => o.keys().next().expect("a tag").clone(),
                other => panic!("{other}"),
            };
            assert_eq!(tag, e.code());
        }
    }
}
