//! Withdrawal (SPEC §2.5): the account ends, its points and cards go with it.
//!
//! A linked `wester` account withdraws on the external member support page
//! (`managed_externally`); the core lists the blockers before it ever asks.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::delete;
use serde::Deserialize;

use super::Shared;
use super::accounts::require_password;
use super::auth::Caller;
use super::extract::JsonBody;
use super::password::refuse_if_linked;
use crate::error::ApiResult;

pub fn routes() -> Router<Shared> {
    Router::new().route("/{program}/v1/account", delete(withdraw))
}

#[derive(Deserialize)]
struct Withdraw {
    password: String,
}

async fn withdraw(
    State(state): State<Shared>,
    caller: Caller,
    JsonBody(req): JsonBody<Withdraw>,
) -> ApiResult<StatusCode> {
    refuse_if_linked(&state, caller.account_id)?;
    require_password(&state, caller.account_id, &req.password, "wrong_password")?;
    let db = state.db();
    let tx = db.unchecked_transaction()?;
    tx.execute(
        "UPDATE accounts SET status = 'withdrawn' WHERE id = ?1",
        [caller.account_id],
    )?;
    tx.execute(
        "UPDATE sessions SET ended = 'withdrawn' WHERE account_id = ?1 AND ended IS NULL",
        [caller.account_id],
    )?;
    tx.execute(
        "UPDATE devices SET active = 0 WHERE account_id = ?1",
        [caller.account_id],
    )?;
    // Every registered card is withdrawn with the account and can no longer be used.
    tx.execute(
        "UPDATE card_registry SET status = 'invalid'
         WHERE id IN (SELECT registry_id FROM card_registrations WHERE account_id = ?1)",
        [caller.account_id],
    )?;
    tx.execute(
        "DELETE FROM card_registrations WHERE account_id = ?1",
        [caller.account_id],
    )?;
    // Every point goes (SPEC §2.5), and the account leaves any family group.
    tx.execute(
        "DELETE FROM point_lots WHERE account_id = ?1",
        [caller.account_id],
    )?;
    tx.execute(
        "DELETE FROM family_invitations WHERE account_id = ?1",
        [caller.account_id],
    )?;
    super::points::leave_family(&tx, caller.account_id)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}
