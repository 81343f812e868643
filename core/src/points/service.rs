//! The points service: what the app does with the member API and the on-device cache.
//!
//! Reading is offline-first: [`Points::balance`] and [`Points::history`] read the cache only
//! (instant, and they work with no network), each marked with when it was last synced.
//! [`Points::refresh`] brings the cache up to date incrementally: it asks the server for the
//! entries after its cursor (`GET v1/points/changes?since=…`), so an unchanged history costs
//! one small request whose answer holds no entry, and a changed one only the new entries.
//! Every page of a sync is fetched before anything is written, then the whole sync is imported
//! in one transaction: a failure anywhere leaves the cache as it was.
//!
//! Errors: the work speaks [`PointsError`]; the public methods of [`Points`] (here and in
//! `family.rs`) are the capability's public edge, one line each that maps into
//! [`TamaruError`] by `?`.

use std::sync::Arc;

use reqwest::Method;

use super::api::{self, ChangesPage, EntryAnswer, ServerBalance, ServerEntry};
use super::cache::{self, Import};
use super::error::PointsError;
use super::expiry::{japan_today, parse_date};
use super::model::{
    HistoryPage, HistoryQuery, PointBalance, PointEntry, PointEntryKind, SyncReport,
};
use crate::context::Context;
use crate::error::TamaruError;

/// Entries per sync request. A first sync of 100,000 entries takes 100 requests.
const SYNC_PAGE: u32 = 1000;
/// A server that keeps saying "more" is broken, not a member with that much history.
const MAX_SYNC_PAGES: u32 = 10_000;

/// The member's points, as the app reaches them through [`crate::app::MemberApp::points`].
#[derive(Clone)]
pub struct Points {
    pub(crate) ctx: Arc<Context>,
}

// ---------------------------------------------------------------------------------------
// The public edge: PointsError becomes TamaruError here, by `?`, and nowhere else.

impl Points {
    /// Brings the cache up to date with the server: only what is new since the last sync.
    /// One request when nothing changed. On any error the cache is left as it was.
    pub async fn refresh(&self) -> Result<SyncReport, TamaruError> {
        Ok(refresh(&self.ctx).await?)
    }

    /// The balance from the cache, as of today's Japan date by the app's clock: the total, the
    /// breakdown by expiry date and the points expiring within
    /// `profile.points.expiring_soon_days`. Works offline; [`TamaruError::PointsNotSynced`]
    /// before the first sync of the signed-in member.
    pub fn balance(&self) -> Result<PointBalance, TamaruError> {
        Ok(balance(&self.ctx)?)
    }

    /// One page of history from the cache, newest first, filtered by kind and date range.
    /// Works offline; [`TamaruError::PointsNotSynced`] before the first sync.
    pub fn history(&self, query: &HistoryQuery) -> Result<HistoryPage, TamaruError> {
        let state = own_state(&self.ctx)?;
        let conn = self.ctx.storage.conn();
        Ok(cache::history_page(&conn, &state, query)?)
    }

