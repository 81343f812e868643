//! The on-device copy of the registered cards, so the list shows offline (SPEC §4.4).
//!
//! One row per card and member (a phone may see more than one member over time; each sees
//! only their own rows). Cards whose membership lapsed stay as rows marked `lapsed`, hidden
//! from the list, so that the member is told about a lapse once, not at every refresh.
//!
//! Never stored: a PIN (it is only sent, once, in the registration request) or a credit
//! card's full number (a credit card's row has no `number`, only `last4` and the masked
//! `display_number`; [`upsert`] and [`replace`] refuse a row that breaks this, whatever the
//! caller passes).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::error::CardsError;
use super::types::{Card, CardState};
use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[Migration {
    id: "cards_001_card_list",
    sql: "
CREATE TABLE card_list (
    member_id TEXT NOT NULL,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    card_type TEXT NOT NULL,
    number TEXT,
    last4 TEXT NOT NULL,
    display_number TEXT NOT NULL,
    point_account TEXT,
    linked_to TEXT,
    issuer TEXT,
    registered_at TEXT NOT NULL,
    expires_on TEXT,
    state TEXT NOT NULL,
    lapsed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, id)
);
CREATE TABLE card_list_sync (
    member_id TEXT PRIMARY KEY,
    synced_at TEXT NOT NULL
);
",
}];

/// A card the server says lapsed (gone from the list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LapsedCard {
    pub id: String,
    pub card_type: String,
    pub last4: String,
    pub issuer: Option<String>,
}

/// A row of the copy: the card and whether it lapsed.
#[derive(Debug, Clone)]
pub(crate) struct CachedCard {
    pub card: Card,
    pub lapsed: bool,
}

fn state_text(state: CardState) -> &'static str {
    match state {
        CardState::Active => "active",
        CardState::Expired => "expired",
        CardState::Invalid => "invalid",
    }
}

fn state_from(text: &str) -> CardState {
    match text {
        "expired" => CardState::Expired,
        "invalid" => CardState::Invalid,
        _ => CardState::Active,
    }
}

/// Whether a row is safe to keep: a credit card (no `number`) must not carry digits beyond
/// its last 4 anywhere, and no card's display may hold more than its own number.
fn check_storable(card: &Card, credit_card: bool) -> Result<(), CardsError> {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    let leaks = credit_card
        && (card.number.is_some() || digits(&card.display_number) > 4 || digits(&card.last4) > 4);
    if leaks {
        return Err(CardsError::CreditNumberNotStorable);
    }
    Ok(())
}

