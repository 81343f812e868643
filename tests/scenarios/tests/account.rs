//! The account against the real sandbox: sign-up, log-in, log-out and their typed errors.

use std::sync::Arc;

use tamaru_core::app::{AppConfig, MemberApp, StartScreen};
use tamaru_core::error::TamaruError;
use tamaru_core::login::ExternalIdStatus;
use tamaru_core::profile::Profile;
use tamaru_core::secure_store::MemoryStore;
use tamaru_scenarios::{Phone, closed_port_url, sandbox, signed_up};

#[tokio::test]
async fn sign_up_log_in_log_out() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "wester");
    assert_eq!(phone.app.start_screen().unwrap(), StartScreen::FirstLaunch);

    let account = phone
        .app
        .account()
        .sign_up("Hanako@Example.jp", "Tamaru#2026", None)
        .await
        .unwrap();
    assert_eq!(account.login_id, "hanako@example.jp");
    assert_eq!(account.email.as_deref(), Some("hanako@example.jp"));
    assert_eq!(account.external_id, ExternalIdStatus::Unlinked);
    assert_eq!(account.device_number.as_ref().map(String::len), Some(16));
    assert!(phone.app.is_signed_in().unwrap());
    assert!(matches!(
        phone.app.start_screen().unwrap(),
        StartScreen::SignedIn { .. }
    ));

    let fetched = phone.app.account().details().await.unwrap();
    assert_eq!(fetched, account);

    phone.app.account().log_out().await.unwrap();
    assert!(!phone.app.is_signed_in().unwrap());
    assert!(phone.store.keys().is_empty(), "log-out wipes the tokens");
    assert_eq!(
        phone.app.account().details().await,
        Err(TamaruError::NotSignedIn)
    );

    let again = phone
        .app
        .account()
        .log_in("hanako@example.jp", "Tamaru#2026")
        .await
        .unwrap();
    assert_eq!(again.member_id, account.member_id);
    assert_eq!(
        again.device_number, account.device_number,
        "same install, same device"
    );
}

#[tokio::test]
async fn waon_accounts_have_no_external_id_and_accept_web_ids() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "waon");
    let account = phone
        .app
        .account()
        .sign_up("taro_1234", "waon2026pass", Some("taro@example.jp"))
        .await
        .unwrap();
    assert_eq!(account.external_id, ExternalIdStatus::NotApplicable);
    assert_eq!(account.email.as_deref(), Some("taro@example.jp"));
}

#[tokio::test]
async fn a_taken_login_id_is_its_own_error() {
    let sandbox = sandbox().await;
    let (_phone, login_id, password) = signed_up(&sandbox, "wester").await;
    let other = Phone::new(&sandbox, "wester");
    assert_eq!(
        other
            .app
            .account()
            .sign_up(&login_id, &password, None)
            .await,
        Err(TamaruError::LoginIdTaken)
    );
}

#[tokio::test]
async fn a_wrong_password_is_its_own_error() {
    let sandbox = sandbox().await;
    let (phone, login_id, _) = signed_up(&sandbox, "wester").await;
    phone.app.account().log_out().await.unwrap();
    assert_eq!(
        phone.app.account().log_in(&login_id, "Wrong#Pass1").await,
        Err(TamaruError::WrongPassword {
            attempts_left: Some(4)
        })
    );
    assert!(!phone.app.is_signed_in().unwrap());
}

#[tokio::test]
async fn an_unknown_account_is_its_own_error() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "wester");
    assert_eq!(
        phone
            .app
            .account()
            .log_in("nobody@example.jp", "Tamaru#2026")
            .await,
        Err(TamaruError::UnknownAccount)
    );
}

