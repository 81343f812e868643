//! The points service: what the app does with the member API and the on-device cache.
//!
//! Reading is offline-first: [`Points::balance`] and [`Points::history`] read the cache only
//! (instant, and they work with no network), each marked with when it was last synced.
//! [`Points::refresh`] brings the cache up to date incrementally: it asks the server for the
//! entries after its cursor (`GET v1/points/changes?since=…`), so an unchanged history costs
//! one small request whose answer holds no entry, and a changed one only the new entries.
//! Every page of a sync is fetched before anything is written, then the whole sync is imported
//! in one transaction: a failure anywhere leaves the cache as it was.

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::cache::{self, Import};
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

/// A history entry as the server sends it.
#[derive(Deserialize)]
pub(crate) struct ServerEntry {
    id: i64,
    kind: String,
    date: String,
    points: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    text: String,
}

impl ServerEntry {
    pub(crate) fn into_entry(self) -> Result<PointEntry, TamaruError> {
        let malformed = |what: String| TamaruError::MalformedResponse { detail: what };
        let kind = PointEntryKind::parse(&self.kind)
            .ok_or_else(|| malformed("a history entry of an unknown kind".to_owned()))?;
        parse_date(&self.date)
            .map_err(|_| malformed("a history entry's date is not YYYY-MM-DD".to_owned()))?;
        Ok(PointEntry {
            id: self.id,
            date: self.date,
            points: self.points,
            kind,
            store: self.store,
            text: self.text,
        })
    }
}

#[derive(Deserialize)]
struct ServerBucket {
    expires: String,
    points: u64,
}

#[derive(Deserialize)]
struct ServerBalance {
    breakdown: Vec<ServerBucket>,
    #[serde(default)]
    first_award: Option<String>,
}

#[derive(Deserialize)]
struct ChangesPage {
    entries: Vec<ServerEntry>,
    cursor: String,
    more: bool,
    #[serde(default)]
    balance: Option<ServerBalance>,
}

/// The server's answer to a use or a transfer.
#[derive(Deserialize)]
pub(crate) struct EntryAnswer {
    pub entry: ServerEntry,
}

impl Points {
    fn member_id(&self) -> Result<String, TamaruError> {
        Ok(self.ctx.session.member_id()?)
    }

    /// The cache's sync state if it belongs to the signed-in member.
    fn own_state(&self) -> Result<cache::SyncState, TamaruError> {
        let member = self.member_id()?;
        let conn = self.ctx.storage.conn();
        match cache::sync_state(&conn)? {
            Some(state) if state.member_id == member => Ok(state),
            _ => Err(TamaruError::PointsNotSynced),
        }
    }

