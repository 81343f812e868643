//! The code for people: digits grouped for reading, and a label for screen readers.

/// The language of [`spoken_label`]: the app's one language enum (`AppConfig::language`),
/// no longer a barcode enum of its own. The screens pass the app's language themselves
/// (`screens::member_code`), so a shell never chooses one per call.
pub type LabelLanguage = crate::screens::Language;

/// The code in groups of four from the left, separated by a space (SPEC §7):
/// `1091234567891234` → `1091 2345 6789 1234`; a shorter last group stays at the end.
pub fn grouped_digits(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// What a screen reader should say for the member code (`accessibilityLabel`,
/// `contentDescription`).
///
/// Digits are spoken one by one, in the same groups of four as on screen, with a pause
/// between groups: `1091` as a number would be read "one thousand and ninety-one" /
/// 「千九十一」, which nobody can compare with a printed code. English:
/// `Member code: 1 0 9 1, 2 3 4 5`; Japanese: `会員コード 1 0 9 1、2 3 4 5`.
pub fn spoken_label(code: &str, language: LabelLanguage) -> String {
    let title = match language {
        LabelLanguage::En => "Member code: ",
        LabelLanguage::Ja => "会員コード ",
    };
    format!("{title}{}", spoken_digits(code, language))
}

/// The digits of [`spoken_label`] without its title, for labels with another title (the
/// point card shown instead of a one-time code).
pub(crate) fn spoken_digits(code: &str, language: LabelLanguage) -> String {
    let group_separator = match language {
        LabelLanguage::En => ", ",
        LabelLanguage::Ja => "、",
    };
    let chars: Vec<char> = code.chars().collect();
    let groups: Vec<String> = chars
        .chunks(4)
        .map(|group| {
            group
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    groups.join(group_separator)
}
