//! The member-code service: the code to show now (offline), fetching server-issued codes,
//! and the session the code screen holds.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;

use crate::context::Context;
use crate::error::TamaruError;
use crate::profile::{MemberCodeRules, MemberCodeSource};

use super::countdown::{MemberFacts, evaluate, fits_rules, fits_window, offers_static_card};
use super::member_code::{MemberCodeState, MemberCodeUnavailable, UnavailableReason};
use super::session::MemberCodeSession;
use super::static_card;
use super::store::{self, IssuedCode};

/// The member's one-time codes, as the app reaches them through
/// [`crate::app::MemberApp::member_code`].
#[derive(Clone)]
pub struct MemberCodes {
    pub(crate) ctx: Arc<Context>,
}

/// What a fetch brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FetchedCodes {
    /// Codes now held that have not expired (the current one and those issued in advance).
    pub live: u32,
    /// The end of the last code's window (Unix seconds): until then a code shows offline.
    pub covered_until_unix: i64,
}

impl MemberCodes {
    pub(crate) fn new(ctx: Arc<Context>) -> Self {
        MemberCodes { ctx }
    }

    /// The program's member-code rules (profile).
    pub fn rules(&self) -> &MemberCodeRules {
        &self.ctx.profile.member_code
    }

    /// The code to show now, offline (no request): derived on the phone (`waon`) or the
    /// current one of the codes fetched in advance (`wester`); otherwise why there is none.
    pub fn current(&self) -> MemberCodeState {
        self.state_at(self.ctx.clock.now()).0
    }

    /// The state at `now` and how many server-issued codes are live.
    pub(crate) fn state_at(&self, now: DateTime<Utc>) -> (MemberCodeState, usize) {
        let rules = self.rules();
        let session = match self.ctx.session.load() {
            Ok(session) => session,
            Err(e) => return (storage_trouble(&e.into()), 0),
        };
        let issued = match (&session, rules.source) {
            (None, MemberCodeSource::ServerIssued) => {
                // Signed out: the codes were the member's; drop them (log-out, withdrawal).
                if let Err(e) = store::clear(&self.ctx.storage.conn()) {
                    tracing::warn!(error = %e, "could not wipe stored member codes");
                }
                Vec::new()
            }
            (Some(s), MemberCodeSource::ServerIssued) => {
                match store::load(&self.ctx.storage.conn(), &s.member_id) {
                    Ok(codes) => codes,
                    Err(e) => return (storage_trouble(&e), 0),
                }
            }
            (_, MemberCodeSource::DeviceDerived) => Vec::new(),
        };
        let member = session.as_ref().map(|s| MemberFacts {
            device_number: s.device_number.as_deref(),
            device_secret: s.device_secret.as_deref(),
        });
        let (state, live) = evaluate(rules, member, &issued, now);
        let member_id = session.as_ref().map(|s| s.member_id.as_str());
        (self.with_static_card(state, member_id), live)
    }

    /// Adds the point card to an unavailable state where the profile allows it.
    fn with_static_card(&self, state: MemberCodeState, member_id: Option<&str>) -> MemberCodeState {
        match (state, member_id) {
            (MemberCodeState::Unavailable { unavailable }, Some(member_id))
                if self.rules().static_fallback && offers_static_card(&unavailable.reason) =>
            {
                let card = static_card::lookup(&self.ctx, member_id);
                MemberCodeState::Unavailable {
                    unavailable: MemberCodeUnavailable::new(unavailable.reason, card),
                }
            }
            (other, _) => other,
        }
    }

