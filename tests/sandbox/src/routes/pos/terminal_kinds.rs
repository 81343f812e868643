//! The terminal kinds the sandbox's till simulates (SPEC §8): which (card kind, read method)
//! each accepts and what its receipt prints.
//!
//! The sandbox depends on nothing from the core, so it reads the `[till]` table of the
//! shipped profile files itself (`core/profiles/*.toml`, with its own minimal structs that
//! ignore every other field): the profile is the one place the tills are described, and a
//! scenario test checks the sandbox's answers against the core's for every terminal, card
//! kind and read method. Programs registered at run time bring their own `[till]`.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use serde::Deserialize;

/// The card kind of this program's member code.
pub(crate) const MEMBER_CODE: &str = "member_code";
/// The card kind of another app's code of the same point program.
pub(crate) const APP_CODE: &str = "app_code";

/// Read methods a till may use.
pub(crate) const READ_METHODS: &[&str] = &["barcode", "magnetic", "contactless", "contact_ic"];

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TillConfig {
    #[serde(default)]
    pub app_code_prefix: Option<String>,
    #[serde(default)]
    pub app_code_length: Option<usize>,
    pub terminals: Vec<TerminalKind>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TerminalKind {
    pub id: String,
    pub accepts: Vec<Accepted>,
    #[serde(default)]
    pub receipt: Vec<ReceiptRule>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Accepted {
    pub card: String,
    pub read: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReceiptRule {
    pub card: String,
    #[serde(default)]
    pub numbers: Vec<ReceiptLine>,
    #[serde(default)]
    pub id_line_digit: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReceiptLine {
    /// `read` or `point_account`.
    pub number: String,
    /// `always` or `points_moved`.
    pub when: String,
}

#[derive(Deserialize)]
struct ProfileTill {
    #[serde(default)]
    till: Option<TillConfig>,
}

/// The `[till]` of a profile text (TOML), if it has one.
pub(crate) fn till_of_toml(text: &str) -> Result<Option<TillConfig>, String> {
    toml::from_str::<ProfileTill>(text)
        .map(|p| p.till)
        .map_err(|e| e.to_string())
}

/// The `[till]` of a profile as JSON, if it has one.
pub(crate) fn till_of_json(value: &serde_json::Value) -> Result<Option<TillConfig>, String> {
    serde_json::from_value::<ProfileTill>(value.clone())
        .map(|p| p.till)
        .map_err(|e| e.to_string())
}

const SHIPPED: &[(&str, &str)] = &[
    (
        "wester",
        include_str!("../../../../../core/profiles/wester.toml"),
    ),
    (
        "waon",
        include_str!("../../../../../core/profiles/waon.toml"),
    ),
];

static TILLS: LazyLock<RwLock<HashMap<String, TillConfig>>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (program, text) in SHIPPED {
        // The shipped profiles are tested to parse; a broken one shows as "no tills".
        if let Ok(Some(till)) = till_of_toml(text) {
            map.insert((*program).to_owned(), till);
        }
    }
    RwLock::new(map)
});

/// The till rules of a program, if it has any.
pub(crate) fn tills(program: &str) -> Option<TillConfig> {
    TILLS
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(program)
        .cloned()
}

/// Registers (or replaces) the till rules of a program registered at run time.
pub(crate) fn register(program: &str, till: TillConfig) {
    TILLS
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .insert(program.to_owned(), till);
}

impl TerminalKind {
    pub fn accepts(&self, card: &str, read: &str) -> bool {
        self.accepts
            .iter()
            .any(|a| a.card == card && a.read == read)
    }

    /// The receipt's last-4 figures (`…1234`) and `ID: X000` line for a read.
    pub fn receipt(
        &self,
        card: &str,
        read_number: &str,
        point_account: Option<&str>,
        points_moved: bool,
    ) -> (Vec<String>, Option<String>) {
        let Some(rule) = self.receipt.iter().find(|r| r.card == card) else {
            return (Vec::new(), None);
        };
        let numbers = rule
            .numbers
            .iter()
            .filter(|l| points_moved || l.when == "always")
            .map(|l| {
                let number = if l.number == "point_account" {
                    point_account.unwrap_or(read_number)
                } else {
                    read_number
                };
                format!("…{}", &number[number.len().saturating_sub(4)..])
            })
            .collect();
        let id_line = rule
            .id_line_digit
            .and_then(|d| read_number.as_bytes().get(d.checked_sub(1)?))
            .map(|x| format!("ID: {}000", char::from(*x)));
        (numbers, id_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_waon_profile_describes_three_terminal_kinds() {
        let till = tills("waon").expect("waon has tills");
        let ids: Vec<&str> = till.terminals.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["common_pos", "omron_mp", "vinx_mp"]);
        assert_eq!(till.app_code_prefix.as_deref(), Some("109"));
        assert!(tills("wester").is_none());
        for t in &till.terminals {
            assert!(
                t.accepts
                    .iter()
                    .all(|a| READ_METHODS.contains(&a.read.as_str()))
            );
        }
    }

    #[test]
    fn receipt_lines_follow_the_rule() {
        let till = tills("waon").expect("waon");
        let common = &till.terminals[0];
        assert_eq!(
            common.receipt(
                "aeon_card",
                "4980561234567897",
                Some("9000000000004321"),
                false
            ),
            (vec![], Some("ID: 6000".to_owned()))
        );
        let omron = &till.terminals[1];
        assert_eq!(
            omron.receipt(
                "aeon_card",
                "4980561234567897",
                Some("9000000000004321"),
                false
            ),
            (vec!["…7897".to_owned(), "…4321".to_owned()], None)
        );
    }
}
