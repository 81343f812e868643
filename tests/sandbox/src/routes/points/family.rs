//! Family sharing (SPEC §5.4): groups, invitations, joining, leaving, transfers.

use super::*;

pub(super) fn family_unavailable() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "family_not_available",
        "this program has no family sharing",
    )
}

pub(super) fn not_in_family() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "not_in_family",
        "this account is in no family group",
    )
}

pub(super) fn family_of(conn: &Connection, account_id: i64) -> ApiResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT family_id FROM family_members WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The account's login kind: set by the operator (`/admin/accounts/login-kind`), else what
/// its login ID is (an e-mail address or a web ID).
pub(super) fn login_kind(conn: &Connection, account_id: i64) -> ApiResult<String> {
    let (kind, login_id): (Option<String>, String) = conn.query_row(
        "SELECT login_kind, login_id FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(kind.unwrap_or_else(|| {
        if login_id.contains('@') {
            "email".to_owned()
        } else {
            "web_id".to_owned()
        }
    }))
}

/// SPEC §5.4 and the seed: "square member" IDs may create a group but not join one.
pub(super) fn refuse_square_member(conn: &Connection, account_id: i64) -> ApiResult<()> {
    if login_kind(conn, account_id)? == "square_member" {
        return Err(ApiErr::new(
            StatusCode::FORBIDDEN,
            "square_member_cannot_join",
            "accounts of the square-member login kind can create a family group but not join one",
        ));
    }
    Ok(())
}

pub(super) fn refuse_if_full(conn: &Connection, family_id: i64) -> ApiResult<()> {
    let members: i64 = conn.query_row(
        "SELECT COUNT(*) FROM family_members WHERE family_id = ?1",
        [family_id],
        |r| r.get(0),
    )?;
    if members >= FAMILY_MAX_MEMBERS {
        return Err(ApiErr::new(
            StatusCode::CONFLICT,
            "family_full",
            format!("a family group holds at most {FAMILY_MAX_MEMBERS} IDs"),
        )
        .with("max_members", FAMILY_MAX_MEMBERS));
    }
    Ok(())
}

pub(super) fn already_in_family() -> ApiErr {
    ApiErr::new(
        StatusCode::CONFLICT,
        "already_in_family",
        "the account is already in a family group",
    )
}

pub(super) fn family_json(conn: &Connection, family_id: i64) -> ApiResult<Value> {
    let (owner, code, created): (i64, String, i64) = conn.query_row(
        "SELECT owner_account_id, invite_code, created_at FROM families WHERE id = ?1",
        [family_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT a.id, a.member_id, a.login_id, m.joined_at FROM family_members m
         JOIN accounts a ON a.id = m.account_id WHERE m.family_id = ?1 ORDER BY m.joined_at, a.id",
    )?;
    let members: Vec<Value> = stmt
        .query_map([family_id], |r| {
            let id: i64 = r.get(0)?;
            Ok(json!({
                "member_id": r.get::<_, String>(1)?,
                "login_id": r.get::<_, String>(2)?,
                "owner": id == owner,
                "joined_at": rfc3339(r.get(3)?),
            }))
        })?
        .collect::<Result<_, _>>()?;
    Ok(json!({
        "id": family_id.to_string(),
        "invite_code": code,
        "max_members": FAMILY_MAX_MEMBERS,
        "created_at": rfc3339(created),
        "members": members,
    }))
}

pub(super) fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339()
}

pub(super) fn status_json(conn: &Connection, account_id: i64) -> ApiResult<Value> {
    let family = family_of(conn, account_id)?
        .map(|id| family_json(conn, id))
        .transpose()?;
    let mut stmt = conn.prepare(
        "SELECT i.id, i.family_id, a.login_id, i.created_at FROM family_invitations i
         JOIN families f ON f.id = i.family_id JOIN accounts a ON a.id = f.owner_account_id
         WHERE i.account_id = ?1 ORDER BY i.id",
    )?;
    let invitations: Vec<Value> = stmt
        .query_map([account_id], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?.to_string(),
                "family_id": r.get::<_, i64>(1)?.to_string(),
                "owner_login_id": r.get::<_, String>(2)?,
                "invited_at": rfc3339(r.get(3)?),
            }))
        })?
        .collect::<Result<_, _>>()?;
    Ok(json!({ "family": family, "invitations": invitations }))
}

/// The caller of a family endpoint, on a program that has family sharing: the program of
/// the path (404 `unknown_program`), then 404 `family_not_available`, then the token.
pub(super) struct FamilyCaller(pub(super) Caller);

