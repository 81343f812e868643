//! The password field with its live checklist, shared by sign-up, password change and
//! password reset: the ticks and problems are the login policy's own
//! ([`crate::login::policy`]), worded in the member's language.

use serde::Serialize;

use crate::login::policy::{check_password, rule_checklist};
use crate::profile::PasswordRules;

use super::Language;
use super::view::SecretFieldView;

/// One line of the checklist under a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ChecklistItem {
    pub label: String,
    pub met: bool,
}

/// The checklist for what is typed now (every rule unmet for an empty field).
pub(crate) fn checklist(
    rules: &PasswordRules,
    password: &str,
    language: Language,
) -> Vec<ChecklistItem> {
    rule_checklist(rules, password)
        .into_iter()
        .map(|r| ChecklistItem {
            label: language.pick(r.label_ja, r.label_en),
            met: r.met,
        })
        .collect()
}

/// A new-password field: every policy problem once something is typed.
pub(crate) fn new_password_field(
    label: String,
    rules: &PasswordRules,
    password: &str,
    language: Language,
) -> (SecretFieldView, bool) {
    let check = check_password(rules, password);
    let problems = if password.is_empty() {
        Vec::new()
    } else {
        check
            .violations
            .into_iter()
            .map(|v| language.pick(v.message_ja, v.message_en))
            .collect()
    };
    (
        SecretFieldView {
            label,
            filled: !password.is_empty(),
            problems,
        },
        check.valid,
    )
}
