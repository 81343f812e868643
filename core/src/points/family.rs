//! Family sharing (SPEC §5.4, `waon`): a group of up to `profile.family.max_members` IDs
//! (reference 15) including its creator, whose members send points to each other.
//!
//! - The creator invites by login ID ([`Points::invite_to_family`]), or shares the group's
//!   invite code; the invited accept ([`Points::accept_family_invitation`]) or join with the
//!   code ([`Points::join_family_by_code`]).
//! - IDs of the "square member" login kind may create a group but not join one (the seed's
//!   observation; the official text says neither, but creating was seen to work). The server
//!   knows each account's login kind; its refusal is `TamaruError::SquareMemberCannotJoin`.
//! - The creator leaving dissolves the group: a group without its creator has no one left to
//!   invite, and members would not expect to be left in a group nobody runs. Each member keeps
//!   their points.
//! - Sent points keep their expiry dates (the soonest-expiring are sent first): sending points
//!   back and forth must not extend them.
//!
//! Programs without family sharing get [`TamaruError::FamilyNotAvailable`] before any request.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::api::{self, InviteAnswer, JoinBody, ServerStatus};
use super::error::PointsError;
use super::model::PointEntry;
use super::service::{Points, check_amount, move_points, to_entry};
use crate::context::Context;
use crate::error::TamaruError;

/// One member of a family group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyMember {
    /// The recipient ID for [`Points::send_points`].
    pub member_id: String,
    pub login_id: String,
    /// The group's creator.
    pub owner: bool,
    /// The signed-in member.
    pub is_me: bool,
    /// RFC 3339.
    pub joined_at: String,
}

/// A family group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyGroup {
    pub id: String,
    /// Shared by the members with whoever should join.
    pub invite_code: String,
    /// Members in all, the creator included.
    pub max_members: u32,
    /// Creator first, then by joining time.
    pub members: Vec<FamilyMember>,
    /// Whether the signed-in member created it (and so may invite).
    pub i_am_owner: bool,
    /// Whether another member can still join.
    pub full: bool,
}

/// An invitation the signed-in member received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyInvitation {
    pub id: String,
    pub family_id: String,
    /// Who invited (the group's creator).
    pub owner_login_id: String,
    /// RFC 3339.
    pub invited_at: String,
}

/// The signed-in member's family: their group, if any, and invitations to accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyStatus {
    pub group: Option<FamilyGroup>,
    pub invitations: Vec<FamilyInvitation>,
}

// ---------------------------------------------------------------------------------------
// The public edge: PointsError becomes TamaruError here, by `?`.

impl Points {
    /// The member's group and pending invitations.
    pub async fn family(&self) -> Result<FamilyStatus, TamaruError> {
        Ok(family_call(&self.ctx, Method::GET, api::FAMILY, None).await?)
    }

    /// Creates a group with the member as its creator (square members may).
    pub async fn create_family(&self) -> Result<FamilyStatus, TamaruError> {
        Ok(family_call(&self.ctx, Method::POST, api::FAMILY, None).await?)
    }

    /// Invites an account by its login ID (the creator only). Returns the invitation's ID.
    pub async fn invite_to_family(&self, login_id: &str) -> Result<String, TamaruError> {
        Ok(invite(&self.ctx, login_id).await?)
    }

    /// Joins a group with its invite code (letters and digits; case and spaces do not matter).
    pub async fn join_family_by_code(
        &self,
        invite_code: &str,
    ) -> Result<FamilyStatus, TamaruError> {
        let code = normalised_invite_code(invite_code)?;
        let body = JoinBody::Code { invite_code: &code };
        Ok(family_call(&self.ctx, Method::POST, api::FAMILY_JOIN, Some(&body)).await?)
    }

    /// Accepts an invitation received by login ID.
    pub async fn accept_family_invitation(
        &self,
        invitation_id: &str,
    ) -> Result<FamilyStatus, TamaruError> {
        let body = JoinBody::Invitation { invitation_id };
        Ok(family_call(&self.ctx, Method::POST, api::FAMILY_JOIN, Some(&body)).await?)
    }

    /// Leaves the group; the creator leaving dissolves it.
    pub async fn leave_family(&self) -> Result<(), TamaruError> {
        let _: serde_json::Value = call(&self.ctx, Method::POST, api::FAMILY_LEAVE, None).await?;
        Ok(())
    }

