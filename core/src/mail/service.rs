//! The mail service: settings with an offline outbox, the e-mail address change, and the
//! "mail does not arrive" checklist (SPEC §6).
//!
//! How a settings change travels:
//! 1. [`Mail::set`] writes the member's choice to the outbox (`store.rs`) with a new
//!    idempotency key, then tries to send everything queued. Offline, it answers at once
//!    with the change shown as pending; nothing is lost if the app is killed now.
//! 2. Every mail call sends what is queued first (opportunistically), and the app calls
//!    [`Mail::sync`] on start and when connectivity returns. Changes go one at a time,
//!    oldest first, each with its own key; an attempt is recorded before the request leaves,
//!    so a change that may have reached the server is only ever repeated, never edited (an
//!    attempt that could not even connect is taken back: two taps offline send one request).
//! 3. A lost answer (the connection broke after the server committed) leaves the change
//!    queued; the retry carries the same key and the server returns the stored first
//!    result, so the change is applied exactly once, across restarts too.
//! 4. Conflicts: the member's queued choice wins over a value set elsewhere (the web,
//!    another phone) in the meantime: it is the latest choice this member made on this phone,
//!    the phone showed it as pending all along, and phone clocks are too unreliable to order
//!    it against the server's time. When it replaced a *different* value set elsewhere, the
//!    outcome lists it ([`MailOverride`]) so the UI can tell the member, who can switch back.
//!
//! Which failures keep a change queued: no network, an unreadable answer (it may have been
//! applied: only a retry with the same key can tell), 5xx, 408, 429 and 404 (an endpoint
//! missing is a deployment problem, not the member's). A session problem keeps it queued
//! too and is returned as the error (the member logs in again; the change goes after).
//! Other 4xx answers are refusals: the change is taken off the queue and reported in
//! [`MailSyncOutcome::rejected`], never dropped silently.
//!
//! Defaults: a new account has the newsletter and postal mail **on** (sign-up opts in; the
//! source FAQ's settings screen is for switching them to 受け取らない). The phone does not
//! assume the default: before it has ever read the settings it shows them as unknown.

use std::sync::Arc;

use reqwest::Method;

use super::api::{self, ConfirmAnswer, GetAnswer, OverrideBody, PendingEmailChange, PutAnswer};
use super::error::MailError;
use super::help::{self, DeliveryHelp};
use super::store;
use super::types::{
    EmailChangeRequested, EmailChanged, MailOverride, MailSetting, MailSettingState,
    MailSettingsView, MailSyncOutcome, RejectedMailChange,
};
use crate::context::Context;
use crate::error::TamaruError;
use crate::http::ApiError;
use crate::login::SessionError;
use crate::login::policy::{LoginIdCheck, check_login_id};
use crate::profile::{LoginIdKind, LoginRules};

/// Digits of the code mailed to a new address (the member API's contract).
pub const EMAIL_CODE_DIGITS: usize = 6;

/// The member's mail, as the app reaches them through [`crate::app::MemberApp::mail`].
#[derive(Clone)]
pub struct Mail {
    pub(crate) ctx: Arc<Context>,
}

/// What sending the outbox did.
#[derive(Default)]
struct Flush {
    applied: u32,
    offline: bool,
    overridden: Vec<MailOverride>,
    rejected: Vec<RejectedMailChange>,
}

impl From<PendingEmailChange> for EmailChangeRequested {
    fn from(p: PendingEmailChange) -> Self {
        EmailChangeRequested {
            new_email: p.new_email,
            expires_at: p.expires_at,
            expires_in_seconds: u64::try_from(p.expires_in).unwrap_or(0),
            attempts_left: u32::try_from(p.attempts_left).unwrap_or(0),
        }
    }
}

/// A failure after which the change stays queued (it may be retried safely).
fn keeps_waiting(e: &SessionError) -> bool {
    match e {
        SessionError::Api(ApiError::Network(_) | ApiError::Malformed(_))
        | SessionError::Malformed(_) => true,
        SessionError::Api(ApiError::Server { status, .. }) => {
            *status >= 500 || matches!(*status, 404 | 408 | 429)
        }
        _ => false,
    }
}

