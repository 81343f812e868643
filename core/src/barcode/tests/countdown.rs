//! The member-code screen as a state machine of the time: which code shows, when it is
//! replaced, when more codes are fetched, and why none shows.

use chrono::{DateTime, Utc};

use crate::barcode::countdown::{
    ChangeFilter, FetchSchedule, MIN_FETCH_INTERVAL_SECONDS, MemberFacts, backoff_seconds,
    evaluate, offers_static_card,
};
use crate::barcode::store::IssuedCode;
use crate::barcode::{MemberCodeState, UnavailableReason};
use crate::profile::{MemberCodeRules, MemberCodeSource, Profile, Symbology};

const DEVICE: &str = "1234567890125678";
/// `tamaru-test-device-secret-000001` in hex.
const SECRET_HEX: &str = "74616d6172752d746573742d6465766963652d7365637265742d303030303031";
/// 2026-04-01T01:02:30Z, 150 s into a 300 s step.
const T0: i64 = 1_775_005_350;

fn rules(program: &str) -> MemberCodeRules {
    Profile::builtin(program)
        .expect("profile")
        .member_code
        .clone()
}

fn at(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).expect("time")
}

fn member() -> Option<MemberFacts<'static>> {
    Some(MemberFacts {
        device_number: Some(DEVICE),
        device_secret: Some(SECRET_HEX),
    })
}

/// Four consecutive codes from `start`, as the sandbox issues them.
fn batch(start: i64) -> Vec<IssuedCode> {
    (0..4)
        .map(|i| IssuedCode {
            code: format!("109{:09}5678", 100 + i),
            valid_from: start + 300 * i,
            valid_until: start + 300 * (i + 1),
        })
        .collect()
}

fn reason(state: &MemberCodeState) -> UnavailableReason {
    state.unavailable_reason().cloned().expect("unavailable")
}

#[test]
fn derived_codes_count_down_and_roll_over_at_the_step() {
    let rules = rules("waon");
    let (first, live) = evaluate(&rules, member(), &[], at(T0));
    assert_eq!(live, 0);
    let code = first.code().expect("ready").clone();
    assert_eq!(
        code.code, "43009118954259401234567890125678",
        "the pinned vector"
    );
    assert_eq!(code.seconds_left, 150);
    assert_eq!(code.suffix, "5678");
    assert_eq!(code.source, MemberCodeSource::DeviceDerived);
    assert_eq!(code.advance_codes_left, None);
    assert_eq!(code.symbologies, vec![Symbology::Qr, Symbology::Code128]);
    assert_eq!(code.grouped, "4300 9118 9542 5940 1234 5678 9012 5678");
    assert!(code.spoken_ja.starts_with("会員コード 4 3 0 0、"));

    let later = evaluate(&rules, member(), &[], at(T0 + 149)).0;
    assert_eq!(later.code().expect("ready").code, code.code);
    assert_eq!(later.code().expect("ready").seconds_left, 1);
    let next = evaluate(&rules, member(), &[], at(T0 + 150)).0;
    let next = next.code().expect("ready");
    assert_ne!(next.code, code.code, "replaced exactly at expiry");
    assert_eq!(next.valid_from_unix, code.valid_until_unix);
    assert_eq!(next.seconds_left, 300);
}

#[test]
fn derived_codes_need_a_session_a_device_number_and_a_secret() {
    let rules = rules("waon");
    let cases = [
        (None, UnavailableReason::NotSignedIn),
        (
            Some(MemberFacts {
                device_number: None,
                device_secret: Some(SECRET_HEX),
            }),
            UnavailableReason::NoDeviceNumber,
        ),
        (
            Some(MemberFacts {
                device_number: Some("12345"),
                device_secret: Some(SECRET_HEX),
            }),
            UnavailableReason::NoDeviceNumber,
        ),
        (
            Some(MemberFacts {
                device_number: Some(DEVICE),
                device_secret: None,
            }),
            UnavailableReason::NoDeviceSecret,
        ),
        (
            Some(MemberFacts {
                device_number: Some(DEVICE),
                device_secret: Some(""),
            }),
            UnavailableReason::NoDeviceSecret,
        ),
        (
            Some(MemberFacts {
                device_number: Some(DEVICE),
                device_secret: Some("not hex!"),
            }),
            UnavailableReason::NoDeviceSecret,
        ),
    ];
    for (facts, expected) in cases {
        let state = evaluate(&rules, facts, &[], at(T0)).0;
        assert_eq!(reason(&state), expected);
    }
    let before_1970 = evaluate(&rules, member(), &[], at(-1)).0;
    assert_eq!(reason(&before_1970), UnavailableReason::ClockOutOfRange);
}

