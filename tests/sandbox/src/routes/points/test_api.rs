//! The crate's test API: `PointsAdmin`, the `/admin/points/…` controls in Rust.

use super::*;

/// The whole ledger of one account, for tests that compare the app with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointLedger {
    pub balance: PointBalance,
    /// Newest first (date, then entry).
    pub entries: Vec<PointEntry>,
    pub sync: PointSyncStats,
}

/// Points controls for tests in Rust, the same as the `/admin/points/…` endpoints. Errors are
/// `"code: message"`.
pub struct PointsAdmin<'a> {
    pub(crate) state: &'a AppState,
}

pub(super) fn admin_error(e: ApiErr) -> String {
    format!("{}: {}", e.code, e.message)
}

impl PointsAdmin<'_> {
    fn account(&self, program: &str, login_id: &str) -> Result<i64, String> {
        let conn = self.state.db();
        admin_target(&conn, program, login_id).map_err(admin_error)
    }

    /// Awards points on a Japan date (not after the sandbox's today).
    pub fn award(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
        store: &str,
        text: &str,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        award(self.state, account, points, date, store, text).map_err(admin_error)
    }

    /// Spends points on a Japan date, as a till would.
    pub fn spend(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
        store: &str,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        spend(self.state, account, points, date, store, "").map_err(admin_error)
    }

    /// An operator's adjustment (signed).
    pub fn adjust(
        &self,
        program: &str,
        login_id: &str,
        points: i64,
        date: NaiveDate,
    ) -> Result<PointEntry, String> {
        let account = self.account(program, login_id)?;
        let today = japan_today(self.state);
        let conn = self.state.db();
        adjust_in(&conn, today, account, points, date, None).map_err(admin_error)
    }

    /// The points part of an account merge ([`merge_points`]).
    pub fn merge(
        &self,
        program: &str,
        from_login_id: &str,
        into_login_id: &str,
        date: NaiveDate,
    ) -> Result<i64, String> {
        let from = self.account(program, from_login_id)?;
        let into = self.account(program, into_login_id)?;
        let conn = self.state.db();
        merge_points(&conn, from, into, date).map_err(admin_error)
    }

    /// A first e-money charge ([`note_emoney_charge`]).
    pub fn emoney_charge(
        &self,
        program: &str,
        login_id: &str,
        date: NaiveDate,
    ) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        let conn = self.state.db();
        note_emoney_charge(&conn, account, date).map_err(admin_error)
    }

    /// The account's balance, every entry and its sync counters (expiry brought up to today).
    pub fn ledger(&self, program: &str, login_id: &str) -> Result<PointLedger, String> {
        let account = self.account(program, login_id)?;
        let today = japan_today(self.state);
        let conn = self.state.db();
        atomic(&conn, |conn| {
            Ok(PointLedger {
                balance: balance_in(conn, account, today)?,
                entries: all_entries(conn, account)?,
                sync: sync_stats(conn, account)?,
            })
        })
        .map_err(admin_error)
    }

    /// Links or unlinks a `wester` account to the external member ID.
    pub fn link(&self, program: &str, login_id: &str, linked: bool) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        self.state
            .db()
            .execute(
                "UPDATE accounts SET external_id = ?2 WHERE id = ?1",
                (account, if linked { "linked" } else { "unlinked" }),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Sets how the member logs in (`square_member`, `web_id`, `email`, ...).
    pub fn set_login_kind(&self, program: &str, login_id: &str, kind: &str) -> Result<(), String> {
        let account = self.account(program, login_id)?;
        self.state
            .db()
            .execute(
                "UPDATE accounts SET login_kind = ?2 WHERE id = ?1",
                (account, kind),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// The expiry the sandbox gives points earned on `earned` under `program`'s rule, with the
    /// accrual start `first_award` (ignored by the fiscal-year rule): the server's own
    /// computation, for tests that cross-check it with the core's.
    pub fn expiry(
        &self,
        program: &str,
        first_award: Option<NaiveDate>,
        earned: NaiveDate,
    ) -> Option<NaiveDate> {
        match rule_of(program).ok()? {
            Rule::FiscalYear => fiscal_expiry(earned),
            Rule::AccrualPeriod => accrual_expiry(first_award?, earned),
            // A rolling lot's date is the last activity's; `earned` stands for it here.
            Rule::Rolling(months) => add_months_clamped(earned, months),
            Rule::MonthsAfterAward(months) => months_after_award(earned, months),
            Rule::Never => NaiveDate::from_ymd_opt(9999, 12, 31),
        }
    }

    /// Moves the sandbox clock to noon (Japan time) of `date`.
    pub fn set_today(&self, date: NaiveDate) {
        set_today(self.state, date);
    }

    /// The sandbox clock's Japan date.
    pub fn today(&self) -> NaiveDate {
        japan_today(self.state)
    }
}
