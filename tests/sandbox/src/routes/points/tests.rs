use super::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

#[test]
fn fiscal_rule_examples() {
    assert_eq!(fiscal_expiry(d("2025-03-31")), Some(d("2026-03-31")));
    assert_eq!(fiscal_expiry(d("2025-04-01")), Some(d("2027-03-31")));
}

#[test]
fn accrual_rule_worked_example() {
    let first = d("2020-09-10");
    for (earned, expires) in [
        ("2020-09-10", "2022-09-30"),
        ("2021-09-30", "2022-09-30"),
        ("2021-10-01", "2023-09-30"),
        ("2022-09-30", "2023-09-30"),
        ("2022-10-01", "2024-09-30"),
        ("2023-09-30", "2024-09-30"),
    ] {
        assert_eq!(
            accrual_expiry(first, d(earned)),
            Some(d(expires)),
            "{earned}"
        );
    }
    assert_eq!(accrual_expiry(first, d("2020-09-09")), None);
    assert_eq!(
        accrual_expiry(d("2020-12-15"), d("2022-01-01")),
        Some(d("2023-12-31"))
    );
}

fn conn_with_accounts() -> Connection {
    let conn = crate::db::open(None).expect("db");
    for (id, program, login) in [
        (1, "wester", "a@example.jp"),
        (2, "waon", "b@example.jp"),
        (3, "waon", "c@example.jp"),
    ] {
        conn.execute(
            "INSERT INTO accounts (id, program, member_id, login_id, password_hash, created_at, external_id)
             VALUES (?1, ?2, ?3, ?4, 'x', 0, 'linked')",
            (id, program, format!("m{id}"), login),
        )
        .expect("account");
    }
    conn
}

fn balance_of(conn: &Connection, account: i64, today: &str) -> PointBalance {
    atomic(conn, |c| balance_in(c, account, d(today))).expect("balance")
}

#[test]
fn spending_takes_the_earliest_expiring_points_first_and_expiry_writes_entries() {
    let conn = conn_with_accounts();
    let today = d("2026-06-01");
    award_in(&conn, today, 1, 100, d("2024-05-01"), Some("A"), None).expect("award");
    award_in(&conn, today, 1, 50, d("2025-05-01"), None, None).expect("award");
    spend_in(&conn, today, 1, 30, d("2025-06-01"), None, None).expect("spend");
    let b = balance_of(&conn, 1, "2026-03-31");
    assert_eq!(b.total, 120);
    assert_eq!(
        b.breakdown,
        vec![
            ExpiryBucket {
                expires: "2026-03-31".into(),
                points: 70
            },
            ExpiryBucket {
                expires: "2027-03-31".into(),
                points: 50
            },
        ]
    );
    let b = balance_of(&conn, 1, "2026-04-01");
    assert_eq!(b.total, 50);
    let entries = all_entries(&conn, 1).expect("entries");
    assert_eq!(entries[0].kind, "expire");
    assert_eq!(entries[0].date, "2026-04-01");
    assert_eq!(entries[0].points, -70);
    assert_eq!(entries.iter().map(|e| e.points).sum::<i64>(), 50);
    // The ledger now runs to 2026-04-01: an earlier date is refused.
    let e = award_in(&conn, today, 1, 5, d("2026-03-01"), None, None).expect_err("refused");
    assert_eq!(e.code, "date_before_ledger");
    let e = award_in(&conn, today, 1, 5, d("2026-06-02"), None, None).expect_err("refused");
    assert_eq!(e.code, "date_in_future");
    let e = spend_in(&conn, today, 1, 51, today, None, None).expect_err("refused");
    assert_eq!(e.code, "insufficient_points");
}

