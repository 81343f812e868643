//! The points screen: the balance, what expires soon, the breakdown by expiry date, and the
//! history with kind and date filters and paging, all from the on-device cache (offline
//! too), marked "as of" the last sync when the server cannot be reached. The figures are the
//! points capability's; this screen words them (`+300 pt`, Japan dates).

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::error::TamaruError;
use crate::points::{HistoryQuery, PointBalance, PointEntry, PointEntryKind};

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, OptionView, ProblemView};

/// History entries per page.
pub const HISTORY_PAGE: u32 = 20;

/// Held points that expire on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct ExpiryLine {
    /// "Valid until 31 Mar 2027".
    pub until: String,
    pub points: String,
    pub expiring_soon: bool,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct HistoryRow {
    pub id: i64,
    pub date: String,
    pub kind: PointEntryKind,
    pub kind_label: String,
    /// `+300 pt`, `-120 pt`.
    pub points: String,
    /// Credits are drawn apart from debits.
    pub credit: bool,
    pub store: Option<String>,
    pub text: String,
}

/// A date limit of the history filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DateFilterView {
    pub label: String,
    /// `YYYY-MM-DD` for the shell's date picker; `None` when not set.
    pub value: Option<String>,
    /// The date as members read it, or "Any".
    pub text: String,
}

/// What the points screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct PointsState {
    pub title: String,
    pub balance_label: String,
    /// `1,200 pt`; `None` before the first sync on this install.
    pub balance: Option<String>,
    /// "200 pt expire within 30 days", when any do.
    pub expiring_soon: Option<String>,
    /// "The next 120 pt expire on 31 Mar 2027".
    pub next_expiry: Option<String>,
    pub breakdown: Vec<ExpiryLine>,
    /// Before the first sync: what the member is told instead of figures.
    pub not_loaded: Option<String>,
    /// "As of 1 Dec 2026, 09:30": shown when the server could not be reached.
    pub as_of: Option<String>,
    /// "Updated 1 Dec 2026, 09:30".
    pub updated: Option<String>,
    pub kinds: Vec<OptionView>,
    pub from: DateFilterView,
    pub to: DateFilterView,
    pub clear_filters: ButtonView,
    /// A filter the history cannot take (dates the wrong way round).
    pub filter_problem: Option<String>,
    pub history: Vec<HistoryRow>,
    /// Shown instead of an empty history.
    pub history_empty: Option<String>,
    pub load_more: ButtonView,
    pub refresh: ButtonView,
    pub refreshing: bool,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    balance: Option<PointBalance>,
    entries: Vec<PointEntry>,
    next_cursor: Option<String>,
    last_synced: Option<String>,
    kinds: Vec<PointEntryKind>,
    from: Option<String>,
    to: Option<String>,
    filter_problem: Option<TamaruError>,
    offline: bool,
    refreshing: bool,
    error: Option<TamaruError>,
    navigate: Option<Destination>,
}

impl Model {
    fn query(&self, cursor: Option<String>) -> HistoryQuery {
        HistoryQuery {
            kinds: self.kinds.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            cursor,
            limit: HISTORY_PAGE,
        }
    }

    /// Shows `e`; the first error that ended the session keeps saying where to go (a
    /// `NotSignedIn` read from the cache after it must not replace `SignedInElsewhere`).
    fn failed(&mut self, e: TamaruError) {
        if self.navigate.is_some() {
            return;
        }
        if let Some(to) = session_end(&e) {
            self.navigate = Some(to);
        }
        self.error = Some(e);
    }
}

/// The points screen.
pub struct PointsScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, PointsState>>,
}

