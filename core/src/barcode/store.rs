//! The on-device copy of server-issued member codes (`wester`): the current code and the
//! ones issued in advance, so a valid code shows offline for a while.
//!
//! Codes are not secrets (each is shown on screen and read by a till, and works for five
//! minutes once), so they live in the cache database, not the secure store. They are tied
//! to the member: rows carry the member ID, a fetch replaces every row, and a signed-out
//! phone wipes them the next time the code screen looks.

use rusqlite::{Connection, params};

use crate::storage::Migration;

pub const MIGRATIONS: &[Migration] = &[Migration {
    id: "barcode.0001.member_codes",
    sql: "CREATE TABLE member_codes (
              member_id TEXT NOT NULL,
              code TEXT NOT NULL,
              valid_from INTEGER NOT NULL,
              valid_until INTEGER NOT NULL,
              fetched_at INTEGER NOT NULL,
              PRIMARY KEY (member_id, code)
          );",
}];

/// One server-issued code and its window `[valid_from, valid_until)`, Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCode {
    pub code: String,
    pub valid_from: i64,
    pub valid_until: i64,
}

/// The member's stored codes, oldest window first.
pub(crate) fn load(conn: &Connection, member_id: &str) -> rusqlite::Result<Vec<IssuedCode>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, valid_from, valid_until FROM member_codes
             WHERE member_id = ?1 ORDER BY valid_from, valid_until",
    )?;
    let rows = stmt
        .query_map([member_id], |r| {
            Ok(IssuedCode {
                code: r.get(0)?,
                valid_from: r.get(1)?,
                valid_until: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Replaces every stored code (any member's) with this member's fresh batch, atomically.
pub(crate) fn replace(
    conn: &Connection,
    member_id: &str,
    codes: &[IssuedCode],
    fetched_at: i64,
) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM member_codes", [])?;
    for code in codes {
        tx.execute(
            "INSERT OR REPLACE INTO member_codes (member_id, code, valid_from, valid_until, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![member_id, code.code, code.valid_from, code.valid_until, fetched_at],
        )?;
    }
    tx.commit()
}

/// Deletes every stored code (signed out). Cheap when there is nothing to delete.
pub(crate) fn clear(conn: &Connection) -> rusqlite::Result<()> {
    let any: bool = conn.query_row("SELECT EXISTS(SELECT 1 FROM member_codes)", [], |r| {
        r.get(0)
    })?;
    if any {
        conn.execute("DELETE FROM member_codes", [])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Storage;

    fn code(n: u32, from: i64) -> IssuedCode {
        IssuedCode {
            code: format!("109{n:09}1234"),
            valid_from: from,
            valid_until: from + 300,
        }
    }

    #[test]
    fn a_fetch_replaces_every_members_codes_and_clear_empties() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let storage = Storage::open(&dir).expect("open");
        let conn = storage.conn();
        replace(&conn, "A", &[code(2, 300), code(1, 0)], 0).expect("store");
        assert_eq!(
            load(&conn, "A").expect("load"),
            vec![code(1, 0), code(2, 300)]
        );
        replace(&conn, "B", &[code(3, 600)], 600).expect("store");
        assert!(
            load(&conn, "A").expect("load").is_empty(),
            "another member's codes go"
        );
        assert_eq!(load(&conn, "B").expect("load"), vec![code(3, 600)]);
        clear(&conn).expect("clear");
        clear(&conn).expect("clearing nothing is fine");
        assert!(load(&conn, "B").expect("load").is_empty());
        drop(conn);
    }
}