    /// Sends points to a member of the group, today. The cache is refreshed afterwards (best
    /// effort: the transfer stands even if that refresh fails).
    pub async fn send_points(
        &self,
        to_member_id: &str,
        points: u64,
    ) -> Result<PointEntry, TamaruError> {
        Ok(send_points(&self.ctx, to_member_id, points).await?)
    }
}

// ---------------------------------------------------------------------------------------
// The work, in PointsError.

/// The most IDs in a group, or [`PointsError::FamilyNotAvailable`] for a program without
/// family sharing (before any request).
fn max_members(ctx: &Context) -> Result<u32, PointsError> {
    ctx.profile
        .family
        .as_ref()
        .map(|f| f.max_members)
        .ok_or(PointsError::FamilyNotAvailable)
}

/// A family call; its refusal read once from the server's answer.
async fn call<T: serde::de::DeserializeOwned>(
    ctx: &Context,
    method: Method,
    path: &str,
    body: Option<&(dyn crate::http::ErasedBody + '_)>,
) -> Result<T, PointsError> {
    max_members(ctx)?;
    Ok(ctx
        .session
        .call_detailed(method, path, body)
        .await?
        .map_err(|e| api::refusal(&ctx.profile, e, 0))?)
}

/// A family call answered with the status, as the member sees it.
async fn family_call(
    ctx: &Context,
    method: Method,
    path: &str,
    body: Option<&(dyn crate::http::ErasedBody + '_)>,
) -> Result<FamilyStatus, PointsError> {
    let status: ServerStatus = call(ctx, method, path, body).await?;
    status_from(ctx, status)
}

fn status_from(ctx: &Context, status: ServerStatus) -> Result<FamilyStatus, PointsError> {
    let max_members = max_members(ctx)?;
    let me = ctx.session.load()?.map(|s| s.member_id);
    let group = status.family.map(|family| {
        let mut members: Vec<FamilyMember> = family
            .members
            .into_iter()
            .map(|m| FamilyMember {
                is_me: me.as_deref() == Some(m.member_id.as_str()),
                member_id: m.member_id,
                login_id: m.login_id,
                owner: m.owner,
                joined_at: m.joined_at,
            })
            .collect();
        // Creator first; the server sends the others by joining time.
        members.sort_by_key(|m| !m.owner);
        FamilyGroup {
            id: family.id,
            invite_code: family.invite_code,
            max_members,
            i_am_owner: members.iter().any(|m| m.owner && m.is_me),
            full: members.len() >= max_members as usize,
            members,
        }
    });
    Ok(FamilyStatus {
        group,
        invitations: status
            .invitations
            .into_iter()
            .map(|i| FamilyInvitation {
                id: i.id,
                family_id: i.family_id,
                owner_login_id: i.owner_login_id,
                invited_at: i.invited_at,
            })
            .collect(),
    })
}

async fn invite(ctx: &Context, login_id: &str) -> Result<String, PointsError> {
    let login_id = login_id.trim();
    let check = crate::login::policy::check_login_id(&ctx.profile.login, login_id);
    if !check.valid {
        return Err(PointsError::InvalidLoginId(check.violations));
    }
    let answer: InviteAnswer = call(
        ctx,
        Method::POST,
        api::FAMILY_INVITATIONS,
        Some(&api::InviteBody { login_id }),
    )
    .await?;
    Ok(answer.invitation_id)
}

/// An invite code as typed, without spaces and hyphens, in capitals; refused offline when it
/// cannot be a code.
fn normalised_invite_code(typed: &str) -> Result<String, PointsError> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(PointsError::InvalidInviteCode);
    }
    Ok(code)
}

async fn send_points(
    ctx: &Context,
    to_member_id: &str,
    points: u64,
) -> Result<PointEntry, PointsError> {
    max_members(ctx)?;
    check_amount(points)?;
    if ctx.session.load()?.map(|s| s.member_id).as_deref() == Some(to_member_id) {
        return Err(PointsError::CannotSendToSelf);
    }
    let params = serde_json::to_value(api::TransferBody {
        to_member_id,
        points,
    })?;
    let answer = move_points(ctx, "family_send", api::FAMILY_TRANSFERS, params, points).await?;
    let entry = to_entry(answer.entry)?;
    let _ = super::service::refresh(ctx).await;
    Ok(entry)
}