#[test]
fn issued_codes_show_one_after_another_then_run_out() {
    let rules = rules("wester");
    let codes = batch(T0);
    let (state, live) = evaluate(&rules, member(), &codes, at(T0 + 10));
    let code = state.code().expect("ready");
    assert_eq!(
        (code.code.as_str(), code.seconds_left),
        ("1090000001005678", 290)
    );
    assert_eq!(code.advance_codes_left, Some(3));
    assert_eq!(code.source, MemberCodeSource::ServerIssued);
    assert_eq!(live, 4);

    for i in 1..4 {
        let (state, live) = evaluate(&rules, member(), &codes, at(T0 + 300 * i));
        let code = state.code().expect("ready");
        assert_eq!(code.code, format!("109{:09}5678", 100 + i));
        assert_eq!(code.seconds_left, 300);
        assert_eq!(code.advance_codes_left, Some(3 - i as u32));
        assert_eq!(live, 4 - i as usize);
    }
    let (state, live) = evaluate(&rules, member(), &codes, at(T0 + 1200));
    assert_eq!(reason(&state), UnavailableReason::AdvanceCodesUsedUp);
    assert_eq!(live, 0);
    let (never, _) = evaluate(&rules, member(), &[], at(T0));
    assert_eq!(reason(&never), UnavailableReason::NoCodesYet);
}

#[test]
fn a_clock_a_little_behind_still_shows_the_fresh_code_far_behind_is_told_apart() {
    let rules = rules("wester");
    let state = evaluate(&rules, member(), &batch(T0), at(T0 - 5)).0;
    let code = state
        .code()
        .expect("a few seconds behind the server: shown");
    assert_eq!(
        (code.code.as_str(), code.seconds_left),
        ("1090000001005678", 305)
    );
    let state = evaluate(&rules, member(), &batch(T0), at(T0 - 31)).0;
    assert_eq!(
        reason(&state),
        UnavailableReason::CodesNotYetValid {
            valid_from_unix: T0
        }
    );
    // The next code is never shown early while the current one is valid.
    let state = evaluate(&rules, member(), &batch(T0), at(T0 + 299)).0;
    assert_eq!(state.code().expect("ready").code, "1090000001005678");
}

#[test]
fn overlapping_codes_show_the_one_valid_longest_and_bad_rows_are_skipped() {
    let rules = rules("wester");
    let mut codes = batch(T0);
    // A replacement current code issued after the old current one was used.
    codes.push(IssuedCode {
        code: "1099999999995678".into(),
        valid_from: T0 + 100,
        valid_until: T0 + 400,
    });
    codes.push(IssuedCode {
        code: "4300999999995678".into(), // not this program's shape
        valid_from: T0,
        valid_until: T0 + 9000,
    });
    let state = evaluate(&rules, member(), &codes, at(T0 + 150)).0;
    assert_eq!(state.code().expect("ready").code, "1099999999995678");
}

#[test]
fn signed_out_shows_nothing_and_offers_no_card() {
    let state = evaluate(&rules("wester"), None, &batch(T0), at(T0)).0;
    assert_eq!(reason(&state), UnavailableReason::NotSignedIn);
    assert!(!offers_static_card(&UnavailableReason::NotSignedIn));
    assert!(offers_static_card(&UnavailableReason::AdvanceCodesUsedUp));
    assert!(offers_static_card(&UnavailableReason::NoCodesYet));
}

