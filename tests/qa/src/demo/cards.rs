//! Demo section: point cards (SPEC §4): registering the demo cards, refusals with their
//! reasons, the 50-card limit, reissue and lapse, the AEON card with its e-money card, the
//! second-credit-card case (6213) and an account merge.

use tamaru_core::cards::input::CardInput;
use tamaru_core::cards::{Card, MergeRequest, PersonalDetails};
use tamaru_core::error::TamaruError;
use tamaru_sandbox::{AccountHolder, IssueCard, Sandbox};

use super::account::describe;
use super::phone::new_phone;
use super::{heading, step};

/// A card as the list shows it.
fn shown(card: &Card) -> String {
    let mut text = format!("{} {}", card.card_type, card.display_number);
    if let Some(account) = &card.point_account {
        text.push_str(&format!(" · point account {account}"));
    }
    if card.linked_to.is_some() {
        text.push_str(" · came with the credit card");
    }
    text
}

fn sc_card(number: &str, pin: Option<&str>, member_registered: bool) -> CardInput {
    CardInput {
        card_type: "sc_point_card".into(),
        number: number.into(),
        has_pin: Some(pin.is_some()),
        pin: pin.map(Into::into),
        member_registered: Some(member_registered),
    }
}

fn admin_error(e: String) -> TamaruError {
    TamaruError::Server {
        status: 500,
        code: "sandbox_admin".into(),
        reason: e,
    }
}

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    wester(sandbox).await?;
    waon(sandbox).await
}

async fn wester(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Point cards / ポイントカード (wester)",
        "registration, refusals, the limit, reissue and lapse / 登録・登録できない場合・上限・再発行・失効",
    );
    let phone = new_phone(sandbox, "wester")?;
    phone
        .app
        .account()
        .sign_up("cards.hanako@example.jp", "Tamaru#2026", None)
        .await?;
    let cards = phone.app.cards();

    let typed = "６０４５－００００－００００－００１２";
    let registered = cards.register(&sc_card(typed, Some("1234"), true)).await?;
    step(
        &format!("register {typed} (PIN 1234, already a member) / 登録"),
        shown(&registered.card),
    );
    step(
        "the same card with PIN 9999 and \"not yet a member\" / PIN・会員登録の選択違い",
        describe(
            cards
                .register(&sc_card("6045000000000012", Some("9999"), false))
                .await
                .map(|_| ()),
        ),
    );
    step(
        "a typo in the number / 番号の入力誤り",
        describe(
            cards
                .register(&sc_card("6045 0000 0000 0013", None, false))
                .await
                .map(|_| ()),
        ),
    );
    for (label, number) in [
        ("an expired card / 有効期限切れ", "6045000000000038"),
        ("someone else's card / ご本人様以外", "6045000000000061"),
    ] {
        step(
            label,
            describe(
                cards
                    .register(&sc_card(number, None, false))
                    .await
                    .map(|_| ()),
            ),
        );
    }
    let other = new_phone(sandbox, "wester")?;
    other
        .app
        .account()
        .sign_up("cards.taro@example.jp", "Tamaru#2026", None)
        .await?;
    step(
        "another account registers 6045 0000 0000 0012 / 他のアカウントに登録済み",
        describe(
            other
                .app
                .cards()
                .register(&sc_card("6045000000000012", Some("1234"), true))
                .await
                .map(|_| ()),
        ),
    );

    // Up to the limit, with cards issued by the sandbox.
    let admin = sandbox.cards();
    let mut lapsing = None;
    for _ in 0..49 {
        let card = admin
            .issue(&IssueCard::new("wester", "sc_point_card"))
            .map_err(admin_error)?;
        cards.register(&sc_card(&card.number, None, false)).await?;
        lapsing.get_or_insert(card.number);
    }
    step(
        "register 49 more cards / さらに49枚登録",
        format!("{} cards in the list", cards.list()?.cards.len()),
    );
    let one_more = admin
        .issue(&IssueCard::new("wester", "sc_point_card"))
        .map_err(admin_error)?;
    step(
        "the 51st card / 51枚目",
        describe(
            cards
                .register(&sc_card(&one_more.number, None, false))
                .await
                .map(|_| ()),
        ),
    );

    // Life cycle: the issuer reissues one card and another's membership lapses.
    admin
        .reissue("wester", "6045000000000012")
        .map_err(admin_error)?;
    if let Some(number) = &lapsing {
        admin
            .set_status("wester", number, "lapsed")
            .map_err(admin_error)?;
    }
    let refresh = cards.refresh().await?;
    step(
        "refresh after a reissue and a lapse / 再発行・失効の後に再読込",
        format!(
            "{} cards; first card now {}",
            refresh.cards.len(),
            refresh
                .cards
                .first()
                .map_or(String::new(), |c| c.display_number.clone())
        ),
    );
    for notice in &refresh.notices {
        step(
            &format!("notice / お知らせ ({:?})", notice.kind),
            format!("{} / {}", notice.text_ja, notice.text_en),
        );
    }
    step(
        "the 51st card again, now there is room / 空きができた後",
        describe(
            cards
                .register(&sc_card(&one_more.number, None, false))
                .await
                .map(|_| ()),
        ),
    );
    step(
        "merge accounts on wester / wester での統合",
        describe(
            cards
                .merge(&MergeRequest {
                    card_type: "sc_point_card".into(),
                    card_number: "6045000000000020".into(),
                    holder: PersonalDetails {
                        name: "山田 花子".into(),
                        birth_date: "1990-04-01".into(),
                    },
                })
                .await
                .map(|_| ()),
        ),
    );
    Ok(())
}

