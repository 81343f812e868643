//! The card merge and family sharing screens driven headless against the sandbox: a merge
//! checked as typed and what it did worded, details that do not match, and a family group
//! created, joined by code, joined by invitation, points sent, and left.

mod screens_common;

use screens_common::{PASSWORD, install, new_login_id};
use tamaru_core::screens::{CardMergeScreen, Destination, FamilyScreen, Language};
use tamaru_sandbox::{AccountHolder, Holder, IssueCard, IssuedCard, Sandbox};
use tamaru_scenarios::{Phone, sandbox, typed};

const NAME: &str = "山田 花子";
const BORN: &str = "1990-04-01";

async fn member(sandbox: &Sandbox, program: &'static str, lang: Language) -> (Phone, String) {
    let phone = install(sandbox, program, lang);
    let login_id = new_login_id();
    phone
        .app
        .account()
        .sign_up(&login_id, PASSWORD, None)
        .await
        .unwrap();
    (phone, login_id)
}

/// A waon member with Hanako's details and first award, holding one WAON POINT card.
async fn holder_with_card(sandbox: &Sandbox, first_award: &str) -> (Phone, String, IssuedCard) {
    let (phone, login_id) = member(sandbox, "waon", Language::Ja).await;
    sandbox
        .cards()
        .set_holder(
            "waon",
            &login_id,
            &AccountHolder {
                name: NAME.into(),
                birth_date: BORN.into(),
                first_award_date: Some(first_award.into()),
            },
        )
        .unwrap();
    let card = sandbox
        .cards()
        .issue(&IssueCard {
            holder: Some(Holder {
                name: NAME.into(),
                birth_date: BORN.into(),
            }),
            ..IssueCard::new("waon", "waon_point_card")
        })
        .unwrap();
    phone.app.cards().register(&typed(&card)).await.unwrap();
    (phone, login_id, card)
}

#[tokio::test]
async fn a_merge_is_checked_as_typed_and_says_what_it_did() {
    let sandbox = sandbox().await;
    let (phone, _, _) = holder_with_card(&sandbox, "2020-09-10").await;
    let (_other, _, theirs) = holder_with_card(&sandbox, "2021-04-05").await;

    let screen = CardMergeScreen::open(&phone.app);
    let start = screen.state();
    assert!(start.not_offered.is_none());
    assert_eq!(start.types.len(), phone.app.profile().cards.types.len());
    assert!(start.number.is_none());
    assert!(start.intro.contains("起算月"));
    assert!(!start.submit.enabled);

    screen.choose_type("waon_point_card");
    let short = screen.set_number("1234");
    assert_eq!(short.number.unwrap().problems.len(), 1);
    screen.set_number(&theirs.number);
    let empty_name = screen.state();
    assert!(
        empty_name.name.problems.is_empty(),
        "no problem before typing"
    );
    let bad = screen.set_birth_date("1990-13-01");
    assert_eq!(bad.birth_date.problems.len(), 1);
    let future = screen.set_birth_date("2999-01-01");
    assert_eq!(
        future.birth_date.problems,
        ["生年月日が未来の日付になっています。"]
    );
    screen.set_birth_date(BORN);
    let ready = screen.set_name(NAME);
    assert!(ready.submit.enabled, "{ready:?}");

    let done = screen.submit().await;
    assert_eq!(done.error, None);
    assert_eq!(
        done.done.as_deref(),
        Some("1枚のカードを統合しました。ポイントの有効期限の起算月は2020年10月です。")
    );
    assert_eq!(done.navigate, Some(Destination::Cards));
    assert_eq!(phone.app.cards().list().unwrap().cards.len(), 2);
}

#[tokio::test]
async fn details_that_do_not_match_are_refused_and_wester_offers_no_merge() {
    let sandbox = sandbox().await;
    let (phone, _, _) = holder_with_card(&sandbox, "2020-09-10").await;
    let (_other, _, theirs) = holder_with_card(&sandbox, "2021-04-05").await;
    let screen = CardMergeScreen::open(&phone.app);
    screen.choose_type("waon_point_card");
    screen.set_number(&theirs.number);
    screen.set_name("鈴木 一郎");
    screen.set_birth_date(BORN);
    let refused = screen.submit().await;
    assert_eq!(refused.error.unwrap().code, "merge_details_mismatch");
    assert_eq!(refused.navigate, None);

    let (wester, _) = member(&sandbox, "wester", Language::En).await;
    let state = CardMergeScreen::open(&wester.app).state();
    assert_eq!(
        state.not_offered.as_deref(),
        Some("This program does not merge point accounts.")
    );
    assert!(state.types.is_empty() && !state.submit.enabled);
}