/// The request never left the phone (no connection could be made: refused, unreachable,
/// DNS, TLS handshake), so the change is as unsent as before the attempt and the member's
/// newer choice may still replace it. Reads the HTTP client's description of the failure;
/// a unit test below pins it against a real closed port.
fn never_sent(e: &SessionError) -> bool {
    matches!(e, SessionError::Api(ApiError::Network(detail)) if detail.starts_with("could not connect"))
}

/// A refusal for good: the server read the change and will never apply it. Its code, as
/// the outbox keeps it: a protocol code, never a server's free text (`server_values`).
fn refused(e: &SessionError) -> Option<String> {
    match e {
        SessionError::Api(ApiError::Server { status, code, .. })
            if (400..500).contains(status) && !keeps_waiting(e) =>
        {
            Some(
                crate::http::server_values::protocol_code(code)
                    .unwrap_or(crate::http::server_values::UNRECOGNISED_CODE)
                    .to_owned(),
            )
        }
        _ => None,
    }
}

/// The rules of an e-mail address: the login-ID check with e-mail as the only kind.
fn email_rules() -> LoginRules {
    LoginRules {
        id_kinds: vec![LoginIdKind::Email],
        web_id_min: 6,
        web_id_max: 20,
    }
}

/// Checks an e-mail address offline, every problem at once with ja/en sentences (the same
/// rules as an e-mail login ID: no trimming, edge spaces are reported, not silently cut).
pub fn check_email(address: &str) -> LoginIdCheck {
    check_login_id(&email_rules(), address)
}

/// The code as typed, made into the digits the server compares: full-width digits become
/// half-width and spaces (also the ideographic space) and hyphens are dropped, as a member
/// copying `123 456` from a mail would expect. `None` if anything else is left or the
/// length is wrong.
pub fn normalize_email_code(code: &str) -> Option<String> {
    let mut digits = String::with_capacity(EMAIL_CODE_DIGITS);
    for c in code.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '\u{FF10}'..='\u{FF19}' => {
                let d = u32::from(c) - 0xFF10;
                digits.push(char::from_digit(d, 10)?);
            }
            ' ' | '\t' | '\u{3000}' | '-' | '\u{2010}' | '\u{2212}' | '\u{FF0D}' => {}
            _ => return None,
        }
    }
    (digits.len() == EMAIL_CODE_DIGITS).then_some(digits)
}

fn override_record(o: OverrideBody, setting: MailSetting) -> MailOverride {
    let word_ja = |on: bool| {
        if on {
            "受け取る"
        } else {
            "受け取らない"
        }
    };
    let word_en = |on: bool| if on { "on" } else { "off" };
    MailOverride {
        setting,
        replaced: o.replaced,
        on: o.on,
        replaced_set_at: o.changed_at,
        message_ja: format!(
            "{}は他の端末またはWebで「{}」に変更されていましたが、この端末で選んだ「{}」を反映しました。",
            setting.label_ja(),
            word_ja(o.replaced),
            word_ja(o.on)
        ),
        message_en: format!(
            "{} had been switched {} elsewhere (another phone or the web); your choice on this phone ({}) was applied.",
            setting.label_en(),
            word_en(o.replaced),
            word_en(o.on)
        ),
    }
}

/// The public edge: [`MailError`] becomes the public `TamaruError` here, by `?`.
impl Mail {
    /// The settings as the phone knows them, without a request (for drawing the screen at
    /// once, also offline). Needs a signed-in member.
    pub fn cached_settings(&self) -> Result<MailSettingsView, TamaruError> {
        Ok(self.read_cached()?)
    }

    /// The settings, fresh from the server where it can be reached (queued changes are sent
    /// first); otherwise the phone's copy, with `from_server` false and `last_synced_at`
    /// saying how old it is. Offline is not an error here: the screen still has something
    /// true to show.
    pub async fn settings(&self) -> Result<MailSettingsView, TamaruError> {
        Ok(self.fetch_settings().await?)
    }

    /// The one way to change a mail setting (the newsletter or postal mail): records the
    /// member's choice and sends it (with anything queued before it) if the server can be
    /// reached. `Ok` whether sent or queued: `settings` shows the setting as pending while
    /// it waits. A session error is returned after the change was queued: it is kept and
    /// sent once the same member has logged in again.
    pub async fn set(
        &self,
        setting: MailSetting,
        on: bool,
    ) -> Result<MailSyncOutcome, TamaruError> {
        Ok(self.record_and_send(setting, on).await?)
    }

