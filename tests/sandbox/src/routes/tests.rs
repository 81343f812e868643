//! Requests through the real router (routes, extractors, fault layer) without a socket: the
//! order in which a request is refused (program, token, body), the session check of both
//! tokens, and unknown programs. The scenarios drive the same routes end to end from the core.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::SandboxConfig;
use crate::state::AppState;

fn app() -> Router {
    let conn = crate::db::open(None).expect("in-memory database");
    super::router(Arc::new(AppState::new(conn, SandboxConfig::default())))
}

/// One request; the status and the JSON body (`null` when the body is not JSON).
async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Body::from(body.to_owned())).expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The status and error code of an answer.
fn refusal((status, body): (u16, Value)) -> (u16, String) {
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Signs up `login_id` on `program` and logs in: (access token, refresh token).
async fn signed_in(app: &Router, program: &str, login_id: &str) -> (String, String) {
    let account = json!({ "login_id": login_id, "password": "Sandbox-pass-1" }).to_string();
    let (status, _) = call(
        app,
        "POST",
        &format!("/{program}/v1/accounts"),
        None,
        &account,
    )
    .await;
    assert_eq!(status, 201, "sign-up");
    let login =
        json!({ "login_id": login_id, "password": "Sandbox-pass-1", "install_id": "install-1" });
    let (status, body) = call(
        app,
        "POST",
        &format!("/{program}/v1/sessions"),
        None,
        &login.to_string(),
    )
    .await;
    assert_eq!(status, 200, "log-in: {body}");
    let token = |k: &str| body[k].as_str().expect("token").to_owned();
    (token("access_token"), token("refresh_token"))
}

#[tokio::test]
async fn a_request_is_refused_for_its_program_then_its_token_then_its_body() {
    let app = app();
    let (access, _) = signed_in(&app, "wester", "taro@example.jp").await;
    let bad = "not json";
    let good = r#"{"idempotency_key": "use-key-0001", "points": 1}"#;
    let access = Some(access.as_str());
    let cases = [
        ("/nope/v1/points/use", access, bad, (404, "unknown_program")),
        ("/wester/v1/points/use", None, bad, (401, "not_signed_in")),
        (
            "/wester/v1/points/use",
            Some("no-such-token"),
            bad,
            (401, "invalid_token"),
        ),
        ("/waon/v1/points/use", access, good, (401, "invalid_token")),
        ("/wester/v1/points/use", access, bad, (400, "bad_request")),
        // Past every check: the ledger's own refusal (nothing to spend, or not linked).
        (
            "/wester/v1/points/use",
            access,
            good,
            (403, "external_id_not_linked"),
        ),
    ];
    for (uri, token, body, (status, code)) in cases {
        let answer = refusal(call(&app, "POST", uri, token, body).await);
        assert_eq!(
            answer,
            (status, code.to_owned()),
            "{uri} token {token:?} body {body}"
        );
    }
    // A bad body is refused as JSON, with the parser's reason.
    let (_, body) = call(&app, "POST", "/wester/v1/points/use", access, bad).await;
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("invalid JSON body")),
        "{body}"
    );
}

#[tokio::test]
async fn family_sharing_is_refused_before_the_token_where_a_program_has_none() {
    let app = app();
    let family = |program: &str| format!("/{program}/v1/family");
    assert_eq!(
        refusal(call(&app, "GET", &family("nope"), None, "").await),
        (404, "unknown_program".into())
    );
    assert_eq!(
        refusal(call(&app, "GET", &family("wester"), None, "").await),
        (404, "family_not_available".into())
    );
    assert_eq!(
        refusal(call(&app, "GET", &family("waon"), None, "").await),
        (401, "not_signed_in".into())
    );
    let (access, _) = signed_in(&app, "waon", "hanako@example.jp").await;
    let (status, body) = call(&app, "GET", &family("waon"), Some(&access), "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["family"], Value::Null);
}

#[tokio::test]
async fn a_refresh_token_renews_its_session_under_its_own_program_only() {
    let app = app();
    let (_, refresh) = signed_in(&app, "wester", "jiro@example.jp").await;
    let body = json!({ "refresh_token": refresh }).to_string();
    // Before the one session check, this renewed a wester session under /waon/.
    assert_eq!(
        refusal(call(&app, "POST", "/waon/v1/sessions/refresh", None, &body).await),
        (401, "invalid_refresh_token".into())
    );
    let (status, renewed) = call(&app, "POST", "/wester/v1/sessions/refresh", None, &body).await;
    assert_eq!(status, 200, "{renewed}");
    let access = renewed["access_token"].as_str().expect("new access token");
    assert_eq!(
        call(&app, "GET", "/wester/v1/points", Some(access), "")
            .await
            .0,
        200
    );
    // Rotated: the old refresh token is spent.
    assert_eq!(
        refusal(call(&app, "POST", "/wester/v1/sessions/refresh", None, &body).await),
        (401, "invalid_refresh_token".into())
    );
}

#[tokio::test]
async fn an_unknown_program_is_404_in_a_path_and_in_a_body() {
    let app = app();
    let cases = [
        ("GET", "/nope/v1/cards", String::new()),
        (
            "POST",
            "/nope/v1/sessions/refresh",
            json!({ "refresh_token": "x" }).to_string(),
        ),
        (
            "POST",
            "/admin/cards",
            json!({ "program": "nope", "card_type": "sc_point_card" }).to_string(),
        ),
        (
            "POST",
            "/admin/points/award",
            json!({ "program": "nope", "login_id": "x", "points": 1 }).to_string(),
        ),
    ];
    for (method, uri, body) in cases {
        assert_eq!(
            refusal(call(&app, method, uri, None, &body).await),
            (404, "unknown_program".into()),
            "{method} {uri} {body}"
        );
    }
}

/// Every write keyed by the member's app checks its key by one rule (idempotency::check_key):
/// 8 to 100 visible ASCII characters, so a key the core could never make is refused before
/// anything is applied.
#[tokio::test]
async fn every_keyed_write_refuses_a_key_outside_the_one_rule() {
    let app = app();
    let (token, _) = signed_in(&app, "waon", "keys@example.jp").await;
    let card = |key: &str| {
        json!({ "idempotency_key": key, "card_type": "waon_point_card", "number": "6900000000000001" })
            .to_string()
    };
    let mail = |key: &str| {
        json!({ "idempotency_key": key, "changes": { "newsletter": { "on": false } } }).to_string()
    };
    for key in ["short", "has a space", "ｷｰﾜｰﾄﾞｷｰﾜｰﾄﾞ", &"k".repeat(101)] {
        let writes = [
            ("card", "POST", "/waon/v1/cards", card(key)),
            ("mail", "PUT", "/waon/v1/mail/settings", mail(key)),
        ];
        for (what, method, uri, body) in writes {
            let (status, body) = call(&app, method, uri, Some(&token), &body).await;
            assert_eq!(
                (status, body["error"].as_str()),
                (400, Some("bad_request")),
                "{what} {key}: {body}"
            );
            assert!(
                body["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("visible ASCII"),
                "{body}"
            );
        }
    }
    // Nothing was applied: the cards list is still empty, and a good key is taken.
    let (status, body) = call(&app, "GET", "/waon/v1/cards", Some(&token), "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cards"].as_array().map(Vec::len), Some(0), "{body}");
    let (status, body) = call(
        &app,
        "PUT",
        "/waon/v1/mail/settings",
        Some(&token),
        &mail("good-key-0001"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}
