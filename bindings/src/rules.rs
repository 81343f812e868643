//! Profiles as free functions: they need no app object (the app is built from one). The
//! policy checks are the account's (`MemberApp.account().checkPassword`, `checkLoginId`),
//! once, against the app's own profile.

use tamaru_core::profile::{Profile, ProfileError};

/// A profile shipped in the core: `wester` or `waon`.
#[uniffi::export]
pub fn builtin_profile(id: String) -> Result<Profile, ProfileError> {
    Profile::builtin(&id).map(|p| (*p).clone())
}

/// A profile from TOML text (an operator's own program).
#[uniffi::export]
pub fn profile_from_toml(text: String) -> Result<Profile, ProfileError> {
    Profile::from_toml(&text)
}
