//! Programs registered at run time: a third program (Ponta-, d POINT- or Rakuten-style) served
//! from its profile alone, with no program-specific code (SPEC §9).
//!
//! `POST /admin/programs` takes a program profile as the core reads it (JSON, or `{"toml":
//! "…"}`) and the sandbox serves it from then on under `/{id}/v1/…` like the shipped ones.
//! The sandbox depends on nothing from the core: it reads the fields a server needs with its
//! own minimal structs (every other field is ignored) and turns them into its own rule tables
//! (card types, member codes, expiry, family, tills). Registered programs live as long as the
//! process and are shared by every sandbox in it (their rule tables are leaked to get the
//! `'static` lifetime the shipped tables have: a few hundred bytes per registration, in a test
//! server). Registering an ID again with the same rules is a no-op; the shipped IDs cannot be
//! replaced.

use std::sync::RwLock;

use serde::Deserialize;

use crate::routes::cards::{Check, ProgramRules, TypeRule};
use crate::routes::points::Rule;
use crate::routes::pos::{CodeRules, Source};

/// A program registered at run time.
#[derive(Debug)]
pub(crate) struct Registered {
    pub id: &'static str,
    pub cards: &'static ProgramRules,
    pub codes: &'static CodeRules,
    pub expiry: Rule,
    pub family: bool,
    /// The profile text it was registered from (a repeat registration must match it).
    source: String,
}

static REGISTERED: RwLock<Vec<&'static Registered>> = RwLock::new(Vec::new());

/// Every program registered at run time.
pub(crate) fn registered() -> Vec<&'static Registered> {
    REGISTERED.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// The registered program `id`, if any.
pub(crate) fn find(id: &str) -> Option<&'static Registered> {
    registered().into_iter().find(|p| p.id == id)
}

#[derive(Deserialize)]
struct Profile {
    id: String,
    cards: Cards,
    member_code: MemberCode,
    points: Points,
    #[serde(default)]
    family: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Cards {
    max_total: u32,
    types: Vec<CardType>,
    #[serde(default)]
    account_merge: bool,
}

#[derive(Deserialize)]
struct CardType {
    id: String,
    digits: usize,
    check: String,
    pin: String,
    #[serde(default)]
    asks_member_registered: bool,
    #[serde(default)]
    max_per_account: Option<u32>,
    #[serde(default)]
    credit_card: bool,
}

#[derive(Deserialize)]
struct MemberCode {
    source: String,
    prefix: String,
    length: usize,
    validity_seconds: i64,
    #[serde(default)]
    advance_codes: usize,
}

#[derive(Deserialize)]
struct Points {
    expiry: String,
    #[serde(default)]
    expiry_months: Option<u32>,
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// Registers a program from its profile (JSON value of the core's profile shape). The error
/// names the field the sandbox cannot serve.
pub(crate) fn register(value: &serde_json::Value) -> Result<&'static str, String> {
    let source = value.to_string();
    let profile: Profile =
        serde_json::from_value(value.clone()).map_err(|e| format!("profile: {e}"))?;
    let id = profile.id.trim();
    if id.is_empty()
        || id.len() > 32
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err("id: 1 to 32 lower-case letters, digits or '_'".into());
    }
    if crate::routes::PROGRAMS.contains(&id) || id == "admin" || id == "pos" || id == "health" {
        return Err(format!("id: `{id}` is taken"));
    }
    if let Some(existing) = find(id) {
        return if existing.source == source {
            Ok(existing.id)
        } else {
            Err(format!("id: `{id}` is already registered with other rules"))
        };
    }
    let expiry = match (profile.points.expiry.as_str(), profile.points.expiry_months) {
        ("fiscal_year", _) => Rule::FiscalYear,
        ("accrual_period", _) => Rule::AccrualPeriod,
        ("rolling", Some(m)) if (1..=1200).contains(&m) => Rule::Rolling(m),
        ("months_after_award", Some(m)) if (1..=1200).contains(&m) => Rule::MonthsAfterAward(m),
        ("never", _) => Rule::Never,
        (other, _) => {
            return Err(format!(
                "points.expiry: the sandbox cannot date points under `{other}` (with points.expiry_months where the rule counts months)"
            ));
        }
    };
    let mut types = Vec::new();
    for (i, t) in profile.cards.types.iter().enumerate() {
        let check = Check::parse(&t.check)
            .ok_or_else(|| format!("cards.types[{i}].check: unknown rule `{}`", t.check))?;
        if !(2..=32).contains(&t.digits) {
            return Err(format!("cards.types[{i}].digits: 2 to 32"));
        }
        // Issued numbers start with 5, the type's index and zeros: distinct per type.
        let prefix = format!("5{}", i % 10);
        types.push(TypeRule::registered(
            leak(&t.id),
            t.pin != "none",
            t.asks_member_registered,
            t.credit_card,
            None,
            t.max_per_account,
            leak(&prefix[..prefix.len().min(t.digits - 1)]),
            t.digits,
            check,
        ));
    }
    let code = &profile.member_code;
    let source_kind = match code.source.as_str() {
        "server_issued" => Source::ServerIssued,
        "device_derived" => Source::DeviceDerived,
        other => return Err(format!("member_code.source: unknown `{other}`")),
    };
    if code.prefix.len() >= code.length || code.length > 64 {
        return Err("member_code.prefix: shorter than member_code.length (at most 64)".into());
    }
    if source_kind == Source::DeviceDerived && code.length != code.prefix.len() + 12 + 16 {
        return Err(
            "member_code.length: device-derived codes are the prefix, a 12-digit time code and the 16-digit device number".into(),
        );
    }
    if source_kind == Source::ServerIssued && code.length < code.prefix.len() + 4 + 1 {
        return Err("member_code.length: room for the 4-digit install suffix is needed".into());
    }
    let program = leak(id);
    let registered: &'static Registered = Box::leak(Box::new(Registered {
        id: program,
        cards: Box::leak(Box::new(ProgramRules {
            program,
            max_total: profile.cards.max_total,
            merge: profile.cards.account_merge,
            types: Box::leak(types.into_boxed_slice()),
        })),
        codes: Box::leak(Box::new(CodeRules {
            program,
            source: source_kind,
            prefix: leak(&code.prefix),
            length: code.length,
            validity_seconds: code.validity_seconds.max(1),
            advance_codes: code.advance_codes,
            skew_steps: i64::from(source_kind == Source::DeviceDerived),
            grace_seconds: if source_kind == Source::ServerIssued {
                30
            } else {
                0
            },
        })),
        expiry,
        family: profile.family.is_some(),
        source,
    }));
    if let Ok(Some(till)) = crate::routes::pos::terminal_kinds::till_of_json(value) {
        crate::routes::pos::terminal_kinds::register(program, till);
    }
    REGISTERED
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .push(registered);
    Ok(program)
}
