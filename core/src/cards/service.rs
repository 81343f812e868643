//! The cards service: what the app does with the member API and the on-device store.

use std::sync::Arc;

use crate::context::Context;

/// The member's cards, as the app reaches them through [`crate::app::MemberApp::cards`].
#[derive(Clone)]
pub struct Cards {
    #[allow(dead_code)]
    pub(crate) ctx: Arc<Context>,
}