impl FromRequestParts<Shared> for FamilyCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let Program(program) = Program::from_request_parts(parts, state).await?;
        if !has_family(program) {
            return Err(family_unavailable().into_response());
        }
        auth::caller(state, program, &parts.headers)
            .map(FamilyCaller)
            .map_err(IntoResponse::into_response)
    }
}

/// `GET v1/family`: the caller's group (or null) and pending invitations.
pub(super) async fn family(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
) -> ApiResult<Json<Value>> {
    let conn = state.db();
    Ok(Json(status_json(&conn, caller.account_id)?))
}

/// `POST v1/family`: creates a group with the caller as its owner (square members may).
pub(super) async fn create_family(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let now = state.clock.unix();
    let conn = state.db();
    let status = atomic(&conn, |conn| {
        if family_of(conn, caller.account_id)?.is_some() {
            return Err(already_in_family());
        }
        conn.execute(
            "INSERT INTO families (program, owner_account_id, invite_code, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            (
                caller.program,
                caller.account_id,
                crate::tokens::random_hex(4).to_uppercase(),
                now,
            ),
        )?;
        let family_id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO family_members (family_id, account_id, joined_at) VALUES (?1, ?2, ?3)",
            (family_id, caller.account_id, now),
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE account_id = ?1",
            [caller.account_id],
        )?;
        status_json(conn, caller.account_id)
    })?;
    Ok((StatusCode::CREATED, Json(status)))
}

#[derive(Deserialize)]
pub(super) struct InviteBody {
    login_id: String,
}

/// `POST v1/family/invitations {login_id}`: the owner invites an account by its login ID.
pub(super) async fn invite(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
    JsonBody(req): JsonBody<InviteBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let now = state.clock.unix();
    let conn = state.db();
    let answer = atomic(&conn, |conn| {
        let family_id = family_of(conn, caller.account_id)?.ok_or_else(not_in_family)?;
        let owner: i64 = conn.query_row(
            "SELECT owner_account_id FROM families WHERE id = ?1",
            [family_id],
            |r| r.get(0),
        )?;
        if owner != caller.account_id {
            return Err(ApiErr::new(
                StatusCode::FORBIDDEN,
                "not_family_owner",
                "only the group's creator invites",
            ));
        }
        let invitee = account_by_login(conn, caller.program, &req.login_id)?;
        if family_of(conn, invitee)?.is_some() {
            return Err(already_in_family());
        }
        refuse_square_member(conn, invitee)?;
        refuse_if_full(conn, family_id)?;
        conn.execute(
            "INSERT OR IGNORE INTO family_invitations (family_id, account_id, created_at)
             VALUES (?1, ?2, ?3)",
            (family_id, invitee, now),
        )?;
        let id: i64 = conn.query_row(
            "SELECT id FROM family_invitations WHERE family_id = ?1 AND account_id = ?2",
            (family_id, invitee),
            |r| r.get(0),
        )?;
        Ok(json!({ "invitation_id": id.to_string(), "family": family_json(conn, family_id)? }))
    })?;
    Ok((StatusCode::CREATED, Json(answer)))
}

#[derive(Deserialize)]
pub(super) struct JoinBody {
    #[serde(default)]
    invite_code: Option<String>,
    #[serde(default)]
    invitation_id: Option<String>,
}

/// `POST v1/family/join {invite_code}` or `{invitation_id}`: joins a group.
pub(super) async fn join(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
    JsonBody(req): JsonBody<JoinBody>,
) -> ApiResult<Json<Value>> {
    let now = state.clock.unix();
    let conn = state.db();
    let status = atomic(&conn, |conn| {
        let family_id: i64 = match (&req.invite_code, &req.invitation_id) {
            (Some(code), None) => conn
                .query_row(
                    "SELECT id FROM families WHERE invite_code = ?1 AND program = ?2",
                    (code.trim().to_uppercase(), caller.program),
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    ApiErr::new(
                        StatusCode::NOT_FOUND,
                        "invalid_invite_code",
                        "no family group has this invite code",
                    )
                })?,
            (None, Some(id)) => conn
                .query_row(
                    "SELECT family_id FROM family_invitations WHERE id = ?1 AND account_id = ?2",
                    (id.parse::<i64>().unwrap_or(-1), caller.account_id),
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    ApiErr::new(
                        StatusCode::NOT_FOUND,
                        "invitation_not_found",
                        "no such invitation for this account",
                    )
                })?,
            _ => {
                return Err(ApiErr::bad_request(
                    "give exactly one of invite_code and invitation_id",
                ));
            }
        };
        if family_of(conn, caller.account_id)?.is_some() {
            return Err(already_in_family());
        }
        refuse_square_member(conn, caller.account_id)?;
        refuse_if_full(conn, family_id)?;
        conn.execute(
            "INSERT INTO family_members (family_id, account_id, joined_at) VALUES (?1, ?2, ?3)",
            (family_id, caller.account_id, now),
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE account_id = ?1",
            [caller.account_id],
        )?;
        status_json(conn, caller.account_id)
    })?;
    Ok(Json(status))
}

