//! The member-code screen over the barcode module's session: the code with its countdown
//! in words, the next code on demand once a payment used the one shown (server-issued
//! codes), why there is no code offline, and the point card in its place where the program
//! allows. Brightness, keep-screen-on and screenshot blocking are the shell's (platform);
//! everything shown is decided here.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use crate::app::MemberApp;
use crate::barcode::{
    BarcodeError, BarcodeMatrix, MemberCodeSession, MemberCodeState, Symbology, UnavailableReason,
};
use crate::error::TamaruError;
use crate::profile::MemberCodeSource;

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, ProblemView};

/// A one-time code ready to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct CodeView {
    /// All digits, as the barcode carries them.
    pub code: String,
    /// The digits in groups of four, printed under the barcode.
    pub grouped: String,
    /// For screen readers.
    pub spoken: String,
    /// The symbology to draw (the till's preferred one).
    pub symbology: Symbology,
    pub seconds_left: u32,
    /// "Valid for 4:32 more".
    pub countdown: String,
    /// "Valid until 16:50" (Japan time).
    pub valid_until: String,
    /// Server-issued codes: how many more the phone holds for offline use.
    pub held_offline: Option<String>,
}

/// The registered point card, shown when no one-time code can be had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PointCardView {
    pub number: String,
    pub grouped: String,
    pub spoken: String,
    pub symbology: Symbology,
    /// Why the card shows and that it is not a one-time code.
    pub note: String,
}

/// What the member-code screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct MemberCodeScreenState {
    pub title: String,
    pub code: Option<CodeView>,
    /// Why no one-time code shows (offline, codes used up, the phone's clock).
    pub unavailable: Option<String>,
    pub point_card: Option<PointCardView>,
    /// "Show the next code" (after a payment used the one shown), for server-issued codes.
    pub next_code: Option<ButtonView>,
    pub refresh: ButtonView,
    pub refreshing: bool,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    server_issued: bool,
    code: MemberCodeState,
    now_unix: i64,
    refreshing: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

/// The member-code screen. Dropping it stops its countdown.
pub struct MemberCodeScreen {
    app: MemberApp,
    session: MemberCodeSession,
    cell: Arc<ScreenCell<Model, MemberCodeScreenState>>,
    ticker: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl MemberCodeScreen {
    /// The code held on the phone at once (offline); [`refresh`](Self::refresh) fetches.
    pub fn open(app: &MemberApp) -> Self {
        let session = app.member_code().session();
        let model = Model {
            language: app.language(),
            server_issued: app.profile().member_code.source == MemberCodeSource::ServerIssued,
            code: session.current(),
            now_unix: app.now().timestamp(),
            refreshing: false,
            error: None,
            navigate: None,
        };
        MemberCodeScreen {
            app: app.clone(),
            session,
            cell: Arc::new(ScreenCell::new(model, view)),
            ticker: Mutex::new(None),
        }
    }

    pub fn state(&self) -> MemberCodeScreenState {
        self.cell.state()
    }

    /// One step at the core's clock: the countdown moves, a code is replaced on time and
    /// server-issued codes are fetched when due.
    pub async fn tick(&self) -> MemberCodeScreenState {
        tick(&self.app, &self.session, &self.cell).await
    }

    /// Keeps ticking every second in the background (the countdown the shell draws) until
    /// the screen is dropped. Needs a tokio runtime (the FFI calls it on the core's own).
    pub fn keep_ticking(&self) -> Result<(), TamaruError> {
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| TamaruError::InvalidConfig {
                detail: "the member-code screen needs a tokio runtime to count down".to_owned(),
            })?;
        let mut ticker = self.ticker.lock().unwrap_or_else(|p| p.into_inner());
        if ticker.as_ref().is_some_and(|t| !t.is_finished()) {
            return Ok(());
        }
        let (app, session, cell) = (self.app.clone(), self.session.clone(), self.cell.clone());
        *ticker = Some(runtime.spawn(async move {
            loop {
                tick(&app, &session, &cell).await;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }));
        Ok(())
    }

    /// Fetches codes now (pull to refresh, back online). Offline the codes held keep
    /// showing and the error says why no new one came.
    pub async fn refresh(&self) -> MemberCodeScreenState {
        let (_, go) = self.cell.update(|m| {
            let go = !m.refreshing;
            m.refreshing = true;
            go
        });
        if !go {
            return self.state();
        }
        let result = self.session.refresh().await;
        let now = self.app.now().timestamp();
        let current = self.session.current();
        self.cell.change(|m| {
            m.refreshing = false;
            m.now_unix = now;
            m.code = current;
            match result {
                Ok(_) => m.error = None,
                Err(e) => {
                    if let Some(to) = session_end(&e) {
                        m.navigate = Some(to);
                    }
                    m.error = Some(e);
                }
            }
        })
    }

    /// The member paid with the code shown: fetch, and the server (which no longer lists a
    /// used code) hands the next one.
    pub async fn next_code(&self) -> MemberCodeScreenState {
        if !self.cell.read(|m| m.server_issued) {
            return self.state();
        }
        self.refresh().await
    }

    /// What shows now (the code, or the point card) as a PNG `width_px` wide.
    pub fn render_png(&self, width_px: u32) -> Result<Vec<u8>, BarcodeError> {
        self.session.render_png(None, width_px)
    }

    /// What shows now as an SVG document `width_px` wide.
    pub fn render_svg(&self, width_px: u32) -> Result<String, BarcodeError> {
        self.session.render_svg(None, width_px)
    }

    /// What shows now as a module matrix, for native drawing.
    pub fn matrix(&self) -> Result<BarcodeMatrix, BarcodeError> {
        self.session.matrix(None)
    }

    pub fn subscribe(
        &self,
        listener: Arc<dyn StateListener<MemberCodeScreenState>>,
    ) -> Subscription {
        self.cell.subscribe(listener)
    }
}

impl Drop for MemberCodeScreen {
    fn drop(&mut self) {
        if let Some(ticker) = self.ticker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            ticker.abort();
        }
    }
}