    /// Sends every queued change, then reads the settings back (so changes made elsewhere
    /// show too). The app calls it on start and when connectivity returns. Offline it
    /// answers `Ok` with `offline` set and the changes still `pending`.
    pub async fn sync(&self) -> Result<MailSyncOutcome, TamaruError> {
        Ok(self.send_queued().await?)
    }

    /// Asks for a code to be sent to `new_email`. A malformed address is refused offline
    /// (`InvalidEmail`, every problem listed; no request), as is the address already
    /// registered (`EmailUnchanged`, when the phone knows it). An address another member
    /// uses is `EmailTaken`, carrying the program's support form and phone line: the FAQ's
    /// advice, since another member may have registered it by mistake.
    pub async fn request_email_change(
        &self,
        new_email: &str,
    ) -> Result<EmailChangeRequested, TamaruError> {
        Ok(self.request_change(new_email).await?)
    }

    /// The e-mail change waiting for its code, if any (to restore the code screen after the
    /// app was restarted).
    pub async fn pending_email_change(&self) -> Result<Option<EmailChangeRequested>, TamaruError> {
        Ok(self.fetch_pending_change().await?)
    }

    /// Confirms the code from the mail. A code that cannot be one (wrong length, letters) is
    /// refused offline without using up an attempt. `WrongEmailCode` says how many attempts
    /// are left (0: ask for a new code); `EmailCodeExpired` means a new code is needed.
    pub async fn confirm_email_change(&self, code: &str) -> Result<EmailChanged, TamaruError> {
        Ok(self.confirm_change(code).await?)
    }

    /// The checklist for "mail does not arrive". Works signed out and offline too (mail of
    /// a sign-up or a password reset may be the one missing): then the address and the
    /// newsletter are what the phone last knew, or unknown. Signed in and online, queued
    /// changes are sent and the address and setting read fresh first. Only a failing
    /// on-device store is an error.
    pub async fn delivery_help(&self) -> Result<DeliveryHelp, TamaruError> {
        Ok(self.help_checklist().await?)
    }
}

impl Mail {
    fn member_id(&self) -> Result<String, MailError> {
        Ok(self.ctx.session.member_id()?)
    }

    fn now(&self) -> String {
        self.ctx.clock.now().to_rfc3339()
    }

    /// The settings as the phone knows them, without a request (for drawing the screen at
    /// once, also offline). Needs a signed-in member.
    fn read_cached(&self) -> Result<MailSettingsView, MailError> {
        let member = self.member_id()?;
        self.view(&member, false)
    }

    /// The settings, fresh from the server where it can be reached (queued changes are sent
    /// first); otherwise the phone's copy, with `from_server` false and `last_synced_at`
    /// saying how old it is. Offline is not an error here: the screen still has something
    /// true to show.
    async fn fetch_settings(&self) -> Result<MailSettingsView, MailError> {
        let member = self.member_id()?;
        let flush = self.flush(&member).await?;
        let from_server = !flush.offline && self.refresh(&member).await?;
        self.view(&member, from_server)
    }

    /// Records the member's choice and sends it (with anything queued before it) if the
    /// server can be reached. `Ok` whether sent or queued: `settings` shows the setting as
    /// pending while it waits. A session error is returned after the change was queued: it
    /// is kept and sent once the same member has logged in again.
    async fn record_and_send(
        &self,
        setting: MailSetting,
        on: bool,
    ) -> Result<MailSyncOutcome, MailError> {
        let member = self.member_id()?;
        let key = uuid::Uuid::new_v4().to_string();
        let queued = store::queue(
            &self.ctx.storage.conn(),
            &member,
            setting,
            on,
            &key,
            &self.now(),
        )?;
        tracing::info!(
            setting = setting.as_str(),
            ?queued,
            "mail setting change queued"
        );
        let flush = self.flush(&member).await?;
        let from_server = !flush.offline && flush.applied > 0;
        self.outcome(&member, flush, from_server)
    }

    /// Sends every queued change, then reads the settings back (so changes made elsewhere
    /// show too). The app calls it on start and when connectivity returns. Offline it
    /// answers `Ok` with `offline` set and the changes still `pending`.
    async fn send_queued(&self) -> Result<MailSyncOutcome, MailError> {
        let member = self.member_id()?;
        let flush = self.flush(&member).await?;
        let from_server = !flush.offline && self.refresh(&member).await?;
        let offline = flush.offline || !from_server;
        let mut outcome = self.outcome(&member, flush, from_server)?;
        outcome.offline = offline;
        Ok(outcome)
    }

