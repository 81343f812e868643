//! Bearer-token authentication of member calls, and the one check of a session that both
//! its tokens go through.
//!
//! An access token (every authorised call, [`caller`]) and a refresh token
//! (`v1/sessions/refresh`) are refused for the same reasons, in the same order, by
//! [`session_status`]; only the codes differ, because the phone acts differently on them
//! (refresh then repeat, or log in again):
//!
//! | refusal | access token | refresh token |
//! |---|---|---|
//! | unknown token, or a token of another program | 401 `invalid_token` | 401 `invalid_refresh_token` |
//! | the account withdrew | 410 `account_withdrawn` | 410 `account_withdrawn` |
//! | a log-in beyond the device cap signed this device out | 401 `signed_in_elsewhere` | 401 `signed_in_elsewhere` |
//! | the session was logged out | 401 `invalid_token` | 401 `invalid_refresh_token` |
//! | past the token's lifetime | 401 `token_expired` | 401 `session_expired` |
//!
//! The two checks were copies before and had drifted: the refresh check never compared the
//! token's program with the path's (a `wester` refresh token renewed its session under
//! `/waon/`), and the two worded the same refusals differently. Both now follow the access
//! check, the stricter one.

use axum::http::{HeaderMap, StatusCode};
use rusqlite::{Connection, OptionalExtension};

use super::Shared;
use crate::error::{ApiErr, ApiResult};

/// The caller of an authorised request.
pub struct Caller {
    /// The program of the path (the token's account belongs to it).
    pub program: &'static str,
    pub account_id: i64,
    pub device_id: i64,
}

pub fn bearer(headers: &HeaderMap) -> ApiResult<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .ok_or_else(|| ApiErr::new(StatusCode::UNAUTHORIZED, "not_signed_in", "no bearer token"))
}

/// Which of a session's two tokens a request shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Access(&'a str),
    Refresh(&'a str),
}

/// A session whose token may be used.
#[derive(Debug)]
pub struct Session {
    pub account_id: i64,
    pub device_id: i64,
}

/// Why a session's token may not be used (see the module doc for the answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    OtherProgram,
    Withdrawn,
    SignedInElsewhere,
    Ended,
    Expired,
}

impl Refusal {
    /// The answer to a request that showed `token`.
    pub fn answer(self, token: Token<'_>) -> ApiErr {
        let access = matches!(token, Token::Access(_));
        let (invalid, expired) = if access {
            ("invalid_token", "token_expired")
        } else {
            ("invalid_refresh_token", "session_expired")
        };
        let unauthorized = |code, message| ApiErr::new(StatusCode::UNAUTHORIZED, code, message);
        match self {
            Refusal::Unknown if access => unauthorized(invalid, "unknown access token"),
            Refusal::Unknown => unauthorized(invalid, "unknown refresh token"),
            Refusal::OtherProgram => unauthorized(invalid, "token of another program"),
            Refusal::Withdrawn => ApiErr::new(
                StatusCode::GONE,
                "account_withdrawn",
                "the account has withdrawn",
            ),
            Refusal::SignedInElsewhere => unauthorized(
                "signed_in_elsewhere",
                "another device signed in and this one was signed out",
            ),
            Refusal::Ended => unauthorized(invalid, "the session has ended"),
            Refusal::Expired if access => unauthorized(expired, "the access token has expired"),
            Refusal::Expired => unauthorized(expired, "the refresh token has expired"),
        }
    }
}

