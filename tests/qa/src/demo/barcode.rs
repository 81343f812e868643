//! Demo section: member codes (SPEC §1, §7). The waon code derived on the phone, drawn in
//! the terminal with its countdown, written as PNG and SVG, and read at the sandbox's point
//! of sale (once: a second use is refused); then wester's codes issued in advance, shown
//! with the server out of reach as the phone's clock moves on, and the point card offered
//! when they run out.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tamaru_core::barcode::{
    self, MemberCodeListener, MemberCodeSession, MemberCodeState, MemberCodeUnavailable,
    MemberCodeView, Symbology,
};
use tamaru_core::cards::input::CardInput;
use tamaru_core::error::TamaruError;
use tamaru_sandbox::{IssueCard, Sandbox};

use super::phone::{Phone, install, offline_url};
use super::{heading, step};

pub async fn run(sandbox: &Sandbox) -> Result<(), TamaruError> {
    let out = std::env::temp_dir().join(format!("tamaru-demo-barcodes-{}", std::process::id()));
    std::fs::create_dir_all(&out)?;
    waon(sandbox, &out).await?;
    wester(sandbox, &out).await
}

/// A new install on a clock the demo moves, started at `now`: the sandbox's time, so the
/// phone's clock agrees with the server's, as a phone on network time does (earlier demo
/// sections moved the sandbox's clock on).
fn new_phone(base_url: &str, program: &str, now: DateTime<Utc>) -> Result<Phone, TamaruError> {
    Phone::start(install(base_url, program)?.with_manual_clock(now))
}

/// Japan time (UTC+9, no daylight saving), as the member reads it.
fn jst(unix: i64) -> String {
    DateTime::from_timestamp(unix + 9 * 3600, 0)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

fn describe_code(code: &MemberCodeView) -> String {
    format!(
        "{} · valid until {} JST · {} s left{}",
        code.grouped,
        jst(code.valid_until_unix),
        code.seconds_left,
        code.advance_codes_left
            .map(|n| format!(" · {n} more held on the phone"))
            .unwrap_or_default()
    )
}

fn describe_state(state: &MemberCodeState) -> String {
    match state {
        MemberCodeState::Ready { code } => describe_code(code),
        MemberCodeState::Unavailable { unavailable } => describe_unavailable(unavailable),
    }
}

fn describe_unavailable(unavailable: &MemberCodeUnavailable) -> String {
    let card = unavailable
        .static_card
        .as_ref()
        .map(|c| format!(" · point card offered instead: {}", c.grouped))
        .unwrap_or_default();
    format!(
        "no code ({}): {}{card}",
        unavailable.reason.code(),
        unavailable.message_ja
    )
}

fn barcode_error(e: barcode::BarcodeError) -> TamaruError {
    TamaruError::InvalidConfig {
        detail: format!("barcode: {e} [{}]", e.code()),
    }
}

/// The code as Unicode blocks (QR: both programs' tills read it and it fits a terminal).
fn draw(session: &MemberCodeSession) -> Result<(), TamaruError> {
    let matrix = session.matrix(Some(Symbology::Qr)).map_err(barcode_error)?;
    for line in barcode::render_terminal(&matrix).lines() {
        println!("      {line}");
    }
    Ok(())
}

/// Writes what shows now as PNG (600 px, the program's preferred symbology) and SVG.
fn write_files(session: &MemberCodeSession, dir: &Path, name: &str) -> Result<String, TamaruError> {
    let png = session.render_png(None, 600).map_err(barcode_error)?;
    let svg = session.render_svg(None, 600).map_err(barcode_error)?;
    let png_path = dir.join(format!("{name}.png"));
    let svg_path = dir.join(format!("{name}.svg"));
    std::fs::write(&png_path, &png)?;
    std::fs::write(&svg_path, svg)?;
    Ok(format!(
        "{} ({} bytes), {}",
        png_path.display(),
        png.len(),
        svg_path.display()
    ))
}

/// A till at the sandbox's point of sale.
async fn till(sandbox: &Sandbox, path: &str, body: Value) -> Result<(u16, Value), TamaruError> {
    let network = |e: reqwest::Error| TamaruError::Network {
        detail: e.to_string(),
    };
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.url()))
        .json(&body)
        .send()
        .await
        .map_err(network)?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.map_err(network)?))
}

fn pos_outcome((status, answer): &(u16, Value)) -> String {
    if *status == 200 {
        format!(
            "{} · member {} · receipt shows …{} · transaction {}",
            answer["status"].as_str().unwrap_or("?"),
            answer["member_id"].as_str().unwrap_or("?"),
            answer["device_suffix"].as_str().unwrap_or("?"),
            answer["transaction_id"].as_str().unwrap_or("?"),
        )
    } else {
        format!(
            "{status} {} ({})",
            answer["error"].as_str().unwrap_or("?"),
            answer["message"].as_str().unwrap_or("")
        )
    }
}

