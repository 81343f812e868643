//! Being written: the cards part of the member API.

use axum::Router;

use super::Shared;

/// Tables of this capability (created with the others at start).
pub const SCHEMA: &str = "";

pub fn routes() -> Router<Shared> {
    Router::new()
}
