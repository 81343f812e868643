//! The points and family part of the member API on the wire (tests/sandbox/CONTRACT.md):
//! the paths, the request and answer bodies, and what each refusal means. Nothing else: the
//! service checks the answers (`service::to_entry`) and speaks in the records of `model.rs`
//! and `family.rs`.

use serde::{Deserialize, Serialize};

use super::error::PointsError;
use crate::http::ApiError;
use crate::profile::Profile;

/// `GET` one page of changes since a cursor (`?limit=…&since=…`).
pub(crate) const CHANGES: &str = "v1/points/changes";
/// `POST` a use of points.
pub(crate) const USE: &str = "v1/points/use";
/// `GET` the member's family status, `POST` a new group.
pub(crate) const FAMILY: &str = "v1/family";
pub(crate) const FAMILY_INVITATIONS: &str = "v1/family/invitations";
pub(crate) const FAMILY_JOIN: &str = "v1/family/join";
pub(crate) const FAMILY_LEAVE: &str = "v1/family/leave";
pub(crate) const FAMILY_TRANSFERS: &str = "v1/family/transfers";

/// A history entry as the server sends it.
#[derive(Deserialize)]
pub(crate) struct ServerEntry {
    pub id: i64,
    pub kind: String,
    pub date: String,
    pub points: i64,
    #[serde(default)]
    pub store: Option<String>,
    #[serde(default)]
    pub text: String,
}

#[derive(Deserialize)]
pub(crate) struct ServerBucket {
    pub expires: String,
    pub points: u64,
}

#[derive(Deserialize)]
pub(crate) struct ServerBalance {
    pub breakdown: Vec<ServerBucket>,
    #[serde(default)]
    pub first_award: Option<String>,
}

/// `GET v1/points/changes`'s answer.
#[derive(Deserialize)]
pub(crate) struct ChangesPage {
    pub entries: Vec<ServerEntry>,
    pub cursor: String,
    pub more: bool,
    #[serde(default)]
    pub balance: Option<ServerBalance>,
}

/// The answer of a write that moved points (a use, a transfer).
#[derive(Deserialize)]
pub(crate) struct EntryAnswer {
    pub entry: ServerEntry,
}

#[derive(Serialize)]
pub(crate) struct UseBody<'a> {
    pub points: u64,
    pub text: &'a str,
}

#[derive(Serialize)]
pub(crate) struct TransferBody<'a> {
    pub to_member_id: &'a str,
    pub points: u64,
}

#[derive(Serialize)]
pub(crate) struct InviteBody<'a> {
    pub login_id: &'a str,
}

#[derive(Deserialize)]
pub(crate) struct InviteAnswer {
    pub invitation_id: String,
}

/// Joining a group: by its invite code, or by accepting an invitation.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum JoinBody<'a> {
    Code { invite_code: &'a str },
    Invitation { invitation_id: &'a str },
}

#[derive(Deserialize)]
pub(crate) struct ServerMember {
    pub member_id: String,
    pub login_id: String,
    pub owner: bool,
    pub joined_at: String,
}

#[derive(Deserialize)]
pub(crate) struct ServerFamily {
    pub id: String,
    pub invite_code: String,
    pub members: Vec<ServerMember>,
}

#[derive(Deserialize)]
pub(crate) struct ServerInvitation {
    pub id: String,
    pub family_id: String,
    pub owner_login_id: String,
    pub invited_at: String,
}

/// The family status as the server sends it (every family call answers with it).
#[derive(Deserialize)]
pub(crate) struct ServerStatus {
    pub family: Option<ServerFamily>,
    #[serde(default)]
    pub invitations: Vec<ServerInvitation>,
}

/// The server's points and family refusals as their own cases, read once from its answer.
/// `requested` is the amount a use or transfer asked for (0 for other calls); an
/// `insufficient_points` refusal says `available: 0` until the service has looked at the
/// fresh balance. A code not listed here stays [`PointsError::Api`].
pub(crate) fn refusal(profile: &Profile, e: ApiError, requested: u64) -> PointsError {
    let Some(code) = e.server_code() else {
        return e.into();
    };
    match code {
        "external_id_not_linked" => PointsError::NeedLinkedId {
            url: profile
                .external_id
                .as_ref()
                .map(|x| x.support_page.clone())
                .unwrap_or_default(),
        },
        "insufficient_points" => PointsError::Insufficient {
            requested,
            available: 0,
        },
        "invalid_points" => {
            PointsError::InvalidAmount(format!("{requested} points cannot be moved"))
        }
        "family_not_available" => PointsError::FamilyNotAvailable,
        "family_full" => PointsError::FamilyFull {
            max_members: profile.family.as_ref().map_or(0, |f| f.max_members),
        },
        "square_member_cannot_join" => PointsError::SquareMemberCannotJoin,
        "already_in_family" => PointsError::AlreadyInFamily,
        "not_in_family" => PointsError::NotInFamily,
        "not_family_owner" => PointsError::NotFamilyOwner,
        "recipient_not_in_family" => PointsError::RecipientNotInFamily,
        "cannot_send_to_self" => PointsError::CannotSendToSelf,
        "invalid_invite_code" => PointsError::InvalidInviteCode,
        "invitation_not_found" => PointsError::InvitationNotFound,
        "unknown_account" => PointsError::UnknownAccount,
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TamaruError;

    fn server(code: &str) -> ApiError {
        ApiError::Server {
            status: 409,
            code: code.into(),
            message: String::new(),
            body: serde_json::json!({ "error": code }),
        }
    }

    #[test]
    fn family_refusals_map_to_their_variants_and_others_pass_through() {
        let waon = Profile::builtin("waon").expect("waon");
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
            let got = TamaruError::from(refusal(&waon, server(code), 0));
            assert_eq!(got, want);
            assert_eq!(
                got.code(),
                code.replace("invitation_not_found", "family_invitation_not_found")
            );
        }
        let other = refusal(&waon, server("something_else"), 0);
        assert!(
            matches!(&other, PointsError::Api(ApiError::Server { body, .. }) if body["error"] == "something_else"),
            "kept with its body: {other:?}"
        );
        assert!(matches!(
            TamaruError::from(other),
            TamaruError::Server { status: 409, .. }
        ));
        assert!(matches!(
            refusal(&waon, ApiError::Network("down".into()), 5),
            PointsError::Api(ApiError::Network(_))
        ));
    }

    #[test]
    fn points_refusals_say_what_the_member_needs() {
        let wester = Profile::builtin("wester").expect("wester");
        let linked = refusal(&wester, server("external_id_not_linked"), 30);
        assert!(
            matches!(&linked, PointsError::NeedLinkedId { url } if url.starts_with("https://")),
            "{linked:?}"
        );
        assert!(matches!(
            refusal(&wester, server("insufficient_points"), 30),
            PointsError::Insufficient {
                requested: 30,
                available: 0
            }
        ));
        assert!(matches!(
            refusal(&wester, server("invalid_points"), 0),
            PointsError::InvalidAmount(_)
        ));
    }
}
