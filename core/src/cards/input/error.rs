//! Why a card input was refused offline: one variant per cause, each with a stable code and
//! messages in English and Japanese that say what is wrong and how to fix it.

/// One reason a card number or PIN was refused before any request (SPEC §4.1, §4.2, §4.3).
///
/// Positions are counted in characters (Unicode scalar values) from 0 in what the member
/// typed, so the UI can highlight the character; the messages count from 1, as people do.
/// `character` holds exactly one character. Counts are of digits after normalisation.
///
/// Serialised as `{"code": <`code()`>, …fields}` (e.g. `{"code": "wrong_digit_count",
/// "given": 15, "expected": 16}`), the same code QA's `check card` prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum CardInputError {
    /// The program has no card type with this ID.
    #[error("{}", self.message_en())]
    UnknownCardType { card_type: String },
    /// Nothing was entered (or only spaces and hyphens).
    #[error("{}", self.message_en())]
    Empty,
    /// The card number has a character that is neither a digit nor a space or hyphen.
    #[error("{}", self.message_en())]
    InvalidCharacter { character: String, position: u32 },
    /// The card number has the wrong number of digits.
    #[error("{}", self.message_en())]
    WrongDigitCount { given: u32, expected: u32 },
    /// The card number's check digit does not match (a typo in some digit).
    #[error("{}", self.message_en())]
    BadCheckDigit,
    /// The member said the card has a PIN but entered none.
    #[error("{}", self.message_en())]
    PinRequired,
    /// A PIN was entered (or said to exist) for a card without one.
    #[error("{}", self.message_en())]
    PinNotExpected,
    /// The PIN has a character that is neither a digit nor a space or hyphen.
    #[error("{}", self.message_en())]
    PinInvalidCharacter { character: String, position: u32 },
    /// The PIN has the wrong number of digits.
    #[error("{}", self.message_en())]
    PinWrongDigitCount { given: u32, expected: u32 },
    /// An answer to "already registered as a member at the issuing shop?" was given for a
    /// card type that does not ask it.
    #[error("{}", self.message_en())]
    MemberRegisteredNotExpected,
    /// Registration of a card type that asks "already registered as a member at the issuing
    /// shop?" without the answer (the offline pre-check leaves it optional; registering needs it).
    #[error("{}", self.message_en())]
    MemberRegisteredRequired,
}

