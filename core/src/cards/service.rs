//! The cards service: registration, the list and its on-device copy, and the account merge
//! (SPEC §4), against the member API.
//!
//! - **Registration** ([`Cards::register`], or [`Cards::prepare`] then
//!   [`CardRegistration::submit`]): the offline pre-check first (nothing is sent for a
//!   mistyped number or PIN), then the card limits against the on-device copy (a second
//!   credit card's number is not even sent; a copy that says "full" is confirmed with the
//!   server's list before the member is refused, so a stale copy never blocks), then one
//!   request carrying an idempotency key made for this attempt. When the answer is lost (the
//!   connection broke after the server registered the card) the request is repeated with the
//!   same key, a few times, and the server answers with the first result instead of
//!   registering again. A member who taps "register" again later gets a new attempt; the
//!   server then answers that the card is already theirs ([`RegisteredCard::already_registered`]),
//!   which is a success: the member sees the card in the list either way.
//! - **List** ([`Cards::list`]): the on-device copy, offline, with when it was last synced.
//!   [`Cards::refresh`] fetches the list: a reissued card shows its new number, a lapsed card
//!   leaves the list, and each such change comes once as a [`CardNotice`] with its text.
//! - **Merge** ([`Cards::merge`], `waon`): another point account, named by one of its cards and
//!   its holder's personal details, joins the signed-in one; every rule that fails is its own
//!   error.
//!
//! There is no removal: a registered card cannot be taken off (SPEC §4.4), so no call here does it.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cache::{self, LapsedCard};
use super::input::{CardInput, CardInputError, CheckedCard, group_in_fours, precheck};
use super::types::{
    Card, CardList, CardMismatch, CardNotice, CardNoticeKind, CardRefresh, CardState, MergeRequest,
    MergeResult, PersonalDetails, PersonalDetailsProblem, RegisteredCard,
};
use crate::context::Context;
use crate::error::TamaruError;
use crate::http::{ApiError, ErasedBody, server_values};
use crate::profile::{CardTypeRule, Profile};

/// Longest name accepted in personal details (characters).
const MAX_NAME_CHARS: usize = 100;

/// The member's cards, as the app reaches them through [`crate::app::MemberApp::cards`].
#[derive(Clone)]
pub struct Cards {
    pub(crate) ctx: Arc<Context>,
}

/// One registration attempt: a pre-checked card and the idempotency key made for it.
///
/// Keep it while the member may retry (a "try again" after a network error): every
/// [`submit`](Self::submit) sends the same key, so however often it is sent the card is
/// registered once. A new attempt (a new [`Cards::prepare`]) gets a new key.
pub struct CardRegistration {
    ctx: Arc<Context>,
    card: CheckedCard,
    key: String,
}

impl fmt::Debug for CardRegistration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `CheckedCard`'s Debug masks a credit card's number and never prints the PIN.
        f.debug_struct("CardRegistration")
            .field("card", &self.card)
            .field("key", &self.key)
            .finish()
    }
}

impl Cards {
    /// The offline pre-check alone, for live feedback while the member types: every problem
    /// with the number, PIN and answers (empty when the input can be sent).
    pub fn check(&self, input: &CardInput) -> Vec<CardInputError> {
        precheck(&self.ctx.profile, input).err().unwrap_or_default()
    }

    /// The offline check of an account merge's personal details alone, for live feedback
    /// while the member types: every problem (empty when they can be sent).
    pub fn check_personal_details(&self, details: &PersonalDetails) -> Vec<PersonalDetailsProblem> {
        match check_personal_details(details, japan_today(&self.ctx)) {
            Err(TamaruError::InvalidPersonalDetails { problems }) => problems,
            _ => Vec::new(),
        }
    }

