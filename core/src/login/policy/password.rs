//! The password policy (SPEC §2.1): half-width letters, digits and the profile's symbols,
//! a length range and the character classes the profile requires.

use serde::Serialize;

use super::chars::{self, AsciiSet, CharProblem, Finding, Wording};
use crate::profile::PasswordRules;

/// Why a password breaks the policy. The serialised (and [`as_str`](Self::as_str)) form is
/// the stable snake_case code QA and the apps key on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum PasswordViolationCode {
    /// Fewer characters than `min_length`.
    TooShort,
    /// More characters than `max_length`.
    TooLong,
    /// `require_digit` and no half-width digit.
    MissingDigit,
    /// `require_upper` and no half-width `A`-`Z`.
    MissingUpper,
    /// `require_lower` and no half-width `a`-`z`.
    MissingLower,
    /// `require_letter` and no half-width letter of either case.
    MissingLetter,
    /// `require_symbol` and none of the profile's symbols.
    MissingSymbol,
    /// A character that is not a half-width letter, digit or listed symbol (kana, kanji,
    /// emoji, control characters, `¥`, half-width katakana, a space in the middle, ...).
    DisallowedCharacter,
    /// A full-width form of an allowed character (`Ａ`, `１`, `！`) or the ideographic space.
    FullWidthCharacter,
    /// ASCII whitespace at the start or the end, reported instead of `disallowed_character`.
    LeadingOrTrailingSpace,
}

impl PasswordViolationCode {
    /// The snake_case code, as serialised.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::MissingDigit => "missing_digit",
            Self::MissingUpper => "missing_upper",
            Self::MissingLower => "missing_lower",
            Self::MissingLetter => "missing_letter",
            Self::MissingSymbol => "missing_symbol",
            Self::DisallowedCharacter => "disallowed_character",
            Self::FullWidthCharacter => "full_width_character",
            Self::LeadingOrTrailingSpace => "leading_or_trailing_space",
        }
    }
}

/// One problem with a password, with the sentence the app shows for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordViolation {
    pub code: PasswordViolationCode,
    /// The offending character, for the per-character codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub character: Option<String>,
    /// Characters before it (0-based), for the per-character codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    pub message_en: String,
    pub message_ja: String,
}

/// The outcome of [`check_password`]: `valid` exactly when `violations` is empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordCheck {
    pub valid: bool,
    /// Every violation, in the order documented on [`check_password`].
    pub violations: Vec<PasswordViolation>,
}

impl PasswordCheck {
    /// The codes, in order (for logs and tests: no character of the password in them).
    pub fn codes(&self) -> Vec<PasswordViolationCode> {
        self.violations.iter().map(|v| v.code).collect()
    }
}

/// One line of the live checklist an app shows under the password field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum PasswordRule {
    /// Within `min_length..=max_length` characters.
    Length,
    Digit,
    Upper,
    Lower,
    Letter,
    Symbol,
    /// Only half-width letters, digits and the listed symbols; no spaces, no full-width
    /// characters.
    AllowedCharacters,
}

/// Whether one rule is met by what the member has typed so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PasswordRuleStatus {
    pub rule: PasswordRule,
    pub met: bool,
    pub label_en: String,
    pub label_ja: String,
}

/// What one pass over the password found; both public functions are built on it so the
/// checklist can never disagree with the check.
struct Analysis {
    length: usize,
    digit: bool,
    upper: bool,
    lower: bool,
    symbol: bool,
    findings: Vec<Finding>,
}

impl Analysis {
    fn of(rules: &PasswordRules, password: &str) -> Self {
        let symbols = AsciiSet::new(&rules.symbols);
        let scan = chars::scan(password, |c| {
            c.is_ascii_alphanumeric() || symbols.contains(c)
        });
        let (mut digit, mut upper, mut lower, mut symbol) = (false, false, false, false);
        // Only half-width characters count towards the required classes: a full-width `Ａ`
        // is reported as such, not silently taken for an upper-case letter.
        for c in password.chars() {
            match c {
                '0'..='9' => digit = true,
                'A'..='Z' => upper = true,
                'a'..='z' => lower = true,
                c if symbols.contains(c) => symbol = true,
                _ => {}
            }
        }
        Analysis {
            length: scan.length,
            digit,
            upper,
            lower,
            symbol,
            findings: scan.findings,
        }
    }

