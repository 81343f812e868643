//! Profile loading from TOML and JSON (profiles load at run time from outside the app).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamaru_core::profile::Profile;

fuzz_target!(|text: &str| {
    for parsed in [Profile::from_toml(text), Profile::from_json(text)] {
        if let Ok(profile) = parsed {
            // What loads is usable: it passes the record check and serialises back.
            assert!(profile.validate().is_ok());
            let json = serde_json::to_string(&profile).expect("serialise");
            assert_eq!(Profile::from_json(&json).expect("reload"), profile);
        }
    }
});
