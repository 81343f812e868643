//! The mail service as the apps see it.

/// The member's mail. Get it from [`crate::MemberApp::mail`].
#[derive(uniffi::Object)]
pub struct Mail {
    #[allow(dead_code)]
    pub(crate) inner: tamaru_core::mail::Mail,
}