    fn too_short(&self, rules: &PasswordRules) -> bool {
        self.length < usize::try_from(rules.min_length).unwrap_or(usize::MAX)
    }

    fn too_long(&self, rules: &PasswordRules) -> bool {
        self.length > usize::try_from(rules.max_length).unwrap_or(usize::MAX)
    }

    /// The required classes that are missing, in the documented order.
    fn missing(&self, rules: &PasswordRules) -> Vec<PasswordViolationCode> {
        use PasswordViolationCode::*;
        [
            (rules.require_digit && !self.digit, MissingDigit),
            (rules.require_upper && !self.upper, MissingUpper),
            (rules.require_lower && !self.lower, MissingLower),
            (
                rules.require_letter && !(self.upper || self.lower),
                MissingLetter,
            ),
            (rules.require_symbol && !self.symbol, MissingSymbol),
        ]
        .into_iter()
        .filter_map(|(missing, code)| missing.then_some(code))
        .collect()
    }
}

const PASSWORD_WORDING: Wording = Wording {
    where_ja: "",
    where_en: "",
    hint_ja: "半角英数字と指定の記号で入力してください。",
    hint_en: " Use half-width letters, digits and the listed symbols.",
};

/// Checks a password against the program's policy and returns every violation, not the
/// first, so the member can fix them all in one go.
///
/// Order (stable, so apps and QA can compare lists):
/// 1. `too_short`, `too_long` (whole-password length, in characters, edge spaces included);
/// 2. `missing_digit`, `missing_upper`, `missing_lower`, `missing_letter`, `missing_symbol`,
///    each only where the profile requires it and counting only half-width characters;
/// 3. the per-character codes (`disallowed_character`, `full_width_character`,
///    `leading_or_trailing_space`), one per offending character, by position.
///
/// Instant and allocation-light: one pass over the text, one violation per offending
/// character; never panics.
pub fn check_password(rules: &PasswordRules, password: &str) -> PasswordCheck {
    let analysis = Analysis::of(rules, password);
    let n = analysis.length;
    let mut violations = Vec::new();
    let whole = |code, message_en: String, message_ja: String| PasswordViolation {
        code,
        character: None,
        position: None,
        message_en,
        message_ja,
    };
    if analysis.too_short(rules) {
        let min = rules.min_length;
        violations.push(whole(
            PasswordViolationCode::TooShort,
            format!("At least {min} characters (you typed {n})."),
            format!("{min}文字以上で入力してください（現在{n}文字）。"),
        ));
    }
    if analysis.too_long(rules) {
        let max = rules.max_length;
        violations.push(whole(
            PasswordViolationCode::TooLong,
            format!("At most {max} characters (you typed {n})."),
            format!("{max}文字以内で入力してください（現在{n}文字）。"),
        ));
    }
    for code in analysis.missing(rules) {
        let (en, ja) = missing_message(code, &rules.symbols);
        violations.push(whole(code, en, ja));
    }
    for finding in &analysis.findings {
        let code = match finding.problem {
            CharProblem::EdgeSpace => PasswordViolationCode::LeadingOrTrailingSpace,
            CharProblem::FullWidth { .. } => PasswordViolationCode::FullWidthCharacter,
            CharProblem::Disallowed => PasswordViolationCode::DisallowedCharacter,
        };
        let (message_en, message_ja) = chars::messages(finding, &PASSWORD_WORDING);
        violations.push(PasswordViolation {
            code,
            character: Some(finding.ch.to_string()),
            position: Some(finding.position()),
            message_en,
            message_ja,
        });
    }
    PasswordCheck {
        valid: violations.is_empty(),
        violations,
    }
}

