import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// Counts the values a listener got, from the core's threads.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// The member-code `AsyncStream`: the countdown, the replacement of a code on time, and the
/// end of the core's subscription when the consuming task is cancelled.
final class MemberCodeStreamTests: XCTestCase {
    let sandbox = Sandbox.shared

    /// waon's profile with codes valid for 3 s instead of 300 s: profile data, changed on the
    /// record the core ships, so a replacement happens within the test (the sandbox's program
    /// is the same; `MemberApp` checks the changed profile against the same rules).
    private func shortLivedWaon() throws -> Profile {
        var profile = try builtinProfile(id: "waon")
        XCTAssertEqual(profile.memberCode.validitySeconds, 300)
        profile.memberCode.validitySeconds = 3
        return profile
    }

    func testTheStreamStartsWithTheCodeAndCountsDown() async throws {
        let phone = try sandbox.phone("waon")
        let account = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let session = phone.app.memberCode().session()
        var iterator = session.states().makeAsyncIterator()
        guard case .ready(let code)? = await iterator.next() else { return XCTFail("no code first") }
        XCTAssertEqual(code.code.count, 32)
        XCTAssertTrue(code.code.hasPrefix("4300"))
        XCTAssertEqual(code.suffix, String(account.deviceNumber!.suffix(4)))
        XCTAssertEqual(code.source, .deviceDerived)
        XCTAssertTrue((1...300).contains(code.secondsLeft))
        XCTAssertTrue(code.spoken(.ja).hasPrefix("会員コード"))
        let first = session.secondsLeft()
        try await Task.sleep(nanoseconds: 2_100_000_000)
        let later = session.secondsLeft()
        // The same code counts down, unless it ran out meanwhile and its replacement shows
        // (waon's codes change on the clock).
        let ranOut = Int64(Date().timeIntervalSince1970) >= Int64(code.validUntilUnix)
        XCTAssertTrue(later < first || ranOut, "the countdown moves: \(first) then \(later)")
        let png = try session.renderPng(symbology: nil, widthPx: 600)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    func testACodeIsReplacedOnTime() async throws {
        let store = MapSecureStore()
        let dir = try temporaryDirectory()
        let app = try MemberApp(profile: try shortLivedWaon(), baseUrl: sandbox.programURL("waon"), dataDir: dir, secureStore: store)
        _ = try await app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let session = app.memberCode().session()
        var codes: [MemberCodeView] = []
        let collect = Task { () -> [MemberCodeView] in
            var seen: [MemberCodeView] = []
            for await state in session.states() {
                if case .ready(let code) = state { seen.append(code) }
                if seen.count == 2 { break }
            }
            return seen
        }
        let timeout = Task { try await Task.sleep(nanoseconds: 12_000_000_000); collect.cancel() }
        codes = await collect.value
        timeout.cancel()
        XCTAssertEqual(codes.count, 2, "a second code within 12 s of 3 s codes")
        guard codes.count == 2 else { return }
        XCTAssertNotEqual(codes[0].code, codes[1].code, "a replacement is a new code")
        XCTAssertGreaterThan(codes[1].validUntilUnix, codes[0].validUntilUnix)
        XCTAssertLessThanOrEqual(codes[1].secondsLeft, 3)
    }

    func testWesterTellsTheChangeFromNoCodeToAFetchedCode() async throws {
        let phone = try sandbox.phone("wester")
        _ = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let session = phone.app.memberCode().session()
        // Before any fetch there is no code, and the core says why.
        guard case .unavailable(let none) = session.current() else { return XCTFail("a code before any fetch") }
        // The stream keeps the newest state only (snapshots): it may skip the superseded
        // "no code" once the fetched code is there, but it ends with the code.
        let firstCode = Task { () -> MemberCodeView? in
            for await state in session.states() {
                if case .ready(let code) = state { return code }
            }
            return nil
        }
        let timeout = Task { try await Task.sleep(nanoseconds: 15_000_000_000); firstCode.cancel() }
        let fetched = await firstCode.value
        timeout.cancel()
        guard let code = fetched else { return XCTFail("no fetched code within 15 s") }
        XCTAssertEqual(none.reason, .noCodesYet)
        XCTAssertFalse(none.text(.ja).isEmpty)
        XCTAssertEqual(code.code.count, 16)
        XCTAssertTrue(code.code.hasPrefix("109"))
        XCTAssertEqual(code.advanceCodesLeft, 3)
    }

    func testCancellingTheConsumingTaskCancelsTheCoreSubscription() async throws {
        let phone = try sandbox.phone("waon")
        _ = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let session = phone.app.memberCode().session()
        let received = Received()
        let subscriptionBox = Box<MemberCodeSubscription>()
        // The same adapter `states()` is built on, with the subscription kept where the test sees it.
        let stream: AsyncStream<MemberCodeState> = listenerStream { yield in
            let subscription = try await session.subscribe(listener: CountingListener(received: received, yield: yield))
            subscriptionBox.set(subscription)
            return { subscription.cancel() }
        }
        let consumer = Task { for await _ in stream {} }
        let subscribed = await eventually { subscriptionBox.value != nil && received.value > 0 }
        XCTAssertTrue(subscribed, "the stream subscribed and got the code")
        let subscription = try XCTUnwrap(subscriptionBox.value)
        XCTAssertTrue(subscription.isActive())
        consumer.cancel()
        await consumer.value
        let stopped = await eventually(timeout: 5) { !subscription.isActive() }
        XCTAssertTrue(stopped, "cancelling the task cancelled the core's subscription")
        let count = received.value
        try await phone.app.account().logOut()
        try await Task.sleep(nanoseconds: 1_500_000_000)
        XCTAssertEqual(received.value, count, "no callback after the task was cancelled")
    }

    func testTheStreamEndsWhenTheConsumerStopsAndStopRunsOnce() async throws {
        let stops = Received()
        // As a screen consumes it: the stream lives only as long as the loop.
        func firstValue() async -> Int? {
            for await value in listenerStream({ (yield: @escaping @Sendable (Int) -> Void) in
                yield(1)
                yield(2)
                return { stops.add() }
            }) {
                return value
            }
            return nil
        }
        let first = await firstValue()
        XCTAssertNotNil(first)
        let stopped = await eventually(timeout: 5) { stops.value == 1 }
        XCTAssertTrue(stopped, "leaving the loop stops the subscription")
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(stops.value, 1, "stopped exactly once")
    }

    func testAFailedSubscribeEndsTheStream() async {
        struct Refused: Error {}
        let stream: AsyncStream<Int> = listenerStream { _ in throw Refused() }
        var count = 0
        for await _ in stream { count += 1 }
        XCTAssertEqual(count, 0)
    }
}

private final class CountingListener: MemberCodeListener, @unchecked Sendable {
    let received: Received
    let yield: @Sendable (MemberCodeState) -> Void
    init(received: Received, yield: @escaping @Sendable (MemberCodeState) -> Void) {
        self.received = received
        self.yield = yield
    }
    func onCode(code: MemberCodeView) { received.add(); yield(.ready(code: code)) }
    func onUnavailable(unavailable: MemberCodeUnavailable) { received.add(); yield(.unavailable(unavailable: unavailable)) }
}

private final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    func set(_ value: T) { lock.lock(); stored = value; lock.unlock() }
    var value: T? { lock.lock(); defer { lock.unlock() }; return stored }
}
