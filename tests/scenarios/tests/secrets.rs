//! No token, password or device secret in any log line, error text or on-device file
//! (SPEC §2.2), after flows that touch them all.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tamaru_core::error::TamaruError;
use tamaru_sandbox::SandboxConfig;
use tamaru_scenarios::{Phone, sandbox_with};

/// Collects every log line of the process.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_logs_errors_or_files() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let sandbox = sandbox_with(SandboxConfig {
        access_ttl_seconds: 60,
        ..SandboxConfig::default()
    })
    .await;
    let phone = Phone::new(&sandbox, "waon");
    let login_id = "secret-test@example.jp";
    let passwords = ["Secret#Pass2026", "Changed#Pass2027", "Wrong#Guess999"];
    let mut secrets: Vec<String> = passwords.iter().map(|p| p.to_string()).collect();
    let mut errors: Vec<TamaruError> = Vec::new();

    phone
        .app
        .account()
        .sign_up(login_id, passwords[0], None)
        .await
        .unwrap();
    secrets.extend(session_secrets(&phone));
    sandbox.advance_clock(61);
    phone.app.account().details().await.unwrap(); // refresh
    secrets.extend(session_secrets(&phone));
    errors.push(
        phone
            .app
            .account()
            .change_password(passwords[2], passwords[1])
            .await
            .unwrap_err(),
    );
    errors.push(
        phone
            .app
            .account()
            .change_password(passwords[0], "weak pass")
            .await
            .unwrap_err(),
    );
    phone
        .app
        .account()
        .change_password(passwords[0], passwords[1])
        .await
        .unwrap();
    phone.app.account().log_out().await.unwrap();
    errors.push(
        phone
            .app
            .account()
            .log_in(login_id, passwords[2])
            .await
            .unwrap_err(),
    );
    phone
        .app
        .account()
        .log_in(login_id, passwords[1])
        .await
        .unwrap();
    secrets.extend(session_secrets(&phone));
    errors.push(
        phone
            .app
            .account()
            .withdraw(passwords[2])
            .await
            .unwrap_err(),
    );
    phone.app.account().withdraw(passwords[1]).await.unwrap();
    errors.push(
        phone
            .app
            .account()
            .log_in(login_id, passwords[1])
            .await
            .unwrap_err(),
    );

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(logs.contains("logged in"), "the capture works: {logs:.200}");
    let texts: Vec<String> = errors
        .iter()
        .flat_map(|e| {
            [
                e.to_string(),
                format!("{e:?}"),
                e.message_ja(),
                e.message_en(),
            ]
        })
        .collect();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&phone.data_dir).unwrap() {
        files.push(std::fs::read(entry.unwrap().path()).unwrap_or_default());
    }
    assert!(
        secrets.len() >= 9,
        "passwords, tokens and the device secret were collected"
    );
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret is in the logs");
        for text in &texts {
            assert!(
                !text.contains(secret.as_str()),
                "a secret is in an error text: {text}"
            );
        }
        for file in &files {
            let needle = secret.as_bytes();
            assert!(
                !file.windows(needle.len()).any(|w| w == needle),
                "a secret is in a data file"
            );
        }
    }
}

/// The tokens and device secret the phone's secure store holds now.
fn session_secrets(phone: &Phone) -> Vec<String> {
    let mut found = Vec::new();
    for value in phone.store.values() {
        let json: serde_json::Value = serde_json::from_str(&value).unwrap();
        for key in ["access_token", "refresh_token", "device_secret"] {
            if let Some(s) = json.get(key).and_then(|v| v.as_str()) {
                found.push(s.to_owned());
            }
        }
    }
    found
}
