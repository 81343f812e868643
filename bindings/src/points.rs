//! The points service as the apps see it.

/// The member's points. Get it from [`crate::MemberApp::points`].
#[derive(uniffi::Object)]
pub struct Points {
    #[allow(dead_code)]
    pub(crate) inner: tamaru_core::points::Points,
}

