//! The demo's phones: `tamaru-test-support`'s [`Phone`] and [`Install`], the same the
//! scenarios use, with the app's own settings (its default time-outs and retries) and its
//! errors returned to the section rather than a panic.

use tamaru_core::error::TamaruError;
use tamaru_core::profile::Profile;
use tamaru_sandbox::Sandbox;
pub use tamaru_test_support::{Install, Phone};

/// A new install of a shipped program's app talking to `base_url`: a temporary data
/// directory (removed when the demo is done with it) and an empty secure store.
pub fn install(base_url: &str, program: &str) -> Result<Install, TamaruError> {
    Ok(Install::new(Profile::builtin(program)?, base_url)?)
}

/// A new phone with the app running, talking to the sandbox.
pub fn new_phone(sandbox: &Sandbox, program: &str) -> Result<Phone, TamaruError> {
    Phone::start(install(&sandbox.program_url(program), program)?)
}

/// A loopback URL nothing listens on: the phone without network.
pub fn offline_url(program: &str) -> String {
    tamaru_test_support::closed_port_url(program)
}