impl CardInputError {
    /// Every code [`CardInputError::code`] can return.
    pub const CODES: &'static [&'static str] = &[
        "unknown_card_type",
        "empty",
        "invalid_character",
        "wrong_digit_count",
        "bad_check_digit",
        "pin_required",
        "pin_not_expected",
        "pin_invalid_character",
        "pin_wrong_digit_count",
        "member_registered_not_expected",
        "member_registered_required",
    ];

    /// A stable snake_case code for programs (QA output, analytics, app-side mapping).
    pub fn code(&self) -> &'static str {
        match self {
            CardInputError::UnknownCardType { .. } => "unknown_card_type",
            CardInputError::Empty => "empty",
            CardInputError::InvalidCharacter { .. } => "invalid_character",
            CardInputError::WrongDigitCount { .. } => "wrong_digit_count",
            CardInputError::BadCheckDigit => "bad_check_digit",
            CardInputError::PinRequired => "pin_required",
            CardInputError::PinNotExpected => "pin_not_expected",
            CardInputError::PinInvalidCharacter { .. } => "pin_invalid_character",
            CardInputError::PinWrongDigitCount { .. } => "pin_wrong_digit_count",
            CardInputError::MemberRegisteredNotExpected => "member_registered_not_expected",
            CardInputError::MemberRegisteredRequired => "member_registered_required",
        }
    }

    /// The message for the member, in English.
    pub fn message_en(&self) -> String {
        match self {
            CardInputError::UnknownCardType { card_type } => format!(
                "\u{201C}{}\u{201D} is not a card type that can be registered here. Choose the card type again.",
                shown_text(card_type)
            ),
            CardInputError::Empty => "Enter the card number.".to_owned(),
            CardInputError::InvalidCharacter { character, position } => format!(
                "Character {} of the card number, {}, cannot be used. Enter the number in digits.",
                u64::from(*position) + 1,
                describe_en(character)
            ),
            CardInputError::WrongDigitCount { given, expected } => format!(
                "The card number has {given} {}; it should have {expected}. Check the number on the card.",
                if *given == 1 { "digit" } else { "digits" }
            ),
            CardInputError::BadCheckDigit => {
                "The card number is not correct. Check the number printed on the card and enter it again."
                    .to_owned()
            }
            CardInputError::PinRequired => "You chose \u{201C}the card has a PIN\u{201D}: enter the PIN.".to_owned(),
            CardInputError::PinNotExpected => {
                "The PIN does not match the card: for a card without a PIN, leave the PIN empty.".to_owned()
            }
            CardInputError::PinInvalidCharacter { character, position } => format!(
                "Character {} of the PIN, {}, cannot be used. Enter the PIN in digits.",
                u64::from(*position) + 1,
                describe_en(character)
            ),
            CardInputError::PinWrongDigitCount { given, expected } => format!(
                "The PIN has {given} {}; it should have {expected}.",
                if *given == 1 { "digit" } else { "digits" }
            ),
            CardInputError::MemberRegisteredNotExpected => {
                "This card does not ask whether it is already registered as a member at the issuing shop; leave that answer out."
                    .to_owned()
            }
            CardInputError::MemberRegisteredRequired => {
                "Say whether this card is already registered as a member at the issuing shopping centre."
                    .to_owned()
            }
        }
    }

    /// The message for the member, in Japanese (wording after the program's FAQ).
    pub fn message_ja(&self) -> String {
        match self {
            CardInputError::UnknownCardType { card_type } => format!(
                "「{}」は登録できるカードの種類ではありません。カードの種類を選び直してください。",
                shown_text(card_type)
            ),
            CardInputError::Empty => "カード番号を入力してください。".to_owned(),
            CardInputError::InvalidCharacter { character, position } => format!(
                "カード番号の{}文字目の{}は使用できません。カード番号は数字で入力してください。",
                u64::from(*position) + 1,
                describe_ja(character)
            ),
            CardInputError::WrongDigitCount { given, expected } => format!(
                "カード番号の桁数が正しくありません（{given}桁入力されています）。カードに記載の{expected}桁の番号をお確かめの上、再度入力してください。"
            ),
            CardInputError::BadCheckDigit => {
                "カード番号に誤りがあります。カードに記載の番号をお確かめの上、再度入力してください。".to_owned()
            }
            CardInputError::PinRequired => {
                "PIN番号「あり」を選択された場合は、PIN番号を入力してください。".to_owned()
            }
            CardInputError::PinNotExpected => {
                "PIN番号の有無が入力内容と合っていません。PIN番号のないカードの場合は、PIN番号を入力しないでください。"
                    .to_owned()
            }
            CardInputError::PinInvalidCharacter { character, position } => format!(
                "PIN番号の{}文字目の{}は使用できません。PIN番号は数字で入力してください。",
                u64::from(*position) + 1,
                describe_ja(character)
            ),
            CardInputError::PinWrongDigitCount { given, expected } => format!(
                "PIN番号の桁数が正しくありません（{given}桁入力されています）。{expected}桁のPIN番号を入力してください。"
            ),
            CardInputError::MemberRegisteredNotExpected => {
                "このカードでは、カード会員登録が「お済みの方」「まだお済みでない方」の選択は不要です。".to_owned()
            }
            CardInputError::MemberRegisteredRequired => {
                "カード会員登録が「お済みの方」「まだお済みでない方」のどちらかを選択してください。".to_owned()
            }
        }
    }
}

/// Whether a character would not show (or not show as itself) inside a message: controls,
/// spaces, combining marks, format and direction marks, variation selectors and the like.
/// Such characters are named by code point instead, since quoting them shows nothing.
fn is_invisible(c: char) -> bool {
    if c.is_control() || c.is_whitespace() {
        return true;
    }
    // `escape_debug` escapes exactly the characters the standard library finds non-printable
    // or combining (grapheme extenders), besides quotes and the backslash.
    !matches!(c, '\'' | '"' | '\\') && c.escape_debug().nth(1).is_some()
}

/// `U+XXXX`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn single_char(character: &str) -> Option<char> {
    let mut chars = character.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// `“A”` or `an invisible character (U+200F)`.
fn describe_en(character: &str) -> String {
    match single_char(character) {
        Some(c) if is_invisible(c) => format!("an invisible character ({})", code_point(c)),
        Some(c) => format!("\u{201C}{c}\u{201D}"),
        None => format!("\u{201C}{}\u{201D}", shown_text(character)),
    }
}

/// `「A」` or `目に見えない文字（U+200F）`.
fn describe_ja(character: &str) -> String {
    match single_char(character) {
        Some(c) if is_invisible(c) => format!("目に見えない文字（{}）", code_point(c)),
        Some(c) => format!("「{c}」"),
        None => format!("「{}」", shown_text(character)),
    }
}

/// Free text (a card type ID from the caller) made safe to show: at most 40 characters, with
/// invisible characters written as code points.
fn shown_text(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if is_invisible(c) && c != ' ' {
            out.push_str(&format!("<{}>", code_point(c)));
        } else {
            out.push(c);
        }
    }
    out
}
