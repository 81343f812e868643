//! Login-ID checks (SPEC §1, §2): an e-mail address, or (where the profile accepts it) a web
//! ID of half-width letters, digits and `_`.

use serde::Serialize;

use super::chars::{self, AsciiSet, CharProblem, Finding, Scan, Wording};
use crate::profile::{LoginIdKind, LoginRules};

/// The longest e-mail address accepted (RFC 5321's path limit less the angle brackets).
const EMAIL_MAX: usize = 254;

/// Symbols an e-mail address may hold besides letters and digits: the RFC 5322 `atext`
/// symbols of an unquoted local part, the dot and the `@`. Quoted local parts, comments and
/// internationalised addresses are left out: no member-facing sign-up accepts them.
const EMAIL_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~.@";

/// Why a login ID is not valid. The serialised (and [`as_str`](Self::as_str)) form is the
/// stable snake_case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum LoginIdViolationCode {
    /// Nothing typed, or only spaces.
    Empty,
    /// An e-mail address (it has an `@`) where the program accepts only web IDs.
    KindNotAccepted,
    /// A web ID shorter than `web_id_min`.
    TooShort,
    /// A web ID longer than `web_id_max`, or an e-mail address longer than 254 characters.
    TooLong,
    /// Not shaped like an e-mail address (no or several `@`, nothing before it, a domain
    /// without a dot or with an empty part, a character a domain cannot have); the message
    /// says which.
    InvalidEmail,
    /// A character the recognised kind of ID cannot hold.
    DisallowedCharacter,
    /// A full-width form of an allowed character, or the ideographic space.
    FullWidthCharacter,
    /// ASCII whitespace at the start or the end.
    LeadingOrTrailingSpace,
}

impl LoginIdViolationCode {
    /// The snake_case code, as serialised.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::KindNotAccepted => "kind_not_accepted",
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::InvalidEmail => "invalid_email",
            Self::DisallowedCharacter => "disallowed_character",
            Self::FullWidthCharacter => "full_width_character",
            Self::LeadingOrTrailingSpace => "leading_or_trailing_space",
        }
    }
}

/// One problem with a login ID, with the sentence the app shows for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct LoginIdViolation {
    pub code: LoginIdViolationCode,
    /// The offending character, where one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub character: Option<String>,
    /// Characters before it (0-based), where one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    pub message_en: String,
    pub message_ja: String,
}

/// The outcome of [`check_login_id`]: `valid` exactly when `violations` is empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct LoginIdCheck {
    pub valid: bool,
    /// The kind the ID was checked as; `None` when nothing but blanks was typed.
    pub kind: Option<LoginIdKind>,
    /// Every violation, in the order documented on [`check_login_id`].
    pub violations: Vec<LoginIdViolation>,
}

impl LoginIdCheck {
    /// The codes, in order (for logs and tests: no character of the ID in them).
    pub fn codes(&self) -> Vec<LoginIdViolationCode> {
        self.violations.iter().map(|v| v.code).collect()
    }
}

const EMAIL_WORDING: Wording = Wording {
    where_ja: "メールアドレスに",
    where_en: " in an e-mail address",
    hint_ja: "",
    hint_en: "",
};

const WEB_ID_WORDING: Wording = Wording {
    where_ja: "IDに",
    where_en: " in an ID",
    hint_ja: "半角英数字と「_」で入力してください。",
    hint_en: " Use half-width letters, digits and “_”.",
};

