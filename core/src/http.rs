//! The HTTP client the services share: one `reqwest` client on rustls, JSON in and out, and
//! the server's error body turned into an [`ApiError`] the services map to typed errors.
//!
//! Plain `http://` is refused except for loopback addresses (the sandbox and local tests):
//! a member's password must never cross a network in clear text.

mod retry;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

pub use error::{ApiError, BaseUrlError};
use retry::Failure;
pub use retry::{RetryBudget, RetryPolicy};

/// For the `server_answer` fuzz target: decodes any answer the way [`ApiClient`] does and
/// checks that the error the member would see quotes nothing of the body: no run of more
/// than 4 digits (a card number, a PIN) and no `@` (an e-mail address), unless the status
/// line or position put them there. Panics when a check fails.
#[cfg(feature = "fuzzing")]
pub fn fuzz_server_answer(status: u16, body: &[u8]) {
    let Ok(status) = StatusCode::from_u16(status) else {
        return;
    };
    let error = if status.is_client_error() || status.is_server_error() {
        Some(server_error(status, body))
    } else {
        decode::<serde_json::Value>(status, body).err()
    };
    if let Some(error) = error {
        let e = crate::error::TamaruError::from(error);
        for text in [e.to_string(), e.message_en(), e.message_ja()] {
            assert!(!text.contains('@'), "{text}");
            let longest = text
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max()
                .unwrap_or(0);
            assert!(longest <= 4, "{text}");
        }
    }
}
mod crypto_provider;
mod error;
pub(crate) mod server_values;
pub(crate) mod texts;
pub mod tls;

/// Checks a base URL: `https` anywhere, `http` only on loopback. Ends it with `/` so paths join.
pub fn parse_base_url(text: &str) -> Result<Url, BaseUrlError> {
    let mut url = Url::parse(text).map_err(|e| BaseUrlError::NotAUrl(format!("{text}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(BaseUrlError::Insecure(
                    url.host_str().unwrap_or("").to_owned(),
                ));
            }
        }
        other => return Err(BaseUrlError::UnsupportedScheme(other.to_owned())),
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The shared HTTP client.
#[derive(Debug, Clone)]
pub struct ApiClient {
    base: Url,
    http: reqwest::Client,
    /// Time-outs and retries of every request (`http/retry.rs`).
    retry: RetryPolicy,
    /// Shared by every clone: the storm guard counts the whole app's retries.
    budget: Arc<RetryBudget>,
}

impl ApiClient {
    pub fn new(base_url: &str) -> Result<Self, BaseUrlError> {
        Self::with_transport(base_url, &tls::TransportSecurity::default())
    }

    /// A client trusting the public web roots plus `security`'s roots, with its pins.
    pub fn with_transport(
        base_url: &str,
        security: &tls::TransportSecurity,
    ) -> Result<Self, BaseUrlError> {
        let base = parse_base_url(base_url)?;
        let tls =
            tls::client_config(security).map_err(|e| BaseUrlError::Transport(e.to_string()))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("tamaru-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BaseUrlError::NotAUrl(e.to_string()))?;
        let retry = RetryPolicy::default();
        let budget = Arc::new(RetryBudget::new(retry.budget));
        Ok(Self {
            base,
            http,
            retry,
            budget,
        })
    }

    /// The same client with another time-out and retry policy (and a fresh budget).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.budget = Arc::new(RetryBudget::new(retry.budget));
        self.retry = retry;
        self
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Sends a JSON request and decodes a JSON answer. `token` is the bearer access token.
    pub async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        token: Option<&str>,
    ) -> Result<T, ApiError> {
        let (status, bytes) = self.send_raw(method, path, body, token, &[]).await?;
        decode(status, &bytes)
    }

    /// The undecoded answer of [`send`](Self::send), for callers that decode it only at their
    /// end ([`decode`]): their async code then exists once, not once per answer type.
    /// `repeatable`: a write that is safe to repeat (it carries its idempotency key), retried
    /// like a read when no answer comes.
    pub(crate) async fn send_undecoded(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        token: Option<&str>,
        repeatable: bool,
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let repeatable = repeatable || method == Method::GET || method == Method::HEAD;
        self.send_with_retries(method, path, body, token, &[], repeatable)
            .await
    }

    /// Like [`send`](Self::send) but with extra headers and the raw answer, for callers that
    /// handle 204/304 themselves. Reads (`GET`, `HEAD`) are retried; other methods are sent
    /// once (a write safe to repeat goes through `send_undecoded`).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let repeatable = method == Method::GET || method == Method::HEAD;
        self.send_with_retries(method, path, body, token, headers, repeatable)
            .await
    }

    /// Every attempt with its time-out; transient failures of a `repeatable` request are
    /// retried with back-off (`http/retry.rs`).
    async fn send_with_retries(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        token: Option<&str>,
        headers: &[(&str, &str)],
        repeatable: bool,
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::Malformed(e.to_string()))?;
        let json = match body {
            Some(body) => Some(
                body.to_json()
                    .map_err(|e| ApiError::Malformed(e.to_string()))?,
            ),
            None => None,
        };
        retry::run(
            &self.retry,
            &self.budget,
            tokio::time::sleep,
            repeatable,
            retry::random_seed(),
            || self.attempt(&method, &url, path, json.as_deref(), token, headers),
        )
        .await
    }

    /// One attempt, classified for the retry loop.
    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        path: &str,
        json: Option<&[u8]>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>), Failure> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .timeout(self.retry.attempt_timeout);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(json) = json {
            request = request
                .header("content-type", "application/json")
                .body(json.to_vec());
        }
        // The path is logged, never the body or the token.
        tracing::debug!(%method, path, "request");
        let no_answer =
            |e: reqwest::Error| Failure::transient(ApiError::Network(describe(&e)), None);
        // A refused certificate stays refused however often it is asked: never retried.
        let response = request
            .send()
            .await
            .map_err(|e| match transport_error(&e) {
                certificate @ ApiError::Certificate(_) => Failure::permanent(certificate),
                network => Failure::transient(network, None),
            })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry::parse_retry_after);
        let not_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| !t.to_ascii_lowercase().contains("json"));
        let bytes = response.bytes().await.map_err(no_answer)?;
        if status.is_client_error() || status.is_server_error() {
            let error = server_error(status, &bytes);
            return Err(if retry::transient_status(status.as_u16()) {
                Failure::transient(error, retry_after)
            } else {
                Failure::permanent(error)
            });
        }
        if status.is_success() && not_json && !bytes.is_empty() {
            // A proxy or captive portal answered instead of the API: nothing reached it.
            return Err(Failure::transient(
                ApiError::Malformed(format!("{status} with a body that is not JSON")),
                None,
            ));
        }
        Ok((status, bytes.to_vec()))
    }
}

