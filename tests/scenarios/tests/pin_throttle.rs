//! Wrong PINs at card registration are throttled by the server like wrong passwords
//! (issue 14): the 5th wrong PIN in a row locks the card's registration for 15 minutes,
//! for every account, with a typed error saying until when (Japan time).

use tamaru_core::cards::input::CardInput;
use tamaru_core::cards::types::CardMismatch;
use tamaru_core::error::TamaruError;
use tamaru_sandbox::IssueCard;
use tamaru_scenarios::{sandbox, signed_up};

fn typed(number: &str, pin: &str) -> CardInput {
    CardInput {
        card_type: "sc_point_card".into(),
        number: number.into(),
        has_pin: Some(true),
        pin: Some(pin.into()),
        member_registered: Some(false),
    }
}

#[tokio::test]
async fn the_fifth_wrong_pin_locks_the_card_for_a_while() {
    let sandbox = sandbox().await;
    // The lock's end is rebuilt below from the sandbox's now: it must not move meanwhile.
    sandbox.freeze_clock();
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let mut issue = IssueCard::new("wester", "sc_point_card");
    issue.pin = Some("2468".into());
    let card = sandbox.cards().issue(&issue).expect("issued");
    let cards = phone.app.cards();

    for _ in 0..4 {
        assert_eq!(
            cards.register(&typed(&card.number, "1357")).await,
            Err(TamaruError::CardDetailsMismatch {
                mismatches: vec![CardMismatch::Pin]
            })
        );
    }
    let locked = cards
        .register(&typed(&card.number, "1357"))
        .await
        .expect_err("the 5th wrong PIN locks");
    let until = sandbox.now() + chrono::Duration::seconds(900);
    assert_eq!(
        locked,
        TamaruError::CardPinLocked {
            retry_at: until.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            retry_after_seconds: 900,
        }
    );
    let jst = until.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("JST"));
    assert!(
        locked
            .message_ja()
            .contains(&jst.format("%Y-%m-%d %H:%M").to_string()),
        "{}",
        locked.message_ja()
    );
    assert!(locked.message_en().contains("(Japan time)"));

    // While locked the right PIN is refused too, and from another account as well.
    assert!(matches!(
        cards.register(&typed(&card.number, "2468")).await,
        Err(TamaruError::CardPinLocked { .. })
    ));
    let (other, _, _) = signed_up(&sandbox, "wester").await;
    assert!(matches!(
        other
            .app
            .cards()
            .register(&typed(&card.number, "2468"))
            .await,
        Err(TamaruError::CardPinLocked { .. })
    ));

    // When the lock ends, the right PIN registers the card.
    sandbox.advance_clock(901);
    cards
        .register(&typed(&card.number, "2468"))
        .await
        .expect("registers after the lock");
}

#[tokio::test]
async fn a_right_pin_clears_the_count() {
    let sandbox = sandbox().await;
    let (phone, _, _) = signed_up(&sandbox, "wester").await;
    let mut first = IssueCard::new("wester", "sc_point_card");
    first.pin = Some("2468".into());
    let card = sandbox.cards().issue(&first).expect("issued");
    let cards = phone.app.cards();
    for _ in 0..4 {
        assert!(matches!(
            cards.register(&typed(&card.number, "1357")).await,
            Err(TamaruError::CardDetailsMismatch { .. })
        ));
    }
    cards
        .register(&typed(&card.number, "2468"))
        .await
        .expect("the right PIN before the 5th wrong one");
    // Counting starts again: four more wrong PINs (from another account) do not lock.
    let (other, _, _) = signed_up(&sandbox, "wester").await;
    for _ in 0..4 {
        assert!(matches!(
            other
                .app
                .cards()
                .register(&typed(&card.number, "1357"))
                .await,
            Err(TamaruError::CardDetailsMismatch { .. })
        ));
    }
}
