//! The signed-in session: tokens in the secure store only, and authorised calls that refresh
//! an expired access token exactly once however many calls are waiting (SPEC §2.2).
//!
//! The stored session is one secure-store entry (JSON), so tokens are replaced together. It
//! names the install it belongs to: an entry left by an earlier install of the app (the iOS
//! keychain outlives a deleted app) is stale and is wiped, never reused (SPEC §3).

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::api;
use super::error::SessionError;
use crate::http::{ApiClient, ApiError, ErasedBody};
use crate::secure_store::SecureStore;

/// What the secure store holds for a signed-in member. Never logged (no `Debug`).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct StoredSession {
    pub install_id: String,
    pub member_id: String,
    pub login_id: String,
    pub access_token: String,
    pub refresh_token: String,
    #[serde(default)]
    pub device_number: Option<String>,
    /// The device secret for offline member codes (`waon`), where the server gave one.
    #[serde(default)]
    pub device_secret: Option<String>,
}

/// How often one call may repeat after a token refusal (refresh, or tokens replaced meanwhile).
const MAX_AUTH_RETRIES: u32 = 3;

/// Why the last session ended, so the app can show the right first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndReason {
    SignedInElsewhere,
}

pub(crate) struct SessionManager {
    api: ApiClient,
    store: Arc<dyn SecureStore>,
    key: String,
    install_id: String,
    /// Serialises refreshes: the first waiter refreshes, the others find new tokens.
    refresh_gate: tokio::sync::Mutex<()>,
    ended: std::sync::Mutex<Option<EndReason>>,
}

impl SessionManager {
    pub fn new(
        api: ApiClient,
        store: Arc<dyn SecureStore>,
        program: &str,
        install_id: String,
    ) -> Self {
        Self {
            api,
            store,
            key: format!("tamaru.{program}.session"),
            install_id,
            refresh_gate: tokio::sync::Mutex::new(()),
            ended: std::sync::Mutex::new(None),
        }
    }

    /// The stored session of this install, wiping one left by another install.
    pub fn load(&self) -> Result<Option<StoredSession>, SessionError> {
        let Some(text) = self.store.get(&self.key)? else {
            return Ok(None);
        };
        match serde_json::from_str::<StoredSession>(&text) {
            Ok(session) if session.install_id == self.install_id => Ok(Some(session)),
            Ok(_) => {
                tracing::info!("wiping a session left by an earlier install");
                self.store.delete(&self.key)?;
                Ok(None)
            }
            Err(_) => {
                tracing::warn!("wiping an unreadable stored session");
                self.store.delete(&self.key)?;
                Ok(None)
            }
        }
    }

    /// The signed-in member's ID (the key of every per-member row on the phone).
    pub fn member_id(&self) -> Result<String, SessionError> {
        Ok(self.load()?.ok_or(SessionError::NotSignedIn)?.member_id)
    }

    pub fn save(&self, session: &StoredSession) -> Result<(), SessionError> {
        let text = serde_json::to_string(session)?;
        self.store.set(&self.key, &text)?;
        *self.ended.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }

    /// Wipes the tokens (log-out, withdrawal, a session the server ended).
    pub fn clear(&self) -> Result<(), SessionError> {
        self.store.delete(&self.key)?;
        Ok(())
    }

    pub fn install_id(&self) -> &str {
        &self.install_id
    }

    pub fn ended(&self) -> Option<EndReason> {
        *self.ended.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn end(&self, reason: Option<EndReason>) -> Result<(), SessionError> {
        *self.ended.lock().unwrap_or_else(|p| p.into_inner()) = reason;
        self.clear()
    }

    /// An authorised JSON call. An expired access token is refreshed (once for all waiting
    /// calls) and the call repeated once; a session the server ended is wiped here.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
    ) -> Result<T, SessionError> {
        // The inner error is a refusal that leaves the session as it is, kept whole.
        Ok(self.call_detailed(method, path, body).await??)
    }

