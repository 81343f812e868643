//! What the screen scenarios share: an install worded in a chosen language, with a clock
//! the test may move, and a listener that records every state it is told.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tamaru_core::profile::Profile;
use tamaru_core::screens::{Language, StateListener};
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::{Install, Phone, uuid_like};

pub const PASSWORD: &str = "Tamaru#2026";

/// A new install of `program`'s app worded in `language`, on a clock the test moves, set to
/// the sandbox's time.
pub fn install(sandbox: &Sandbox, program: &str, language: Language) -> Phone {
    install_at(sandbox, program, language, sandbox.now())
}

/// A new install worded in `language` whose clock starts at `now`.
pub fn install_at(
    sandbox: &Sandbox,
    program: &str,
    language: Language,
    now: DateTime<Utc>,
) -> Phone {
    let profile = Profile::builtin(program).expect("a shipped profile");
    let install = Install::new(profile, sandbox.program_url(program))
        .expect("a temporary data directory")
        .with_language(language)
        .with_manual_clock(now);
    Phone::test(install)
}

/// A new login ID for `program` (an e-mail address; both programs take them).
pub fn new_login_id() -> String {
    format!("s{}@example.jp", uuid_like().replace('-', ""))
}

/// Every state a screen told it, in order.
pub struct Recorder<S>(Mutex<Vec<S>>);

impl<S: Clone> Recorder<S> {
    pub fn new() -> Arc<Self> {
        Arc::new(Recorder(Mutex::new(Vec::new())))
    }

    pub fn states(&self) -> Vec<S> {
        self.0.lock().unwrap().clone()
    }

    pub fn last(&self) -> S {
        self.states().last().cloned().expect("a state was told")
    }
}

impl<S: Clone + Send> StateListener<S> for Recorder<S> {
    fn on_state(&self, state: S) {
        self.0.lock().unwrap().push(state);
    }
}
