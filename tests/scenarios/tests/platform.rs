//! Platform differences as data (SPEC §4.6): the waon profile limits mobile WAON to the
//! Android app; the app config says which platform the app runs on. On iOS linking it is a
//! typed refusal that says where it can be done, before any request; on Android it links.

use std::sync::Arc;

use tamaru_core::app::{AppConfig, MemberApp};
use tamaru_core::error::TamaruError;
use tamaru_core::profile::{Platform, Profile};
use tamaru_core::secure_store::MemoryStore;
use tamaru_sandbox::{IssueCard, Sandbox};
use tamaru_scenarios::{sandbox, typed, uuid_like};

async fn member_on(sandbox: &Sandbox, platform: Platform) -> (MemberApp, String) {
    let dir = std::env::temp_dir().join(format!("tamaru-platform-{}", uuid_like()));
    let config = AppConfig::new(
        Profile::builtin("waon").expect("waon"),
        sandbox.program_url("waon"),
        dir,
        Arc::new(MemoryStore::new()),
    )
    .on_platform(platform);
    let app = MemberApp::new(config).expect("app");
    let login_id = format!("platform{}@example.jp", uuid_like().replace('-', ""));
    app.account()
        .sign_up(&login_id, "Tamaru2026", None)
        .await
        .expect("sign-up");
    (app, login_id)
}

#[tokio::test]
async fn mobile_waon_links_in_the_android_app_only() {
    let sandbox = sandbox().await;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("waon", "mobile_waon"))
        .expect("issued");

    let (ios, ios_login) = member_on(&sandbox, Platform::Ios).await;
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

    let (android, _) = member_on(&sandbox, Platform::Android).await;
    let linked = android
        .cards()
        .register(&typed(&card))
        .await
        .expect("mobile WAON links on Android");
    assert_eq!(linked.card.card_type, "mobile_waon");
}
