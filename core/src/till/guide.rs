//! What the member-code screen tells the member about each kind of till (SPEC §8, "in the
//! app"): which code or card to show there, and what the receipt will show. Sentences in
//! Japanese and English come from here, never from the apps.

use crate::profile::{
    MEMBER_CODE, Profile, ReadMethod, ReceiptCondition, ReceiptNumber, ReceiptRule,
};

/// One kind of till, as the member-code screen explains it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TillGuide {
    /// The terminal kind's ID (`common_pos`).
    pub terminal: String,
    pub name: String,
    pub name_ja: String,
    /// Whether this till reads the member code.
    pub accepts_member_code: bool,
    /// The program's card types this till reads, and how.
    pub cards: Vec<TillCardGuide>,
    /// What to show at this till.
    pub show_en: String,
    pub show_ja: String,
    /// What the receipt shows when the member code is used there (empty when the till does not
    /// read it).
    pub receipt_en: String,
    pub receipt_ja: String,
}

/// A card type a till reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TillCardGuide {
    pub card_type: String,
    pub name: String,
    pub name_ja: String,
    pub reads: Vec<ReadMethod>,
    /// What the receipt shows when this card is used there.
    pub receipt_en: String,
    pub receipt_ja: String,
}

/// Every kind of till of the program, in the profile's order; empty for a program without
/// till rules. `member_code_last4` is the member code's fixed last 4 digits (the install
/// suffix), shown in the receipt sentence when given.
pub fn till_guide(profile: &Profile, member_code_last4: Option<&str>) -> Vec<TillGuide> {
    let Some(till) = &profile.till else {
        return Vec::new();
    };
    let figure = member_code_last4.map(|d| format!("…{}", super::receipt::last4(d)));
    till.terminals
        .iter()
        .map(|terminal| {
            let accepts_member_code = terminal
                .accepts
                .iter()
                .any(|a| a.card == MEMBER_CODE && a.read == ReadMethod::Barcode);
            let cards: Vec<TillCardGuide> = profile
                .cards
                .types
                .iter()
                .filter_map(|t| {
                    let reads: Vec<ReadMethod> = terminal
                        .accepts
                        .iter()
                        .filter(|a| a.card == t.id)
                        .map(|a| a.read)
                        .collect();
                    let rule = terminal.receipt.iter().find(|r| r.card == t.id);
                    let (receipt_en, receipt_ja) = receipt_sentences(
                        rule,
                        ("the card number", "カード番号"),
                        None,
                    );
                    (!reads.is_empty()).then(|| TillCardGuide {
                        card_type: t.id.clone(),
                        name: t.name.clone(),
                        name_ja: t.name_ja.clone(),
                        reads,
                        receipt_en,
                        receipt_ja,
                    })
                })
                .collect();
            let (show_en, show_ja) = if accepts_member_code {
                (
                    format!("At a {}, show this member code.", terminal.name),
                    format!("{}ではこの会員コードを提示してください。", terminal.name_ja),
                )
            } else {
                (
                    format!(
                        "A {} does not read this member code: present a registered card instead.",
                        terminal.name
                    ),
                    format!(
                        "{}ではこの会員コードは読み取れません。登録済みのカードを提示してください。",
                        terminal.name_ja
                    ),
                )
            };
            let (receipt_en, receipt_ja) = if accepts_member_code {
                receipt_sentences(
                    terminal.receipt.iter().find(|r| r.card == MEMBER_CODE),
                    ("your member code", "会員コード"),
                    figure.as_deref(),
                )
            } else {
                (String::new(), String::new())
            };
            TillGuide {
                terminal: terminal.id.clone(),
                name: terminal.name.clone(),
                name_ja: terminal.name_ja.clone(),
                accepts_member_code,
                cards,
                show_en,
                show_ja,
                receipt_en,
                receipt_ja,
            }
        })
        .collect()
}

/// What a receipt rule prints, as sentences: the read number's last 4 (`subject`, with
/// `figure` quoted where known), the point account's last 4, each always or only when points
/// moved, and the `ID:` line.
fn receipt_sentences(
    rule: Option<&ReceiptRule>,
    (subject_en, subject_ja): (&str, &str),
    figure: Option<&str>,
) -> (String, String) {
    let quoted = |ja: bool| match figure {
        Some(f) if ja => format!("（{f}）"),
        Some(f) => format!(" ({f})"),
        None => String::new(),
    };
    let mut en = Vec::new();
    let mut ja = Vec::new();
    for line in rule.map(|r| r.numbers.as_slice()).unwrap_or_default() {
        let (what_en, what_ja) = match line.number {
            ReceiptNumber::Read => (
                format!("the last 4 digits of {subject_en}{}", quoted(false)),
                format!("{subject_ja}の下4桁{}", quoted(true)),
            ),
            ReceiptNumber::PointAccount => (
                "the last 4 digits of the point number".to_owned(),
                "ポイント番号の下4桁".to_owned(),
            ),
        };
        match line.when {
            ReceiptCondition::Always => {
                en.push(format!("The receipt shows {what_en}."));
                ja.push(format!("レシートには{what_ja}が印字されます。"));
            }
            ReceiptCondition::PointsMoved => {
                en.push(format!(
                    "The receipt shows {what_en} only when points are earned or used."
                ));
                ja.push(format!(
                    "レシートには、ポイントの付与または利用があったときだけ{what_ja}が印字されます。"
                ));
            }
        }
    }
    if let Some(digit) = rule.and_then(|r| r.id_line_digit) {
        en.push(format!(
            "\"ID: X000\" is always printed above the change, X being digit {digit} of {subject_en}."
        ));
        ja.push(format!(
            "「お釣り」の上に「ID: X000」（Xは{subject_ja}の{digit}桁目）が必ず印字されます。"
        ));
    }
    if en.is_empty() {
        return (
            format!("The receipt does not show {subject_en}."),
            format!("レシートに{subject_ja}の番号は印字されません。"),
        );
    }
    (en.join(" "), ja.concat())
}
