//! A server answer holding a member's values (a broken or hostile server, a proxy in the
//! way) never puts them into an error the app shows, logs or sends on: the real core
//! against a loopback server that answers every request with one canned reply.

use tamaru_core::error::TamaruError;
use tamaru_scenarios::Phone;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CARD: &str = "4980123412341234";
const EMAIL: &str = "planted.member@example.jp";

/// Serves `status` and `body` (JSON) to every request; returns the base URL.
async fn canned(status: &'static str, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut request).await;
                let reply = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://127.0.0.1:{port}/wester/")
}

async fn log_in_against(status: &'static str, body: String) -> TamaruError {
    let phone = Phone::at(canned(status, body).await, "wester");
    phone
        .app
        .account()
        .log_in("member@example.jp", "Tamaru#2026")
        .await
        .expect_err("the canned answer is no log-in")
}

fn every_text(e: &TamaruError) -> String {
    format!(
        "{e} | {e:?} | {} | {} | {}",
        e.message_en(),
        e.message_ja(),
        serde_json::to_string(e).expect("json")
    )
}

#[tokio::test]
async fn planted_values_never_reach_an_error() {
    let answers = [
        // A success of the wrong shape: serde would quote the values.
        (
            "200 OK",
            format!(r#"{{"access_token":{CARD},"account":"{EMAIL}"}}"#),
        ),
        ("200 OK", format!(r#"["{CARD}","{EMAIL}"]"#)),
        ("200 OK", format!(r#"{{"access_token":"{CARD}""#)),
        // Refusals of unknown codes, with the values in the message and the code.
        (
            "409 Conflict",
            format!(r#"{{"error":"card_taken","message":"card {CARD} of {EMAIL}"}}"#),
        ),
        (
            "422 Unprocessable Entity",
            format!(r#"{{"error":"{CARD}","message":"{EMAIL}"}}"#),
        ),
        ("400 Bad Request", format!(r#"{{"error":"{EMAIL}"}}"#)),
        // A known code with planted values where an instant belongs.
        (
            "423 Locked",
            format!(
                r#"{{"error":"account_locked","retry_at":"{EMAIL}","retry_after_seconds":{CARD}}}"#
            ),
        ),
        // Not JSON at all.
        ("502 Bad Gateway", format!("<html>{CARD} {EMAIL}</html>")),
    ];
    for (status, body) in answers {
        let e = log_in_against(status, body.clone()).await;
        let texts = every_text(&e);
        assert!(
            !texts.contains(CARD) && !texts.contains(EMAIL) && !texts.contains("planted"),
            "{status} {body}: {texts}"
        );
        assert!(
            matches!(
                e,
                TamaruError::MalformedResponse { .. } | TamaruError::Server { .. }
            ),
            "{status}: {e:?}"
        );
    }
}
