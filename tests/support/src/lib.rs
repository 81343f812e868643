//! The test world, built one way: a [`Phone`] is one install of the member app (its data
//! directory, its secure store, optionally a clock the test moves) with the real
//! [`MemberApp`](tamaru_core::app::MemberApp) running on it.
//!
//! The end-to-end scenarios (`tests/scenarios`), `tamaru-qa app` and `tamaru-qa demo`
//! (`tests/qa`) all build their phones here, so "a restart", "a reinstall" or "the same
//! phone offline" means the same thing everywhere, and a change to how the app is configured
//! is made in one place. What outlives the app (the [`Install`]) is kept apart from the
//! running app, since a restart that fails must leave the install as it was.

mod install;
mod phone;

pub use install::Install;
pub use phone::Phone;

/// A loopback URL nothing listens on: requests to it fail at once with "connection
/// refused", as on a phone without network. Port 1, not a port bound and released: the
/// sandboxes other tests start at the same time bind port 0, and the kernel could hand one
/// of them the released port, turning "offline" into a live server.
pub fn closed_port_url(program: &str) -> String {
    format!("http://127.0.0.1:1/{program}/")
}

/// A suffix unique in this machine's runs: for login IDs and e-mail addresses that must not
/// meet another test's in a shared sandbox.
pub fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    )
}