#[tokio::test]
async fn a_family_is_created_joined_by_code_and_invitation_shares_points_and_is_left() {
    let sandbox = sandbox().await;
    let (owner, owner_login) = member(&sandbox, "waon", Language::En).await;
    let (second, second_login) = member(&sandbox, "waon", Language::En).await;
    let (third, third_login) = member(&sandbox, "waon", Language::En).await;

    let screen = FamilyScreen::open(&owner.app);
    let none = screen.load().await;
    assert_eq!(none.error, None);
    assert!(none.members.is_empty());
    assert_eq!(none.create.as_ref().unwrap().label, "Create a family group");
    assert!(!none.join.as_ref().unwrap().enabled, "no code typed");
    let created = screen.create().await;
    assert_eq!(created.members.len(), 1);
    assert_eq!(created.members[0].role, "Creator (you)");
    assert_eq!(created.capacity.as_deref(), Some("1 of 15 IDs"));
    assert_eq!(created.leave.as_ref().unwrap().label, "Dissolve the group");
    assert!(created.create.is_none());
    let code = created.invite_code.unwrap();

    let joining = FamilyScreen::open(&second.app);
    joining.load().await;
    joining.set_join_code(&code.to_lowercase());
    let joined = joining.join().await;
    assert_eq!(joined.error, None);
    assert_eq!(joined.members.len(), 2);
    assert!(
        joined
            .members
            .iter()
            .any(|m| m.is_me && m.role == "Member (you)")
    );
    assert!(joined.invite.is_none(), "only the creator invites");

    screen.set_invite_login_id(&third_login);
    let invited = screen.invite().await;
    assert_eq!(invited.notice, Some(format!("{third_login} is invited.")));
    let invitee = FamilyScreen::open(&third.app);
    let offer = invitee.load().await;
    assert_eq!(offer.invitations.len(), 1);
    assert_eq!(
        offer.invitations[0].text,
        format!("{owner_login} invited you to their family group.")
    );
    let accepted = invitee.accept(&offer.invitations[0].id.clone()).await;
    assert_eq!(accepted.members.len(), 3);
    assert!(accepted.invitations.is_empty());

    sandbox
        .points()
        .award(
            "waon",
            &owner_login,
            500,
            sandbox.points().today(),
            "AEON",
            "",
        )
        .unwrap();
    owner.app.points().refresh().await.unwrap();
    let group = screen.load().await;
    assert_eq!(group.recipients.len(), 2);
    let to = group
        .recipients
        .iter()
        .find(|r| r.label == second_login)
        .unwrap()
        .id
        .clone();
    screen.choose_recipient(&to);
    let typo = screen.set_points("abc");
    assert_eq!(
        typo.send_points.unwrap().problems,
        ["Enter the points as a number."]
    );
    assert!(!typo.send.unwrap().enabled);
    let wide = screen.set_points("３００");
    assert!(wide.send.unwrap().enabled);
    let sent = screen.send().await;
    assert_eq!(sent.error, None);
    assert_eq!(sent.notice, Some(format!("300 pt sent to {second_login}.")));
    assert_eq!(sandbox.held_points("waon", &second_login), 300);
    assert_eq!(sandbox.held_points("waon", &owner_login), 200);

    let left = joining.leave().await;
    assert_eq!(left.notice.as_deref(), Some("You left the family group."));
    assert!(left.members.is_empty());
    assert!(left.create.is_some());
    assert_eq!(screen.load().await.members.len(), 2);

    let (wester, _) = member(&sandbox, "wester", Language::Ja).await;
    let not = FamilyScreen::open(&wester.app).load().await;
    assert!(not.not_offered.is_some());
    assert!(not.create.is_none());
}
