//! The offline one-time member code (SPEC §1, `waon`).

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::barcode::{BarcodeError, offline_code, verify_offline_code};
use crate::profile::{MemberCodeRules, MemberCodeSource, Profile};

const DEVICE: &str = "1234567890125678";
const SECRET: &[u8] = b"tamaru-test-device-secret-000001";

fn waon() -> MemberCodeRules {
    Profile::builtin("waon").expect("waon").member_code.clone()
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("time")
        .to_utc()
}

/// The time code computed again from the description, in a different style: HMAC-SHA256 of
/// the big-endian step, 8 bytes from the offset in the last nibble, top bit cleared, last
/// 12 decimal digits.
fn independent_time_code(secret: &[u8], unix: i64, step_seconds: i64) -> String {
    let step = (unix / step_seconds) as u64;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("key");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[31] % 16) as usize;
    let mut value: u64 = 0;
    for byte in &digest[offset..offset + 8] {
        value = (value << 8) | u64::from(*byte);
    }
    value &= u64::MAX >> 1;
    let digits = (value % 1_000_000_000_000).to_string();
    format!("{}{}", "0".repeat(12 - digits.len()), digits)
}

#[test]
fn code_has_prefix_time_code_and_device_number() {
    let code =
        offline_code(&waon(), DEVICE, SECRET, at("2026-04-01T10:02:30+09:00")).expect("code");
    assert_eq!(code.code.len(), 32);
    assert!(code.code.starts_with("4300"));
    assert!(code.code.ends_with(DEVICE));
    assert!(code.code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(code.suffix, "5678");
    // 300 s steps fall on the five-minute marks of the clock.
    assert_eq!(code.valid_from(), at("2026-04-01T10:00:00+09:00"));
    assert_eq!(code.valid_until(), at("2026-04-01T10:05:00+09:00"));
    assert_eq!(code.valid_until_unix - code.valid_from_unix, 300);
    assert_eq!(code.seconds_left(at("2026-04-01T10:02:30+09:00")), 150);
    assert!(code.is_valid_at(at("2026-04-01T10:04:59+09:00")));
    assert!(!code.is_valid_at(at("2026-04-01T10:05:00+09:00")));
}

#[test]
fn known_vector_matches_an_independent_computation() {
    let instant = at("2026-04-01T01:02:30Z");
    let code = offline_code(&waon(), DEVICE, SECRET, instant).expect("code");
    let expected = format!(
        "4300{}{DEVICE}",
        independent_time_code(SECRET, instant.timestamp(), 300)
    );
    assert_eq!(code.code, expected);
    assert_eq!(code.step, (instant.timestamp() / 300) as u64);
    // Pinned, so that any change to the derivation (which the tills share) is noticed.
    assert_eq!(code.code, PINNED_CODE);
}

const PINNED_CODE: &str = "43009118954259401234567890125678";

#[test]
fn truncation_agrees_with_rfc_6238_sha256_vectors() {
    // RFC 6238 appendix B (SHA-256, 30 s steps, 8 digits) truncates 4 bytes at the same
    // offset; our 8-byte window starts with those 4 bytes, so its top half must match.
    let secret = b"12345678901234567890123456789012";
    for (unix, totp) in [
        (59_u64, 46119246_u64),
        (1111111109, 68084774),
        (1111111111, 67062674),
        (1234567890, 91819424),
        (2000000000, 90698825),
        (20000000000, 77737706),
    ] {
        let value = crate::barcode::offline_code::truncated_value(secret, unix / 30);
        assert_eq!((value >> 32) % 100_000_000, totp, "T = {unix}");
    }
}

#[test]
fn deterministic_within_a_step_and_changes_at_the_boundary() {
    let rules = waon();
    let start = at("2026-04-01T10:00:00+09:00");
    let first = offline_code(&rules, DEVICE, SECRET, start).expect("code");
    let same = offline_code(&rules, DEVICE, SECRET, start + Duration::seconds(299)).expect("code");
    assert_eq!(first, same);
    let next = offline_code(&rules, DEVICE, SECRET, start + Duration::seconds(300)).expect("code");
    assert_ne!(next.code, first.code);
    assert_eq!(next.step, first.step + 1);
    assert_eq!(next.valid_from_unix, first.valid_until_unix);
    let before = offline_code(&rules, DEVICE, SECRET, start - Duration::seconds(1)).expect("code");
    assert_ne!(before.code, first.code);
    // Another secret or device gives another time code.
    let other = offline_code(&rules, DEVICE, b"another-secret", start).expect("code");
    assert_ne!(other.code[4..16], first.code[4..16]);
}

#[test]
fn verify_accepts_one_step_of_skew_and_rejects_two() {
    let rules = waon();
    let now = at("2026-04-01T10:02:30+09:00");
    let code_at = |minutes: i64| {
        offline_code(&rules, DEVICE, SECRET, now + Duration::minutes(minutes))
            .expect("code")
            .code
    };
    let verify = |code: &str, skew| verify_offline_code(&rules, DEVICE, SECRET, code, now, skew);
    assert!(verify(&code_at(0), 0));
    assert!(verify(&code_at(0), 1));
    for steps in [-1, 1] {
        assert!(verify(&code_at(5 * steps), 1), "±1 step accepted");
        assert!(!verify(&code_at(5 * steps), 0), "no skew allowed");
    }
    for steps in [-2, 2] {
        assert!(!verify(&code_at(5 * steps), 1), "±2 steps rejected");
    }
    assert!(verify(&code_at(-10), 2));
    assert!(
        verify(&code_at(-10), u32::MAX),
        "huge skew is clamped, not slow"
    );
}

#[test]
fn verify_rejects_wrong_device_secret_prefix_and_garbage() {
    let rules = waon();
    let now = at("2026-04-01T10:02:30+09:00");
    let code = offline_code(&rules, DEVICE, SECRET, now)
        .expect("code")
        .code;
    assert!(!verify_offline_code(
        &rules,
        "1234567890129999",
        SECRET,
        &code,
        now,
        1
    ));
    assert!(!verify_offline_code(
        &rules, DEVICE, b"other", &code, now, 1
    ));
    let wrong_prefix = format!("4301{}", &code[4..]);
    assert!(!verify_offline_code(
        &rules,
        DEVICE,
        SECRET,
        &wrong_prefix,
        now,
        1
    ));
    let wrong_device = format!("{}{}", &code[..16], "1234567890129999");
    assert!(!verify_offline_code(
        &rules,
        DEVICE,
        SECRET,
        &wrong_device,
        now,
        1
    ));
    for garbage in [
        "",
        "4300",
        &code[..31],
        &format!("{code}0"),
        &code.replace('4', "x"),
    ] {
        assert!(
            !verify_offline_code(&rules, DEVICE, SECRET, garbage, now, 1),
            "{garbage:?}"
        );
    }
    assert!(!verify_offline_code(&rules, DEVICE, b"", &code, now, 1));
}

#[test]
fn device_number_must_be_16_digits() {
    let rules = waon();
    let now = at("2026-04-01T10:02:30+09:00");
    for bad in [
        "123456789012345",
        "12345678901234567",
        "12345678901234x6",
        "１２３４５６７８９０１２３４５６",
        "",
    ] {
        let err = offline_code(&rules, bad, SECRET, now).expect_err("refused");
        assert_eq!(err.code(), "invalid_device_number", "{bad:?}: {err}");
    }
    let err = offline_code(&rules, "12345678901234x6", SECRET, now).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "invalid device number: character 'x' at position 14 is not a digit"
    );
}

