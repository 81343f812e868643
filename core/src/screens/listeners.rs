//! How a screen tells the shell about each new state: listeners registered on a screen get
//! the state at once and after every change, until their [`Subscription`] is cancelled or
//! dropped (the matrix-sdk-ffi `TaskHandle` way: a handle whose drop stops the callbacks, so a
//! Kotlin `awaitClose { close() }` or a Swift `onTermination` is all a shell needs).
//!
//! [`ScreenCell`] is what every screen is built on: the screen's private model behind a lock,
//! its pure `view` function (model → state, the crux `view` idea), and the listeners. Each
//! change bumps a version under the lock; a state older than the last one delivered is never
//! delivered after it, so a slow action finishing late cannot make the screen go back.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// Told about each new state of one screen. Called on the thread that made the change (a
/// background thread for network actions): keep it short, post to the UI's queue (a Kotlin
/// `MutableStateFlow`, a Swift main-actor assignment), and do not call the screen's actions
/// from inside it if it can be helped. The first call is the state at subscription time;
/// after it the states come in the order they were made, never an older one after a newer
/// one (an action taken from inside a listener is told at once, out of that order, rather
/// than wait for the call it was made in).
pub trait StateListener<S>: Send + Sync {
    fn on_state(&self, state: S);
}

thread_local! {
    /// Whether this thread is calling screen listeners now (see [`ScreenCell::deliver`]).
    static DELIVERING: Cell<bool> = const { Cell::new(false) };
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

struct Registry<S> {
    next_id: u64,
    listeners: Vec<(u64, Arc<dyn StateListener<S>>)>,
}

struct Versioned<M> {
    model: M,
    version: u64,
}

/// One screen's model, view and listeners.
pub(crate) struct ScreenCell<M, S> {
    model: Mutex<Versioned<M>>,
    registry: Arc<Mutex<Registry<S>>>,
    /// The version of the last state handed out, held while listeners are called so that
    /// they hear the states in order.
    delivered: Mutex<u64>,
    view: fn(&M) -> S,
}

impl<M, S: Clone + Send + 'static> ScreenCell<M, S> {
    pub(crate) fn new(model: M, view: fn(&M) -> S) -> Self {
        ScreenCell {
            model: Mutex::new(Versioned { model, version: 0 }),
            registry: Arc::new(Mutex::new(Registry {
                next_id: 0,
                listeners: Vec::new(),
            })),
            delivered: Mutex::new(0),
            view,
        }
    }

    /// The state now.
    pub(crate) fn state(&self) -> S {
        (self.view)(&lock(&self.model).model)
    }

    /// Reads the model (to decide what an action does) without changing it.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&M) -> R) -> R {
        f(&lock(&self.model).model)
    }

    /// Changes the model, tells every listener the new state, and returns it with `f`'s
    /// answer. The listeners are called after the lock is released, so a listener may read
    /// the screen again.
    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut M) -> R) -> (S, R) {
        let (state, version, answer) = {
            let mut guard = lock(&self.model);
            let answer = f(&mut guard.model);
            guard.version += 1;
            ((self.view)(&guard.model), guard.version, answer)
        };
        self.deliver(version, &state);
        (state, answer)
    }

    /// [`update`](Self::update) without an answer.
    pub(crate) fn change(&self, f: impl FnOnce(&mut M)) -> S {
        self.update(f).0
    }

    fn deliver(&self, version: u64, state: &S) {
        let listeners = || lock(&self.registry).listeners.clone();
        if DELIVERING.with(Cell::get) {
            // A listener acted on a screen from inside its call: the new state goes out at
            // once rather than wait for the call this thread is in (which would never end).
            for (_, listener) in listeners() {
                call(listener.as_ref(), state.clone());
            }
            return;
        }
        let mut delivered = lock(&self.delivered);
        if version <= *delivered {
            return;
        }
        *delivered = version;
        DELIVERING.with(|d| d.set(true));
        for (_, listener) in listeners() {
            call(listener.as_ref(), state.clone());
        }
        DELIVERING.with(|d| d.set(false));
    }

    /// Calls `listener` with the state now, then with every new state, until the returned
    /// subscription is cancelled or dropped.
    pub(crate) fn subscribe(&self, listener: Arc<dyn StateListener<S>>) -> Subscription {
        let id = {
            let mut registry = lock(&self.registry);
            let id = registry.next_id;
            registry.next_id += 1;
            registry.listeners.push((id, listener.clone()));
            id
        };
        let (state, version) = {
            let guard = lock(&self.model);
            ((self.view)(&guard.model), guard.version)
        };
        if DELIVERING.with(Cell::get) {
            // Subscribed from inside a listener: the ordering lock is this thread's already.
            call(listener.as_ref(), state);
        } else {
            // A newer state delivered since the read above reached this listener already.
            let delivered = lock(&self.delivered);
            if version >= *delivered {
                DELIVERING.with(|d| d.set(true));
                call(listener.as_ref(), state);
                DELIVERING.with(|d| d.set(false));
            }
        }
        let registry: Weak<Mutex<Registry<S>>> = Arc::downgrade(&self.registry);
        Subscription {
            cancel: Mutex::new(Some(Box::new(move || {
                if let Some(registry) = registry.upgrade() {
                    lock(&registry).listeners.retain(|(i, _)| *i != id);
                }
            }))),
        }
    }
}

