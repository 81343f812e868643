import Foundation

/// An `AsyncStream` over a listener foreign trait of the core (a Swift object the core calls
/// back on its own threads).
///
/// `subscribe` registers a listener that forwards each value to `yield`, and returns how to
/// stop: the core's subscription handle's `cancel()`. The stream calls it when it ends (the
/// consuming task is cancelled or the view goes away). Why explicit: cancelling a Swift `Task`
/// does not reach into Rust — neither a running async call nor a subscription stops with it —
/// so the handle the core returns is the only way to stop the core's work.
///
/// Buffering keeps the newest value only: listeners deliver snapshots (the code to show now),
/// and the core's threads never wait for a slow consumer.
public func listenerStream<Element: Sendable>(
    _ subscribe: @escaping @Sendable (_ yield: @escaping @Sendable (Element) -> Void) async throws -> @Sendable () -> Void
) -> AsyncStream<Element> {
    AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
        let stopper = Stopper()
        let task = Task {
            do {
                let stop = try await subscribe { continuation.yield($0) }
                stopper.set(stop)
            } catch {
                continuation.finish()
            }
        }
        continuation.onTermination = { _ in
            task.cancel()
            stopper.stop()
        }
    }
}

/// Holds the stop action, which may arrive after the stream already ended; then it runs at once.
private final class Stopper: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var stopped = false

    func set(_ stop: @escaping @Sendable () -> Void) {
        lock.lock()
        let runNow = stopped
        if !runNow { action = stop }
        lock.unlock()
        if runNow { stop() }
    }

    func stop() {
        lock.lock()
        let pending = action
        action = nil
        stopped = true
        lock.unlock()
        pending?()
    }
}