    /// Starts a registration attempt: the offline pre-check ([`TamaruError::CardInput`] with
    /// every problem), and a fresh idempotency key. Sends nothing.
    /// Registering needs the member's answer to "already registered as a member at the
    /// issuing shop?" where the card type asks it (SPEC §4.2); the offline pre-check alone
    /// leaves it optional, so QA can check a number by itself.
    pub fn prepare(&self, input: &CardInput) -> Result<CardRegistration, TamaruError> {
        super::platform::refuse_elsewhere(&self.ctx.profile, &input.card_type, self.ctx.platform)?;
        let mut card = precheck(&self.ctx.profile, input);
        let asks = self
            .ctx
            .profile
            .card_type(&input.card_type)
            .is_some_and(|t| t.asks_member_registered);
        if asks && input.member_registered.is_none() {
            let missing = CardInputError::MemberRegisteredRequired;
            card = match card {
                Ok(_) => Err(vec![missing]),
                Err(mut errors) => {
                    errors.push(missing);
                    Err(errors)
                }
            };
        }
        let card = card.map_err(|errors| TamaruError::CardInput { errors })?;
        Ok(CardRegistration {
            ctx: self.ctx.clone(),
            card,
            key: new_key(),
        })
    }

    /// Registers a card: [`prepare`](Self::prepare) then [`CardRegistration::submit`].
    pub async fn register(&self, input: &CardInput) -> Result<RegisteredCard, TamaruError> {
        self.prepare(input)?.submit().await
    }

    /// The on-device copy of the list (offline), with when it was last synced.
    pub fn list(&self) -> Result<CardList, TamaruError> {
        let member = member_id(&self.ctx)?;
        let conn = self.ctx.storage.conn();
        Ok(CardList {
            cards: cache::shown(&conn, &member)?,
            synced_at: cache::synced_at(&conn, &member)?,
        })
    }

    /// Fetches the list from the server and keeps it on the device. A reissued card shows
    /// its new number (same card ID, no new registration); a card whose membership lapsed
    /// leaves the list. Each reissue and lapse comes once as a notice, the first time this
    /// install sees it (a new phone hears about a lapse once too: the member may not know).
    pub async fn refresh(&self) -> Result<CardRefresh, TamaruError> {
        let member = member_id(&self.ctx)?;
        let list: ListBody = self.ctx.session.call(Method::GET, "v1/cards", None).await?;
        apply_list(&self.ctx, &member, list.cards, list.lapsed)
    }

    /// How many cards the server holds for the member now, without touching the on-device
    /// copy or using up its notices (withdrawal states this before the member confirms).
    pub(crate) async fn registered_count(&self) -> Result<u32, TamaruError> {
        let list: ListBody = self.ctx.session.call(Method::GET, "v1/cards", None).await?;
        Ok(u32::try_from(list.cards.len()).unwrap_or(u32::MAX))
    }

    /// Merges another point account into the signed-in one (SPEC §4.5): the one holding the
    /// card `request.card_number`, whose holder must be `request.holder`.
    ///
    /// Offline first: the program must offer merging ([`TamaruError::MergeNotOffered`]), the
    /// number must pass the card pre-check ([`TamaruError::CardInput`]), the details must be
    /// usable ([`TamaruError::InvalidPersonalDetails`]), and a card already in the on-device
    /// list is [`TamaruError::MergeSameAccount`]. The server then checks that the details match
    /// ([`TamaruError::MergeDetailsMismatch`]), that the result keeps the limits
    /// ([`TamaruError::MergeCardLimitExceeded`], [`TamaruError::SecondCreditCard`] with code
    /// `6213`), and that such an account exists ([`TamaruError::MergeAccountNotFound`]).
    /// The signed-in account keeps its accrual start month; the result says which.
    pub async fn merge(&self, request: &MergeRequest) -> Result<MergeResult, TamaruError> {
        let profile = &self.ctx.profile;
        if !profile.cards.account_merge {
            return Err(TamaruError::MergeNotOffered);
        }
        let checked = precheck(
            profile,
            &CardInput::new(&request.card_type, &request.card_number),
        )
        .map_err(|errors| TamaruError::CardInput { errors })?;
        let holder = check_personal_details(&request.holder, japan_today(&self.ctx))?;
        let member = member_id(&self.ctx)?;
        let in_list = {
            let conn = self.ctx.storage.conn();
            cache::shown(&conn, &member)?
        }
        .iter()
        .any(|c| c.number.as_deref() == Some(checked.number.as_str()));
        if in_list {
            return Err(TamaruError::MergeSameAccount);
        }
        let params = serde_json::to_value(MergeBody {
            card_type: &checked.card_type,
            number: &checked.number,
            holder: &holder,
        })
        .map_err(|e| TamaruError::Storage {
            detail: e.to_string(),
        })?;
        // Kept on the phone with its key until the answer is known (`pending.rs`): a
        // repeated press after a lost answer gets the first merge's answer.
        let answer: MergeAnswer =
            crate::pending::submit(&self.ctx, "card_merge", "v1/cards/merge", params, None)
                .await?
                .map_err(|e| map_refusal(&self.ctx.profile, e))?;
        let refreshed = apply_list(&self.ctx, &member, answer.cards, answer.lapsed)?;
        Ok(MergeResult {
            cards: refreshed.cards,
            merged_cards: answer.merged_cards,
            first_award_date: answer.first_award_date,
            accrual_start_month: answer.accrual_start_month,
            merged_at: answer.merged_at,
        })
    }
}