async fn waon(sandbox: &Sandbox, out: &Path) -> Result<(), TamaruError> {
    heading(
        "Member code / 会員コード (waon)",
        "derived on the phone, offline; read at the till once / 端末で生成（オフライン可）・レジで1回利用",
    );
    let phone = new_phone(&sandbox.program_url("waon"), "waon", sandbox.now())?;
    phone
        .app
        .account()
        .sign_up("codes.taro@example.jp", "Tamaru#2026", None)
        .await?;
    let session = phone.app.member_code().session();
    let state = session.current();
    let Some(code) = state.code() else {
        return Err(TamaruError::InvalidConfig {
            detail: describe_state(&state),
        });
    };
    step(
        "the member code screen / 会員コード画面",
        describe_code(code),
    );
    draw(&session)?;
    step("screen reader / 読み上げ", &code.spoken_ja);
    step(
        "PNG and SVG / 画像ファイル",
        write_files(&session, out, "waon-member-code")?,
    );
    let scanned = till(
        sandbox,
        "/pos/scan",
        json!({"terminal_id": "demo-till-1", "code": code.code, "complete": true}),
    )
    .await?;
    step("scan at the till / レジで読み取り", pos_outcome(&scanned));
    let again = till(
        sandbox,
        "/pos/scan",
        json!({"terminal_id": "demo-till-2", "code": code.code}),
    )
    .await?;
    step(
        "the same code again / 同じコードをもう一度",
        pos_outcome(&again),
    );
    phone
        .clock()
        .advance(chrono::Duration::seconds(i64::from(code.seconds_left)));
    step(
        "when the countdown ends / カウントダウン終了時",
        describe_state(&session.current()),
    );
    Ok(())
}

/// Prints each state a subscription delivers.
struct Printer;

impl MemberCodeListener for Printer {
    fn on_code(&self, code: MemberCodeView) {
        step("the screen now shows / 表示更新", describe_code(&code));
    }
    fn on_unavailable(&self, unavailable: MemberCodeUnavailable) {
        step(
            "the screen now shows / 表示更新",
            describe_unavailable(&unavailable),
        );
    }
}

async fn wester(sandbox: &Sandbox, out: &Path) -> Result<(), TamaruError> {
    heading(
        "Member code / 会員コード (wester)",
        "issued by the server, some in advance for offline use / サーバー発行・オフライン用に先行発行",
    );
    let phone = new_phone(&sandbox.program_url("wester"), "wester", sandbox.now())?;
    phone
        .app
        .account()
        .sign_up("codes.hanako@example.jp", "Tamaru#2026", None)
        .await?;
    let card = sandbox
        .cards()
        .issue(&IssueCard::new("wester", "sc_point_card"))
        .map_err(|e| TamaruError::InvalidConfig { detail: e })?;
    let mut input = CardInput::new("sc_point_card", card.number.clone());
    input.has_pin = Some(false);
    input.member_registered = Some(false);
    phone.app.cards().register(&input).await?;
    let fetched = phone.app.member_code().fetch().await?;
    step(
        "fetch codes / コード取得",
        format!(
            "{} codes held, a code shows offline until {} JST",
            fetched.live,
            jst(fetched.covered_until_unix)
        ),
    );
    let session = phone.app.member_code().session();
    if let Some(code) = session.current().code() {
        phone
            .clock()
            .set(DateTime::from_timestamp(code.valid_from_unix, 0).unwrap_or_else(Utc::now));
    }
    step(
        "the member code screen / 会員コード画面",
        describe_state(&session.current()),
    );
    draw(&session)?;
    step(
        "PNG (Code128) and SVG / 画像ファイル",
        write_files(&session, out, "wester-member-code")?,
    );
    if let Some(code) = session.current().code() {
        let scanned = till(
            sandbox,
            "/pos/scan",
            json!({"terminal_id": "demo-till-1", "code": code.code, "complete": true}),
        )
        .await?;
        step("scan at the till / レジで読み取り", pos_outcome(&scanned));
        // Online, the next fetch drops the used code and issues a new current one.
        let after = session.refresh().await?;
        step(
            "after paying, the phone refreshes / 支払い後に更新",
            describe_state(&after),
        );
    }

    // The same install with the server out of reach: the advance codes keep it going.
    let offline = Phone::start(phone.install().clone().at(offline_url("wester")))?;
    println!("  • offline (server unreachable); the phone's clock moves on 5 minutes at a time");
    let offline_session = offline.app.member_code().session();
    let subscription =
        offline_session.subscribe_polling(Arc::new(Printer), Duration::from_millis(10))?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    for _ in 0..4 {
        offline.clock().advance(chrono::Duration::seconds(300));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(subscription);
    step(
        "the point card instead / ポイントカードを表示",
        write_files(&offline_session, out, "wester-point-card")?,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use tamaru_sandbox::SandboxConfig;

    #[tokio::test]
    async fn the_member_code_section_runs_against_a_fresh_sandbox() {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        super::run(&sandbox).await.expect("the section runs");
    }

    use tamaru_sandbox::Sandbox;
}
