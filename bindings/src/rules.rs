//! Offline rules as free functions: profiles and policy checks need no app object, so the
//! sign-up screen can tick rules before anything else is built.

use tamaru_core::login::policy::{self, LoginIdCheck, PasswordCheck};
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

/// The password policy check of SPEC §2.1: every violation at once, with ja/en messages.
#[uniffi::export]
pub fn check_password(profile: Profile, password: String) -> PasswordCheck {
    policy::check_password(&profile.password, &password)
}

/// The login-ID check (e-mail; web ID where the program has one).
#[uniffi::export]
pub fn check_login_id(profile: Profile, login_id: String) -> LoginIdCheck {
    policy::check_login_id(&profile.login, &login_id)
}
