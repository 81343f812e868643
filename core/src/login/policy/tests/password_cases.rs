//! The password check as tables: for each shipped profile, typed passwords and every
//! violation code its check reports, in order (an empty list: the password is accepted).
//!
//! A row says why it is there. A failing table reports every wrong row at once, so a rule
//! change shows its whole effect. Messages, characters and positions are checked in
//! `password.rs`; these tables pin down which codes each profile gives.

use super::*;

/// One typed password and the codes the profile's check gives it.
struct Case {
    text: String,
    codes: Vec<P>,
    why: &'static str,
}

fn case(text: impl Into<String>, codes: &[P], why: &'static str) -> Case {
    Case {
        text: text.into(),
        codes: codes.to_vec(),
        why,
    }
}

/// Runs every row against `profile`'s rules; one assertion for the whole table.
fn check_table(profile_id: &str, cases: &[Case]) {
    let rules = profile(profile_id).password.clone();
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let check = check_password(&rules, &c.text);
            let codes = check.codes();
            let right = codes == c.codes && check.valid == c.codes.is_empty();
            (!right).then(|| {
                format!(
                    "  {:?} ({}): expected {:?}, got {codes:?}",
                    shorten(&c.text),
                    c.why,
                    c.codes
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

/// A long text shown by its start and its length.
fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= 40 {
        text.to_owned()
    } else {
        let start: String = text.chars().take(12).collect();
        format!("{start}… ({count} characters)")
    }
}

/// wester: 8 to 64 characters, a digit, an upper- and a lower-case letter and a symbol.
#[test]
fn wester_passwords() {
    use P::*;
    check_table(
        "wester",
        &[
            case("Passw0rd!", &[], "every class once"),
            case("Aa1!Aa1!", &[], "exactly 8"),
            case("zZ9_____", &[], "the underscore is a symbol"),
            case("Tamaru-2025@WESPO", &[], "the hyphen and the at sign too"),
            case(
                format!("Aa1{FAQ_SYMBOLS}"),
                &[],
                "every symbol the FAQ lists",
            ),
            case("Aa1!aaaa", &[], "the lower bound itself"),
            case(
                format!("Aa1!{}", "a".repeat(60)),
                &[],
                "the upper bound itself",
            ),
            case("Aa1!aaa", &[TooShort], "one short of the lower bound"),
            case("Ab1!x", &[TooShort], "5 characters"),
            case(format!("Aa1!{}", "a".repeat(61)), &[TooLong], "one over"),
            case(
                "",
                &[
                    TooShort,
                    MissingDigit,
                    MissingUpper,
                    MissingLower,
                    MissingSymbol,
                ],
                "empty: everything required, in the documented order",
            ),
            case("Password!", &[MissingDigit], "no digit"),
            case("password1!", &[MissingUpper], "no upper case"),
            case("PASSWORD1!", &[MissingLower], "no lower case"),
            case("Password1", &[MissingSymbol], "no symbol"),
            case(
                "passw0rd",
                &[MissingUpper, MissingSymbol],
                "waon's kind of password",
            ),
            case(
                "12345678",
                &[MissingUpper, MissingLower, MissingSymbol],
                "digits only",
            ),
            case(
                "Ｐassw0rd!",
                &[MissingUpper, FullWidthCharacter],
                "a full-width upper case does not count",
            ),
            case(
                "Passw１rd！",
                &[
                    MissingDigit,
                    MissingSymbol,
                    FullWidthCharacter,
                    FullWidthCharacter,
                ],
                "full-width digit and symbol",
            ),
            case(
                "Pass\u{3000}w0rd!",
                &[FullWidthCharacter],
                "the ideographic space inside",
            ),
            case(
                " Passw0rd!",
                &[LeadingOrTrailingSpace],
                "a space pasted in front",
            ),
            case(
                "Passw0rd!\u{B}",
                &[DisallowedCharacter],
                "a vertical tab is not whitespace",
            ),
            case("Passあw0rd!", &[DisallowedCharacter], "kana"),
            case(
                "a".repeat(10_240),
                &[TooLong, MissingDigit, MissingUpper, MissingSymbol],
                "ten kilobytes",
            ),
        ],
    );
}

/// waon: 8 to 64 characters, a digit and a letter (either case); symbols allowed.
#[test]
fn waon_passwords() {
    use P::*;
    check_table(
        "waon",
        &[
            case("passw0rd", &[], "a digit and a letter"),
            case("PASSW0RD", &[], "upper case is a letter too"),
            case("abcd!234", &[], "a symbol is allowed"),
            case("a1234567", &[], "one letter is enough"),
            case("Passw0rd!", &[], "wester's kind of password"),
            case("abcd1234", &[], "exactly 8"),
            case(
                format!("a1{}", "b".repeat(62)),
                &[],
                "the upper bound itself",
            ),
            case(format!("a1{}", "b".repeat(63)), &[TooLong], "one over"),
            case("a123456", &[TooShort], "one short"),
            case(
                "",
                &[TooShort, MissingDigit, MissingLetter],
                "empty: what waon requires, in order",
            ),
            case("abcdefgh", &[MissingDigit], "no digit"),
            case("1234!678", &[MissingLetter], "no letter"),
            case("12345678", &[MissingLetter], "digits only"),
            case(
                "pass1234！～",
                &[FullWidthCharacter, FullWidthCharacter],
                "both ends of the full-width block",
            ),
            case(
                "pass1234か\u{3099}",
                &[DisallowedCharacter, DisallowedCharacter],
                "a decomposed が is two characters",
            ),
            case(
                "pass1234 ",
                &[LeadingOrTrailingSpace],
                "a space pasted at the end",
            ),
        ],
    );
}