/// Checks a login ID's form offline.
///
/// Which kind it is checked as: an ID with an `@` (or a full-width `＠`, so that an address
/// typed in full-width mode is told about the full-width characters rather than rejected as
/// a web ID) is an e-mail address; otherwise a web ID where the program accepts web IDs, and
/// an e-mail address (missing its `@`) where it accepts only e-mail. An e-mail address where
/// only web IDs are accepted gives `kind_not_accepted` alone: the member must type a
/// different ID altogether, and its characters do not matter.
///
/// The e-mail check is deliberately pragmatic: one `@`, a non-empty local part of ASCII
/// letters, digits and `atext` symbols, a domain of letters, digits, `-` and dots with at
/// least one dot and no empty label, at most 254 characters. Dots in the local part are not
/// policed: older Japanese mobile-carrier addresses (`taro..a.@docomo.ne.jp`) break RFC 5322
/// there and are still in use.
///
/// Order: `empty`, `kind_not_accepted`, `too_short`, `too_long`, `invalid_email` (at most one,
/// the first structural problem), then the per-character codes by position. Lengths count
/// every character, edge spaces included.
pub fn check_login_id(rules: &LoginRules, login_id: &str) -> LoginIdCheck {
    let accepts_email = rules.id_kinds.contains(&LoginIdKind::Email);
    let accepts_web_id = rules.id_kinds.contains(&LoginIdKind::WebId);
    let mut violations = Vec::new();

    if login_id.is_empty() {
        violations.push(empty(rules));
        return LoginIdCheck {
            valid: false,
            kind: None,
            violations,
        };
    }

    let looks_like_email = login_id.contains(['@', '\u{FF20}']);
    let kind = if looks_like_email || (accepts_email && !accepts_web_id) {
        LoginIdKind::Email
    } else {
        LoginIdKind::WebId
    };
    let accepted = match kind {
        LoginIdKind::Email => accepts_email,
        LoginIdKind::WebId => accepts_web_id,
    };

    let email_symbols = AsciiSet::new(EMAIL_SYMBOLS);
    let email_char = |c: char| c.is_ascii_alphanumeric() || email_symbols.contains(c);
    let web_id_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let (scan, wording) = match kind {
        LoginIdKind::Email => (chars::scan(login_id, email_char), &EMAIL_WORDING),
        LoginIdKind::WebId => (chars::scan(login_id, web_id_char), &WEB_ID_WORDING),
    };

    if scan.is_blank() {
        violations.push(empty(rules));
        push_findings(&mut violations, &scan.findings, wording);
        return LoginIdCheck {
            valid: false,
            kind: None,
            violations,
        };
    }

    if !accepted {
        violations.push(kind_not_accepted(kind));
        return LoginIdCheck {
            valid: false,
            kind: Some(kind),
            violations,
        };
    }

    let n = scan.length;
    match kind {
        LoginIdKind::WebId => {
            let (min, max) = (rules.web_id_min, rules.web_id_max);
            if n < usize::try_from(min).unwrap_or(usize::MAX) {
                violations.push(whole(
                    LoginIdViolationCode::TooShort,
                    format!("Your ID needs at least {min} characters (you typed {n})."),
                    format!("IDは{min}文字以上で入力してください（現在{n}文字）。"),
                ));
            }
            if n > usize::try_from(max).unwrap_or(usize::MAX) {
                violations.push(whole(
                    LoginIdViolationCode::TooLong,
                    format!("Your ID can have at most {max} characters (you typed {n})."),
                    format!("IDは{max}文字以内で入力してください（現在{n}文字）。"),
                ));
            }
        }
        LoginIdKind::Email => {
            if n > EMAIL_MAX {
                violations.push(whole(
                    LoginIdViolationCode::TooLong,
                    format!(
                        "An e-mail address can have at most {EMAIL_MAX} characters (you typed {n})."
                    ),
                    format!(
                        "メールアドレスは{EMAIL_MAX}文字以内で入力してください（現在{n}文字）。"
                    ),
                ));
            }
            if let Some(problem) = email_shape_problem(login_id, &scan, email_char) {
                violations.push(problem.violation());
            }
        }
    }
    push_findings(&mut violations, &scan.findings, wording);
    LoginIdCheck {
        valid: violations.is_empty(),
        kind: Some(kind),
        violations,
    }
}

fn whole(code: LoginIdViolationCode, message_en: String, message_ja: String) -> LoginIdViolation {
    LoginIdViolation {
        code,
        character: None,
        position: None,
        message_en,
        message_ja,
    }
}

/// `empty`, worded for what the program accepts.
fn empty(rules: &LoginRules) -> LoginIdViolation {
    let email = rules.id_kinds.contains(&LoginIdKind::Email);
    let web_id = rules.id_kinds.contains(&LoginIdKind::WebId);
    let (en, ja) = match (email, web_id) {
        (true, true) => (
            "Enter your e-mail address or ID.",
            "メールアドレスまたはIDを入力してください。",
        ),
        (false, true) => ("Enter your ID.", "IDを入力してください。"),
        _ => (
            "Enter your e-mail address.",
            "メールアドレスを入力してください。",
        ),
    };
    whole(LoginIdViolationCode::Empty, en.to_owned(), ja.to_owned())
}

fn kind_not_accepted(kind: LoginIdKind) -> LoginIdViolation {
    let (en, ja) = match kind {
        LoginIdKind::Email => (
            "An e-mail address cannot be used to log in here: enter your ID.",
            "メールアドレスではログインできません。IDを入力してください。",
        ),
        LoginIdKind::WebId => (
            "An ID cannot be used to log in here: enter your e-mail address.",
            "IDではログインできません。メールアドレスを入力してください。",
        ),
    };
    whole(
        LoginIdViolationCode::KindNotAccepted,
        en.to_owned(),
        ja.to_owned(),
    )
}