/// A request body that can be serialised (object-safe).
pub trait ErasedBody: Send + Sync {
    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error>;
}

impl<T: Serialize + Send + Sync> ErasedBody for T {
    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }
}

/// Reads a JSON answer (an empty success is JSON `null`).
pub(crate) fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = if bytes.is_empty() && status.is_success() {
        b"null".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| ApiError::Malformed(describe_json_error(status, &e)))
}

/// Where and how an answer failed to decode, without serde's message: that message quotes
/// the offending value (`invalid type: string "4980…", expected u64`), and a value from the
/// server's body must never reach an error text (see `server_values`).
fn describe_json_error(status: StatusCode, e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "could not be read",
        serde_json::error::Category::Syntax => "is not JSON",
        serde_json::error::Category::Data => "does not have the expected fields and types",
        serde_json::error::Category::Eof => "is cut off",
    };
    format!(
        "{status}: the answer {what} (line {}, column {})",
        e.line(),
        e.column()
    )
}

fn server_error(status: StatusCode, bytes: &[u8]) -> ApiError {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        error: String,
        #[serde(default)]
        message: String,
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(body) => match serde_json::from_value::<ErrorBody>(body.clone()) {
            Ok(e) => ApiError::Server {
                status: status.as_u16(),
                code: e.error,
                message: e.message,
                body,
            },
            Err(_) => ApiError::Malformed(format!("{status} with an error body of unknown shape")),
        },
        Err(_) => ApiError::Malformed(format!("{status} with a body that is not JSON")),
    }
}

/// A refused certificate as its own error (`tls`), anything else as a network failure.
fn transport_error(e: &reqwest::Error) -> ApiError {
    match tls::certificate_problem(e) {
        Some(problem) => ApiError::Certificate(problem),
        None => ApiError::Network(describe(e)),
    }
}

/// A short description of a transport error, without the URL's query (no secrets travel
/// there, but keep the text short for the member).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_decode() || e.is_body() {
        "answer cut off"
    } else {
        "request failed"
    };
    match e.url() {
        Some(url) => format!("{kind} ({})", url.host_str().unwrap_or("")),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Server answers as an attacker would send them (http/tests/hostile.rs).
    mod hostile;

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        assert!(parse_base_url("https://api.example.jp/wester").is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080/wester/").is_ok());
        assert!(parse_base_url("http://127.5.6.7/").is_ok());
        assert!(parse_base_url("http://[::1]:9/").is_ok());
        assert!(parse_base_url("http://localhost:9/").is_ok());
        assert!(matches!(
            parse_base_url("http://192.168.0.2/"),
            Err(BaseUrlError::Insecure(_))
        ));
        assert!(matches!(
            parse_base_url("http://api.example.jp/"),
            Err(BaseUrlError::Insecure(_))
        ));
        assert!(matches!(
            parse_base_url("ftp://127.0.0.1/"),
            Err(BaseUrlError::UnsupportedScheme(_))
        ));
        assert!(matches!(
            parse_base_url("not a url"),
            Err(BaseUrlError::NotAUrl(_))
        ));
    }

    #[test]
    fn base_url_gets_a_trailing_slash_so_paths_join() {
        let url = parse_base_url("http://127.0.0.1:1/wester").expect("url");
        assert_eq!(
            url.join("v1/sessions").expect("join").as_str(),
            "http://127.0.0.1:1/wester/v1/sessions"
        );
    }

    #[test]
    fn api_hosts_are_ascii_or_punycode_and_a_unicode_host_is_refused() {
        // The ASCII-only IDNA back end (core/Cargo.toml): punycode passes as it is.
        assert!(parse_base_url("https://xn--eckwd4c7c.xn--zckzah/wester/").is_ok());
        assert!(
            parse_base_url("https://API.Example.JP/")
                .is_ok_and(|u| u.host_str() == Some("api.example.jp"))
        );
        assert!(matches!(
            parse_base_url("https://ポイント.example.jp/"),
            Err(BaseUrlError::NotAUrl(_))
        ));
    }

    #[test]
    fn error_bodies_become_server_errors_and_junk_is_malformed() {
        let e = server_error(
            StatusCode::UNAUTHORIZED,
            br#"{"error":"wrong_password","message":"no"}"#,
        );
        assert_eq!(e.server_code(), Some("wrong_password"));
        assert!(matches!(
            server_error(StatusCode::BAD_GATEWAY, b"<html>"),
            ApiError::Malformed(_)
        ));
        assert!(matches!(
            decode::<u32>(StatusCode::OK, b"{"),
            Err(ApiError::Malformed(_))
        ));
    }
}