/// `POST v1/family/leave`: leaves the group. The creator leaving dissolves it (every member
/// leaves; the points stay with each member), since a group without its creator has no one
/// to invite.
pub(super) async fn leave(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
) -> ApiResult<StatusCode> {
    let conn = state.db();
    atomic(&conn, |conn| {
        if leave_family(conn, caller.account_id)? {
            Ok(())
        } else {
            Err(not_in_family())
        }
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes the account out of its family group; the creator leaving dissolves the group
/// (everyone keeps their points). False if it was in none. Withdrawal uses it too.
pub(crate) fn leave_family(conn: &Connection, account_id: i64) -> ApiResult<bool> {
    let Some(family_id) = family_of(conn, account_id)? else {
        return Ok(false);
    };
    let owner: i64 = conn.query_row(
        "SELECT owner_account_id FROM families WHERE id = ?1",
        [family_id],
        |r| r.get(0),
    )?;
    if owner == account_id {
        conn.execute(
            "DELETE FROM family_members WHERE family_id = ?1",
            [family_id],
        )?;
        conn.execute(
            "DELETE FROM family_invitations WHERE family_id = ?1",
            [family_id],
        )?;
        conn.execute("DELETE FROM families WHERE id = ?1", [family_id])?;
    } else {
        conn.execute(
            "DELETE FROM family_members WHERE account_id = ?1",
            [account_id],
        )?;
    }
    Ok(true)
}

#[derive(Deserialize)]
pub(super) struct TransferBody {
    to_member_id: String,
    points: i64,
    /// The send applies once per key (`routes::idempotency`).
    idempotency_key: String,
}

/// `POST v1/family/transfers {to_member_id, points}`: sends points to a member of the same
/// group, today. The points keep their expiry dates (earliest-expiring sent first).
pub(super) async fn transfer(
    State(state): State<Shared>,
    FamilyCaller(caller): FamilyCaller,
    JsonBody(req): JsonBody<TransferBody>,
) -> ApiResult<Response> {
    check_points(req.points)?;
    let today = japan_today(&state);
    let request = json!({
        "endpoint": "family_transfer",
        "to_member_id": req.to_member_id,
        "points": req.points,
    })
    .to_string();
    let scope = idempotency::account_scope(caller.account_id);
    idempotency::run(&state, &scope, &req.idempotency_key, &request, |conn| {
        atomic(conn, |conn| {
            let family_id = family_of(conn, caller.account_id)?.ok_or_else(not_in_family)?;
            let recipient: Option<(i64, String)> = conn
            .query_row(
                "SELECT a.id, a.login_id FROM accounts a JOIN family_members m ON m.account_id = a.id
                 WHERE a.member_id = ?1 AND m.family_id = ?2",
                (&req.to_member_id, family_id),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
            let Some((recipient, recipient_login)) = recipient else {
                return Err(ApiErr::new(
                    StatusCode::CONFLICT,
                    "recipient_not_in_family",
                    "the recipient is not a member of your family group",
                ));
            };
            if recipient == caller.account_id {
                return Err(ApiErr::new(
                    StatusCode::BAD_REQUEST,
                    "cannot_send_to_self",
                    "points cannot be sent to yourself",
                ));
            }
            let sender_login: String = conn.query_row(
                "SELECT login_id FROM accounts WHERE id = ?1",
                [caller.account_id],
                |r| r.get(0),
            )?;
            run_expiry(conn, caller.account_id, today)?;
            run_expiry(conn, recipient, today)?;
            let taken = take(conn, caller.account_id, req.points)?;
            for (expires, points) in &taken {
                add_lot(conn, recipient, today, expires, *points)?;
            }
            let entry = insert_entry(
                conn,
                caller.account_id,
                "transfer",
                today,
                -req.points,
                None,
                &format!("家族へ送付 ({recipient_login})"),
            )?;
            insert_entry(
                conn,
                recipient,
                "transfer",
                today,
                req.points,
                None,
                &format!("家族から受取 ({sender_login})"),
            )?;
            Ok(json!({ "entry": entry, "balance": balance_in(conn, caller.account_id, today)? }))
        })
    })
}