async fn waon(sandbox: &Sandbox) -> Result<(), TamaruError> {
    heading(
        "Point cards / ポイントカード (waon)",
        "AEON card and its WAON, one credit card (6213), account merge / イオンカード・統合",
    );
    let hanako = PersonalDetails {
        name: "山田 花子".into(),
        birth_date: "1990-04-01".into(),
    };
    let admin = sandbox.cards();

    let phone = new_phone(sandbox, "waon")?;
    phone
        .app
        .account()
        .sign_up(
            "cards_hanako",
            "waon2026pass",
            Some("cards.hanako.waon@example.jp"),
        )
        .await?;
    admin
        .set_holder(
            "waon",
            "cards_hanako",
            &AccountHolder {
                name: hanako.name.clone(),
                birth_date: hanako.birth_date.clone(),
                first_award_date: Some("2020-09-10".into()),
            },
        )
        .map_err(admin_error)?;
    let cards = phone.app.cards();
    let registered = cards
        .register(&CardInput::new("aeon_card", "4980 0000 0000 0014"))
        .await?;
    step(
        "register the AEON card 4980 0000 0000 0014 / イオンカード登録",
        shown(&registered.card),
    );
    for linked in &registered.linked {
        step("registered with it / 同時に登録", shown(linked));
    }
    step(
        "a second AEON card / 2枚目のイオンカード",
        describe(
            cards
                .register(&CardInput::new("aeon_card", "4980000000000022"))
                .await
                .map(|_| ()),
        ),
    );
    step(
        "the built-in WAON on its own / 付帯WAONのみ",
        describe(
            cards
                .register(&CardInput::new("waon_emoney", "6700000000000927"))
                .await
                .map(|_| ()),
        ),
    );

    // The same person's other point account, with a WAON POINT card and an e-money card.
    let other = new_phone(sandbox, "waon")?;
    other
        .app
        .account()
        .sign_up("cards_hanako2", "waon2026pass", None)
        .await?;
    admin
        .set_holder(
            "waon",
            "cards_hanako2",
            &AccountHolder {
                name: hanako.name.clone(),
                birth_date: hanako.birth_date.clone(),
                first_award_date: Some("2021-04-05".into()),
            },
        )
        .map_err(admin_error)?;
    other
        .app
        .cards()
        .register(&CardInput::new("waon_point_card", "6900000000000016"))
        .await?;
    other
        .app
        .cards()
        .register(&CardInput::new("waon_emoney", "6700000000000018"))
        .await?;
    let merge = |holder: PersonalDetails| MergeRequest {
        card_type: "waon_point_card".into(),
        card_number: "6900000000000016".into(),
        holder,
    };
    step(
        "merge with a wrong birth date / 生年月日違い",
        describe(
            cards
                .merge(&merge(PersonalDetails {
                    birth_date: "1990-04-02".into(),
                    ..hanako.clone()
                }))
                .await
                .map(|_| ()),
        ),
    );
    let merged = cards.merge(&merge(hanako.clone())).await?;
    step(
        "merge the account holding 6900 0000 0000 0016 / 口座統合",
        format!(
            "{} cards moved, {} in all; accrual start month stays {} (first award {})",
            merged.merged_cards,
            merged.cards.len(),
            merged.accrual_start_month.as_deref().unwrap_or("-"),
            merged.first_award_date.as_deref().unwrap_or("-"),
        ),
    );
    for card in &merged.cards {
        step("in the list / 一覧", shown(card));
    }

    // A third account holding another AEON card: merging it would make two (6213).
    let third = new_phone(sandbox, "waon")?;
    third
        .app
        .account()
        .sign_up("cards_hanako3", "waon2026pass", None)
        .await?;
    third
        .app
        .cards()
        .register(&CardInput::new("aeon_card", "4980000000000022"))
        .await?;
    step(
        "merge an account with another AEON card / イオンカードを持つ口座の統合",
        describe(
            cards
                .merge(&MergeRequest {
                    card_type: "aeon_card".into(),
                    card_number: "4980000000000022".into(),
                    holder: hanako,
                })
                .await
                .map(|_| ()),
        ),
    );
    Ok(())
}
