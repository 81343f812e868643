import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// A store that fails every read (a locked device, a corrupted key): with the core's own error
/// type and with any other Swift error.
private final class FailingStore: SecureStore, @unchecked Sendable {
    struct Locked: Error {}
    let typed: Bool
    init(typed: Bool) { self.typed = typed }
    func get(key: String) throws -> String? {
        if typed { throw SecureStoreError.Failed(detail: "keychain locked") }
        throw Locked()
    }
    func set(key: String, value: String) throws { throw SecureStoreError.Failed(detail: "no space") }
    func delete(key: String) throws {}
}

/// Reads work, writes fail: the sign-up's tokens cannot be kept.
private final class WriteFailingStore: SecureStore, @unchecked Sendable {
    func get(key: String) throws -> String? { nil }
    func set(key: String, value: String) throws { throw SecureStoreError.Failed(detail: "no space") }
    func delete(key: String) throws {}
}

/// The secure store is a foreign trait implemented in Swift; a failing one is a typed error
/// from the core, never a crash.
final class SecureStoreTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testTheSwiftStoreHoldsTheSecretsAndLosesThemOnLogOut() async throws {
        let store = MapSecureStore()
        let phone = try sandbox.phone("waon", store: store)
        _ = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let kept = store.entries
        XCTAssertFalse(kept.isEmpty)
        XCTAssertFalse(kept.values.contains("Tamaru#2026"), "the password is never stored")
        // The app restarted: the same store and data folder still hold the session.
        let restarted = try sandbox.reopen(phone)
        XCTAssertTrue(try restarted.isSignedIn())
        try await restarted.account().logOut()
        XCTAssertTrue(store.entries.isEmpty)
    }

    func testAStoreThatThrowsIsATypedErrorNotACrash() async throws {
        for typed in [true, false] {
            XCTAssertThrowsError(
                try MemberApp(
                    profile: builtinProfile(id: "wester"), baseUrl: sandbox.programURL("wester"),
                    dataDir: try temporaryDirectory(), secureStore: FailingStore(typed: typed)
                )
            ) { error in
                guard case TamaruError.SecureStore = error else { return XCTFail("expected SecureStore, got \(error)") }
            }
        }
    }

    func testAFailingWriteFailsTheSignUpAndLeavesItSignedOut() async throws {
        let app = try MemberApp(
            profile: builtinProfile(id: "wester"), baseUrl: sandbox.programURL("wester"),
            dataDir: try temporaryDirectory(), secureStore: WriteFailingStore()
        )
        do {
            _ = try await app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
            XCTFail("signed up without a place for the tokens")
        } catch TamaruError.SecureStore(let detail) {
            XCTAssertTrue(detail.contains("no space"), detail)
            XCTAssertFalse(TamaruError.SecureStore(detail: detail).text(.ja).isEmpty)
        }
        XCTAssertFalse(try app.isSignedIn())
    }
}