#[test]
fn only_a_new_code_or_a_new_reason_is_news() {
    let rules = rules("wester");
    let codes = batch(T0);
    let mut filter = ChangeFilter::default();
    let mut news = Vec::new();
    for t in (T0..T0 + 1300).step_by(50) {
        let state = evaluate(&rules, member(), &codes, at(t)).0;
        if filter.is_news(&state) {
            news.push(
                state
                    .code()
                    .map(|c| c.code.clone())
                    .unwrap_or_else(|| reason(&state).code().to_owned()),
            );
        }
    }
    assert_eq!(
        news,
        vec![
            "1090000001005678",
            "1090000001015678",
            "1090000001025678",
            "1090000001035678",
            "advance_codes_used_up",
        ]
    );
}

#[test]
fn fetches_when_a_code_rolled_over_spaced_and_backed_off() {
    let rules = rules("wester");
    let codes = batch(T0);
    let mut schedule = FetchSchedule::default();
    let state_at = |t: i64| evaluate(&rules, member(), &codes, at(t));

    let (state, live) = state_at(T0);
    assert!(
        !schedule.is_due(&rules, &state, live, T0),
        "a full batch needs nothing"
    );
    let (state, live) = state_at(T0 + 300);
    assert!(
        schedule.is_due(&rules, &state, live, T0 + 300),
        "one rolled over"
    );
    schedule.succeeded(T0 + 300);
    assert!(!schedule.is_due(&rules, &state, live, T0 + 301));
    assert!(schedule.is_due(&rules, &state, live, T0 + 300 + MIN_FETCH_INTERVAL_SECONDS));

    let mut waits = Vec::new();
    let mut t = T0 + 400;
    for _ in 0..6 {
        schedule.failed(t);
        let mut next = t;
        while !schedule.is_due(&rules, &state, live, next) {
            next += 1;
        }
        waits.push(next - t);
        t = next;
    }
    assert_eq!(waits, vec![5, 10, 20, 30, 30, 30]);
    assert_eq!(backoff_seconds(1000), 30);
    schedule.succeeded(t);
    assert_eq!(schedule.failures(), 0);

    let signed_out = evaluate(&rules, None, &[], at(t + 100)).0;
    assert!(!schedule.is_due(&rules, &signed_out, 0, t + 100));
    let waon = self::rules("waon");
    let derived = evaluate(&waon, member(), &[], at(t)).0;
    assert!(!FetchSchedule::default().is_due(&waon, &derived, 0, t));
}

#[test]
fn an_issued_code_claiming_more_than_the_profiles_validity_is_not_shown() {
    // SPEC §1: one-time codes are valid 300 s. A stored code whose window says an hour would
    // count down long past the time the till stops taking it.
    let rules = rules("wester");
    assert_eq!(rules.validity_seconds, 300);
    let long = IssuedCode {
        code: "1098888888885678".into(),
        valid_from: T0,
        valid_until: T0 + 3600,
    };
    let (state, live) = evaluate(&rules, member(), std::slice::from_ref(&long), at(T0 + 10));
    assert_eq!(reason(&state), UnavailableReason::NoCodesYet);
    assert_eq!(live, 0, "not counted as live either, so a fetch is due");
    // Beside a proper batch it is not the one shown, though it would stay valid longest.
    let mut codes = batch(T0);
    codes.push(long);
    let (state, live) = evaluate(&rules, member(), &codes, at(T0 + 10));
    let code = state.code().expect("ready");
    assert_eq!(
        (code.code.as_str(), code.seconds_left),
        ("1090000001005678", 290)
    );
    assert_eq!(live, 4);
    // Exactly the validity is fine.
    let exact = IssuedCode {
        code: "1097777777775678".into(),
        valid_from: T0,
        valid_until: T0 + 300,
    };
    let state = evaluate(&rules, member(), &[exact], at(T0)).0;
    assert_eq!(state.code().expect("ready").seconds_left, 300);
}