impl CardRegistration {
    /// The key every submission of this attempt carries.
    pub fn idempotency_key(&self) -> &str {
        &self.key
    }

    /// The card as the app may show it while registering (masked for a credit card).
    pub fn display_number(&self) -> &str {
        self.card.display_number()
    }

    /// Sends the registration (again, when called again: same key, registered once).
    ///
    /// Before sending, the limits are checked against the on-device list, confirmed with
    /// the server's list when they look reached ([`TamaruError::CardLimitReached`],
    /// [`TamaruError::SecondCreditCard`] without a server code, [`TamaruError::CardTypeLimitReached`]).
    /// The server's refusals come back as their own errors (SPEC §4.3). On success the card
    /// (and a credit card's e-money card) joins the on-device list.
    pub async fn submit(&self) -> Result<RegisteredCard, TamaruError> {
        let ctx = &self.ctx;
        let member = member_id(ctx)?;
        self.check_limits(&member).await?;
        let body = RegisterBody {
            idempotency_key: &self.key,
            card_type: &self.card.card_type,
            number: &self.card.number,
            pin: self.card.pin.as_deref(),
            member_registered: self.card.member_registered,
        };
        let answer: RegisterAnswer = send_idempotent(ctx, "v1/cards", &body).await?;
        let card = to_card(&ctx.profile, answer.card);
        let linked: Vec<Card> = answer
            .linked
            .into_iter()
            .map(|c| to_card(&ctx.profile, c))
            .collect();
        {
            let conn = ctx.storage.conn();
            let all: Vec<Card> = std::iter::once(card.clone())
                .chain(linked.iter().cloned())
                .collect();
            cache::upsert(&conn, &member, &all, |t| is_credit(&ctx.profile, t))?;
        }
        Ok(RegisteredCard {
            card,
            linked,
            already_registered: answer.already_registered,
        })
    }

    /// The limits, offline where the on-device list allows.
    async fn check_limits(&self, member: &str) -> Result<(), TamaruError> {
        let profile = &self.ctx.profile;
        let Some(rule) = profile.card_type(&self.card.card_type) else {
            return Ok(());
        };
        let local = {
            let conn = self.ctx.storage.conn();
            cache::shown(&conn, member)?
        };
        // The card may already be this account's (the server then answers "already
        // registered", a success): let the server tell.
        if self.is_listed(&local) || limit_refusal(profile, rule, &local).is_none() {
            return Ok(());
        }
        // The copy may be stale (a card lapsed or was merged away since): ask before
        // refusing. Only the list is fetched; the member's own refresh brings the notices.
        let list: ListBody = self.ctx.session.call(Method::GET, "v1/cards", None).await?;
        let fresh: Vec<Card> = list
            .cards
            .into_iter()
            .map(|c| to_card(profile, c))
            .collect();
        match limit_refusal(profile, rule, &fresh) {
            Some(refusal) if !self.is_listed(&fresh) => Err(refusal),
            _ => Ok(()),
        }
    }

    /// Whether the list may already hold this card (for a credit card only its last 4
    /// digits are known, so a card of the type with the same last 4 counts).
    fn is_listed(&self, cards: &[Card]) -> bool {
        cards.iter().any(|c| {
            c.card_type == self.card.card_type
                && if self.card.credit_card {
                    c.last4 == self.card.last4
                } else {
                    c.number.as_deref() == Some(self.card.number.as_str())
                }
        })
    }
}

