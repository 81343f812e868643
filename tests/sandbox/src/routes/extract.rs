//! Extractors of the member and admin endpoints: the program of the path, the signed-in
//! caller and a JSON body, so that a handler states what it needs in its arguments instead
//! of looking it up by hand.
//!
//! They answer exactly what the hand-written lookups answered (CONTRACT.md, "Every error
//! answers"): axum runs a handler's extractors in argument order, the body last, so a
//! handler taking `(State, Caller, JsonBody<T>)` refuses an unknown program (404
//! `unknown_program`), then a missing or bad token (401, 410), then a bad body (400
//! `bad_request`), in that order. Where a handler must refuse something before it reads the
//! body (`v1/cards/merge` on a program that does not merge), it takes the body as bytes and
//! parses it with [`json_body`] after that check.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::auth::{self, Caller};
use super::{Shared, json_body, program};
use crate::error::ApiErr;

/// The program named by the path's `{program}` segment: a shipped one or one registered at
/// run time; otherwise 404 `unknown_program`.
pub struct Program(pub &'static str);

impl FromRequestParts<Shared> for Program {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        // axum's own answer for a path it cannot decode, as `Path<String>` gave it before.
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let name = params.get("program").ok_or_else(|| {
            ApiErr::internal("the route has no {program} segment").into_response()
        })?;
        program(name)
            .map(Program)
            .map_err(IntoResponse::into_response)
    }
}

/// The signed-in caller of a member endpoint: the program of the path, then the bearer
/// token ([`auth::caller`]).
impl FromRequestParts<Shared> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let Program(program) = Program::from_request_parts(parts, state).await?;
        auth::caller(state, program, &parts.headers).map_err(IntoResponse::into_response)
    }
}

/// A JSON body, refused as a JSON 400 `bad_request` (not axum's plain-text rejection of
/// `axum::Json`). The body itself is read as [`Bytes`] reads it (its size limit included).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        json_body(&bytes)
            .map(JsonBody)
            .map_err(IntoResponse::into_response)
    }
}
