//! What the screen scenarios share: an install worded in a chosen language, with a clock
//! the test may move, and a listener that records every state it is told.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::clock::ManualClock;
use tamaru_core::profile::Profile;
use tamaru_core::screens::{Language, StateListener};
use tamaru_core::secure_store::MemoryStore;
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::uuid_like;

pub const PASSWORD: &str = "Tamaru#2026";

/// One install of the app.
pub struct Install {
    pub app: MemberApp,
    pub clock: Arc<ManualClock>,
    pub store: Arc<MemoryStore>,
    pub dir: PathBuf,
    pub url: String,
    pub program: &'static str,
    pub language: Language,
}

impl Install {
    pub fn new(sandbox: &Sandbox, program: &'static str, language: Language) -> Install {
        Self::at(sandbox, program, language, sandbox.now())
    }

    pub fn at(
        sandbox: &Sandbox,
        program: &'static str,
        language: Language,
        now: DateTime<Utc>,
    ) -> Install {
        let dir = std::env::temp_dir().join(format!("tamaru-screens-{}", uuid_like()));
        let store = Arc::new(MemoryStore::new());
        let clock = Arc::new(ManualClock::new(now));
        let url = sandbox.program_url(program);
        let app = build(&url, program, &dir, &store, &clock, language);
        Install {
            app,
            clock,
            store,
            dir,
            url,
            program,
            language,
        }
    }

    /// The same install with its member API at `url` (a closed port: offline).
    pub fn restart_at(self, url: String) -> Install {
        let Install {
            app,
            clock,
            store,
            dir,
            program,
            language,
            ..
        } = self;
        drop(app);
        let app = build(&url, program, &dir, &store, &clock, language);
        Install {
            app,
            clock,
            store,
            dir,
            url,
            program,
            language,
        }
    }
}

fn build(
    url: &str,
    program: &str,
    dir: &PathBuf,
    store: &Arc<MemoryStore>,
    clock: &Arc<ManualClock>,
    language: Language,
) -> MemberApp {
    let mut config = AppConfig::new(
        Profile::builtin(program).expect("a shipped profile"),
        url,
        dir,
        store.clone(),
    )
    .with_language(language);
    config.clock = clock.clone();
    MemberApp::new(config).expect("the app builds")
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