/// The (English, Japanese) sentence for a `missing_*` code.
fn missing_message(code: PasswordViolationCode, symbols: &str) -> (String, String) {
    use PasswordViolationCode::*;
    let (en, ja) = match code {
        MissingDigit => (
            "Include at least one half-width digit (0-9).",
            "半角数字（0〜9）を1文字以上含めてください。",
        ),
        MissingUpper => (
            "Include at least one half-width upper-case letter (A-Z).",
            "半角英大文字（A〜Z）を1文字以上含めてください。",
        ),
        MissingLower => (
            "Include at least one half-width lower-case letter (a-z).",
            "半角英小文字（a〜z）を1文字以上含めてください。",
        ),
        MissingLetter => (
            "Include at least one half-width letter (A-Z or a-z).",
            "半角英字（A〜Z、a〜z）を1文字以上含めてください。",
        ),
        MissingSymbol => {
            return (
                format!("Include at least one of these symbols: {symbols}"),
                format!("指定の記号（ {symbols} ）を1文字以上含めてください。"),
            );
        }
        // Not a `missing_*` code: never asked for.
        _ => ("", ""),
    };
    (en.to_owned(), ja.to_owned())
}

/// The rules that apply under this profile, each with whether `password` meets it, so an
/// app can tick them live while the member types. Always starts with `Length`, ends with
/// `AllowedCharacters`, and lists the required classes in between (in the order of the
/// `missing_*` codes). Every rule is met exactly when [`check_password`] finds the password
/// valid.
pub fn rule_checklist(rules: &PasswordRules, password: &str) -> Vec<PasswordRuleStatus> {
    let analysis = Analysis::of(rules, password);
    let missing = analysis.missing(rules);
    let (min, max) = (rules.min_length, rules.max_length);
    let mut list = Vec::with_capacity(7);
    let (length_en, length_ja) = if min == max {
        (format!("{min} characters"), format!("{min}文字"))
    } else {
        (
            format!("{min}-{max} characters"),
            format!("{min}〜{max}文字"),
        )
    };
    list.push(PasswordRuleStatus {
        rule: PasswordRule::Length,
        met: !analysis.too_short(rules) && !analysis.too_long(rules),
        label_en: length_en,
        label_ja: length_ja,
    });
    let symbols = &rules.symbols;
    let classes = [
        (
            rules.require_digit,
            PasswordRule::Digit,
            PasswordViolationCode::MissingDigit,
        ),
        (
            rules.require_upper,
            PasswordRule::Upper,
            PasswordViolationCode::MissingUpper,
        ),
        (
            rules.require_lower,
            PasswordRule::Lower,
            PasswordViolationCode::MissingLower,
        ),
        (
            rules.require_letter,
            PasswordRule::Letter,
            PasswordViolationCode::MissingLetter,
        ),
        (
            rules.require_symbol,
            PasswordRule::Symbol,
            PasswordViolationCode::MissingSymbol,
        ),
    ];
    for (required, rule, code) in classes {
        if !required {
            continue;
        }
        let (label_en, label_ja) = match rule {
            PasswordRule::Digit => (
                "A half-width digit (0-9)".to_owned(),
                "半角数字を含む".to_owned(),
            ),
            PasswordRule::Upper => (
                "A half-width upper-case letter (A-Z)".to_owned(),
                "半角英大文字（A〜Z）を含む".to_owned(),
            ),
            PasswordRule::Lower => (
                "A half-width lower-case letter (a-z)".to_owned(),
                "半角英小文字（a〜z）を含む".to_owned(),
            ),
            PasswordRule::Letter => (
                "A half-width letter (A-Z or a-z)".to_owned(),
                "半角英字を含む".to_owned(),
            ),
            _ => (
                format!("A symbol ({symbols})"),
                format!("記号（ {symbols} ）を含む"),
            ),
        };
        list.push(PasswordRuleStatus {
            rule,
            met: !missing.contains(&code),
            label_en,
            label_ja,
        });
    }
    list.push(PasswordRuleStatus {
        rule: PasswordRule::AllowedCharacters,
        met: analysis.findings.is_empty(),
        label_en: "Only half-width letters, digits and the listed symbols (no spaces or full-width characters)"
            .to_owned(),
        label_ja: "半角英数字と指定の記号のみ（スペース・全角文字は使用できません）".to_owned(),
    });
    list
}