#[test]
fn merge_rebases_held_points_on_the_merge_date_under_the_signed_in_start() {
    let conn = conn_with_accounts();
    let today = d("2026-06-01");
    // b: first award 2023-09-10 (start month October); c: first award 2024-04-02.
    award_in(&conn, today, 2, 10, d("2023-09-10"), None, None).expect("b");
    award_in(&conn, today, 3, 40, d("2024-04-02"), None, None).expect("c");
    award_in(&conn, today, 3, 5, d("2025-05-01"), None, None).expect("c");
    spend_in(&conn, today, 3, 5, d("2025-05-02"), None, None).expect("c spends");
    let moved = merge_points(&conn, 3, 2, d("2025-06-15")).expect("merge");
    assert_eq!(moved, 40);
    // b's periods: 2023-09-10..2024-09-30, 2024-10-01..2025-09-30 → expires 2026-09-30.
    let b = balance_of(&conn, 2, "2025-06-15");
    assert_eq!(b.first_award.as_deref(), Some("2023-09-10"));
    assert_eq!(
        b.breakdown,
        vec![
            ExpiryBucket {
                expires: "2025-09-30".into(),
                points: 10
            },
            ExpiryBucket {
                expires: "2026-09-30".into(),
                points: 40
            },
        ]
    );
    assert_eq!(balance_of(&conn, 3, "2025-06-15").total, 0);
    let c_entries = all_entries(&conn, 3).expect("entries");
    assert_eq!(
        (c_entries[0].kind.as_str(), c_entries[0].points),
        ("merge", -40)
    );
    // Nothing left to move: no entries.
    assert_eq!(
        merge_points(&conn, 3, 2, d("2025-06-15")).expect("again"),
        0
    );
    assert_eq!(
        all_entries(&conn, 3).expect("entries").len(),
        c_entries.len()
    );
    assert!(merge_points(&conn, 2, 2, d("2025-06-15")).is_err());
}

#[test]
fn merge_into_an_account_never_awarded_starts_its_accrual_on_the_merge_date() {
    let conn = conn_with_accounts();
    let today = d("2026-06-01");
    award_in(&conn, today, 3, 40, d("2024-04-02"), None, None).expect("c");
    assert_eq!(
        merge_points(&conn, 3, 2, d("2025-06-15")).expect("merge"),
        40
    );
    let b = balance_of(&conn, 2, "2025-06-15");
    assert_eq!(b.first_award.as_deref(), Some("2025-06-15"));
    assert_eq!(b.breakdown[0].expires, "2027-06-30");
}

#[test]
fn a_failed_operation_leaves_no_trace() {
    let conn = conn_with_accounts();
    let today = d("2026-06-01");
    award_in(&conn, today, 2, 10, d("2026-01-01"), None, None).expect("award");
    let before = all_entries(&conn, 2).expect("entries");
    assert!(spend_in(&conn, today, 2, 11, today, None, None).is_err());
    assert_eq!(all_entries(&conn, 2).expect("entries"), before);
    assert_eq!(held(&conn, 2).expect("held"), 10);
}

#[test]
fn emoney_charge_starts_the_accrual_period_only_once() {
    let conn = conn_with_accounts();
    let today = d("2026-06-01");
    note_emoney_charge(&conn, 2, d("2025-01-20")).expect("charge");
    note_emoney_charge(&conn, 2, d("2025-03-20")).expect("charge");
    award_in(&conn, today, 2, 10, d("2025-04-01"), None, None).expect("award");
    let b = balance_of(&conn, 2, "2025-04-01");
    assert_eq!(b.first_award.as_deref(), Some("2025-01-20"));
    assert_eq!(b.breakdown[0].expires, "2027-01-31");
}

/// The server's point rules of each shipped program are its profile's (`core/profiles/*.toml`,
/// through the core's profile API): the expiry rule, family sharing and its size, and the
/// external-ID link that points use needs (SPEC §2.4: the programs with an external member ID).
#[test]
fn the_point_rules_agree_with_the_shipped_profiles() {
    use tamaru_core::profile::{ExpiryRule, Profile};

    for id in Profile::builtin_ids() {
        let profile = Profile::builtin(id).expect("shipped profile");
        let points = &profile.points;
        let months = || {
            points
                .expiry_months
                .expect("a rule that counts months has them")
        };
        let want = match points.expiry {
            ExpiryRule::FiscalYear => Rule::FiscalYear,
            ExpiryRule::AccrualPeriod => Rule::AccrualPeriod,
            ExpiryRule::Rolling => Rule::Rolling(months()),
            ExpiryRule::MonthsAfterAward => Rule::MonthsAfterAward(months()),
            ExpiryRule::Never => Rule::Never,
            ExpiryRule::ServerDated => panic!("{id}: the sandbox cannot date points itself"),
        };
        assert_eq!(rule_of(id).expect("served"), want, "{id}: points.expiry");
        assert_eq!(has_family(id), profile.family.is_some(), "{id}: [family]");
        if let Some(family) = &profile.family {
            assert_eq!(
                FAMILY_MAX_MEMBERS,
                i64::from(family.max_members),
                "{id}: family.max_members"
            );
        }
        assert_eq!(
            needs_link_to_use(id),
            profile.external_id.is_some(),
            "{id}: [external_id]"
        );
    }
}

/// An unknown program has no expiry rule: never another program's.
#[test]
fn an_unknown_program_has_no_expiry_rule() {
    let e = rule_of("nope").expect_err("unknown");
    assert_eq!((e.status.as_u16(), e.code), (404, "unknown_program"));
}
