//! Character classification and wording shared by the password and login-ID checks, so that
//! a pasted space or a full-width letter is reported the same way in both.

/// A set of ASCII characters, looked up in constant time (a profile's symbol list is
/// scanned once, not once per typed character).
#[derive(Clone)]
pub(super) struct AsciiSet([bool; 128]);

impl AsciiSet {
    /// The ASCII characters of `chars`; anything else in it is ignored (a profile's symbols
    /// are validated as ASCII, and a hand-built rule set must not make the check panic).
    pub(super) fn new(chars: &str) -> Self {
        let mut set = [false; 128];
        for c in chars.chars() {
            if let Some(slot) = set.get_mut(c as usize) {
                *slot = true;
            }
        }
        AsciiSet(set)
    }

    pub(super) fn contains(&self, c: char) -> bool {
        self.0.get(c as usize).copied().unwrap_or(false)
    }
}

/// The ideographic (full-width) space, typed by Japanese input methods for a space.
pub(super) const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// The half-width (ASCII) character of a full-width form U+FF01..U+FF5E (`Ａ` → `A`,
/// `１` → `1`, `！` → `!`), which Japanese input methods produce in full-width mode.
pub(super) fn half_width_of(c: char) -> Option<char> {
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0)
    } else {
        None
    }
}

/// Which end of the text a character sits at, when it is part of the blank run there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edge {
    Start,
    End,
}

/// Why one character is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CharProblem {
    /// ASCII whitespace in the blank run at the start or the end.
    EdgeSpace,
    /// The ideographic space (`half` is `None`), or the full-width form of an accepted
    /// character (`half` is the character to type instead).
    FullWidth { half: Option<char> },
    /// Anything else that is not accepted.
    Disallowed,
}

/// One character that is not accepted, where it is and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Finding {
    /// Characters before it (0-based).
    pub pos: usize,
    pub ch: char,
    pub problem: CharProblem,
    /// Set when the character is part of the blank run at an end.
    pub edge: Option<Edge>,
}

impl Finding {
    /// The position as the FFI carries it; saturates rather than wrapping on absurd input.
    pub(super) fn position(&self) -> u32 {
        u32::try_from(self.pos).unwrap_or(u32::MAX)
    }
}

/// The result of scanning a text once.
pub(super) struct Scan {
    /// Characters in all (edge spaces included: they are what the member typed).
    pub length: usize,
    /// Characters in the blank run at the start.
    pub lead: usize,
    /// Index of the first character of the blank run at the end (`length` if none).
    pub trail_start: usize,
    /// The characters not accepted, in position order.
    pub findings: Vec<Finding>,
}

impl Scan {
    /// Whether the text is nothing but blanks (or empty).
    pub(super) fn is_blank(&self) -> bool {
        self.lead >= self.length
    }
}

/// A blank that may make up the edge runs: ASCII whitespace and the ideographic space.
fn is_edge_blank(c: char) -> bool {
    c.is_ascii_whitespace() || c == IDEOGRAPHIC_SPACE
}

/// Scans `text` once, classifying every character against `accepted`.
///
/// Edge ASCII whitespace is reported even if `accepted` would take it (a profile could list
/// a space as a symbol), because a leading or trailing space is almost always pasted by
/// mistake and would make a password that looks right fail at log-in.
pub(super) fn scan(text: &str, accepted: impl Fn(char) -> bool) -> Scan {
    let length = text.chars().count();
    let lead = text.chars().take_while(|&c| is_edge_blank(c)).count();
    let trail = if lead >= length {
        0
    } else {
        text.chars().rev().take_while(|&c| is_edge_blank(c)).count()
    };
    let trail_start = length - trail;
    let mut findings = Vec::new();
    for (pos, ch) in text.chars().enumerate() {
        let edge = if pos < lead {
            Some(Edge::Start)
        } else if pos >= trail_start {
            Some(Edge::End)
        } else {
            None
        };
        let problem = if edge.is_some() && ch.is_ascii_whitespace() {
            CharProblem::EdgeSpace
        } else if accepted(ch) {
            continue;
        } else if ch == IDEOGRAPHIC_SPACE {
            CharProblem::FullWidth { half: None }
        } else {
            match half_width_of(ch) {
                Some(half) if accepted(half) => CharProblem::FullWidth { half: Some(half) },
                _ => CharProblem::Disallowed,
            }
        };
        findings.push(Finding {
            pos,
            ch,
            problem,
            edge,
        });
    }
    Scan {
        length,
        lead,
        trail_start,
        findings,
    }
}