/// Whether the session that `token` belongs to may be used for `program` at `now`: the one
/// session check of the sandbox, in the order of the module doc's table. `Ok(Err(_))` is a
/// refusal; `Err(_)` a database failure.
pub fn session_status(
    db: &Connection,
    program: &str,
    token: Token<'_>,
    now: i64,
) -> rusqlite::Result<Result<Session, Refusal>> {
    let (sql, value) = match token {
        Token::Access(value) => (
            "SELECT s.account_id, s.device_id, s.access_expires_at, s.ended, a.status, a.program
             FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.access_token = ?1",
            value,
        ),
        Token::Refresh(value) => (
            "SELECT s.account_id, s.device_id, s.refresh_expires_at, s.ended, a.status, a.program
             FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.refresh_token = ?1",
            value,
        ),
    };
    let row = db
        .query_row(sql, [value], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    let Some((account_id, device_id, expires, ended, status, account_program)) = row else {
        return Ok(Err(Refusal::Unknown));
    };
    let refusal = if account_program != program {
        Some(Refusal::OtherProgram)
    } else if status == "withdrawn" {
        Some(Refusal::Withdrawn)
    } else if ended.as_deref() == Some("signed_in_elsewhere") {
        Some(Refusal::SignedInElsewhere)
    } else if ended.is_some() {
        Some(Refusal::Ended)
    } else if expires <= now {
        Some(Refusal::Expired)
    } else {
        None
    };
    Ok(match refusal {
        Some(refusal) => Err(refusal),
        None => Ok(Session {
            account_id,
            device_id,
        }),
    })
}

/// Resolves the access token of a request for `program`.
pub fn caller(state: &Shared, program: &'static str, headers: &HeaderMap) -> ApiResult<Caller> {
    let token = bearer(headers)?;
    let now = state.clock.unix();
    let token = Token::Access(&token);
    let session = session_status(&state.db(), program, token, now)?.map_err(|r| r.answer(token))?;
    Ok(Caller {
        program,
        account_id: session.account_id,
        device_id: session.device_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with one account of `wester` holding one session: access token `A`
    /// (valid until 100), refresh token `R` (valid until 1000).
    fn one_session() -> Connection {
        let db = crate::db::open(None).expect("db");
        db.execute_batch(
            "INSERT INTO accounts (id, program, member_id, login_id, password_hash, created_at)
                 VALUES (1, 'wester', 'M1', 'taro@example.jp', 'x', 0);
             INSERT INTO devices (id, account_id, install_id, device_number, device_secret,
                 last_login_at, created_at) VALUES (7, 1, 'i', '0000', 'ff', 0, 0);
             INSERT INTO sessions (access_token, refresh_token, account_id, device_id,
                 access_expires_at, refresh_expires_at) VALUES ('A', 'R', 1, 7, 100, 1000);",
        )
        .expect("rows");
        db
    }

    fn status(db: &Connection, program: &str, token: Token<'_>, now: i64) -> Result<i64, Refusal> {
        session_status(db, program, token, now)
            .expect("query")
            .map(|s| s.account_id * 100 + s.device_id)
    }

    #[test]
    fn both_tokens_of_a_live_session_are_accepted() {
        let db = one_session();
        assert_eq!(status(&db, "wester", Token::Access("A"), 99), Ok(107));
        assert_eq!(status(&db, "wester", Token::Refresh("R"), 999), Ok(107));
    }

    #[test]
    fn each_token_expires_at_its_own_time() {
        let db = one_session();
        assert_eq!(
            status(&db, "wester", Token::Access("A"), 100),
            Err(Refusal::Expired)
        );
        assert_eq!(status(&db, "wester", Token::Refresh("R"), 100), Ok(107));
        assert_eq!(
            status(&db, "wester", Token::Refresh("R"), 1000),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn the_refusals_are_the_same_for_both_tokens() {
        for token in [Token::Access("A"), Token::Refresh("R")] {
            let db = one_session();
            assert_eq!(status(&db, "waon", token, 0), Err(Refusal::OtherProgram));
            let unknown = match token {
                Token::Access(_) => Token::Access("nope"),
                Token::Refresh(_) => Token::Refresh("nope"),
            };
            assert_eq!(status(&db, "wester", unknown, 0), Err(Refusal::Unknown));
            // The access token is never a refresh token, nor the other way round.
            let swapped = match token {
                Token::Access(_) => Token::Refresh("A"),
                Token::Refresh(_) => Token::Access("R"),
            };
            assert_eq!(status(&db, "wester", swapped, 0), Err(Refusal::Unknown));
            db.execute("UPDATE sessions SET ended = 'logged_out'", [])
                .expect("end");
            assert_eq!(status(&db, "wester", token, 0), Err(Refusal::Ended));
            db.execute("UPDATE sessions SET ended = 'signed_in_elsewhere'", [])
                .expect("end");
            assert_eq!(
                status(&db, "wester", token, 0),
                Err(Refusal::SignedInElsewhere)
            );
            // Withdrawal wins over how the session ended, and over expiry.
            db.execute("UPDATE accounts SET status = 'withdrawn'", [])
                .expect("withdraw");
            assert_eq!(status(&db, "wester", token, 5000), Err(Refusal::Withdrawn));
            // Another program's token is refused before anything about its account shows.
            assert_eq!(status(&db, "waon", token, 5000), Err(Refusal::OtherProgram));
        }
    }

    #[test]
    fn the_answers_keep_the_codes_the_core_acts_on() {
        let answers = |token| {
            [
                Refusal::Unknown,
                Refusal::OtherProgram,
                Refusal::Withdrawn,
                Refusal::SignedInElsewhere,
                Refusal::Ended,
                Refusal::Expired,
            ]
            .map(|r| {
                let e = r.answer(token);
                (e.status.as_u16(), e.code)
            })
        };
        assert_eq!(
            answers(Token::Access("A")),
            [
                (401, "invalid_token"),
                (401, "invalid_token"),
                (410, "account_withdrawn"),
                (401, "signed_in_elsewhere"),
                (401, "invalid_token"),
                (401, "token_expired"),
            ]
        );
        assert_eq!(
            answers(Token::Refresh("R")),
            [
                (401, "invalid_refresh_token"),
                (401, "invalid_refresh_token"),
                (410, "account_withdrawn"),
                (401, "signed_in_elsewhere"),
                (401, "invalid_refresh_token"),
                (401, "session_expired"),
            ]
        );
    }
}