    /// Asks the server for the current code and those issued in advance (`wester`), and
    /// keeps them on the phone in place of the old ones. For programs whose codes are
    /// derived on the phone (`waon`) there is nothing to fetch: no request is made and the
    /// answer is `live: 0`.
    ///
    /// Errors: `NotSignedIn` and the session errors; `Network` offline (the codes held stay);
    /// `MalformedResponse` for codes that do not fit the profile or this device.
    pub async fn fetch(&self) -> Result<FetchedCodes, TamaruError> {
        if self.rules().source != MemberCodeSource::ServerIssued {
            return Ok(FetchedCodes {
                live: 0,
                covered_until_unix: 0,
            });
        }
        let session = self.ctx.session.load()?.ok_or(TamaruError::NotSignedIn)?;
        let batch: Batch = self
            .ctx
            .session
            .call(
                Method::POST,
                "v1/member-codes",
                Some(&serde_json::json!({})),
            )
            .await?;
        let codes = self.check_batch(batch, session.device_number.as_deref())?;
        let now = self.ctx.clock.now().timestamp();
        // The session may have ended while the request was out (log-out): keep nothing then.
        let Some(still) = self.ctx.session.load()? else {
            return Err(TamaruError::NotSignedIn);
        };
        if still.member_id != session.member_id {
            return Err(TamaruError::NotSignedIn);
        }
        store::replace(&self.ctx.storage.conn(), &session.member_id, &codes, now)?;
        tracing::info!(codes = codes.len(), "member codes fetched");
        Ok(FetchedCodes {
            live: codes.iter().filter(|c| c.valid_until > now).count() as u32,
            covered_until_unix: codes.iter().map(|c| c.valid_until).max().unwrap_or(0),
        })
    }

    /// Refuses a batch with a code that is not this program's shape, not this device's
    /// (install suffix), or has an empty, unreadable or too long window (longer than the
    /// profile's `validity_seconds`).
    fn check_batch(
        &self,
        batch: Batch,
        device_number: Option<&str>,
    ) -> Result<Vec<IssuedCode>, TamaruError> {
        let rules = self.rules();
        let malformed = |detail: String| TamaruError::MalformedResponse { detail };
        // `get`, not indexing: a device number the server sent with non-ASCII characters
        // must not panic on a char boundary.
        let suffix = device_number.and_then(|n| n.get(n.len().checked_sub(4)?..));
        let mut codes = Vec::with_capacity(batch.codes.len());
        for (i, code) in batch.codes.into_iter().enumerate() {
            if !fits_rules(rules, &code.code) {
                return Err(malformed(format!(
                    "member code {i} is not {} digits starting {}",
                    rules.length, rules.prefix
                )));
            }
            if suffix.is_some_and(|suffix| !code.code.ends_with(suffix)) {
                return Err(malformed(format!(
                    "member code {i} does not end with this device's install suffix"
                )));
            }
            let parse = |text: &str| {
                DateTime::parse_from_rfc3339(text)
                    .map(|t| t.timestamp())
                    .map_err(|_| malformed(format!("member code {i}: a time is not RFC 3339")))
            };
            let valid_from = parse(&code.valid_from)?;
            let valid_until = parse(&code.valid_until)?;
            let issued = IssuedCode {
                code: code.code,
                valid_from,
                valid_until,
            };
            if !fits_window(rules, &issued) {
                return Err(malformed(format!(
                    "member code {i} has a window of {} s; codes are valid for 1 to {} s",
                    valid_until - valid_from,
                    rules.validity_seconds
                )));
            }
            codes.push(issued);
        }
        Ok(codes)
    }

    /// A session for the member-code screen: countdown, refresh, rendering, change
    /// notifications.
    pub fn session(&self) -> MemberCodeSession {
        MemberCodeSession::new(self.clone())
    }

    pub(crate) fn ctx(&self) -> &Context {
        &self.ctx
    }
}

/// The failure of a store as a state (no secret can be in it: store errors never carry one).
fn storage_trouble(e: &TamaruError) -> MemberCodeState {
    tracing::warn!(error = %e, "member code: store unreadable");
    MemberCodeState::unavailable(UnavailableReason::DeviceStorage {
        detail: e.to_string(),
    })
}

/// `POST v1/member-codes` answer.
#[derive(Deserialize)]
struct Batch {
    codes: Vec<BatchCode>,
}

#[derive(Deserialize)]
struct BatchCode {
    code: String,
    valid_from: String,
    valid_until: String,
}
