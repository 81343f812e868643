import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// Mail settings from Swift. "Offline" is the same install opened at a loopback port nothing
/// listens on; opening it again at the sandbox is the app restarted with the network back.
final class MailTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testSettingsAreReadAndWritten() async throws {
        let phone = try sandbox.phone("wester")
        let account = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let view = try await phone.app.mail().settings()
        XCTAssertEqual(view.newsletter.on, true, "default on")
        XCTAssertTrue(view.fromServer)
        let outcome = try await phone.app.mail().set(setting: .newsletter, on: false)
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(outcome.pending, 0)
        XCTAssertEqual(outcome.settings.newsletter.on, false)
        let admin = try await sandbox.mailAdmin(account.memberId)
        XCTAssertEqual(admin["newsletter"] as? Bool, false, "\(admin)")
        XCTAssertEqual(admin["applied_changes"] as? Int, 1, "\(admin)")
    }

    func testTheOutboxIsKeptAcrossARestartAndSentOnce() async throws {
        let phone = try sandbox.phone("wester")
        let account = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        _ = try await phone.app.mail().settings()

        let offline = try sandbox.reopen(phone, baseURL: "http://127.0.0.1:1/wester/")
        let queued = try await offline.mail().set(setting: .newsletter, on: false)
        XCTAssertTrue(queued.offline)
        XCTAssertEqual(queued.pending, 1)
        XCTAssertEqual(queued.settings.newsletter.on, false, "the choice shows at once")
        XCTAssertTrue(queued.settings.newsletter.pending)
        XCTAssertEqual(queued.settings.newsletter.serverOn, true)
        let before = try await sandbox.mailAdmin(account.memberId)
        XCTAssertEqual(before["newsletter"] as? Bool, true, "nothing sent yet: \(before)")

        let online = try sandbox.reopen(phone)
        XCTAssertTrue(try online.mail().cachedSettings().newsletter.pending, "kept across the restart")
        let sent = try await online.mail().sync()
        XCTAssertEqual(sent.applied, 1)
        XCTAssertEqual(sent.pending, 0)
        XCTAssertFalse(sent.offline)
        XCTAssertEqual(sent.settings.newsletter.on, false)
        _ = try await online.mail().sync()
        let after = try await sandbox.mailAdmin(account.memberId)
        XCTAssertEqual(after["newsletter"] as? Bool, false, "\(after)")
        XCTAssertEqual(after["applied_changes"] as? Int, 1, "applied exactly once: \(after)")
    }
}
