//! The login-ID check as tables: for each shipped profile, typed IDs, the kind the check
//! reads them as and every violation code, in order (none: the ID is accepted).
//!
//! wester logs in by e-mail address only; waon by e-mail address or a web ID of 6 to 20
//! half-width letters, digits and `_`. Messages and positions are checked in `login_id.rs`.

use super::*;

/// One typed ID, the kind it is read as (`None`: nothing typed) and its codes.
struct Case {
    text: String,
    kind: Option<LoginIdKind>,
    codes: Vec<L>,
    why: &'static str,
}

fn case(
    text: impl Into<String>,
    kind: Option<LoginIdKind>,
    codes: &[L],
    why: &'static str,
) -> Case {
    Case {
        text: text.into(),
        kind,
        codes: codes.to_vec(),
        why,
    }
}

/// Runs every row against `profile`'s rules; one assertion for the whole table.
fn check_table(profile_id: &str, cases: &[Case]) {
    let rules = profile(profile_id).login.clone();
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let check = check_login_id(&rules, &c.text);
            let codes = check.codes();
            let right =
                codes == c.codes && check.kind == c.kind && check.valid == c.codes.is_empty();
            (!right).then(|| {
                let shown: String = c.text.chars().take(40).collect();
                format!(
                    "  {shown:?} ({}): expected {:?} {:?}, got {:?} {codes:?}",
                    c.why, c.kind, c.codes, check.kind
                )
            })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{profile_id}: {} of {} rows wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// An e-mail address of 254 characters, the longest accepted.
fn longest_email() -> String {
    format!(
        "{}@{}.{}.jp",
        "a".repeat(64),
        "b".repeat(63),
        "c".repeat(122)
    )
}

const EMAIL: Option<LoginIdKind> = Some(LoginIdKind::Email);
const WEB_ID: Option<LoginIdKind> = Some(LoginIdKind::WebId);

/// Addresses both programs accept as they are.
fn good_emails() -> Vec<Case> {
    [
        ("taro@example.com", "plain"),
        (
            "taro.yamada+wespo@mail.example.co.jp",
            "dots, plus, subdomains",
        ),
        ("a_b-c@x-y.jp", "underscore and hyphens"),
        ("1@2.jp", "the shortest kind"),
        (
            "taro..a.@docomo.ne.jp",
            "an old carrier address with odd dots",
        ),
    ]
    .into_iter()
    .map(|(text, why)| case(text, EMAIL, &[], why))
    .chain([case(longest_email(), EMAIL, &[], "254 characters")])
    .collect()
}

#[test]
fn wester_login_ids() {
    use L::*;
    let mut cases = good_emails();
    cases.extend([
        case("", None, &[Empty], "nothing typed"),
        case(
            "taro_123",
            EMAIL,
            &[InvalidEmail],
            "without an @ it is still an address, missing its @",
        ),
        case("a@@b.jp", EMAIL, &[InvalidEmail], "two at signs"),
        case("@b.jp", EMAIL, &[InvalidEmail], "nothing before the @"),
        case("a@", EMAIL, &[InvalidEmail], "no domain"),
        case("a@jp", EMAIL, &[InvalidEmail], "a domain without a dot"),
        case("a@b..jp", EMAIL, &[InvalidEmail], "two dots in the domain"),
        case(
            "a_b@ex_ample.jp",
            EMAIL,
            &[InvalidEmail],
            "an underscore in the domain",
        ),
        case(
            format!("a{}", longest_email()),
            EMAIL,
            &[TooLong],
            "255 characters",
        ),
        case(
            "taro＠example.com",
            EMAIL,
            &[FullWidthCharacter],
            "a full-width at sign, reported once",
        ),
    ]);
    check_table("wester", &cases);
}

#[test]
fn waon_login_ids() {
    use L::*;
    let mut cases = good_emails();
    cases.extend([
        case("", None, &[Empty], "nothing typed"),
        case(
            " \u{3000}\t",
            None,
            &[
                Empty,
                LeadingOrTrailingSpace,
                FullWidthCharacter,
                LeadingOrTrailingSpace,
            ],
            "only spaces: empty, and each space named",
        ),
        case("taro_123", WEB_ID, &[], "without an @ it is a web ID"),
        case("abc123", WEB_ID, &[], "6 characters, the lower bound"),
        case(
            "a".repeat(20),
            WEB_ID,
            &[],
            "20 characters, the upper bound",
        ),
        case("abc12", WEB_ID, &[TooShort], "one short"),
        case("a".repeat(21), WEB_ID, &[TooLong], "one over"),
        case("a".repeat(10_240), WEB_ID, &[TooLong], "ten kilobytes"),
        case(
            "taro-123.x",
            WEB_ID,
            &[DisallowedCharacter, DisallowedCharacter],
            "hyphen and dot are for addresses only",
        ),
        case(
            "taro123！",
            WEB_ID,
            &[DisallowedCharacter],
            "a full-width form of what a web ID never takes",
        ),
        case(
            "ｔａｒｏ＿123",
            WEB_ID,
            &[FullWidthCharacter; 5],
            "full-width letters and underscore",
        ),
        case(
            " taro@example.com\n",
            EMAIL,
            &[LeadingOrTrailingSpace, LeadingOrTrailingSpace],
            "pasted with a space and a line break",
        ),
        case(
            "taro＠example.com",
            EMAIL,
            &[FullWidthCharacter],
            "a full-width at sign makes it an address",
        ),
    ]);
    check_table("waon", &cases);
}