/// Every row of the member's copy (lapsed ones included), in list order.
pub(crate) fn load(conn: &Connection, member_id: &str) -> Result<Vec<CachedCard>, CardsError> {
    let mut stmt = conn.prepare(
        "SELECT id, card_type, number, last4, display_number, point_account, linked_to,
                issuer, registered_at, expires_on, state, lapsed
             FROM card_list WHERE member_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([member_id], |r| {
        Ok(CachedCard {
            card: Card {
                id: r.get(0)?,
                card_type: r.get(1)?,
                number: r.get(2)?,
                last4: r.get(3)?,
                display_number: r.get(4)?,
                point_account: r.get(5)?,
                linked_to: r.get(6)?,
                issuer: r.get(7)?,
                registered_at: r.get(8)?,
                expires_on: r.get(9)?,
                state: state_from(&r.get::<_, String>(10)?),
            },
            lapsed: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The cards the member sees (lapsed ones left out).
pub(crate) fn shown(conn: &Connection, member_id: &str) -> Result<Vec<Card>, CardsError> {
    Ok(load(conn, member_id)?
        .into_iter()
        .filter(|c| !c.lapsed)
        .map(|c| c.card)
        .collect())
}

pub(crate) fn synced_at(conn: &Connection, member_id: &str) -> Result<Option<String>, CardsError> {
    conn.query_row(
        "SELECT synced_at FROM card_list_sync WHERE member_id = ?1",
        [member_id],
        |r| r.get(0),
    )
    .optional()
    .map_err(CardsError::from)
}

fn insert(
    conn: &Connection,
    member_id: &str,
    position: i64,
    card: &Card,
    lapsed: bool,
) -> Result<(), CardsError> {
    conn.execute(
        "INSERT OR REPLACE INTO card_list (member_id, id, position, card_type, number, last4,
            display_number, point_account, linked_to, issuer, registered_at, expires_on, state,
            lapsed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params![
            member_id,
            &card.id,
            position,
            &card.card_type,
            &card.number,
            &card.last4,
            &card.display_number,
            &card.point_account,
            &card.linked_to,
            &card.issuer,
            &card.registered_at,
            &card.expires_on,
            state_text(card.state),
            lapsed,
        ],
    )?;
    Ok(())
}

/// Replaces the member's copy with the server's list, marked as synced at `synced_at`.
/// `is_credit` tells which card types are credit cards (never stored with a number).
pub(crate) fn replace(
    conn: &Connection,
    member_id: &str,
    cards: &[Card],
    lapsed: &[LapsedCard],
    synced_at: &str,
    is_credit: impl Fn(&str) -> bool,
) -> Result<(), CardsError> {
    for card in cards {
        check_storable(card, is_credit(&card.card_type))?;
    }
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM card_list WHERE member_id = ?1", [member_id])?;
    let mut position = 0i64;
    for card in cards {
        insert(&tx, member_id, position, card, false)?;
        position += 1;
    }
    for gone in lapsed {
        let card = Card {
            id: gone.id.clone(),
            card_type: gone.card_type.clone(),
            number: None,
            last4: gone.last4.clone(),
            display_number: gone.last4.clone(),
            point_account: None,
            linked_to: None,
            issuer: gone.issuer.clone(),
            registered_at: String::new(),
            expires_on: None,
            state: CardState::Invalid,
        };
        insert(&tx, member_id, position, &card, true)?;
        position += 1;
    }
    tx.execute(
        "INSERT OR REPLACE INTO card_list_sync (member_id, synced_at) VALUES (?1, ?2)",
        (member_id, synced_at),
    )?;
    Ok(tx.commit()?)
}

/// Adds or updates cards (a registration's answer) without touching the rest of the list
/// or when it was last synced.
pub(crate) fn upsert(
    conn: &Connection,
    member_id: &str,
    cards: &[Card],
    is_credit: impl Fn(&str) -> bool,
) -> Result<(), CardsError> {
    for card in cards {
        check_storable(card, is_credit(&card.card_type))?;
    }
    let tx = conn.unchecked_transaction()?;
    let positions: HashMap<String, i64> = {
        let mut stmt = tx.prepare("SELECT id, position FROM card_list WHERE member_id = ?1")?;
        let rows = stmt.query_map([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut next = positions.values().max().map_or(0, |p| p + 1);
    for card in cards {
        let position = match positions.get(&card.id) {
            Some(p) => *p,
            None => {
                next += 1;
                next - 1
            }
        };
        insert(&tx, member_id, position, card, false)?;
    }
    Ok(tx.commit()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Storage;

    fn card(id: &str, card_type: &str, number: Option<&str>, last4: &str) -> Card {
        Card {
            id: id.into(),
            card_type: card_type.into(),
            number: number.map(Into::into),
            last4: last4.into(),
            display_number: number.map_or(format!("**** **** **** {last4}"), |n| n.to_owned()),
            point_account: None,
            linked_to: None,
            issuer: Some("ルクア大阪".into()),
            registered_at: "2026-01-01T00:00:00+00:00".into(),
            expires_on: Some("2030-12-31".into()),
            state: CardState::Active,
        }
    }

    /// A storage in a temporary directory, removed when the guard goes.
    fn storage() -> (Storage, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        (Storage::open(dir.path()).expect("open"), dir)
    }

    fn credit(card_type: &str) -> bool {
        card_type == "aeon_card"
    }

    #[test]
    fn replace_then_upsert_keeps_order_members_apart_and_lapsed_hidden() {
        let (storage, _dir) = storage();
        let conn = storage.conn();
        assert!(shown(&conn, "m1").expect("empty").is_empty());
        assert_eq!(synced_at(&conn, "m1").expect("never"), None);
        let a = card("a", "waon_point_card", Some("6900000000000016"), "0016");
        let b = card("b", "aeon_card", None, "0014");
        let gone = LapsedCard {
            id: "c".into(),
            card_type: "waon_point_card".into(),
            last4: "0024".into(),
            issuer: None,
        };
        replace(
            &conn,
            "m1",
            &[a.clone(), b.clone()],
            &[gone],
            "2026-01-02T00:00:00Z",
            credit,
        )
        .expect("replace");
        assert_eq!(
            shown(&conn, "m1").expect("list"),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(
            load(&conn, "m1").expect("all").len(),
            3,
            "the lapsed card is remembered"
        );
        assert_eq!(
            synced_at(&conn, "m1").expect("synced").as_deref(),
            Some("2026-01-02T00:00:00Z")
        );
        assert!(shown(&conn, "m2").expect("other member").is_empty());

        let mut a2 = a.clone();
        a2.state = CardState::Expired;
        let d = card("d", "waon_emoney", Some("6700000000000018"), "0018");
        upsert(&conn, "m1", &[d.clone(), a2.clone()], credit).expect("upsert");
        assert_eq!(shown(&conn, "m1").expect("list"), vec![a2, b, d]);
        drop(conn);
    }

    #[test]
    fn a_credit_card_number_is_never_stored() {
        let (storage, _dir) = storage();
        let conn = storage.conn();
        let leaky = card("x", "aeon_card", Some("4980000000000014"), "0014");
        assert!(matches!(
            upsert(&conn, "m1", std::slice::from_ref(&leaky), credit),
            Err(CardsError::CreditNumberNotStorable)
        ));
        let mut masked_badly = card("y", "aeon_card", None, "0014");
        masked_badly.display_number = "4980 0000 0000 0014".into();
        assert!(replace(&conn, "m1", &[masked_badly], &[], "t", credit).is_err());
        assert!(
            load(&conn, "m1").expect("load").is_empty(),
            "nothing was written"
        );
        drop(conn);
    }
}