/// Which limit a new card of type `rule` would break on top of `cards`, if any. The
/// per-type limit comes first (a second credit card is its own case, SPEC §4.3), then the
/// total, counting the e-money card a credit card brings along.
fn limit_refusal(profile: &Profile, rule: &CardTypeRule, cards: &[Card]) -> Option<TamaruError> {
    if let Some(limit) = rule.max_per_account {
        let of_type = cards.iter().filter(|c| c.card_type == rule.id).count();
        if of_type as u64 >= u64::from(limit) {
            return Some(if rule.credit_card {
                TamaruError::SecondCreditCard { server_code: None }
            } else {
                TamaruError::CardTypeLimitReached {
                    card_type: rule.id.clone(),
                    limit,
                }
            });
        }
    }
    let adding = 1 + u64::from(rule.links_emoney);
    let limit = profile.cards.max_total;
    (cards.len() as u64 + adding > u64::from(limit))
        .then_some(TamaruError::CardLimitReached { limit })
}

// ---------------------------------------------------------------------------------------
// Wire formats

#[derive(Serialize)]
struct RegisterBody<'a> {
    idempotency_key: &'a str,
    card_type: &'a str,
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_registered: Option<bool>,
}

#[derive(Serialize)]
struct MergeBody<'a> {
    card_type: &'a str,
    number: &'a str,
    holder: &'a PersonalDetails,
}

/// A card as the server sends it.
#[derive(Deserialize)]
struct CardBody {
    id: String,
    card_type: String,
    #[serde(default)]
    number: Option<String>,
    last4: String,
    #[serde(default)]
    point_account: Option<String>,
    #[serde(default)]
    linked_to: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    registered_at: String,
    #[serde(default)]
    expires_on: Option<String>,
    state: CardState,
}

#[derive(Deserialize)]
struct LapsedBody {
    id: String,
    card_type: String,
    last4: String,
    #[serde(default)]
    issuer: Option<String>,
}

#[derive(Deserialize)]
struct ListBody {
    cards: Vec<CardBody>,
    #[serde(default)]
    lapsed: Vec<LapsedBody>,
}

#[derive(Deserialize)]
struct RegisterAnswer {
    card: CardBody,
    #[serde(default)]
    linked: Vec<CardBody>,
    #[serde(default)]
    already_registered: bool,
}

#[derive(Deserialize)]
struct MergeAnswer {
    merged_cards: u32,
    cards: Vec<CardBody>,
    #[serde(default)]
    lapsed: Vec<LapsedBody>,
    #[serde(default)]
    first_award_date: Option<String>,
    #[serde(default)]
    accrual_start_month: Option<String>,
    merged_at: String,
}

fn is_credit(profile: &Profile, card_type: &str) -> bool {
    profile.card_type(card_type).is_some_and(|t| t.credit_card)
}