    fn outcome(
        &self,
        member: &str,
        flush: Flush,
        from_server: bool,
    ) -> Result<MailSyncOutcome, MailError> {
        let settings = self.view(member, from_server)?;
        Ok(MailSyncOutcome {
            applied: flush.applied,
            pending: settings.pending_changes,
            offline: flush.offline,
            overridden: flush.overridden,
            rejected: flush.rejected,
            settings,
        })
    }

    /// The view model: the phone's copy with the queued choices laid over it.
    fn view(&self, member: &str, from_server: bool) -> Result<MailSettingsView, MailError> {
        let conn = self.ctx.storage.conn();
        let cache = store::cached(&conn, member)?;
        let pending = store::pending(&conn, member)?;
        let state = |setting: MailSetting| {
            let latest = pending.iter().rev().find(|c| c.setting == setting);
            let server_on = cache.get(setting).map(|(on, _)| on);
            MailSettingState {
                setting,
                on: latest.map(|c| c.on).or(server_on),
                pending: latest.is_some(),
                server_on,
            }
        };
        Ok(MailSettingsView {
            newsletter: state(MailSetting::Newsletter),
            postal: state(MailSetting::Postal),
            last_synced_at: cache.synced_at.clone(),
            from_server,
            pending_changes: u32::try_from(pending.len()).unwrap_or(u32::MAX),
        })
    }

