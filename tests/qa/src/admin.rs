//! Calls to a running sandbox's admin and member endpoints, for QA commands that act on a
//! sandbox started with `tamaru-qa serve` (`--server URL`).

use std::process::ExitCode;

use serde_json::Value;

/// One blocking admin request; the answer's JSON, or a message for stderr.
pub fn request(
    method: reqwest::Method,
    server: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let url = format!(
            "{}/{}",
            server.trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        let mut request = reqwest::Client::new().request(method, &url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("cannot reach {url}: {e}"))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| e.to_string())?;
        let json: Value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|e| format!("{status}: not JSON: {e}"))?
        };
        if status.is_success() {
            Ok(json)
        } else {
            Err(format!("{status}: {json}"))
        }
    })
}

/// Prints an error the QA way: message on stderr, exit code 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("tamaru-qa: {message}");
    ExitCode::from(2)
}
