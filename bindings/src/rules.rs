//! Profiles as free functions: they need no app object (the app is built from one). The
//! policy checks are the account's (`MemberApp.account().checkPassword`, `checkLoginId`),
//! once, against the app's own profile.
//!
//! Only the shipped profiles (every file of `core/profiles/`, embedded at build time) reach
//! the apps: a program's app ships with its program's profile in the core. Loading profile
//! text at run time (`Profile::from_toml` and friends) is left out of the phone's library,
//! which saves it the TOML parser and the field-naming loader (BENCHMARKS.md). A test or a
//! preview that needs a variant changes the record it got (`validitySeconds = 3`);
//! `MemberApp` checks every profile it is given against the same rules.

use tamaru_core::profile::{Profile, ProfileError};

/// A profile shipped in the core: `wester`, `waon` (or another file of `core/profiles/`).
#[uniffi::export]
pub fn builtin_profile(id: String) -> Result<Profile, ProfileError> {
    Profile::builtin(&id).map(|p| (*p).clone())
}

/// The IDs of the profiles shipped in the core, by ID.
#[uniffi::export]
pub fn builtin_profile_ids() -> Vec<String> {
    Profile::builtin_ids()
        .iter()
        .map(|id| (*id).to_owned())
        .collect()
}
