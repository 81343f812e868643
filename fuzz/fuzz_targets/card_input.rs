//! Card-number normalisation and the offline pre-check on any text (number and PIN).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};
use tamaru_core::cards::input::{CardInput, normalize, normalize_lossy, precheck};

use tamaru_core::profile::Profile;

/// The shipped profiles, parsed once (parsing TOML on every input made the target 20x slower).
static PROFILES: LazyLock<Vec<Arc<Profile>>> = LazyLock::new(|| {
    ["wester", "waon"]
        .iter()
        .map(|id| Profile::builtin(id).expect("builtin profile"))
        .collect()
});

fuzz_target!(|data: (&str, Option<&str>, u8)| {
    let (number, pin, which) = data;
    if let Ok(digits) = normalize(number) {
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(normalize(&digits).as_deref(), Ok(digits.as_str()));
    }
    let _ = normalize_lossy(number);
    for profile in PROFILES.iter() {
        let types = &profile.cards.types;
        let card_type = types[usize::from(which) % types.len()].id.clone();
        let mut input = CardInput::new(card_type, number);
        input.has_pin = Some(pin.is_some());
        input.pin = pin.map(str::to_owned);
        input.member_registered = Some(which % 2 == 0);
        if let Ok(card) = precheck(&profile, &input) {
            assert!(card.number.bytes().all(|b| b.is_ascii_digit()));
        }
    }
});
