//! The HTTP client the services share: one `reqwest` client on rustls, JSON in and out, and
//! the server's error body turned into an [`ApiError`] the services map to typed errors.
//!
//! Plain `http://` is refused except for loopback addresses (the sandbox and local tests):
//! a member's password must never cross a network in clear text.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

/// What went wrong talking to the server, before it is given a domain meaning.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer: connection refused, DNS, timeout, TLS.
    #[error("network: {0}")]
    Network(String),
    /// The server answered with an error body `{"error": code, "message": ...}`.
    #[error("server said {status} {code}: {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
        body: serde_json::Value,
    },
    /// The answer was not what the API promises (not JSON, missing fields, HTML error page).
    #[error("malformed answer: {0}")]
    Malformed(String),
}

impl ApiError {
    /// The server's error code, if it sent one.
    pub fn server_code(&self) -> Option<&str> {
        match self {
            ApiError::Server { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// Why a server base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("not a URL: {0}")]
    NotAUrl(String),
    #[error("plain http is only allowed for loopback addresses, not {0}")]
    Insecure(String),
    #[error("unsupported scheme {0}")]
    UnsupportedScheme(String),
}

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
}

impl ApiClient {
    pub fn new(base_url: &str) -> Result<Self, BaseUrlError> {
        let base = parse_base_url(base_url)?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("tamaru-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BaseUrlError::NotAUrl(e.to_string()))?;
        Ok(Self { base, http })
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

    /// Like [`send`](Self::send) but with extra headers and the raw answer, for callers that
    /// handle 204/304 themselves.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::Malformed(e.to_string()))?;
        let mut request = self.http.request(method.clone(), url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            let json = body
                .to_json()
                .map_err(|e| ApiError::Malformed(e.to_string()))?;
            request = request
                .header("content-type", "application/json")
                .body(json);
        }
        // The path is logged, never the body or the token.
        tracing::debug!(%method, path, "request");
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::Network(describe(&e)))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ApiError::Network(describe(&e)))?;
        if status.is_client_error() || status.is_server_error() {
            return Err(server_error(status, &bytes));
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

fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = if bytes.is_empty() && status.is_success() {
        b"null".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| ApiError::Malformed(format!("{status}: {e}")))
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
