//! Password and login-ID policy (SPEC §2.1), checked offline before any request.
//!
//! Both checks are pure functions of the program profile's rules and the typed text: the apps
//! call them on every keystroke, so they must be instant and never panic, whatever is pasted
//! (kilobytes of text, emoji, control characters, combining marks). They return every
//! problem at once, each with a typed code the UI can switch on, the character and its
//! position where there is one, and the member-facing sentence in Japanese and English: the
//! apps show the core's text so that both platforms say the same thing.
//!
//! Shared conventions:
//! - lengths and positions count characters (Unicode scalar values), not bytes, and
//!   positions start at 0 (the messages say "5文字目" / "Character 5", counting from 1);
//! - ASCII whitespace at the start or the end is `leading_or_trailing_space` (the usual
//!   copy-and-paste slip the source FAQ warns about); the ideographic space U+3000 is
//!   `full_width_character` wherever it is, but it does not break the run of edge spaces, so
//!   in `"\u{3000} pw"` the ASCII space still counts as leading;
//! - a full-width form (U+FF01..U+FF5E) of a character the check would accept is
//!   `full_width_character` (the message names the half-width character to type instead);
//!   a full-width form of a character it would not accept either is `disallowed_character`.

mod chars;
mod login_id;
mod password;

#[cfg(test)]
mod tests;

pub use login_id::{LoginIdCheck, LoginIdViolation, LoginIdViolationCode, check_login_id};
pub use password::{
    PasswordCheck, PasswordRule, PasswordRuleStatus, PasswordViolation, PasswordViolationCode,
    check_password, rule_checklist,
};
