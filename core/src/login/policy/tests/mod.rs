//! Tests of the password and login-ID checks. The per-profile expectations are tables
//! (`password_cases`, `login_id_cases`): one row per typed text and what each shipped
//! profile's check says about it. The other files check what a table cannot say briefly:
//! messages, characters and positions, the checklist, and generated hostile input.

use std::sync::Arc;

use super::*;
use crate::profile::{LoginIdKind, LoginRules, PasswordRules, Profile};

use LoginIdViolationCode as L;
use PasswordViolationCode as P;

fn profile(id: &str) -> Arc<Profile> {
    Profile::builtin(id).expect("shipped profile")
}

fn wester_pw() -> PasswordRules {
    profile("wester").password.clone()
}

fn waon_pw() -> PasswordRules {
    profile("waon").password.clone()
}

fn wester_id() -> LoginRules {
    profile("wester").login.clone()
}

fn waon_id() -> LoginRules {
    profile("waon").login.clone()
}

/// The symbols exactly as the source FAQ prints them (its `\` appears twice).
const FAQ_SYMBOLS: &str = "!\"#$%&'()-^\\@[;:],./\\=~|`{+*}<>?_";

/// (code, character, position) of every per-character violation.
fn pw_chars(check: &PasswordCheck) -> Vec<(P, String, u32)> {
    check
        .violations
        .iter()
        .filter_map(|v| Some((v.code, v.character.clone()?, v.position?)))
        .collect()
}

fn id_chars(check: &LoginIdCheck) -> Vec<(L, String, u32)> {
    check
        .violations
        .iter()
        .filter_map(|v| Some((v.code, v.character.clone()?, v.position?)))
        .collect()
}

fn one(code: P, ch: &str, pos: u32) -> (P, String, u32) {
    (code, ch.to_owned(), pos)
}

fn one_id(code: L, ch: &str, pos: u32) -> (L, String, u32) {
    (code, ch.to_owned(), pos)
}

mod checklist;
mod hostile;
mod login_id;
mod login_id_cases;
mod password;
mod password_cases;
