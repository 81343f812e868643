import Foundation
import Observation
import Tamaru

/// One core screen object's state on the main actor, for SwiftUI to draw.
///
/// The core owns the screen: its state record is everything the view shows (labels, field
/// problems, enabled buttons, dates, where to go next), already worded. This class only moves
/// that record to the main actor. Every new state comes through the screen's listener
/// ([`StateFeed`]), which the core calls in order, on whichever thread made the change; an
/// action (typing, submitting) then `flush()`es so that the view sees its own action's state
/// at once. A state is applied only when it is newer than the one shown, so a listener hop
/// arriving late never takes the screen back.
///
/// Subclasses add one method per action of their screen, each a plain forward.
@MainActor
@Observable
open class ScreenModel<State: Sendable> {
    /// What the screen shows now.
    public private(set) var state: State

    @ObservationIgnored private var shown: UInt64 = 0
    @ObservationIgnored let feed: StateFeed<State>
    @ObservationIgnored private var subscription: ScreenSubscription?

    /// `initial` is the screen's `state()`; `subscribe` registers `feed` as the screen's
    /// listener (nil when the subscription is made later, see `attach`).
    public init(initial: State, feed: StateFeed<State>, subscribe: ((StateFeed<State>) -> ScreenSubscription)?) {
        self.state = initial
        self.feed = feed
        feed.onNew = { [weak self] in
            Task { @MainActor in self?.flush() }
        }
        if let subscribe {
            subscription = subscribe(feed)
        }
        flush()
    }

    /// Keeps a subscription made after `init` (the member-code screen subscribes async).
    public func attach(_ subscription: ScreenSubscription) {
        self.subscription?.cancel()
        self.subscription = subscription
        flush()
    }

    /// Shows the newest state the listener was told, if it is newer than the one shown.
    public func flush() {
        guard let (stamp, newest) = feed.newest(after: shown) else { return }
        shown = stamp
        state = newest
    }

    /// A synchronous action (typing, choosing): the core answers at once.
    public func act(_ action: () -> State) {
        _ = action()
        flush()
    }

    /// An asynchronous action (submit, refresh): runs on the core's runtime, and the states
    /// it makes on the way (busy, then the result) reach the view through the listener.
    public func act(_ action: () async -> State) async {
        _ = await action()
        flush()
    }

    /// Stops the listener's calls (when the view goes away for good). Idempotent. A model
    /// freed without it stops them too: freeing the handle drops the core's subscription.
    public func close() {
        subscription?.cancel()
        subscription = nil
    }

    /// Whether the listener is still registered.
    public var isSubscribed: Bool { subscription?.isActive() ?? false }
}

/// The listener a screen model registers: it keeps the newest state with an increasing
/// stamp (the core calls listeners in the order its states were made) and tells the model
/// to flush. It conforms to every screen's listener protocol (Listeners.swift).
public final class StateFeed<State: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stamp: UInt64 = 0
    private var latest: State?
    private var count = 0
    var onNew: (@Sendable () -> Void)?

    public init() {}

    /// Called by the core, on its thread.
    public func deliver(_ state: State) {
        lock.lock()
        stamp += 1
        count += 1
        latest = state
        let notify = onNew
        lock.unlock()
        notify?()
    }

    /// How many states the core has told so far.
    public var delivered: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func newest(after shown: UInt64) -> (UInt64, State)? {
        lock.lock()
        defer { lock.unlock() }
        guard stamp > shown, let latest else { return nil }
        return (stamp, latest)
    }
}
