//! Server answers as an attacker (or a broken proxy) would send them: any bytes decode to a
//! value or a typed [`ApiError`], never a panic, and no value from the body reaches the
//! member-facing error's text.

use proptest::prelude::*;

use super::*;
use crate::error::TamaruError;

/// A value a member typed or was sent, planted in a server answer.
const MARKER: &str = "4980123412341234";

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Answer {
    id: u64,
    name: String,
    items: Vec<u32>,
}

/// Every text the member or a log could see of the error an answer becomes.
fn error_texts(e: ApiError) -> String {
    let e = TamaruError::from(e);
    format!("{e} | {e:?} | {} | {}", e.message_en(), e.message_ja())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_decode_or_fail_typed(bytes in proptest::collection::vec(any::<u8>(), 0..256), status in 200u16..600) {
        let status = StatusCode::from_u16(status).expect("valid status");
        let _ = decode::<Answer>(status, &bytes);
        let _ = decode::<serde_json::Value>(status, &bytes);
        let e = server_error(status, &bytes);
        let typed = matches!(e, ApiError::Server { .. } | ApiError::Malformed(_));
        prop_assert!(typed);
    }

    /// A value planted anywhere in a wrongly typed, cut-off or error answer is never quoted.
    #[test]
    fn planted_values_never_reach_an_error_text(
        key in "[a-z_]{1,8}",
        cut in any::<proptest::sample::Index>(),
        status in prop_oneof![Just(400u16), Just(409), Just(422), Just(500), Just(503)],
    ) {
        let bodies = [
            format!(r#"{{"id":"{MARKER}","name":"x","items":[]}}"#),
            format!(r#"{{"id":1,"name":{MARKER},"items":[]}}"#),
            format!(r#"{{"id":1,"name":"x","items":["{MARKER}"]}}"#),
            format!(r#"{{"{key}":"{MARKER}"}}"#),
            format!(r#"["{MARKER}"]"#),
            format!("{MARKER}"),
            format!("\"{MARKER}\""),
        ];
        for body in &bodies {
            if let Err(e) = decode::<Answer>(StatusCode::OK, body.as_bytes()) {
                let texts = error_texts(e);
                prop_assert!(!texts.contains(MARKER), "{}", texts);
            }
            let prefix = &body[..cut.index(body.len())];
            if let Err(e) = decode::<Answer>(StatusCode::OK, prefix.as_bytes()) {
                prop_assert!(!error_texts(e).contains(MARKER));
            }
        }
        let status = StatusCode::from_u16(status).expect("valid status");
        for body in [
            format!(r#"{{"error":"{key}","message":"card {MARKER} refused"}}"#),
            format!(r#"{{"error":"{MARKER}","message":"no"}}"#),
            format!(r#"{{"error":"e_{MARKER}"}}"#),
            format!(r#"{{"error":1,"message":"{MARKER}"}}"#),
        ] {
            let texts = error_texts(server_error(status, body.as_bytes()));
            prop_assert!(!texts.contains(MARKER), "{}", texts);
        }
    }
}

#[test]
fn a_malformed_answer_says_where_not_what() {
    let e = decode::<Answer>(StatusCode::OK, format!(r#"{{"id":"{MARKER}"}}"#).as_bytes())
        .expect_err("wrong type");
    let ApiError::Malformed(detail) = &e else {
        panic!("{e:?}")
    };
    assert!(detail.contains("line 1"), "{detail}");
    assert!(!detail.contains(MARKER), "{detail}");
}

#[test]
fn an_unknown_refusal_keeps_a_protocol_code_but_not_the_message() {
    let e = TamaruError::from(server_error(
        StatusCode::CONFLICT,
        format!(r#"{{"error":"new_rule_6213","message":"card {MARKER}"}}"#).as_bytes(),
    ));
    assert_eq!(
        e,
        TamaruError::Server {
            status: 409,
            code: "new_rule_6213".into(),
            reason: "the server refused the request (HTTP 409)".into(),
        }
    );
}
