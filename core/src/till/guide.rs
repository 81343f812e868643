//! What the member-code screen tells the member about each kind of till (SPEC §8, "in the
//! app"): which code or card to show there, and what the receipt will show. Sentences in
//! Japanese and English come from here, never from the apps.

use crate::profile::{MEMBER_CODE, Profile, ReadMethod, ReceiptCondition, ReceiptNumber};

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
                    (!reads.is_empty()).then(|| TillCardGuide {
                        card_type: t.id.clone(),
                        name: t.name.clone(),
                        name_ja: t.name_ja.clone(),
                        reads,
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
                member_code_receipt(profile, &terminal.id, figure.as_deref())
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

/// The receipt sentence for the member code at one terminal kind.
fn member_code_receipt(
    profile: &Profile,
    terminal_id: &str,
    figure: Option<&str>,
) -> (String, String) {
    let rule = profile
        .terminal(terminal_id)
        .and_then(|t| t.receipt.iter().find(|r| r.card == MEMBER_CODE));
    let lines = rule.map(|r| r.numbers.as_slice()).unwrap_or_default();
    let Some(line) = lines.iter().find(|l| l.number == ReceiptNumber::Read) else {
        return (
            "The receipt does not show your member code.".to_owned(),
            "レシートに会員コードの番号は印字されません。".to_owned(),
        );
    };
    let (en_digits, ja_digits) = match figure {
        Some(f) => (
            format!("the last 4 digits of your member code ({f})"),
            format!("会員コードの下4桁（{f}）"),
        ),
        None => (
            "the last 4 digits of your member code".to_owned(),
            "会員コードの下4桁".to_owned(),
        ),
    };
    match line.when {
        ReceiptCondition::Always => (
            format!("The receipt shows {en_digits}."),
            format!("レシートには{ja_digits}が印字されます。"),
        ),
        ReceiptCondition::PointsMoved => (
            format!("The receipt shows {en_digits} only when points are earned or used."),
            format!(
                "レシートには、ポイントの付与または利用があったときだけ{ja_digits}が印字されます。"
            ),
        ),
    }
}