impl PointsScreen {
    /// The cache at once (offline); [`refresh`](Self::refresh) next.
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            balance: None,
            entries: Vec::new(),
            next_cursor: None,
            last_synced: None,
            kinds: Vec::new(),
            from: None,
            to: None,
            filter_problem: None,
            offline: false,
            refreshing: false,
            error: None,
            navigate: None,
        };
        let screen = PointsScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        };
        screen.reload();
        screen
    }

    pub fn state(&self) -> PointsState {
        self.cell.state()
    }

    /// Reads the balance and the first page from the cache again.
    fn reload(&self) -> PointsState {
        let points = self.app.points();
        self.cell.change(|m| {
            match points.balance() {
                Ok(b) => {
                    m.last_synced = Some(b.last_synced.clone());
                    m.balance = Some(b);
                }
                Err(TamaruError::PointsNotSynced) => m.balance = None,
                Err(e) => m.failed(e),
            }
            m.filter_problem = None;
            match points.history(&m.query(None)) {
                Ok(page) => {
                    m.entries = page.entries;
                    m.next_cursor = page.next_cursor;
                }
                Err(TamaruError::PointsNotSynced) => {
                    m.entries.clear();
                    m.next_cursor = None;
                }
                Err(e @ TamaruError::InvalidHistoryQuery { .. }) => {
                    m.entries.clear();
                    m.next_cursor = None;
                    m.filter_problem = Some(e);
                }
                Err(e) => m.failed(e),
            }
        })
    }

    /// Brings the cache up to date (pull to refresh, and when the screen shows).
    pub async fn refresh(&self) -> PointsState {
        let (_, go) = self.cell.update(|m| {
            let go = !m.refreshing;
            m.refreshing = true;
            go
        });
        if !go {
            return self.state();
        }
        let result = self.app.points().refresh().await;
        self.cell.change(|m| {
            m.refreshing = false;
            match result {
                Ok(_) => {
                    m.offline = false;
                    m.error = None;
                }
                Err(e) => {
                    m.offline = matches!(e, TamaruError::Network { .. });
                    m.failed(e);
                }
            }
        });
        if self.cell.read(|m| m.navigate.is_some()) {
            return self.state();
        }
        self.reload()
    }

    /// Shows or hides one kind of entry (all kinds show while none is chosen).
    pub fn toggle_kind(&self, kind: PointEntryKind) -> PointsState {
        self.cell.change(|m| {
            if let Some(i) = m.kinds.iter().position(|k| *k == kind) {
                m.kinds.remove(i);
            } else {
                m.kinds.push(kind);
                m.kinds.sort();
            }
        });
        self.reload()
    }

    /// The date range (`YYYY-MM-DD`, either end open with `None`), from the date pickers.
    pub fn set_dates(&self, from: Option<String>, to: Option<String>) -> PointsState {
        self.cell.change(|m| {
            m.from = from.filter(|d| !d.is_empty());
            m.to = to.filter(|d| !d.is_empty());
        });
        self.reload()
    }

    pub fn clear_filters(&self) -> PointsState {
        self.cell.change(|m| {
            m.kinds.clear();
            m.from = None;
            m.to = None;
        });
        self.reload()
    }

    /// The next page of history below the rows shown.
    pub fn load_more(&self) -> PointsState {
        let points = self.app.points();
        self.cell.change(|m| {
            let Some(cursor) = m.next_cursor.clone() else {
                return;
            };
            match points.history(&m.query(Some(cursor))) {
                Ok(page) => {
                    m.entries.extend(page.entries);
                    m.next_cursor = page.next_cursor;
                }
                Err(e) => m.failed(e),
            }
        })
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<PointsState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn kind_label(kind: PointEntryKind) -> Text {
    match kind {
        PointEntryKind::Earn => Text::KindEarn,
        PointEntryKind::Use => Text::KindUse,
        PointEntryKind::Expire => Text::KindExpire,
        PointEntryKind::Adjust => Text::KindAdjust,
        PointEntryKind::Transfer => Text::KindTransfer,
        PointEntryKind::Merge => Text::KindMerge,
    }
}

fn date_filter(label: Text, value: &Option<String>, lang: Language) -> DateFilterView {
    DateFilterView {
        label: label.word(lang),
        value: value.clone(),
        text: match value {
            Some(d) => format::date_text(d, lang),
            None => Text::AnyDate.word(lang),
        },
    }
}

fn view(m: &Model) -> PointsState {
    let lang = m.language;
    let balance = m.balance.as_ref();
    let synced = m
        .last_synced
        .as_deref()
        .and_then(|t| format::date_time_text(t, lang));
    let filtered = !m.kinds.is_empty() || m.from.is_some() || m.to.is_some();
    PointsState {
        title: Text::PointsTitle.word(lang),
        balance_label: Text::BalanceLabel.word(lang),
        balance: balance.map(|b| format::points(b.total)),
        expiring_soon: balance.filter(|b| b.expiring_soon > 0).map(|b| {
            Text::ExpiringSoon(format::points(b.expiring_soon), b.expiring_soon_days).word(lang)
        }),
        next_expiry: balance.and_then(|b| b.next_expiry.as_ref()).map(|e| {
            Text::NextExpiry(
                format::points(e.points),
                format::date_text(&e.expires, lang),
            )
            .word(lang)
        }),
        breakdown: balance
            .map(|b| {
                b.breakdown
                    .iter()
                    .map(|e| ExpiryLine {
                        until: Text::ValidUntilDate(format::date_text(&e.expires, lang)).word(lang),
                        points: format::points(e.points),
                        expiring_soon: e.expiring_soon,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        not_loaded: balance.is_none().then(|| Text::PointsNotLoaded.word(lang)),
        as_of: synced
            .clone()
            .filter(|_| m.offline)
            .map(|t| Text::AsOf(t).word(lang)),
        updated: synced.map(|t| Text::UpdatedAt(t).word(lang)),
        kinds: PointEntryKind::ALL
            .into_iter()
            .map(|k| OptionView {
                id: k.as_str().to_owned(),
                label: kind_label(k).word(lang),
                chosen: m.kinds.contains(&k),
            })
            .collect(),
        from: date_filter(Text::FromDate, &m.from, lang),
        to: date_filter(Text::ToDate, &m.to, lang),
        clear_filters: ButtonView::new(Text::ClearFiltersButton.word(lang), filtered),
        filter_problem: m
            .filter_problem
            .as_ref()
            .map(|_| Text::BadDateRange.word(lang)),
        history: m
            .entries
            .iter()
            .map(|e| HistoryRow {
                id: e.id,
                date: format::date_text(&e.date, lang),
                kind: e.kind,
                kind_label: kind_label(e.kind).word(lang),
                points: format::signed_points(e.points),
                credit: e.points > 0,
                store: e.store.clone(),
                text: e.text.clone(),
            })
            .collect(),
        history_empty: (m.entries.is_empty() && balance.is_some()).then(|| {
            if filtered {
                Text::NoEntriesForFilter.word(lang)
            } else {
                Text::NoEntries.word(lang)
            }
        }),
        load_more: ButtonView::new(Text::LoadMoreButton.word(lang), m.next_cursor.is_some()),
        refresh: ButtonView::new(Text::RefreshButton.word(lang), !m.refreshing),
        refreshing: m.refreshing,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.navigate,
    }
}
