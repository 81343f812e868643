//! Login rules and the account (SPEC §2): the offline policy ([`policy`]), the session with
//! its tokens ([`session`]), the account service ([`service`]) and their
//! part of the member API on the wire (`api`: paths, bodies, refusals).

pub mod account;
mod api;
mod error;
pub mod policy;
pub mod service;
pub(crate) mod session;
pub(crate) mod texts;

pub use account::{Notice, WithdrawalPreview};
pub use error::{LoginError, SessionError};
pub use service::{Account, AccountDetails, ExternalIdStatus};
