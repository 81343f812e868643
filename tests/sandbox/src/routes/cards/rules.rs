//! The card rules of each program as the server enforces them (the shipped profiles' values).

use super::*;

/// One card type as the server enforces it.
#[derive(Debug)]
pub struct TypeRule {
    pub id: &'static str,
    /// Cards of this type may have a PIN (the member states whether theirs has one).
    pub pin_possible: bool,
    /// The member states whether the card is registered as a member at the issuing shop.
    pub asks_member_registered: bool,
    /// A credit card: only the last 4 digits are stored with a registration or answered.
    pub credit_card: bool,
    /// The e-money card type built into cards of this type (registered along with it).
    pub built_in_emoney: Option<&'static str>,
    pub max_per_account: Option<u32>,
    /// Leading digits of the numbers the sandbox issues.
    pub(super) prefix: &'static str,
    /// Who issues the cards (named in the lapse notice: "contact the issuer").
    pub(super) default_issuer: &'static str,
    /// Digits of a number, its check digit included.
    pub digits: usize,
    pub check: Check,
    /// E-money whose points are exchanged from a point account (mobile WAON's exchange
    /// source, SPEC §4.6).
    pub emoney: bool,
}

/// A card number's check-digit rule, as the server checks it (the profile's `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Luhn,
    /// JAN/EAN: weights 3 and 1 alternating from the rightmost data digit.
    Mod10W3,
    None,
}

impl Check {
    /// The check digit for `partial` (ASCII digits).
    pub fn digit_for(self, partial: &str) -> char {
        match self {
            Check::Luhn => luhn_check_digit(partial),
            Check::Mod10W3 => {
                let sum: u32 = partial
                    .bytes()
                    .rev()
                    .enumerate()
                    .map(|(i, b)| {
                        u32::from(b.wrapping_sub(b'0') % 10) * if i % 2 == 0 { 3 } else { 1 }
                    })
                    .sum();
                char::from(b'0' + ((10 - sum % 10) % 10) as u8)
            }
            Check::None => '0',
        }
    }

    /// Whether `digits` (ASCII digits, the last one the check digit) passes.
    pub fn valid(self, digits: &str) -> bool {
        match digits.len().checked_sub(1) {
            Some(n) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                self == Check::None
                    || self.digit_for(&digits[..n]) == char::from(digits.as_bytes()[n])
            }
            _ => false,
        }
    }

    /// The profile's spelling (`luhn`, `mod10_w3`, `none`).
    pub fn parse(text: &str) -> Option<Check> {
        match text {
            "luhn" => Some(Check::Luhn),
            "mod10_w3" => Some(Check::Mod10W3),
            "none" => Some(Check::None),
            _ => None,
        }
    }
}

impl TypeRule {
    /// A card type of a program registered at run time (`programs.rs`): numbers the sandbox
    /// issues start with `prefix`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn registered(
        id: &'static str,
        pin_possible: bool,
        asks_member_registered: bool,
        credit_card: bool,
        built_in_emoney: Option<&'static str>,
        max_per_account: Option<u32>,
        prefix: &'static str,
        digits: usize,
        check: Check,
    ) -> TypeRule {
        TypeRule {
            id,
            pin_possible,
            asks_member_registered,
            credit_card,
            built_in_emoney,
            max_per_account,
            prefix,
            default_issuer: id,
            digits,
            check,
            emoney: false,
        }
    }
}

/// One program's card rules (the values of the shipped profiles, SPEC §1).
#[derive(Debug)]
pub struct ProgramRules {
    pub program: &'static str,
    pub max_total: u32,
    /// Whether point accounts can be merged (SPEC §4.5).
    pub merge: bool,
    pub types: &'static [TypeRule],
}

impl ProgramRules {
    pub(super) fn card_type(&self, id: &str) -> Option<&'static TypeRule> {
        self.types.iter().find(|t| t.id == id)
    }
}

pub const RULES: &[ProgramRules] = &[
    ProgramRules {
        program: "wester",
        max_total: 50,
        merge: false,
        types: &[TypeRule {
            id: "sc_point_card",
            pin_possible: true,
            asks_member_registered: true,
            credit_card: false,
            built_in_emoney: None,
            max_per_account: None,
            prefix: "6045",
            default_issuer: "ルクア大阪",
            digits: 16,
            check: Check::Luhn,
            emoney: false,
        }],
    },
    ProgramRules {
        program: "waon",
        max_total: 50,
        merge: true,
        types: &[
            TypeRule {
                id: "aeon_card",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: true,
                built_in_emoney: Some("waon_emoney"),
                max_per_account: Some(1),
                prefix: "4980",
                default_issuer: "イオンカード",
                digits: 16,
                check: Check::Luhn,
                emoney: false,
            },
            TypeRule {
                id: "waon_point_card",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6900",
                default_issuer: "WAON POINT",
                digits: 16,
                check: Check::Luhn,
                emoney: false,
            },
            TypeRule {
                id: "mobile_waon",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6701",
                default_issuer: "モバイルWAON",
                digits: 16,
                check: Check::Luhn,
                emoney: true,
            },
            TypeRule {
                id: "waon_emoney",
                pin_possible: false,
                asks_member_registered: false,
                credit_card: false,
                built_in_emoney: None,
                max_per_account: None,
                prefix: "6700",
                default_issuer: "WAON",
                digits: 16,
                check: Check::Luhn,
                emoney: true,
            },
        ],
    },
];

/// The card rules of `program`. A program without them is refused as an unknown program is
/// in a path (404 `unknown_program`), never served with another program's rules.
pub(super) fn rules_of(program: &str) -> ApiResult<&'static ProgramRules> {
    all_rules()
        .into_iter()
        .find(|r| r.program == program)
        .ok_or_else(|| unknown_program(program))
}

/// The card rules of every program: the shipped ones and those registered at run time.
pub(crate) fn all_rules() -> Vec<&'static ProgramRules> {
    RULES
        .iter()
        .chain(crate::programs::registered().into_iter().map(|p| p.cards))
        .collect()
}

/// The server code of the "second credit card" refusal in the source (`waon`).
pub const SECOND_CREDIT_CARD_CODE: &str = "6213";

/// The holder a card is issued to when the admin names none.
pub const DEFAULT_HOLDER_NAME: &str = "山田 花子";
pub const DEFAULT_HOLDER_BIRTH_DATE: &str = "1990-04-01";