    /// Like [`call`](Self::call), but a refusal that leaves the session as it is comes back
    /// as the server's [`ApiError`] itself (the inner `Err`), body and all, for services whose
    /// refusals carry fields the member needs (cards: which details did not match, which
    /// limit). Whatever ends or lacks the session, and transport failures, are mapped (and the
    /// tokens wiped) exactly as in `call` (the outer `Err`).
    pub async fn call_detailed<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
    ) -> Result<Result<T, ApiError>, SessionError> {
        decoded(self.call_inner(method, path, body, false).await)
    }

    /// Like [`call_detailed`](Self::call_detailed) for a write that carries its idempotency
    /// key: retried by the HTTP client when no answer comes (`http/retry.rs`).
    pub async fn call_repeatable<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
    ) -> Result<Result<T, ApiError>, SessionError> {
        decoded(self.call_inner(method, path, body, true).await)
    }

    /// The call, its refreshes and repeats, with the answer left undecoded: this loop (and
    /// the refresh inside it) is compiled once, not once per answer type, which keeps about
    /// as many kilobytes out of the phone's library as there are answer types.
    async fn call_inner(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn ErasedBody + '_)>,
        repeatable: bool,
    ) -> Result<Result<(StatusCode, Vec<u8>), ApiError>, SessionError> {
        // A call may meet an expired token, refresh, and repeat; or find that another call
        // replaced the tokens while its request was on the way. Bounded, so a server that
        // keeps refusing fresh tokens ends in an error, not a loop.
        let mut retries = 0;
        loop {
            let session = self.load()?.ok_or(SessionError::NotSignedIn)?;
            let sent_with = session.access_token;
            let sent = self
                .api
                .send_undecoded(method.clone(), path, body, Some(&sent_with), repeatable)
                .await;
            match sent {
                Ok(answer) => return Ok(Ok(answer)),
                Err(e)
                    if retries < MAX_AUTH_RETRIES
                        && api::is_token_refusal(&e)
                        && self.replaced(&sent_with).await? =>
                {
                    // Another call refreshed while this request used the old token: the
                    // refusal is about that token, not the session. Repeat with the new one.
                    retries += 1;
                }
                Err(e) if retries < MAX_AUTH_RETRIES && api::is_expired_token(&e) => {
                    self.refresh_after(&sent_with).await?;
                    retries += 1;
                }
                Err(e @ ApiError::Server { .. }) if api::session_ended_by(&e).is_none() => {
                    return Ok(Err(e));
                }
                Err(e) => return Err(self.session_error(e)?),
            }
        }
    }

    /// Whether the stored access token is no longer `sent_with` (another call refreshed).
    /// Waits for a refresh under way first: the server may already have replaced the token
    /// this request used while the new one is not yet stored.
    async fn replaced(&self, sent_with: &str) -> Result<bool, SessionError> {
        drop(self.refresh_gate.lock().await);
        Ok(self.load()?.is_some_and(|s| s.access_token != sent_with))
    }

    /// Refreshes unless another caller already replaced `stale_access`.
    async fn refresh_after(&self, stale_access: &str) -> Result<(), SessionError> {
        let _gate = self.refresh_gate.lock().await;
        let mut session = self.load()?.ok_or(SessionError::NotSignedIn)?;
        if session.access_token != stale_access {
            return Ok(());
        }
        let request = api::RefreshBody {
            refresh_token: &session.refresh_token,
        };
        match self
            .api
            .send::<api::TokenPair>(Method::POST, api::REFRESH, Some(&request), None)
            .await
        {
            Ok(tokens) => {
                tracing::info!("access token refreshed");
                session.access_token = tokens.access_token;
                session.refresh_token = tokens.refresh_token;
                self.save(&session)
            }
            Err(e) => Err(self.session_error(e)?),
        }
    }

    /// Maps an error of an authorised call, wiping the tokens when the server ended the session.
    fn session_error(&self, e: ApiError) -> Result<SessionError, SessionError> {
        let Some(ended) = api::session_ended_by(&e) else {
            return Ok(SessionError::Api(e));
        };
        match ended {
            SessionError::SignedInElsewhere => self.end(Some(EndReason::SignedInElsewhere))?,
            _ => self.end(None)?,
        }
        Ok(ended)
    }
}

/// Decodes an authorised call's answer. An answer that does not decode is the outer error,
/// `SessionError::Api(Malformed)`, as it was when the answer was decoded inside the loop (a
/// malformed answer never ends a session).
fn decoded<T: DeserializeOwned>(
    answer: Result<Result<(StatusCode, Vec<u8>), ApiError>, SessionError>,
) -> Result<Result<T, ApiError>, SessionError> {
    match answer? {
        Ok((status, bytes)) => crate::http::decode(status, &bytes)
            .map(Ok)
            .map_err(SessionError::Api),
        Err(refusal) => Ok(Err(refusal)),
    }
}