/// A card as the app keeps and shows it. Whatever the server sends, a credit card keeps no
/// number: only its last 4 digits, masked for display.
fn to_card(profile: &Profile, body: CardBody) -> Card {
    let rule = profile.card_type(&body.card_type);
    let credit = rule.is_some_and(|t| t.credit_card);
    let last4: String = body
        .last4
        .chars()
        .filter(char::is_ascii_digit)
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let number = body
        .number
        .filter(|n| !credit && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let display_number = match &number {
        Some(n) => group_in_fours(n),
        None => {
            let digits = rule.map_or(16, |t| t.digits as usize).max(last4.len());
            group_in_fours(&("*".repeat(digits - last4.len()) + &last4))
        }
    };
    Card {
        id: body.id,
        card_type: body.card_type,
        number,
        last4,
        display_number,
        point_account: body.point_account,
        linked_to: body.linked_to,
        issuer: body.issuer,
        registered_at: body.registered_at,
        expires_on: body.expires_on,
        state: body.state,
    }
}

/// Keeps the server's list on the device and works out what to tell the member.
fn apply_list(
    ctx: &Context,
    member: &str,
    cards: Vec<CardBody>,
    lapsed: Vec<LapsedBody>,
) -> Result<CardRefresh, TamaruError> {
    let profile = &ctx.profile;
    let cards: Vec<Card> = cards.into_iter().map(|c| to_card(profile, c)).collect();
    let lapsed: Vec<LapsedCard> = lapsed
        .into_iter()
        .map(|l| LapsedCard {
            id: l.id,
            card_type: l.card_type,
            last4: l.last4,
            issuer: l.issuer,
        })
        .collect();
    let synced_at = ctx.clock.now().to_rfc3339();
    let conn = ctx.storage.conn();
    let before: HashMap<String, cache::CachedCard> = cache::load(&conn, member)?
        .into_iter()
        .map(|c| (c.card.id.clone(), c))
        .collect();
    let mut notices = Vec::new();
    for card in &cards {
        if let Some(old) = before.get(&card.id).filter(|old| !old.lapsed)
            && (old.card.last4 != card.last4 || old.card.number != card.number)
        {
            notices.push(reissued_notice(profile, card, &old.card.last4));
        }
    }
    for gone in &lapsed {
        if !before.get(&gone.id).is_some_and(|old| old.lapsed) {
            notices.push(lapsed_notice(profile, gone));
        }
    }
    cache::replace(&conn, member, &cards, &lapsed, &synced_at, |t| {
        is_credit(profile, t)
    })?;
    Ok(CardRefresh {
        cards,
        notices,
        synced_at,
    })
}

fn type_names(profile: &Profile, card_type: &str) -> (String, String) {
    profile.card_type(card_type).map_or_else(
        || (card_type.to_owned(), card_type.to_owned()),
        |t| (t.name_ja.clone(), t.name.clone()),
    )
}

/// "Membership lapsed: contact the issuing centre" (the source FAQ's answer).
fn lapsed_notice(profile: &Profile, gone: &LapsedCard) -> CardNotice {
    let (name_ja, name_en) = type_names(profile, &gone.card_type);
    let last4 = &gone.last4;
    let (issuer_ja, issuer_en) = match &gone.issuer {
        Some(issuer) => (
            format!("カード発行元の{issuer}"),
            format!("the card's issuer, {issuer}"),
        ),
        None => ("カード発行元".to_owned(), "the card's issuer".to_owned()),
    };
    CardNotice {
        kind: CardNoticeKind::Lapsed,
        card_id: gone.id.clone(),
        card_type: gone.card_type.clone(),
        last4: last4.clone(),
        issuer: gone.issuer.clone(),
        text_ja: format!(
            "{name_ja}（末尾{last4}）は会員資格が失効したため、表示されなくなりました。{issuer_ja}にお問い合わせください。"
        ),
        text_en: format!(
            "Your {name_en} ending in {last4} is no longer shown because its membership has lapsed. Please contact {issuer_en}."
        ),
    }
}

/// "Reissued: the new number shows; no new registration needed" (the source FAQ's answer).
fn reissued_notice(profile: &Profile, card: &Card, old_last4: &str) -> CardNotice {
    let (name_ja, name_en) = type_names(profile, &card.card_type);
    let new_last4 = &card.last4;
    CardNotice {
        kind: CardNoticeKind::Reissued,
        card_id: card.id.clone(),
        card_type: card.card_type.clone(),
        last4: old_last4.to_owned(),
        issuer: card.issuer.clone(),
        text_ja: format!(
            "{name_ja}（末尾{old_last4}）は再発行されたため、新しいカード番号（末尾{new_last4}）を表示しています。再登録の必要はありません。"
        ),
        text_en: format!(
            "Your {name_en} ending in {old_last4} was reissued: the new number (ending in {new_last4}) is shown. No new registration is needed."
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Requests

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn member_id(ctx: &Context) -> Result<String, TamaruError> {
    Ok(ctx.session.member_id()?)
}

/// Today's date in Japan (the members' calendar).
fn japan_today(ctx: &Context) -> NaiveDate {
    crate::points::expiry::japan_today(&*ctx.clock)
}

/// An idempotent write: sent with the HTTP client's retries, with the same body (so the
/// same key) when the answer is lost on the way, so the server applies it once
/// (`pending::send_repeatable`, shared by every keyed write). Refusals are mapped to their
/// own errors.
async fn send_idempotent<T: DeserializeOwned>(
    ctx: &Context,
    path: &str,
    body: &(dyn ErasedBody + '_),
) -> Result<T, TamaruError> {
    crate::pending::send_repeatable::<T>(ctx, path, body)
        .await?
        .map_err(|refusal| map_refusal(&ctx.profile, refusal))
}

/// The server's card and merge refusals as their own errors.
pub(crate) fn map_refusal(profile: &Profile, e: ApiError) -> TamaruError {
    let ApiError::Server { code, body, .. } = &e else {
        return e.into();
    };
    let number = |key: &str| {
        body.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    match code.as_str() {
        "card_details_mismatch" => TamaruError::CardDetailsMismatch {
            mismatches: body
                .get("mismatches")
                .and_then(Value::as_array)
                .map(|codes| {
                    codes
                        .iter()
                        .filter_map(Value::as_str)
                        .filter_map(CardMismatch::from_code)
                        .collect()
                })
                .unwrap_or_default(),
        },
        "card_expired_or_invalid" => TamaruError::CardExpiredOrInvalid {
            expired_on: text("expired_on").filter(|d| server_values::date(d).is_some()),
        },
        "pin_locked" => match (
            text("retry_at").as_deref().and_then(server_values::instant),
            body.get("retry_after_seconds").and_then(Value::as_u64),
        ) {
            (Some(retry_at), Some(retry_after_seconds)) => TamaruError::CardPinLocked {
                retry_at,
                retry_after_seconds,
            },
            _ => TamaruError::MalformedResponse {
                detail: "pin_locked without retry_at".into(),
            },
        },
        "card_of_another_person" => TamaruError::CardOfAnotherPerson,
        "card_registered_to_another_account" => TamaruError::CardRegisteredToAnotherAccount,
        "card_limit_reached" => TamaruError::CardLimitReached {
            limit: number("limit").unwrap_or(profile.cards.max_total),
        },
        "card_type_limit_reached" => TamaruError::CardTypeLimitReached {
            // Only one of the profile's card types, never any text the server sent.
            card_type: text("card_type")
                .filter(|t| profile.card_type(t).is_some())
                .unwrap_or_default(),
            limit: number("limit").unwrap_or(0),
        },
        "second_credit_card" => TamaruError::SecondCreditCard {
            server_code: text("server_code").filter(|c| server_values::protocol_code(c).is_some()),
        },
        "built_in_emoney_card" => TamaruError::BuiltInEmoneyCard,
        "merge_not_offered" => TamaruError::MergeNotOffered,
        "merge_account_not_found" => TamaruError::MergeAccountNotFound,
        "merge_same_account" => TamaruError::MergeSameAccount,
        "merge_details_mismatch" => TamaruError::MergeDetailsMismatch,
        "merge_card_limit" => TamaruError::MergeCardLimitExceeded {
            limit: number("limit").unwrap_or(profile.cards.max_total),
            total: number("total").unwrap_or(0),
        },
        _ => e.into(),
    }
}

/// Checks personal details offline and returns them trimmed. Every problem at once.
fn check_personal_details(
    details: &PersonalDetails,
    today: NaiveDate,
) -> Result<PersonalDetails, TamaruError> {
    let name = details.name.trim();
    let birth_date = details.birth_date.trim();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(PersonalDetailsProblem::NameMissing);
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(PersonalDetailsProblem::NameTooLong);
    }
    match NaiveDate::parse_from_str(birth_date, "%Y-%m-%d") {
        Ok(date) if date > today => problems.push(PersonalDetailsProblem::BirthDateInFuture),
        Ok(_) => {}
        Err(_) => problems.push(PersonalDetailsProblem::BirthDateInvalid),
    }
    if problems.is_empty() {
        Ok(PersonalDetails {
            name: name.to_owned(),
            birth_date: birth_date.to_owned(),
        })
    } else {
        Err(TamaruError::InvalidPersonalDetails { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waon() -> Arc<Profile> {
        Profile::builtin("waon").expect("waon")
    }

    fn body(card_type: &str, number: Option<&str>, last4: &str) -> CardBody {
        CardBody {
            id: "card_1".into(),
            card_type: card_type.into(),
            number: number.map(Into::into),
            last4: last4.into(),
            point_account: None,
            linked_to: None,
            issuer: None,
            registered_at: "2026-01-01T00:00:00Z".into(),
            expires_on: None,
            state: CardState::Active,
        }
    }

    fn listed(profile: &Profile, types: &[&str]) -> Vec<Card> {
        types
            .iter()
            .map(|t| to_card(profile, body(t, Some("6900000000000016"), "0016")))
            .collect()
    }

    #[test]
    fn a_credit_card_keeps_no_number_whatever_the_server_sends() {
        let profile = waon();
        let card = to_card(
            &profile,
            body("aeon_card", Some("4980000000000014"), "0014"),
        );
        assert_eq!(card.number, None);
        assert_eq!(card.display_number, "**** **** **** 0014");
        assert_eq!(card.last4, "0014");
        let card = to_card(&profile, body("aeon_card", None, "4980000000000014"));
        assert_eq!(
            card.last4, "0014",
            "only 4 digits are kept even if more are sent"
        );
        let card = to_card(
            &profile,
            body("waon_point_card", Some("6900000000000016"), "0016"),
        );
        assert_eq!(card.number.as_deref(), Some("6900000000000016"));
        assert_eq!(card.display_number, "6900 0000 0000 0016");
    }

    #[test]
    fn limits_per_type_first_then_in_all() {
        let profile = waon();
        let aeon = profile.card_type("aeon_card").expect("aeon");
        let point = profile.card_type("waon_point_card").expect("point");
        assert_eq!(limit_refusal(&profile, aeon, &[]), None);
        let with_aeon = listed(&profile, &["aeon_card"]);
        assert_eq!(
            limit_refusal(&profile, aeon, &with_aeon),
            Some(TamaruError::SecondCreditCard { server_code: None })
        );
        assert_eq!(limit_refusal(&profile, point, &with_aeon), None);
        let forty_nine = listed(&profile, &["waon_point_card"; 49]);
        assert_eq!(limit_refusal(&profile, point, &forty_nine), None);
        assert_eq!(
            limit_refusal(&profile, aeon, &forty_nine),
            Some(TamaruError::CardLimitReached { limit: 50 }),
            "a credit card brings its e-money card: 49 + 2 > 50"
        );
        let fifty = listed(&profile, &["waon_point_card"; 50]);
        assert_eq!(
            limit_refusal(&profile, point, &fifty),
            Some(TamaruError::CardLimitReached { limit: 50 })
        );
    }

    #[test]
    fn refusals_become_their_own_errors() {
        let profile = waon();
        let refusal = |code: &str, extra: Value| {
            let mut body = extra;
            body["error"] = Value::from(code);
            map_refusal(
                &profile,
                ApiError::Server {
                    status: 409,
                    code: code.into(),
                    message: String::new(),
                    body,
                },
            )
        };
        assert_eq!(
            refusal(
                "card_details_mismatch",
                serde_json::json!({"mismatches": ["pin_presence", "member_registration", "future"]})
            ),
            TamaruError::CardDetailsMismatch {
                mismatches: vec![CardMismatch::PinPresence, CardMismatch::MemberRegistration]
            }
        );
        assert_eq!(
            refusal(
                "second_credit_card",
                serde_json::json!({"server_code": "6213"})
            ),
            TamaruError::SecondCreditCard {
                server_code: Some("6213".into())
            }
        );
        assert_eq!(
            refusal(
                "merge_card_limit",
                serde_json::json!({"limit": 50, "total": 53})
            ),
            TamaruError::MergeCardLimitExceeded {
                limit: 50,
                total: 53
            }
        );
        assert_eq!(
            refusal("card_limit_reached", serde_json::json!({})),
            TamaruError::CardLimitReached { limit: 50 }
        );
        assert!(matches!(
            refusal("something_new", serde_json::json!({})),
            TamaruError::Server { .. }
        ));
    }

    #[test]
    fn every_card_error_has_its_own_code_and_both_texts() {
        let errors = [
            TamaruError::CardInput {
                errors: vec![CardInputError::BadCheckDigit, CardInputError::PinRequired],
            },
            TamaruError::CardDetailsMismatch {
                mismatches: vec![CardMismatch::Number],
            },
            TamaruError::CardExpiredOrInvalid {
                expired_on: Some("2020-03-31".into()),
            },
            TamaruError::CardOfAnotherPerson,
            TamaruError::CardRegisteredToAnotherAccount,
            TamaruError::CardLimitReached { limit: 50 },
            TamaruError::CardTypeLimitReached {
                card_type: "waon_point_card".into(),
                limit: 3,
            },
            TamaruError::SecondCreditCard {
                server_code: Some("6213".into()),
            },
            TamaruError::BuiltInEmoneyCard,
            TamaruError::MergeNotOffered,
            TamaruError::MergeAccountNotFound,
            TamaruError::MergeSameAccount,
            TamaruError::MergeDetailsMismatch,
            TamaruError::MergeCardLimitExceeded {
                limit: 50,
                total: 51,
            },
            TamaruError::InvalidPersonalDetails {
                problems: vec![PersonalDetailsProblem::NameMissing],
            },
        ];
        let mut codes = std::collections::HashSet::new();
        for e in &errors {
            assert!(codes.insert(e.code()), "{} twice", e.code());
            assert!(
                !e.message_ja().is_empty() && !e.message_en().is_empty(),
                "{e:?}"
            );
            assert!(!e.message_ja().is_ascii(), "{}: Japanese text", e.code());
        }
        // The texts carry what the member needs.
        assert!(errors[0].message_ja().contains("カード番号に誤り"));
        assert!(errors[0].message_ja().contains("PIN番号を入力"));
        assert!(errors[1].message_ja().contains("カード番号"));
        assert!(errors[5].message_en().contains("50"));
        assert!(errors[7].message_en().ends_with("(6213)"));
        assert!(errors[13].message_ja().contains("51枚"));
    }

    #[test]
    fn personal_details_are_checked_all_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).expect("date");
        let ok = check_personal_details(
            &PersonalDetails {
                name: "  山田 花子 ".into(),
                birth_date: "1990-04-01".into(),
            },
            today,
        )
        .expect("fine");
        assert_eq!(ok.name, "山田 花子");
        assert_eq!(
            check_personal_details(
                &PersonalDetails {
                    name: " ".into(),
                    birth_date: "1990/04/01".into(),
                },
                today
            ),
            Err(TamaruError::InvalidPersonalDetails {
                problems: vec![
                    PersonalDetailsProblem::NameMissing,
                    PersonalDetailsProblem::BirthDateInvalid
                ]
            })
        );
        assert_eq!(
            check_personal_details(
                &PersonalDetails {
                    name: "x".repeat(101),
                    birth_date: "2026-05-02".into(),
                },
                today
            ),
            Err(TamaruError::InvalidPersonalDetails {
                problems: vec![
                    PersonalDetailsProblem::NameTooLong,
                    PersonalDetailsProblem::BirthDateInFuture
                ]
            })
        );
    }

    #[test]
    fn notices_name_the_card_and_what_to_do() {
        let profile = Profile::builtin("wester").expect("wester");
        let notice = lapsed_notice(
            &profile,
            &LapsedCard {
                id: "card_1".into(),
                card_type: "sc_point_card".into(),
                last4: "0053".into(),
                issuer: Some("さんちか".into()),
            },
        );
        assert_eq!(notice.kind, CardNoticeKind::Lapsed);
        assert!(notice.text_ja.contains("末尾0053"), "{}", notice.text_ja);
        assert!(notice.text_ja.contains("さんちかにお問い合わせください"));
        assert!(
            notice
                .text_en
                .contains("contact the card's issuer, さんちか")
        );
        let card = to_card(
            &profile,
            body("sc_point_card", Some("6045000000000020"), "0020"),
        );
        let notice = reissued_notice(&profile, &card, "0012");
        assert_eq!(notice.last4, "0012");
        assert!(
            notice.text_ja.contains("末尾0020")
                && notice.text_ja.contains("再登録の必要はありません")
        );
    }
}