#[tokio::test]
async fn a_policy_breaking_password_never_reaches_the_server() {
    let sandbox = sandbox().await;
    let phone = Phone::new(&sandbox, "wester");
    match phone
        .app
        .account()
        .sign_up("a@example.jp", "short", None)
        .await
    {
        Err(TamaruError::PasswordPolicy { violations }) => assert!(!violations.is_empty()),
        other => panic!("expected PasswordPolicy, got {other:?}"),
    }
    match phone
        .app
        .account()
        .sign_up("not-an-email", "Tamaru#2026", None)
        .await
    {
        Err(TamaruError::InvalidLoginId { violations }) => assert!(!violations.is_empty()),
        other => panic!("expected InvalidLoginId, got {other:?}"),
    }
    assert_eq!(sandbox.stats().logins + sandbox.stats().failed_logins, 0);
}

#[tokio::test]
async fn no_server_is_a_network_error() {
    let phone = Phone::at(closed_port_url("wester"), "wester");
    assert!(matches!(
        phone
            .app
            .account()
            .log_in("a@example.jp", "Tamaru#2026")
            .await,
        Err(TamaruError::Network { .. })
    ));
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig::new(
        Profile::builtin("wester").unwrap(),
        "http://api.example.jp/wester/",
        dir.path(),
        Arc::new(MemoryStore::new()),
    );
    assert!(matches!(
        MemberApp::new(config),
        Err(TamaruError::InvalidConfig { .. })
    ));
}

/// A server that answers every request with the given raw HTTP response.
async fn junk_server(response: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{addr}/wester/")
}

#[tokio::test]
async fn a_malformed_server_answer_is_a_typed_error() {
    let cases = [
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{\"access\"",
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: 6\r\n\r\n<html>",
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{\"x\":123}",
        "HTTP/1.1 423 Locked\r\ncontent-type: application/json\r\ncontent-length: 26\r\n\r\n{\"error\":\"account_locked\"}",
    ];
    for response in cases {
        let url = junk_server(response).await;
        let phone = Phone::at(url, "wester");
        let result = phone
            .app
            .account()
            .log_in("a@example.jp", "Tamaru#2026")
            .await;
        assert!(
            matches!(result, Err(TamaruError::MalformedResponse { .. })),
            "{response}: {result:?}"
        );
        assert!(!phone.app.is_signed_in().unwrap());
    }
}

#[tokio::test]
async fn a_data_directory_that_cannot_be_one_is_a_storage_error() {
    let sandbox = sandbox().await;
    // The app hands the core a path that is a file, not a directory.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"not a directory").unwrap();
    let store = Arc::new(MemoryStore::new());
    let config = AppConfig::new(
        Profile::builtin("wester").unwrap(),
        sandbox.program_url("wester"),
        &file,
        store.clone(),
    );
    let result = MemberApp::new(config);
    let Err(e) = &result else {
        panic!("a file as the data directory must be refused");
    };
    assert!(matches!(e, TamaruError::Storage { .. }), "{e:?}");
    assert_eq!(e.code(), "storage");
    assert!(!e.message_ja().is_empty() && !e.message_en().is_empty());
    assert!(store.keys().is_empty(), "nothing was stored");
}

#[tokio::test]
async fn an_empty_data_directory_or_a_broken_profile_record_is_invalid_config() {
    let sandbox = sandbox().await;
    let empty = AppConfig::new(
        Profile::builtin("wester").unwrap(),
        sandbox.program_url("wester"),
        "",
        Arc::new(MemoryStore::new()),
    );
    assert!(matches!(
        MemberApp::new(empty),
        Err(TamaruError::InvalidConfig { .. })
    ));
    // A profile built as a record (as Kotlin or Swift can) skips the loader's checks; the
    // core checks it again rather than dividing by a zero code validity later.
    let mut profile = (*Profile::builtin("waon").unwrap()).clone();
    profile.member_code.validity_seconds = 0;
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig::new(
        Arc::new(profile),
        sandbox.program_url("waon"),
        dir.path(),
        Arc::new(MemoryStore::new()),
    );
    match MemberApp::new(config) {
        Err(TamaruError::InvalidConfig { detail }) => {
            assert!(detail.contains("member_code.validity_seconds"), "{detail}")
        }
        Err(other) => panic!("expected InvalidConfig, got {other:?}"),
        Ok(_) => panic!("expected InvalidConfig, got an app"),
    }
}
