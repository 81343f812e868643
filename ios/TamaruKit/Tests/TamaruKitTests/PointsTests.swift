import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// Points from Swift: the balance after a sync, a filtered history page from the on-device
/// cache, and the typed refusals.
final class PointsTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testBalanceNeedsASyncThenAddsUp() async throws {
        let phone = try sandbox.phone("waon")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        try await sandbox.awardPoints("waon", email, 300, date: japanDate(daysFromToday: -1), store: "AEON")
        try await sandbox.awardPoints("waon", email, 40, date: japanDate(), store: "AEON")
        let points = phone.app.points()
        do {
            _ = try points.balance()
            XCTFail("a balance before the first sync")
        } catch TamaruError.PointsNotSynced {}
        let report = try await points.refresh()
        XCTAssertEqual(report.newEntries, 2)
        let balance = try points.balance()
        XCTAssertEqual(balance.total, 340)
        XCTAssertEqual(balance.breakdown.map(\.points).reduce(0, +), 340)
        XCTAssertEqual(balance.lastSynced, report.lastSynced)
        XCTAssertEqual(try points.lastSynced(), report.lastSynced)
        // A second sync with nothing new changes nothing.
        let again = try await points.refresh()
        XCTAssertEqual(again.newEntries, 0)
        XCTAssertEqual(try points.balance().total, 340)
    }

    func testAFilteredHistoryPageFromTheCache() async throws {
        let phone = try sandbox.phone("waon")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        let today = japanDate()
        for i in 1...5 {
            try await sandbox.awardPoints("waon", email, 100 * i, date: today, store: "Store \(i)")
        }
        let points = phone.app.points()
        _ = try await points.refresh()
        _ = try await points.usePoints(points: 50, text: "交換")
        let used = try await points.usePoints(points: 70, text: "交換")
        XCTAssertEqual(used.points, -70)
        XCTAssertEqual(used.kind, .use)

        let all = try points.history(query: HistoryQuery(kinds: [], from: nil, to: nil, cursor: nil, limit: 4))
        XCTAssertEqual(all.entries.count, 4)
        XCTAssertEqual(all.entries.first?.points, -70, "newest first")
        let cursor = try XCTUnwrap(all.nextCursor)
        let rest = try points.history(query: HistoryQuery(kinds: [], from: nil, to: nil, cursor: cursor, limit: 4))
        XCTAssertEqual(rest.entries.count, 3)
        XCTAssertNil(rest.nextCursor)
        XCTAssertTrue(Set(all.entries.map(\.id)).isDisjoint(with: rest.entries.map(\.id)))

        let uses = try points.history(query: HistoryQuery(kinds: [.use], from: today, to: today, cursor: nil, limit: 10))
        XCTAssertEqual(uses.entries.map(\.points), [-70, -50])
        let earns = try points.history(query: HistoryQuery(kinds: [.earn], from: nil, to: nil, cursor: nil, limit: 10))
        XCTAssertEqual(earns.entries.count, 5)
        XCTAssertEqual(earns.entries.first?.store, "Store 5")
        let yesterday = try points.history(query: HistoryQuery(kinds: [], from: nil, to: japanDate(daysFromToday: -1), cursor: nil, limit: 10))
        XCTAssertTrue(yesterday.entries.isEmpty)
        XCTAssertEqual(try points.balance().total, 1500 - 120)

        do {
            _ = try points.history(query: HistoryQuery(kinds: [], from: "2025-02-30", to: nil, cursor: nil, limit: 10))
            XCTFail("a date that does not exist was accepted")
        } catch TamaruError.InvalidHistoryQuery(let detail) {
            XCTAssertFalse(detail.isEmpty)
        }
        do {
            _ = try await points.usePoints(points: 100_000, text: "多すぎ")
            XCTFail("more points used than held")
        } catch TamaruError.InsufficientPoints(let requested, let available) {
            XCTAssertEqual(requested, 100_000)
            XCTAssertEqual(available, 1380)
        }
    }
}
