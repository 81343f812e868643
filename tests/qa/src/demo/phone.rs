//! A simulated phone: its own data directory and secure store, like one install of the app.

use std::path::PathBuf;
use std::sync::Arc;

use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::error::TamaruError;
use tamaru_core::profile::Profile;
use tamaru_core::secure_store::MemoryStore;
use tamaru_sandbox::Sandbox;

pub struct Phone {
    pub app: MemberApp,
    pub data_dir: PathBuf,
}

impl Phone {
    pub fn new(sandbox: &Sandbox, program: &str, name: &str) -> Result<Phone, TamaruError> {
        let profile = Profile::builtin(program)?;
        let data_dir = std::env::temp_dir().join(format!(
            "tamaru-demo-{}-{name}-{program}",
            std::process::id()
        ));
        let config = AppConfig::new(
            profile,
            sandbox.program_url(program),
            &data_dir,
            Arc::new(MemoryStore::new()),
        );
        Ok(Phone {
            app: MemberApp::new(config)?,
            data_dir,
        })
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
