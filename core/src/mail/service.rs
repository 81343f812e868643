//! The mail service: what the app does with the member API and the on-device store.

use std::sync::Arc;

use crate::context::Context;

/// The member's mail, as the app reaches them through [`crate::app::MemberApp::mail`].
#[derive(Clone)]
pub struct Mail {
    #[allow(dead_code)]
    pub(crate) ctx: Arc<Context>,
}
