//! The card behind the member code (SPEC §4.6, `waon`: the AEON card registered in the app):
//! which point account the code points to, and changing it, at most once a Japan day.
//!
//! "A day" is a Japan calendar day (JST, UTC+9, 00:00 to 24:00), as for every date rule of the
//! programs: a change at 23:59 JST allows the next one at 00:00 JST, a minute later. The
//! server decides and says when the next change is allowed; the core passes that on as
//! [`CardsError::CodeCardChangeLimited`] (`TamaruError::CodeCardChangeLimited` at the edge).
//!
//! After a change the code points to the new card's point account and its fixed last 4
//! digits change: the server gives this device a new device number, which the core keeps in
//! place of the old one, so the next code shown already ends in the new suffix. Mobile WAON's
//! exchange source is not touched.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::cards::CardsError;
use crate::cards::input::{CardInput, precheck};
use crate::context::Context;
use crate::error::TamaruError;

use super::api::{self, CodeCardAnswer};
use super::service::MemberCodes;

/// The card behind the member code, as the server knows it. Only last-4 figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CodeCard {
    /// The card's last 4 digits (`None`: no card registered yet).
    pub card_last4: Option<String>,
    /// The last 4 digits of the point account the member code points to.
    pub point_account_last4: Option<String>,
    /// The member code's fixed last 4 digits.
    pub device_suffix: String,
    /// The last 4 digits of the point account mobile WAON exchanges points from, where one is
    /// recorded (it stays across card changes).
    pub exchange_source_last4: Option<String>,
    /// The Japan date of the last change (`YYYY-MM-DD`).
    pub last_changed_on: Option<String>,
    /// When the next change is allowed (RFC 3339), after a change.
    pub next_change_from: Option<String>,
}

impl CodeCardAnswer {
    fn view(self) -> CodeCard {
        CodeCard {
            card_last4: self.card_last4,
            point_account_last4: self.point_account_last4,
            device_suffix: self.device_suffix,
            exchange_source_last4: self.exchange_source_last4,
            last_changed_on: self.last_changed_on,
            next_change_from: self.next_change_from,
        }
    }
}

/// The pending-write kind of a change (`pending.rs`).
pub(crate) const KIND: &str = "code_card_change";

/// Keeps what a change found applied only by asking (its answer was lost; `pending.rs`
/// has the server's stored answer) changed on the phone: the new device number.
pub(crate) fn keep_found_applied(
    ctx: &Context,
    member_id: &str,
    answer: &serde_json::Value,
) -> Result<(), CardsError> {
    keep_device_number(ctx, member_id, api::applied_device_number(answer))
}

/// Keeps the new device number a change gave this device, and drops codes made for the old
/// one. Also run when a change whose answer was lost is found applied (`pending::resolve`,
/// after a restart), so the next code ends in the new suffix either way.
pub(crate) fn keep_device_number(
    ctx: &Context,
    member_id: &str,
    device_number: &str,
) -> Result<(), CardsError> {
    if device_number.len() != super::DEVICE_NUMBER_DIGITS
        || !device_number.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(CardsError::Malformed(
            "the new device number is not 16 digits",
        ));
    }
    // Only into the session of the member the change was for (still signed in as them).
    if let Some(mut session) = ctx.session.load()?.filter(|s| s.member_id == member_id) {
        session.device_number = Some(device_number.to_owned());
        ctx.session.save(&session)?;
        super::store::clear(&ctx.storage.conn())?;
    }
    Ok(())
}

impl MemberCodes {
    /// The card behind the member code now.
    pub async fn code_card(&self) -> Result<CodeCard, TamaruError> {
        Ok(code_card(self.ctx()).await?)
    }

    /// Changes the card behind the member code to the card `number` (checked offline first
    /// as the profile's credit-card type). Once a Japan day: a second change the same day is
    /// [`TamaruError::CodeCardChangeLimited`] with when it is allowed again. On success the
    /// member code's last 4 digits change at once (also offline, for derived codes); codes held
    /// from the server are dropped, since they end in the old suffix.
    pub async fn change_code_card(&self, number: &str) -> Result<CodeCard, TamaruError> {
        Ok(change_code_card(self.ctx(), number).await?)
    }
}

/// The credit-card type behind the member code: the profile's one card type with
/// `credit_card`; [`CardsError::NoCodeCard`] for a program without one.
fn code_card_type(ctx: &Context) -> Result<String, CardsError> {
    ctx.profile
        .cards
        .types
        .iter()
        .find(|t| t.credit_card)
        .map(|t| t.id.clone())
        .ok_or(CardsError::NoCodeCard)
}

async fn code_card(ctx: &Context) -> Result<CodeCard, CardsError> {
    code_card_type(ctx)?;
    let answer: CodeCardAnswer = ctx
        .session
        .call_detailed(Method::GET, api::CODE_CARD, None)
        .await?
        .map_err(|e| api::code_card_refusal(&ctx.profile, e))?;
    Ok(answer.view())
}

async fn change_code_card(ctx: &Context, number: &str) -> Result<CodeCard, CardsError> {
    let card_type = code_card_type(ctx)?;
    let checked = precheck(
        &ctx.profile,
        &CardInput {
            card_type,
            number: number.to_owned(),
            has_pin: None,
            pin: None,
            member_registered: None,
        },
    )
    .map_err(CardsError::Input)?;
    let member = ctx.session.member_id()?;
    // Kept on the phone with its key until the answer is known (`pending.rs`): pressing
    // again after a lost answer gets the first change's answer, never
    // `code_card_change_limited` for the change that went through. The number is stored
    // with the pending write as a card merge's is, and goes at log-out with it.
    let answer: CodeCardAnswer = crate::pending::submit(
        ctx,
        KIND,
        api::CODE_CARD,
        serde_json::to_value(api::CodeCardChangeBody {
            number: &checked.number,
        })?,
        None,
    )
    .await?
    .map_err(|e| api::code_card_refusal(&ctx.profile, e))?;
    keep_device_number(ctx, &member, &answer.device_number)?;
    tracing::info!("card behind the member code changed");
    Ok(answer.view())
}