async fn tick(
    app: &MemberApp,
    session: &MemberCodeSession,
    cell: &ScreenCell<Model, MemberCodeScreenState>,
) -> MemberCodeScreenState {
    session.tick().await;
    let current = session.current();
    let now = app.now().timestamp();
    cell.change(|m| {
        m.code = current;
        m.now_unix = now;
    })
}

fn view(m: &Model) -> MemberCodeScreenState {
    let lang = m.language;
    let (code, unavailable, point_card) = match &m.code {
        MemberCodeState::Ready { code } => {
            let left = u32::try_from((code.valid_until_unix - m.now_unix).max(0)).unwrap_or(0);
            let until = chrono::DateTime::from_timestamp(code.valid_until_unix, 0)
                .map(|t| format::date_time(t.fixed_offset(), lang))
                .unwrap_or_default();
            let view = CodeView {
                code: code.code.clone(),
                grouped: code.grouped.clone(),
                spoken: lang.pick(code.spoken_ja.as_str(), code.spoken_en.as_str()),
                symbology: code
                    .symbologies
                    .first()
                    .copied()
                    .unwrap_or(Symbology::Code128),
                seconds_left: left,
                countdown: Text::Countdown(format::countdown(left)).word(lang),
                valid_until: Text::ValidUntil(until).word(lang),
                held_offline: code
                    .advance_codes_left
                    .map(|n| Text::CodesHeld(n).word(lang)),
            };
            (Some(view), None, None)
        }
        MemberCodeState::Unavailable { unavailable } => {
            let card = unavailable.static_card.as_ref().map(|c| PointCardView {
                number: c.card_number.clone(),
                grouped: c.grouped.clone(),
                spoken: lang.pick(c.spoken_ja.as_str(), c.spoken_en.as_str()),
                symbology: c.symbology,
                note: Text::PointCardInstead.word(lang),
            });
            let why = lang.pick(
                unavailable.message_ja.as_str(),
                unavailable.message_en.as_str(),
            );
            (None, Some(why), card)
        }
    };
    let signed_in = !matches!(
        m.code.unavailable_reason(),
        Some(UnavailableReason::NotSignedIn)
    );
    MemberCodeScreenState {
        title: Text::MemberCodeTitle.word(lang),
        next_code: m
            .server_issued
            .then(|| ButtonView::new(Text::NextCodeButton.word(lang), signed_in && !m.refreshing)),
        code,
        unavailable,
        point_card,
        refresh: ButtonView::new(Text::RefreshButton.word(lang), signed_in && !m.refreshing),
        refreshing: m.refreshing,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m
            .navigate
            .or_else(|| (!signed_in).then_some(Destination::LogIn)),
    }
}