/// A listener that panics (a foreign exception surfaces as one) is logged and kept.
fn call<S>(listener: &dyn StateListener<S>, state: S) {
    if std::panic::catch_unwind(AssertUnwindSafe(|| listener.on_state(state))).is_err() {
        tracing::warn!("screen listener failed");
    }
}

type Cancel = Box<dyn FnOnce() + Send>;

/// A listener's registration. Dropping it (or [`cancel`](Self::cancel)) stops the calls.
pub struct Subscription {
    cancel: Mutex<Option<Cancel>>,
}

impl Subscription {
    /// Stops the calls. Idempotent.
    pub fn cancel(&self) {
        if let Some(cancel) = lock(&self.cancel).take() {
            cancel();
        }
    }

    /// Whether calls still come.
    pub fn is_active(&self) -> bool {
        lock(&self.cancel).is_some()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("active", &self.is_active())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Mutex<Vec<u32>>);
    impl StateListener<u32> for Collect {
        fn on_state(&self, state: u32) {
            lock(&self.0).push(state);
        }
    }

    #[test]
    fn listeners_hear_the_state_now_and_each_change_until_dropped() {
        let cell = ScreenCell::new(1u32, |m| *m * 10);
        let seen = Arc::new(Collect(Mutex::new(Vec::new())));
        let subscription = cell.subscribe(seen.clone());
        cell.change(|m| *m = 2);
        assert!(subscription.is_active());
        drop(subscription);
        cell.change(|m| *m = 3);
        assert_eq!(*lock(&seen.0), vec![10, 20]);
        assert_eq!(cell.state(), 30);
    }

    #[test]
    fn a_cancelled_subscription_stays_cancelled() {
        let cell = ScreenCell::new(0u32, |m| *m);
        let seen = Arc::new(Collect(Mutex::new(Vec::new())));
        let subscription = cell.subscribe(seen.clone());
        subscription.cancel();
        subscription.cancel();
        assert!(!subscription.is_active());
        cell.change(|m| *m = 5);
        assert_eq!(*lock(&seen.0), vec![0]);
    }

    struct Panics;
    impl StateListener<u32> for Panics {
        fn on_state(&self, _: u32) {
            panic!("a listener that throws");
        }
    }

    /// Acts on the screen from inside its own call, as a careless shell might.
    struct Reentrant(Arc<ScreenCell<u32, u32>>, Mutex<Vec<u32>>);
    impl StateListener<u32> for Reentrant {
        fn on_state(&self, state: u32) {
            lock(&self.1).push(state);
            if state == 1 {
                self.0.change(|m| *m = 2);
            }
        }
    }

    #[test]
    fn a_listener_acting_on_its_screen_does_not_hang() {
        let cell = Arc::new(ScreenCell::new(0u32, |m| *m));
        let listener = Arc::new(Reentrant(cell.clone(), Mutex::new(Vec::new())));
        let _subscription = cell.subscribe(listener.clone());
        cell.change(|m| *m = 1);
        assert_eq!(*lock(&listener.1), vec![0, 1, 2]);
        assert_eq!(cell.state(), 2);
        // The thread is no longer delivering: later changes take the ordering lock again.
        cell.change(|m| *m = 3);
        assert_eq!(*lock(&listener.1), vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_panicking_listener_does_not_stop_the_others() {
        let cell = ScreenCell::new(0u32, |m| *m);
        let _bad = cell.subscribe(Arc::new(Panics));
        let seen = Arc::new(Collect(Mutex::new(Vec::new())));
        let _good = cell.subscribe(seen.clone());
        cell.change(|m| *m = 7);
        assert_eq!(*lock(&seen.0), vec![0, 7]);
    }
}
