//! The cards service as the apps see it.

/// The member's cards. Get it from [`crate::MemberApp::cards`].
#[derive(uniffi::Object)]
pub struct Cards {
    #[allow(dead_code)]
    pub(crate) inner: tamaru_core::cards::Cards,
}

