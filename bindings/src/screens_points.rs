//! The points screen over the FFI (see [`crate::screens`]).

use std::sync::Arc;

use tamaru_core::points::PointEntryKind;
use tamaru_core::screens::{self as core, PointsState};

use crate::screens::{ScreenSubscription, foreign_listener};

/// The points screen. From [`crate::MemberApp::points_screen`].
#[derive(uniffi::Object)]
pub struct PointsScreen {
    pub(crate) inner: core::PointsScreen,
}

/// Told each new state of the points screen, on a background thread.
#[uniffi::export(callback_interface)]
pub trait PointsListener: Send + Sync {
    fn on_state(&self, state: PointsState);
}

foreign_listener!(PointsAdapter, PointsListener, PointsState);

#[uniffi::export(async_runtime = "tokio")]
impl PointsScreen {
    pub fn state(&self) -> PointsState {
        self.inner.state()
    }

    /// Pull to refresh (and when the screen shows); offline the cache shows "as of".
    pub async fn refresh(&self) -> PointsState {
        self.inner.refresh().await
    }

    pub fn toggle_kind(&self, kind: PointEntryKind) -> PointsState {
        self.inner.toggle_kind(kind)
    }

    /// A kind chip pressed, by its `kinds` option's `id` (what a shell holds); an id that
    /// names no kind changes nothing.
    pub fn toggle_kind_id(&self, id: String) -> PointsState {
        match PointEntryKind::parse(&id) {
            Some(kind) => self.inner.toggle_kind(kind),
            None => self.inner.state(),
        }
    }

    /// `YYYY-MM-DD` from the date pickers; `null` for an open end.
    pub fn set_dates(&self, from: Option<String>, to: Option<String>) -> PointsState {
        self.inner.set_dates(from, to)
    }

    pub fn clear_filters(&self) -> PointsState {
        self.inner.clear_filters()
    }

    pub fn load_more(&self) -> PointsState {
        self.inner.load_more()
    }

    pub fn subscribe(&self, listener: Box<dyn PointsListener>) -> Arc<ScreenSubscription> {
        ScreenSubscription::new(self.inner.subscribe(Arc::new(PointsAdapter(listener))))
    }
}
