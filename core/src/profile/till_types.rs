//! Tills as profile data (SPEC §8): which reads each kind of terminal accepts, and what its
//! receipt prints. The field names are the TOML/JSON keys under `[till]`.

use serde::{Deserialize, Serialize};

/// The card kind of a code shown from this program's member app (`member_code`).
pub const MEMBER_CODE: &str = "member_code";
/// The card kind of another app's code of the same point program (`app_code`).
pub const APP_CODE: &str = "app_code";

/// How a till reads what the member presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum ReadMethod {
    Barcode,
    /// The magnetic stripe (a swipe).
    Magnetic,
    Contactless,
    /// The contact IC chip.
    ContactIc,
}

impl ReadMethod {
    pub const ALL: [ReadMethod; 4] = [
        ReadMethod::Barcode,
        ReadMethod::Magnetic,
        ReadMethod::Contactless,
        ReadMethod::ContactIc,
    ];

    /// The TOML/JSON spelling (`contact_ic`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReadMethod::Barcode => "barcode",
            ReadMethod::Magnetic => "magnetic",
            ReadMethod::Contactless => "contactless",
            ReadMethod::ContactIc => "contact_ic",
        }
    }

    /// The spelling back to the method; `None` for anything else.
    pub fn parse(text: &str) -> Option<ReadMethod> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// The program's till rules: the terminal kinds, and how other apps' codes look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TillRules {
    /// Other apps' codes of the same point program (`app_code`) start with this prefix…
    #[serde(default)]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub app_code_prefix: Option<String>,
    /// …and have this many digits.
    #[serde(default)]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub app_code_length: Option<u32>,
    pub terminals: Vec<TerminalRules>,
}

/// One kind of terminal (`common_pos`, `omron_mp`, `vinx_mp`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TerminalRules {
    pub id: String,
    pub name: String,
    pub name_ja: String,
    /// Every (card kind, read method) the terminal accepts; any other read is refused.
    pub accepts: Vec<AcceptedRead>,
    /// What the receipt prints, per card kind.
    pub receipt: Vec<ReceiptRule>,
}

/// A read a terminal accepts: a card type of the profile, `member_code` or `app_code`, read
/// one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct AcceptedRead {
    pub card: String,
    pub read: ReadMethod,
}

/// Which number a receipt line shows the last 4 digits of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum ReceiptNumber {
    /// The number read: a card's number (the PAN of a credit card), or the code shown.
    Read,
    /// The point-account number the server maps the card to (for a card without a separate
    /// one, its own number).
    PointAccount,
}

/// When a receipt line is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum ReceiptCondition {
    Always,
    /// Only when points were earned or used in the transaction.
    PointsMoved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ReceiptLine {
    pub number: ReceiptNumber,
    pub when: ReceiptCondition,
}

/// The receipt of one card kind at one terminal kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ReceiptRule {
    pub card: String,
    /// Last-4 lines, in the order printed.
    #[serde(default)]
    pub numbers: Vec<ReceiptLine>,
    /// When set, the receipt always prints `ID: X000` above the change, X being this digit
    /// (1-based) of the number read (`6`: the PAN's 6th digit at the common POS).
    #[serde(default)]
    #[cfg_attr(feature = "ffi", uniffi(default = None))]
    pub id_line_digit: Option<u32>,
}

impl super::Profile {
    /// The terminal kind with this ID, if the program's tills have it.
    pub fn terminal(&self, id: &str) -> Option<&TerminalRules> {
        self.till.as_ref()?.terminals.iter().find(|t| t.id == id)
    }

    /// The digits of a card kind's numbers: a card type's `digits`, the member code's length,
    /// or the app-code length; `None` for a kind the profile does not have.
    pub fn card_kind_digits(&self, kind: &str) -> Option<u32> {
        match kind {
            MEMBER_CODE => Some(self.member_code.length),
            APP_CODE => self.till.as_ref()?.app_code_length,
            card => self.card_type(card).map(|t| t.digits),
        }
    }

    /// The till rules' checks serde cannot express: every card kind named exists, every
    /// terminal ID is unique, an `ID:` digit lies within the number.
    pub(super) fn validate_till(&self) -> Result<(), super::ProfileError> {
        let bad = |field: String, reason: &str| {
            Err(super::ProfileError::InvalidField {
                field,
                reason: reason.to_owned(),
            })
        };
        let Some(till) = &self.till else {
            return Ok(());
        };
        if till.app_code_prefix.is_some() != till.app_code_length.is_some() {
            return bad(
                "till.app_code_length".into(),
                "app_code_prefix and app_code_length go together",
            );
        }
        if let (Some(prefix), Some(length)) = (&till.app_code_prefix, till.app_code_length) {
            if prefix.is_empty()
                || !prefix.bytes().all(|b| b.is_ascii_digit())
                || prefix.len() >= length as usize
                || length > 64
            {
                return bad(
                    "till.app_code_prefix".into(),
                    "must be digits, shorter than till.app_code_length (at most 64)",
                );
            }
        }
        if till.terminals.is_empty() {
            return bad(
                "till.terminals".into(),
                "at least one terminal kind is needed",
            );
        }
        let kind_known = |kind: &str| self.card_kind_digits(kind).is_some();
        for (i, terminal) in till.terminals.iter().enumerate() {
            let at = format!("till.terminals[{i}]");
            if terminal.id.is_empty() {
                return bad(format!("{at}.id"), "must not be empty");
            }
            if till.terminals[..i].iter().any(|t| t.id == terminal.id) {
                return bad(format!("{at}.id"), "another terminal kind has this ID");
            }
            for (j, read) in terminal.accepts.iter().enumerate() {
                if !kind_known(&read.card) {
                    return bad(
                        format!("{at}.accepts[{j}].card"),
                        "not a card type of the profile, member_code or app_code (with till.app_code_prefix)",
                    );
                }
                if terminal.accepts[..j].contains(read) {
                    return bad(format!("{at}.accepts[{j}]"), "listed twice");
                }
            }
            for (j, rule) in terminal.receipt.iter().enumerate() {
                let Some(digits) = self.card_kind_digits(&rule.card) else {
                    return bad(
                        format!("{at}.receipt[{j}].card"),
                        "not a card type of the profile, member_code or app_code (with till.app_code_prefix)",
                    );
                };
                if terminal.receipt[..j].iter().any(|r| r.card == rule.card) {
                    return bad(
                        format!("{at}.receipt[{j}].card"),
                        "another receipt rule of this terminal has this card kind",
                    );
                }
                if let Some(digit) = rule.id_line_digit {
                    if !(1..=digits).contains(&digit) {
                        return bad(
                            format!("{at}.receipt[{j}].id_line_digit"),
                            "must be a digit position within the card kind's number",
                        );
                    }
                }
            }
        }
        Ok(())
    }
}