/// Combining marks (they attach to the character before and would show as garbage on their
/// own), among them the kana voicing marks a decomposed (NFD) `が` leaves behind.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that draw nothing (or reorder the text around them) and so must be named by
/// code point: zero-width and format characters, bidirectional controls, variation
/// selectors, the byte-order mark, tags, Hangul fillers.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFF}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
        || (c as u32) & 0xFFFE == 0xFFFE
}

/// How a character is named in a Japanese message: visible ones quoted (`「あ」`),
/// blanks by name, and anything invisible or unprintable by code point, so that the
/// message itself never carries a control or bidirectional character.
pub(super) fn name_ja(c: char) -> String {
    match c {
        ' ' => "スペース".to_owned(),
        '\t' => "タブ".to_owned(),
        '\n' | '\r' => "改行".to_owned(),
        IDEOGRAPHIC_SPACE => "全角スペース".to_owned(),
        c if c.is_control() => format!("制御文字（U+{:04X}）", c as u32),
        c if is_combining(c) => format!("結合文字（U+{:04X}）", c as u32),
        c if is_invisible(c) => format!("見えない文字（U+{:04X}）", c as u32),
        c => format!("「{c}」"),
    }
}

/// How a character is named in an English message (see [`name_ja`]).
pub(super) fn name_en(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        IDEOGRAPHIC_SPACE => "a full-width space".to_owned(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c if is_combining(c) => format!("a combining mark (U+{:04X})", c as u32),
        c if is_invisible(c) => format!("an invisible character (U+{:04X})", c as u32),
        c => format!("“{c}”"),
    }
}

/// What the disallowed-character sentence says about where the character was typed and
/// what to type instead; the rest of the per-character wording is shared.
pub(super) struct Wording {
    /// E.g. "メールアドレスに" (empty for passwords).
    pub where_ja: &'static str,
    /// E.g. " in an e-mail address" (empty for passwords).
    pub where_en: &'static str,
    /// A closing hint sentence, e.g. "半角英数字と指定の記号で入力してください。"
    pub hint_ja: &'static str,
    /// E.g. " Use half-width letters, digits and the listed symbols."
    pub hint_en: &'static str,
}

/// The (English, Japanese) messages for one character finding. Positions are shown
/// counting from 1, as a member counts.
pub(super) fn messages(f: &Finding, wording: &Wording) -> (String, String) {
    let nth = f.pos.saturating_add(1);
    let (end_en, end_ja) = match f.edge {
        Some(Edge::Start) => ("at the start", "先頭"),
        Some(Edge::End) => ("at the end", "末尾"),
        None => ("", ""),
    };
    match f.problem {
        CharProblem::EdgeSpace => (
            format!(
                "Character {nth} is {} {end_en}: remove spaces before and after \
                 (they often slip in with copy and paste).",
                name_en(f.ch)
            ),
            format!(
                "{nth}文字目（{end_ja}）に余分な{}が入っています。前後のスペースを削除してください\
                 （コピー＆ペーストの際にご注意ください）。",
                name_ja(f.ch)
            ),
        ),
        CharProblem::FullWidth { half: None } => {
            if f.edge.is_some() {
                (
                    format!(
                        "Character {nth} is a full-width space {end_en}: remove spaces before and after."
                    ),
                    format!(
                        "{nth}文字目（{end_ja}）に全角スペースが入っています。前後のスペースを削除してください。"
                    ),
                )
            } else {
                (
                    format!("Character {nth} is a full-width space: spaces cannot be used."),
                    format!("{nth}文字目に全角スペースが入っています。スペースは使用できません。"),
                )
            }
        }
        CharProblem::FullWidth { half: Some(half) } => (
            format!(
                "Character {nth} ({}) is full-width: type the half-width {}.",
                name_en(f.ch),
                name_en(half)
            ),
            format!(
                "{nth}文字目の{}は全角文字です。半角の{}で入力してください。",
                name_ja(f.ch),
                name_ja(half)
            ),
        ),
        CharProblem::Disallowed => (
            format!(
                "Character {nth} ({}) cannot be used{}.{}",
                name_en(f.ch),
                wording.where_en,
                wording.hint_en
            ),
            format!(
                "{nth}文字目の{}は{}使用できません。{}",
                name_ja(f.ch),
                wording.where_ja,
                wording.hint_ja
            ),
        ),
    }
}
