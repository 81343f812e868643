//! The points service: what the app does with the member API and the on-device store.

use std::sync::Arc;

use crate::context::Context;

/// The member's points, as the app reaches them through [`crate::app::MemberApp::points`].
#[derive(Clone)]
pub struct Points {
    #[allow(dead_code)]
    pub(crate) ctx: Arc<Context>,
}
