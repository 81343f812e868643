//! Helpers for the end-to-end scenarios: a sandbox per test and "phones" (installs of the
//! app, each with its own data directory and secure store) that talk to it over loopback.
//! The phones are `tamaru-test-support`'s, the same the QA CLI and the demo use.

use tamaru_sandbox::{Sandbox, SandboxConfig};
pub use tamaru_test_support::{Install, Phone, closed_port_url, uuid_like};

/// A sandbox with the reference settings.
pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxConfig::default()).await
}

pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config)
        .await
        .expect("sandbox starts on loopback")
}

/// Signs up a fresh member on a new phone; returns the phone, login ID and password.
pub async fn signed_up(sandbox: &Sandbox, program: &str) -> (Phone, String, String) {
    let phone = Phone::new(sandbox, program);
    let login_id = format!("member{}@example.jp", uuid_like().replace('-', ""));
    let password = "Tamaru#2026".to_owned();
    phone
        .app
        .account()
        .sign_up(&login_id, &password, None)
        .await
        .expect("sign-up works");
    (phone, login_id, password)
}

/// What the member types for a card the sandbox issued: its number, its PIN (if any) and
/// the right answers to the card type's questions.
pub fn typed(card: &tamaru_sandbox::IssuedCard) -> tamaru_core::cards::input::CardInput {
    let asks = card.card_type == "sc_point_card";
    tamaru_core::cards::input::CardInput {
        card_type: card.card_type.clone(),
        number: card.number.clone(),
        has_pin: asks.then_some(card.pin.is_some()),
        pin: card.pin.clone(),
        member_registered: asks.then_some(card.member_registered),
    }
}

/// Issues an active card of the default holder and registers it on `phone`.
pub async fn registered_card(
    sandbox: &Sandbox,
    phone: &Phone,
    program: &str,
    card_type: &str,
) -> tamaru_sandbox::IssuedCard {
    let card = sandbox
        .cards()
        .issue(&tamaru_sandbox::IssueCard::new(program, card_type))
        .expect("the sandbox issues the card");
    phone
        .app
        .cards()
        .register(&typed(&card))
        .await
        .expect("the card registers");
    card
}
