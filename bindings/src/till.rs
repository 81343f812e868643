//! Tills and receipts (SPEC §8) as free functions: the member-code screen asks which code to
//! show at which kind of till and what the receipt will show, with no app object needed.

use tamaru_core::profile::{Profile, ReadMethod};
use tamaru_core::till::{self, TillError, TillGuide, TillReceipt};

/// Every kind of till of the program with what to show there and what its receipt shows;
/// `member_code_last4` (the code's fixed last 4 digits) is quoted in the receipt sentence.
#[uniffi::export]
pub fn till_guide(profile: Profile, member_code_last4: Option<String>) -> Vec<TillGuide> {
    till::till_guide(&profile, member_code_last4.as_deref())
}

/// Whether terminal kind `terminal` reads card kind `card` (a card type, `member_code` or
/// `app_code`) by `read`.
#[uniffi::export]
pub fn till_accepts(
    profile: Profile,
    terminal: String,
    card: String,
    read: ReadMethod,
) -> Result<bool, TillError> {
    till::till_accepts(&profile, &terminal, &card, read)
}

/// What the receipt at `terminal` prints for card kind `card` read as `read_number` (mapped
/// to `point_account`, where it has one), with points earned or used or not.
#[uniffi::export]
pub fn till_receipt(
    profile: Profile,
    terminal: String,
    card: String,
    read_number: String,
    point_account: Option<String>,
    points_moved: bool,
) -> Result<TillReceipt, TillError> {
    till::till_receipt(
        &profile,
        &terminal,
        &card,
        &read_number,
        point_account.as_deref(),
        points_moved,
    )
}