    /// When the cache last heard from the server (RFC 3339), if it holds this member's data.
    pub fn last_synced(&self) -> Result<Option<String>, TamaruError> {
        match own_state(&self.ctx) {
            Ok(state) => Ok(Some(state.synced_at)),
            Err(PointsError::NotSynced) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Uses points in the app (an exchange, a charge), today. Programs with an external member
    /// ID (`wester`) need a linked account: [`TamaruError::PointsNeedLinkedId`] carries the
    /// support page to link it. The cache is refreshed afterwards (best effort: the use stands
    /// even if that refresh fails).
    pub async fn use_points(&self, points: u64, text: &str) -> Result<PointEntry, TamaruError> {
        Ok(use_points(&self.ctx, points, text).await?)
    }
}

// ---------------------------------------------------------------------------------------
// The work, in PointsError.

fn member_id(ctx: &Context) -> Result<String, PointsError> {
    Ok(ctx.session.member_id()?)
}

/// The cache's sync state if it belongs to the signed-in member.
fn own_state(ctx: &Context) -> Result<cache::SyncState, PointsError> {
    let member = member_id(ctx)?;
    let conn = ctx.storage.conn();
    match cache::sync_state(&conn)? {
        Some(state) if state.member_id == member => Ok(state),
        _ => Err(PointsError::NotSynced),
    }
}

fn balance(ctx: &Context) -> Result<PointBalance, PointsError> {
    let state = own_state(ctx)?;
    let today = japan_today(ctx.clock.as_ref());
    let conn = ctx.storage.conn();
    cache::balance(&conn, &state, today, ctx.profile.points.expiring_soon_days)
}

/// A history entry the server sent, checked: a kind this core knows, a real date.
pub(crate) fn to_entry(entry: ServerEntry) -> Result<PointEntry, PointsError> {
    let malformed = |what: &str| PointsError::Malformed(what.to_owned());
    let kind = PointEntryKind::parse(&entry.kind)
        .ok_or_else(|| malformed("a history entry of an unknown kind"))?;
    parse_date(&entry.date).map_err(|_| malformed("a history entry's date is not YYYY-MM-DD"))?;
    Ok(PointEntry {
        id: entry.id,
        date: entry.date,
        points: entry.points,
        kind,
        store: entry.store,
        text: entry.text,
    })
}

pub(crate) async fn refresh(ctx: &Context) -> Result<SyncReport, PointsError> {
    let member = member_id(ctx)?;
    let since = {
        let conn = ctx.storage.conn();
        cache::sync_state(&conn)?
            .filter(|s| s.member_id == member)
            .map(|s| s.cursor)
    };
    let mut cursor = since.clone();
    let mut entries: Vec<PointEntry> = Vec::new();
    let mut balance: Option<ServerBalance> = None;
    let mut requests = 0u32;
    loop {
        let path = match &cursor {
            Some(c) => format!(
                "{}?limit={SYNC_PAGE}&since={}",
                api::CHANGES,
                url::form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
            ),
            None => format!("{}?limit={SYNC_PAGE}", api::CHANGES),
        };
        let page: ChangesPage = ctx
            .session
            .call_detailed(Method::GET, &path, None)
            .await?
            .map_err(|e| api::refusal(&ctx.profile, e, 0))?;
        requests += 1;
        for entry in page.entries {
            entries.push(to_entry(entry)?);
        }
        if page.balance.is_some() {
            balance = page.balance;
        }
        cursor = Some(page.cursor);
        if !page.more {
            break;
        }
        if requests >= MAX_SYNC_PAGES {
            return Err(PointsError::Malformed(format!(
                "the history sync did not end after {requests} pages"
            )));
        }
    }
    let synced_at = ctx.clock.now().to_rfc3339();
    let Some(balance) = balance else {
        // Nothing new since the cursor: the cache is current, say so.
        if entries.is_empty() && since.is_some() {
            let conn = ctx.storage.conn();
            cache::mark_synced(&conn, &member, &synced_at)?;
            return Ok(SyncReport {
                new_entries: 0,
                changed: false,
                requests,
                last_synced: synced_at,
            });
        }
        return Err(PointsError::Malformed(
            "new history entries came without a balance".into(),
        ));
    };
    let mut breakdown = Vec::with_capacity(balance.breakdown.len());
    for bucket in balance.breakdown {
        parse_date(&bucket.expires).map_err(|_| {
            PointsError::Malformed("a balance expiry date is not YYYY-MM-DD".into())
        })?;
        breakdown.push((bucket.expires, bucket.points));
    }
    if let Some(first) = &balance.first_award {
        parse_date(first)
            .map_err(|_| PointsError::Malformed("the first award date is not YYYY-MM-DD".into()))?;
    }
    let cursor = cursor.unwrap_or_default();
    let conn = ctx.storage.conn();
    let new_entries = cache::import(
        &conn,
        &Import {
            member_id: &member,
            since: since.as_deref(),
            cursor: &cursor,
            entries: &entries,
            breakdown: &breakdown,
            first_award: balance.first_award.as_deref(),
            synced_at: &synced_at,
        },
    )?;
    Ok(SyncReport {
        new_entries,
        changed: true,
        requests,
        last_synced: synced_at,
    })
}

async fn use_points(ctx: &Context, points: u64, text: &str) -> Result<PointEntry, PointsError> {
    check_amount(points)?;
    let params = serde_json::to_value(api::UseBody { points, text })?;
    // Kept on the phone with its key until the answer is known (`pending.rs`).
    let answer: EntryAnswer = move_points(ctx, "points_use", api::USE, params, points).await?;
    let entry = to_entry(answer.entry)?;
    let _ = refresh(ctx).await;
    Ok(entry)
}

/// A write that moves `points` (a use, a family transfer), kept on the phone with its key
/// until the answer is known (`pending.rs`). Its refusal is read once ([`api::refusal`]);
/// "not enough points" is completed with what the member holds now, after a refresh.
pub(crate) async fn move_points(
    ctx: &Context,
    kind: &str,
    path: &str,
    params: serde_json::Value,
    points: u64,
) -> Result<EntryAnswer, PointsError> {
    let refused = match crate::pending::submit(ctx, kind, path, params, None).await? {
        Ok(answer) => return Ok(answer),
        Err(e) => api::refusal(&ctx.profile, e, points),
    };
    Err(match refused {
        PointsError::Insufficient { requested, .. } => {
            let _ = refresh(ctx).await;
            PointsError::Insufficient {
                requested,
                available: balance(ctx).map(|b| b.total).unwrap_or(0),
            }
        }
        other => other,
    })
}

/// Zero points is a mistake the app can see before any request.
pub(crate) fn check_amount(points: u64) -> Result<(), PointsError> {
    if points == 0 {
        return Err(PointsError::InvalidAmount("at least 1 point".into()));
    }
    if points > 100_000_000 {
        return Err(PointsError::InvalidAmount(format!(
            "{points} is more than one operation can move"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, date: &str) -> ServerEntry {
        ServerEntry {
            id: 7,
            kind: kind.into(),
            date: date.into(),
            points: -5,
            store: None,
            text: "x".into(),
        }
    }

    #[test]
    fn server_entries_with_unknown_kinds_or_bad_dates_are_malformed() {
        let ok = to_entry(entry("transfer", "2025-02-28")).expect("entry");
        assert_eq!((ok.kind, ok.points), (PointEntryKind::Transfer, -5));
        for (kind, date) in [
            ("bonus", "2025-02-28"),
            ("earn", "2025-02-29"),
            ("earn", ""),
        ] {
            assert!(
                matches!(to_entry(entry(kind, date)), Err(PointsError::Malformed(_))),
                "{kind} {date}"
            );
        }
    }

    #[test]
    fn amounts_are_checked_before_any_request() {
        assert!(check_amount(1).is_ok());
        assert!(check_amount(100_000_000).is_ok());
        for bad in [0, 100_000_001, u64::MAX] {
            assert!(matches!(
                check_amount(bad),
                Err(PointsError::InvalidAmount(_))
            ));
        }
    }

    #[test]
    fn the_linked_id_error_names_the_support_page_in_both_languages() {
        let e = TamaruError::PointsNeedLinkedId {
            url: "https://example.jp/member/".into(),
        };
        assert_eq!(e.code(), "points_need_linked_id");
        assert!(e.message_ja().contains("https://example.jp/member/"));
        assert!(e.message_en().contains("https://example.jp/member/"));
        let e = TamaruError::InsufficientPoints {
            requested: 30,
            available: 12,
        };
        assert!(e.message_ja().contains("30") && e.message_ja().contains("12"));
    }
}