    /// Brings the cache up to date with the server: only what is new since the last sync.
    /// One request when nothing changed. On any error the cache is left as it was.
    pub async fn refresh(&self) -> Result<SyncReport, TamaruError> {
        let member = self.member_id()?;
        let since = {
            let conn = self.ctx.storage.conn();
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
                    "v1/points/changes?limit={SYNC_PAGE}&since={}",
                    url::form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
                ),
                None => format!("v1/points/changes?limit={SYNC_PAGE}"),
            };
            let page: ChangesPage = self.ctx.session.call(Method::GET, &path, None).await?;
            requests += 1;
            for entry in page.entries {
                entries.push(entry.into_entry()?);
            }
            if page.balance.is_some() {
                balance = page.balance;
            }
            cursor = Some(page.cursor);
            if !page.more {
                break;
            }
            if requests >= MAX_SYNC_PAGES {
                return Err(TamaruError::MalformedResponse {
                    detail: format!("the history sync did not end after {requests} pages"),
                });
            }
        }
        let synced_at = self.ctx.clock.now().to_rfc3339();
        let Some(balance) = balance else {
            if entries.is_empty() && since.is_some() {
                // Nothing new since the cursor: nothing changed, balance included.
                let conn = self.ctx.storage.conn();
                cache::mark_synced(&conn, &member, &synced_at)?;
                return Ok(SyncReport {
                    new_entries: 0,
                    changed: false,
                    requests,
                    last_synced: synced_at,
                });
            }
            return Err(TamaruError::MalformedResponse {
                detail: "new history entries came without a balance".into(),
            });
        };
        let mut breakdown = Vec::with_capacity(balance.breakdown.len());
        for bucket in balance.breakdown {
            parse_date(&bucket.expires).map_err(|_| TamaruError::MalformedResponse {
                detail: "a balance expiry date is not YYYY-MM-DD".into(),
            })?;
            breakdown.push((bucket.expires, bucket.points));
        }
        if let Some(first) = &balance.first_award {
            parse_date(first).map_err(|_| TamaruError::MalformedResponse {
                detail: "the first award date is not YYYY-MM-DD".into(),
            })?;
        }
        let cursor = cursor.unwrap_or_default();
        let conn = self.ctx.storage.conn();
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

    /// The balance from the cache, as of today's Japan date by the app's clock: the total, the
    /// breakdown by expiry date and the points expiring within
    /// `profile.points.expiring_soon_days`. Works offline; [`TamaruError::PointsNotSynced`]
    /// before the first sync of the signed-in member.
    pub fn balance(&self) -> Result<PointBalance, TamaruError> {
        let state = self.own_state()?;
        let today = japan_today(self.ctx.clock.as_ref());
        let conn = self.ctx.storage.conn();
        cache::balance(
            &conn,
            &state,
            today,
            self.ctx.profile.points.expiring_soon_days,
        )
    }

    /// One page of history from the cache, newest first, filtered by kind and date range.
    /// Works offline; [`TamaruError::PointsNotSynced`] before the first sync.
    pub fn history(&self, query: &HistoryQuery) -> Result<HistoryPage, TamaruError> {
        let state = self.own_state()?;
        let conn = self.ctx.storage.conn();
        cache::history_page(&conn, &state, query)
    }

    /// When the cache last heard from the server (RFC 3339), if it holds this member's data.
    pub fn last_synced(&self) -> Result<Option<String>, TamaruError> {
        match self.own_state() {
            Ok(state) => Ok(Some(state.synced_at)),
            Err(TamaruError::PointsNotSynced) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Uses points in the app (an exchange, a charge), today. Programs with an external member
    /// ID (`wester`) need a linked account: [`TamaruError::PointsNeedLinkedId`] carries the
    /// support page to link it. The cache is refreshed afterwards (best effort: the use stands
    /// even if that refresh fails).
    pub async fn use_points(&self, points: u64, text: &str) -> Result<PointEntry, TamaruError> {
        check_amount(points)?;
        #[derive(Serialize)]
        struct UseBody<'a> {
            points: u64,
            text: &'a str,
        }
        let params =
            serde_json::to_value(UseBody { points, text }).map_err(|e| TamaruError::Storage {
                detail: e.to_string(),
            })?;
        // Kept on the phone with its key until the answer is known (`pending.rs`).
        let answer: Result<EntryAnswer, TamaruError> =
            crate::pending::submit(&self.ctx, "points_use", "v1/points/use", params, None)
                .await
                .map_err(TamaruError::from)
                .and_then(|r| r.map_err(TamaruError::from));
        let entry = match answer {
            Ok(answer) => answer.entry.into_entry()?,
            Err(e) => return Err(self.points_error(e, points).await),
        };
        let _ = self.refresh().await;
        Ok(entry)
    }

    /// Gives a server refusal of a points operation its member-facing meaning.
    pub(crate) async fn points_error(&self, e: TamaruError, requested: u64) -> TamaruError {
        let TamaruError::Server { code, .. } = &e else {
            return e;
        };
        match code.as_str() {
            "external_id_not_linked" => TamaruError::PointsNeedLinkedId {
                url: self
                    .ctx
                    .profile
                    .external_id
                    .as_ref()
                    .map(|x| x.support_page.clone())
                    .unwrap_or_default(),
            },
            "insufficient_points" => {
                // The cache is refreshed so that the member sees what is really there.
                let _ = self.refresh().await;
                TamaruError::InsufficientPoints {
                    requested,
                    available: self.balance().map(|b| b.total).unwrap_or(0),
                }
            }
            "invalid_points" => TamaruError::InvalidPointAmount {
                detail: format!("{requested} points cannot be moved"),
            },
            _ => super::family::family_error(&self.ctx.profile, e),
        }
    }
}

/// Zero points is a mistake the app can see before any request.
pub(crate) fn check_amount(points: u64) -> Result<(), TamaruError> {
    if points == 0 {
        return Err(TamaruError::InvalidPointAmount {
            detail: "at least 1 point".into(),
        });
    }
    if points > 100_000_000 {
        return Err(TamaruError::InvalidPointAmount {
            detail: format!("{points} is more than one operation can move"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

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
        let ok = entry("transfer", "2025-02-28").into_entry().expect("entry");
        assert_eq!((ok.kind, ok.points), (PointEntryKind::Transfer, -5));
        for (kind, date) in [
            ("bonus", "2025-02-28"),
            ("earn", "2025-02-29"),
            ("earn", ""),
        ] {
            assert!(
                matches!(
                    entry(kind, date).into_entry(),
                    Err(TamaruError::MalformedResponse { .. })
                ),
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
                Err(TamaruError::InvalidPointAmount { .. })
            ));
        }
    }

    #[test]
    fn family_refusals_map_to_their_variants_and_others_pass_through() {
        let waon = Profile::builtin("waon").expect("waon");
        let server = |code: &str| TamaruError::Server {
            status: 409,
            code: code.into(),
            reason: String::new(),
        };
        let cases = [
            ("family_full", TamaruError::FamilyFull { max_members: 15 }),
            (
                "square_member_cannot_join",
                TamaruError::SquareMemberCannotJoin,
            ),
            ("already_in_family", TamaruError::AlreadyInFamily),
            ("not_in_family", TamaruError::NotInFamily),
            ("not_family_owner", TamaruError::NotFamilyOwner),
            ("recipient_not_in_family", TamaruError::RecipientNotInFamily),
            ("cannot_send_to_self", TamaruError::CannotSendToSelf),
            ("invalid_invite_code", TamaruError::InvalidInviteCode),
            (
                "invitation_not_found",
                TamaruError::FamilyInvitationNotFound,
            ),
            ("family_not_available", TamaruError::FamilyNotAvailable),
        ];
        for (code, want) in cases {
            let got = super::super::family::family_error(&waon, server(code));
            assert_eq!(got, want);
            // Every variant has its own code and texts.
            assert_eq!(
                got.code(),
                code.replace("invitation_not_found", "family_invitation_not_found")
            );
            assert!(!got.message_ja().is_empty() && !got.message_en().is_empty());
        }
        assert_eq!(
            super::super::family::family_error(&waon, server("something_else")),
            server("something_else")
        );
        assert_eq!(
            super::super::family::family_error(&waon, TamaruError::NotSignedIn),
            TamaruError::NotSignedIn
        );
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