fn push_findings(violations: &mut Vec<LoginIdViolation>, findings: &[Finding], wording: &Wording) {
    for finding in findings {
        let code = match finding.problem {
            CharProblem::EdgeSpace => LoginIdViolationCode::LeadingOrTrailingSpace,
            CharProblem::FullWidth { .. } => LoginIdViolationCode::FullWidthCharacter,
            CharProblem::Disallowed => LoginIdViolationCode::DisallowedCharacter,
        };
        let (message_en, message_ja) = chars::messages(finding, wording);
        violations.push(LoginIdViolation {
            code,
            character: Some(finding.ch.to_string()),
            position: Some(finding.position()),
            message_en,
            message_ja,
        });
    }
}

/// The first structural problem of an e-mail address.
enum EmailShape {
    NoAt,
    SeveralAts,
    EmptyLocalPart,
    EmptyDomain,
    DomainCharacter { ch: char, pos: usize },
    DomainWithoutDot,
    EmptyDomainLabel,
}

/// Looks at the shape of the address between the edge blanks, reading full-width forms as
/// their half-width characters: those are already reported one by one, and reporting the
/// shape they would have again (`＠` as "no @") would only confuse.
fn email_shape_problem(
    text: &str,
    scan: &Scan,
    email_char: impl Fn(char) -> bool,
) -> Option<EmailShape> {
    // (position, as typed, as read)
    let core: Vec<(usize, char, char)> = text
        .chars()
        .enumerate()
        .skip(scan.lead)
        .take(scan.trail_start.saturating_sub(scan.lead))
        .map(|(pos, c)| (pos, c, chars::half_width_of(c).unwrap_or(c)))
        .collect();
    let mut ats = core
        .iter()
        .enumerate()
        .filter(|(_, (_, _, c))| *c == '@')
        .map(|(i, _)| i);
    let at = match (ats.next(), ats.next()) {
        (None, _) => return Some(EmailShape::NoAt),
        (Some(_), Some(_)) => return Some(EmailShape::SeveralAts),
        (Some(at), None) => at,
    };
    let (local, domain) = (&core[..at], &core[at + 1..]);
    if local.is_empty() {
        return Some(EmailShape::EmptyLocalPart);
    }
    if domain.is_empty() {
        return Some(EmailShape::EmptyDomain);
    }
    // Characters that are not e-mail characters at all are reported one by one already;
    // here only those fine in a local part but not in a domain (`_`, `+`, `!`, ...).
    if let Some(&(pos, ch, _)) = domain
        .iter()
        .find(|&&(_, _, c)| email_char(c) && !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    {
        return Some(EmailShape::DomainCharacter { ch, pos });
    }
    if !domain.iter().any(|&(_, _, c)| c == '.') {
        return Some(EmailShape::DomainWithoutDot);
    }
    if domain
        .split(|&(_, _, c)| c == '.')
        .any(|label| label.is_empty())
    {
        return Some(EmailShape::EmptyDomainLabel);
    }
    None
}

impl EmailShape {
    fn violation(&self) -> LoginIdViolation {
        let (en, ja) = match self {
            EmailShape::NoAt => (
                "An e-mail address needs an “@”.".to_owned(),
                "メールアドレスに「@」が含まれていません。".to_owned(),
            ),
            EmailShape::SeveralAts => (
                "An e-mail address has exactly one “@”.".to_owned(),
                "メールアドレスに「@」が複数含まれています。".to_owned(),
            ),
            EmailShape::EmptyLocalPart => (
                "Nothing comes before the “@”.".to_owned(),
                "「@」の前が入力されていません。".to_owned(),
            ),
            EmailShape::EmptyDomain => (
                "Nothing comes after the “@” (the domain is missing).".to_owned(),
                "「@」の後ろ（ドメイン）が入力されていません。".to_owned(),
            ),
            EmailShape::DomainCharacter { ch, pos } => {
                let nth = pos.saturating_add(1);
                return LoginIdViolation {
                    code: LoginIdViolationCode::InvalidEmail,
                    character: Some(ch.to_string()),
                    position: Some(u32::try_from(*pos).unwrap_or(u32::MAX)),
                    message_en: format!(
                        "Character {nth} ({}) cannot be used after the “@” (in the domain).",
                        chars::name_en(*ch)
                    ),
                    message_ja: format!(
                        "{nth}文字目の{}は「@」の後ろ（ドメイン）に使用できません。",
                        chars::name_ja(*ch)
                    ),
                };
            }
            EmailShape::DomainWithoutDot => (
                "The part after the “@” needs a dot, as in example.jp.".to_owned(),
                "「@」の後ろ（ドメイン）に「.」が含まれていません。".to_owned(),
            ),
            EmailShape::EmptyDomainLabel => (
                "After the “@”, a dot cannot come first, last or twice in a row.".to_owned(),
                "「@」の後ろ（ドメイン）の「.」の位置が正しくありません（先頭・末尾や「..」の連続）。".to_owned(),
            ),
        };
        whole(LoginIdViolationCode::InvalidEmail, en, ja)
    }
}
