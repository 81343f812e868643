//! Platform differences as data (SPEC §4.6): the waon profile limits mobile WAON to the
//! Android app; the app config says which platform the app runs on. On iOS linking it is a
//! typed refusal that says where it can be done, before any request; on Android it links.

use tamaru_core::error::TamaruError;
use tamaru_core::profile::{Platform, Profile};
use tamaru_sandbox::{IssueCard, Sandbox};
use tamaru_scenarios::{Install, Phone, sandbox, typed, uuid_like};

async fn member_on(sandbox: &Sandbox, platform: Platform) -> (Phone, String) {
    let install = Install::new(
        Profile::builtin("waon").expect("waon"),
        sandbox.program_url("waon"),
    )
    .expect("a temporary data directory")
    .with_platform(Some(platform));
    let phone = Phone::test(install);
    let login_id = format!("platform{}@example.jp", uuid_like().replace('-', ""));
    phone
        .app
        .account()
        .sign_up(&login_id, "Tamaru2026", None)
        .await
        .expect("sign-up");
    (phone, login_id)
}

#[tokio::test]
async fn mobile_waon_links_in_the_android_app_only() {
    let sandbox = sandbox().await;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("waon", "mobile_waon"))
        .expect("issued");

    let (ios_phone, ios_login) = member_on(&sandbox, Platform::Ios).await;
    let ios = &ios_phone.app;
    let refused = ios
        .cards()
        .register(&typed(&card))
        .await
        .expect_err("not on iOS");
    assert_eq!(
        refused,
        TamaruError::NotOnThisPlatform {
            card_type: "mobile_waon".into(),
            card_name: "Mobile WAON".into(),
            card_name_ja: "モバイルWAON".into(),
            platforms: vec!["android".into()],
        }
    );
    assert!(refused.message_ja().contains("Android版のアプリ"));
    assert!(refused.message_en().contains("Android app"));
    // Refused on the phone: nothing reached the server.
    let on_server = sandbox
        .cards()
        .account("waon", &ios_login)
        .expect("account");
    assert!(on_server.registrations.is_empty());
    // Other card types link on iOS as usual.
    let point_card = sandbox
        .cards()
        .issue(&IssueCard::new("waon", "waon_point_card"))
        .expect("issued");
    ios.cards()
        .register(&typed(&point_card))
        .await
        .expect("a WAON POINT card links on iOS");

    let (android_phone, _) = member_on(&sandbox, Platform::Android).await;
    let android = &android_phone.app;
    let linked = android
        .cards()
        .register(&typed(&card))
        .await
        .expect("mobile WAON links on Android");
    assert_eq!(linked.card.card_type, "mobile_waon");
}

#[tokio::test]
async fn the_registration_screen_offers_only_the_types_this_platform_may_link() {
    use tamaru_core::screens::CardRegistrationScreen;
    let sandbox = sandbox().await;
    let (ios, _) = member_on(&sandbox, Platform::Ios).await;
    let (android, _) = member_on(&sandbox, Platform::Android).await;
    let offered = |phone: &Phone| {
        let app = &phone.app;
        CardRegistrationScreen::open(app)
            .state()
            .types
            .into_iter()
            .map(|t| t.id)
            .collect::<Vec<_>>()
    };
    let on_ios = offered(&ios);
    let on_android = offered(&android);
    assert!(!on_ios.contains(&"mobile_waon".to_owned()), "{on_ios:?}");
    assert!(
        on_android.contains(&"mobile_waon".to_owned()),
        "{on_android:?}"
    );
    assert_eq!(on_ios.len() + 1, on_android.len());
    assert!(on_ios.iter().all(|t| on_android.contains(t)));
    // A type the app does not offer cannot be chosen behind the screen's back either.
    let screen = CardRegistrationScreen::open(&ios.app);
    let state = screen.choose_type("mobile_waon");
    assert!(state.types.iter().all(|t| !t.chosen));
    assert!(
        state.number.is_none(),
        "no number field for a type not offered"
    );
    let state = screen.choose_type("aeon_card");
    assert!(state.types.iter().any(|t| t.id == "aeon_card" && t.chosen));
}