#[test]
fn server_issued_programs_and_bad_rules_are_refused() {
    let now = at("2026-04-01T10:02:30+09:00");
    let wester = Profile::builtin("wester")
        .expect("wester")
        .member_code
        .clone();
    assert_eq!(wester.source, MemberCodeSource::ServerIssued);
    assert_eq!(
        offline_code(&wester, DEVICE, SECRET, now).expect_err("refused"),
        BarcodeError::NotDeviceDerived
    );
    assert!(!verify_offline_code(
        &wester,
        DEVICE,
        SECRET,
        &"1".repeat(16),
        now,
        1
    ));
    let mut rules = waon();
    rules.length = 30; // leaves 10 time digits: still fine
    assert_eq!(
        offline_code(&rules, DEVICE, SECRET, now)
            .expect("code")
            .code
            .len(),
        30
    );
    rules.length = 25; // 5 time digits: guessable
    assert_eq!(
        offline_code(&rules, DEVICE, SECRET, now)
            .expect_err("refused")
            .code(),
        "invalid_rules"
    );
    let mut rules = waon();
    rules.prefix = "43A0".to_owned();
    assert_eq!(
        offline_code(&rules, DEVICE, SECRET, now)
            .expect_err("refused")
            .code(),
        "invalid_rules"
    );
    let mut rules = waon();
    rules.validity_seconds = 0;
    assert_eq!(
        offline_code(&rules, DEVICE, SECRET, now)
            .expect_err("refused")
            .code(),
        "invalid_rules"
    );
    assert_eq!(
        offline_code(&waon(), DEVICE, b"", now).expect_err("refused"),
        BarcodeError::MissingSecret
    );
    assert_eq!(
        offline_code(&waon(), DEVICE, SECRET, at("1969-12-31T23:59:59Z")).expect_err("refused"),
        BarcodeError::TimeOutOfRange
    );
}

#[test]
fn prefix_and_step_come_from_the_rules() {
    let mut rules = waon();
    rules.prefix = "99".to_owned();
    rules.length = 2 + 12 + 16;
    rules.validity_seconds = 60;
    let now = at("2026-04-01T10:02:30Z");
    let code = offline_code(&rules, DEVICE, SECRET, now).expect("code");
    assert!(code.code.starts_with("99"));
    assert_eq!(code.valid_until_unix - code.valid_from_unix, 60);
    assert_eq!(
        &code.code[2..14],
        independent_time_code(SECRET, now.timestamp(), 60)
    );
}
