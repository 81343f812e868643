//! The password check and checklist of both shipped profiles on any text: no panic, and
//! `valid` exactly when no violation is listed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};
use tamaru_core::login::policy::{check_password, rule_checklist};

use tamaru_core::profile::Profile;

/// The shipped profiles, parsed once (parsing TOML on every input made the target 20x slower).
static PROFILES: LazyLock<Vec<Arc<Profile>>> = LazyLock::new(|| {
    ["wester", "waon"]
        .iter()
        .map(|id| Profile::builtin(id).expect("builtin profile"))
        .collect()
});

fuzz_target!(|text: &str| {
    for profile in PROFILES.iter() {
        let check = check_password(&profile.password, text);
        assert_eq!(check.valid, check.violations.is_empty());
        let count = text.chars().count();
        for v in &check.violations {
            if let Some(p) = v.position {
                assert!((p as usize) < count);
            }
        }
        let _ = rule_checklist(&profile.password, text);
    }
});
