//! What a receipt prints (SPEC §8): last-4 figures of the number read or of the point
//! account, some only when points moved, and the `ID: X000` line of a swiped AEON card at the
//! common POS.

use crate::profile::{Profile, ReceiptCondition, ReceiptNumber};

use super::{TillError, known_kind, terminal};

/// The member-identifying lines of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TillReceipt {
    /// Last-4 figures in the order printed, each as `…1234`.
    pub numbers: Vec<String>,
    /// `ID: X000` above the change, where the rule has one.
    pub id_line: Option<String>,
}

/// The receipt at terminal kind `terminal_id` for card kind `card` whose number read was
/// `read_number`, mapped to `point_account` (`None`: the card has no separate one, its own
/// number is its point account), with points earned or used (`points_moved`) or not.
///
/// A card kind the terminal has no receipt rule for prints nothing that identifies the
/// member. Numbers shorter than 4 digits print whole; an `ID:` digit beyond the number's
/// length prints no `ID:` line (a profile's validation keeps that from happening).
pub fn till_receipt(
    profile: &Profile,
    terminal_id: &str,
    card: &str,
    read_number: &str,
    point_account: Option<&str>,
    points_moved: bool,
) -> Result<TillReceipt, TillError> {
    let terminal = terminal(profile, terminal_id)?;
    known_kind(profile, card)?;
    let Some(rule) = terminal.receipt.iter().find(|r| r.card == card) else {
        return Ok(TillReceipt {
            numbers: Vec::new(),
            id_line: None,
        });
    };
    let numbers = rule
        .numbers
        .iter()
        .filter(|line| points_moved || line.when == ReceiptCondition::Always)
        .map(|line| {
            let number = match line.number {
                ReceiptNumber::Read => read_number,
                ReceiptNumber::PointAccount => point_account.unwrap_or(read_number),
            };
            format!("…{}", last4(number))
        })
        .collect();
    let id_line = rule.id_line_digit.and_then(|digit| {
        let index = usize::try_from(digit).ok()?.checked_sub(1)?;
        let x = read_number.chars().nth(index)?;
        Some(format!("ID: {x}000"))
    });
    Ok(TillReceipt { numbers, id_line })
}

/// The last 4 characters (all of a shorter text).
pub(crate) fn last4(number: &str) -> &str {
    let start = number
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(index, _)| index);
    &number[start..]
}
