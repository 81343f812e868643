//! The registered point card as a stand-in for the one-time code (profile
//! `member_code.static_fallback`): read from the on-device cards cache, never fetched (it is
//! needed exactly when the phone is offline).

use crate::cards::cache;
use crate::cards::types::CardState;
use crate::context::Context;
use crate::profile::Symbology;

use super::member_code::StaticCardCode;
use super::symbology::is_two_dimensional;

/// The member's first active point card in the cards cache (list order) whose full number
/// is held: credit cards never are (SPEC §4.2), expired or invalid cards would be refused at
/// the till. `None` when the cache holds no such card or cannot be read: then nothing is
/// offered, the reason alone is shown.
pub(crate) fn lookup(ctx: &Context, member_id: &str) -> Option<StaticCardCode> {
    let cards = match cache::shown(&ctx.storage.conn(), member_id) {
        Ok(cards) => cards,
        Err(e) => {
            tracing::warn!(error = %e, "cards cache unreadable; no point card offered");
            return None;
        }
    };
    let credit = |card_type: &str| {
        ctx.profile
            .cards
            .types
            .iter()
            .any(|t| t.id == card_type && t.credit_card)
    };
    let card = cards.into_iter().find(|c| {
        c.state == CardState::Active
            && !credit(&c.card_type)
            && c.number
                .as_deref()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })?;
    Some(StaticCardCode::new(
        card.number.unwrap_or_default(),
        card.card_type,
        symbology(&ctx.profile.member_code.symbologies),
    ))
}

/// Cards carry a linear barcode: the profile's first linear symbology, else Code128.
fn symbology(accepted: &[Symbology]) -> Symbology {
    accepted
        .iter()
        .copied()
        .find(|s| !is_two_dimensional(*s))
        .unwrap_or(Symbology::Code128)
}