    /// Reads the settings from the server into the phone's copy. `Ok(false)` when the server
    /// cannot be reached (the copy stays as it was).
    async fn refresh(&self, member: &str) -> Result<bool, MailError> {
        match self
            .ctx
            .session
            .call::<GetAnswer>(Method::GET, api::SETTINGS, None)
            .await
        {
            Ok(answer) => {
                let conn = self.ctx.storage.conn();
                store::save_server_settings(&conn, member, &answer.settings, &self.now())?;
                store::save_email(&conn, member, answer.email.as_deref())?;
                Ok(true)
            }
            Err(e) if keeps_waiting(&e) => {
                tracing::info!(error = e.code(), "mail settings: server not reachable");
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Sends the member's queued changes, oldest first, until the queue is empty or the
    /// network or server fails (then the rest waits for the next call).
    async fn flush(&self, member: &str) -> Result<Flush, MailError> {
        // One sender at a time per app (`Context::mail_outbox`).
        let _turn = self.ctx.mail_outbox.lock().await;
        let mut flush = Flush::default();
        loop {
            let next = {
                let conn = self.ctx.storage.conn();
                let next = store::next_pending(&conn, member)?;
                if let Some(change) = &next {
                    store::mark_attempt(&conn, change.id, &self.now())?;
                }
                next
            };
            let Some(change) = next else { break };
            let body = api::SettingsChangeBody::one(
                &change.key,
                change.setting,
                change.on,
                change.base_rev,
            );
            tracing::debug!(
                setting = change.setting.as_str(),
                attempt = change.attempts + 1,
                "sending a queued mail setting change"
            );
            match self
                .ctx
                .session
                .call::<PutAnswer>(Method::PUT, api::SETTINGS, Some(&body))
                .await
            {
                Ok(answer) => {
                    let rev = match change.setting {
                        MailSetting::Newsletter => answer.settings.newsletter_rev,
                        MailSetting::Postal => answer.settings.postal_rev,
                    };
                    {
                        let conn = self.ctx.storage.conn();
                        store::finish(&conn, member, &change, Some(rev))?;
                        store::save_server_settings(&conn, member, &answer.settings, &self.now())?;
                    }
                    flush.applied += 1;
                    for o in answer.overridden {
                        if let Some(setting) = MailSetting::parse(&o.setting) {
                            flush.overridden.push(override_record(o, setting));
                        }
                    }
                }
                Err(e) if keeps_waiting(&e) => {
                    tracing::info!(
                        error = e.code(),
                        "mail setting change waits for the network"
                    );
                    let conn = self.ctx.storage.conn();
                    if never_sent(&e) {
                        store::unmark_attempt(&conn, change.id)?;
                    }
                    store::note_error(&conn, change.id, e.code())?;
                    flush.offline = true;
                    break;
                }
                Err(e) if refused(&e).is_some() => {
                    let code = refused(&e).unwrap_or_default();
                    tracing::warn!(%code, "mail setting change refused by the server");
                    store::finish(&self.ctx.storage.conn(), member, &change, None)?;
                    flush.rejected.push(RejectedMailChange {
                        setting: change.setting,
                        on: change.on,
                        code,
                    });
                }
                Err(e) => {
                    store::note_error(&self.ctx.storage.conn(), change.id, e.code())?;
                    return Err(e.into());
                }
            }
        }
        Ok(flush)
    }

    // -----------------------------------------------------------------------------------
    // E-mail address

    /// The offline check of a new address, for live feedback while typing.
    pub fn check_email(&self, address: &str) -> LoginIdCheck {
        check_email(address)
    }

    /// Asks for a code to be sent to `new_email`. A malformed address is refused offline
    /// (`InvalidEmail`, every problem listed; no request), as is the address already
    /// registered (`EmailUnchanged`, when the phone knows it). An address another member
    /// uses is `EmailTaken`, carrying the program's support form and phone line: the FAQ's
    /// advice, since another member may have registered it by mistake.
    async fn request_change(&self, new_email: &str) -> Result<EmailChangeRequested, MailError> {
        let check = check_email(new_email);
        if !check.valid {
            return Err(MailError::InvalidEmail(check.violations));
        }
        let member = self.member_id()?;
        let known = store::cached(&self.ctx.storage.conn(), &member)?.email;
        if known.is_some_and(|e| e.eq_ignore_ascii_case(new_email)) {
            return Err(MailError::EmailUnchanged);
        }
        self.flush(&member).await?;
        let params = serde_json::to_value(api::EmailChangeBody { new_email })?;
        let answer = crate::pending::submit::<PendingEmailChange>(
            &self.ctx,
            "email_change",
            api::EMAIL_CHANGE,
            params,
            None,
        )
        .await?
        .map_err(|e| api::email_refusal(&self.ctx.profile, e))?;
        tracing::info!("e-mail change code requested");
        Ok(answer.into())
    }

    /// The e-mail change waiting for its code, if any (to restore the code screen after the
    /// app was restarted).
    async fn fetch_pending_change(&self) -> Result<Option<EmailChangeRequested>, MailError> {
        self.member_id()?;
        match self
            .ctx
            .session
            .call_detailed::<PendingEmailChange>(Method::GET, api::EMAIL_CHANGE, None)
            .await?
        {
            Ok(p) => Ok(Some(p.into())),
            Err(e) if api::is_no_email_change(&e) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Confirms the code from the mail. A code that cannot be one (wrong length, letters) is
    /// refused offline without using up an attempt. `WrongEmailCode` says how many attempts
    /// are left (0: ask for a new code); `EmailCodeExpired` means a new code is needed.
    async fn confirm_change(&self, code: &str) -> Result<EmailChanged, MailError> {
        let Some(code) = normalize_email_code(code) else {
            return Err(MailError::WrongCode {
                attempts_left: None,
            });
        };
        let member = self.member_id()?;
        self.flush(&member).await?;
        let params = serde_json::to_value(api::EmailConfirmBody { code: &code })?;
        let answer = crate::pending::submit::<ConfirmAnswer>(
            &self.ctx,
            "email_change_confirm",
            api::EMAIL_CHANGE_CONFIRM,
            params,
            None,
        )
        .await?
        .map_err(|e| api::email_refusal(&self.ctx.profile, e))?;
        let email = answer.account.email.unwrap_or_default();
        store::save_email(&self.ctx.storage.conn(), &member, Some(&email))?;
        let mut login_id_changed = false;
        // The phone's session names the login ID (the first screen shows it): keep it true.
        if let Some(mut session) = self.ctx.session.load()?
            && session.login_id != answer.account.login_id
        {
            session.login_id = answer.account.login_id.clone();
            self.ctx.session.save(&session)?;
            login_id_changed = true;
        }
        tracing::info!(login_id_changed, "e-mail address changed");
        Ok(EmailChanged {
            email,
            login_id: answer.account.login_id,
            login_id_changed,
        })
    }

    // -----------------------------------------------------------------------------------
    // Help

    /// The checklist for "mail does not arrive". Works signed out and offline too (mail of
    /// a sign-up or a password reset may be the one missing): then the address and the
    /// newsletter are what the phone last knew, or unknown. Signed in and online, queued
    /// changes are sent and the address and setting read fresh first. Only a failing
    /// on-device store is an error.
    async fn help_checklist(&self) -> Result<DeliveryHelp, MailError> {
        let Some(session) = self.ctx.session.load()? else {
            return Ok(help::delivery_help(&self.ctx.profile, None, None));
        };
        let member = session.member_id;
        // Help must not fail for the problem it helps with: any trouble reaching the server
        // (or a session that just ended) leaves the checklist to what the phone knows.
        match self.flush(&member).await {
            Ok(flush) if !flush.offline => {
                if let Err(e) = self.refresh(&member).await {
                    tracing::info!(error = e.code(), "delivery help: using the phone's copy");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::info!(error = e.code(), "delivery help: using the phone's copy"),
        }
        let email = store::cached(&self.ctx.storage.conn(), &member)?.email;
        let newsletter = self.view(&member, false)?.newsletter.on;
        Ok(help::delivery_help(
            &self.ctx.profile,
            email.as_deref(),
            newsletter,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::policy::LoginIdViolationCode;

    #[test]
    fn codes_are_read_as_a_member_types_them() {
        assert_eq!(normalize_email_code("123456").as_deref(), Some("123456"));
        assert_eq!(normalize_email_code("123 456").as_deref(), Some("123456"));
        assert_eq!(
            normalize_email_code("１２３４５６").as_deref(),
            Some("123456")
        );
        assert_eq!(normalize_email_code("123-456").as_deref(), Some("123456"));
        assert_eq!(normalize_email_code("12345"), None);
        assert_eq!(normalize_email_code("1234567"), None);
        assert_eq!(normalize_email_code("12345a"), None);
        assert_eq!(normalize_email_code(""), None);
    }

    #[test]
    fn email_check_says_what_is_wrong() {
        let check = check_email("taro@@example.jp");
        assert!(!check.valid);
        assert_eq!(check.codes(), [LoginIdViolationCode::InvalidEmail]);
        assert!(check.violations[0].message_ja.contains("@"));
        let check = check_email("taro@example");
        assert!(!check.valid);
        assert!(check.violations[0].message_en.contains("dot"));
        assert!(check_email("taro@example.jp").valid);
        let check = check_email(" taro@example.jp");
        assert_eq!(
            check.codes(),
            [LoginIdViolationCode::LeadingOrTrailingSpace]
        );
    }

    #[tokio::test]
    async fn a_refused_connection_counts_as_never_sent_and_a_broken_answer_does_not() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let api =
            crate::http::ApiClient::new(&format!("http://127.0.0.1:{port}/")).expect("client");
        let e = SessionError::Api(
            api.send::<serde_json::Value>(Method::GET, "v1/x", None, None)
                .await
                .expect_err("nothing listens"),
        );
        assert!(never_sent(&e), "{e:?}");
        assert!(keeps_waiting(&e));
        let network = |detail: &str| SessionError::Api(ApiError::Network(detail.into()));
        assert!(!never_sent(&network("answer cut off")));
        assert!(!never_sent(&network("timed out (api.example.jp)")));
    }

    #[test]
    fn outbox_waits_on_outages_and_drops_only_refusals() {
        let server = |status: u16| {
            SessionError::Api(ApiError::Server {
                status,
                code: "x".into(),
                message: String::new(),
                body: serde_json::Value::Null,
            })
        };
        assert!(keeps_waiting(&SessionError::Api(ApiError::Network(
            "x".into()
        ))));
        assert!(keeps_waiting(&SessionError::Api(ApiError::Malformed(
            "x".into()
        ))));
        for status in [500, 502, 503, 504, 404, 408, 429] {
            assert!(keeps_waiting(&server(status)), "{status}");
            assert!(refused(&server(status)).is_none(), "{status}");
        }
        for status in [400, 409, 422] {
            assert!(refused(&server(status)).is_some(), "{status}");
            assert!(!keeps_waiting(&server(status)), "{status}");
        }
        assert!(!keeps_waiting(&SessionError::Expired));
        assert!(refused(&SessionError::Expired).is_none());
    }
}
