import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

private final class Builds: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// TamaruKit's helpers: `coreCall` never traps, `TamaruCore` builds the one app once and
/// tries a failed build again, `CoreText` picks the core's language.
final class CoreHelpersTests: XCTestCase {
    struct NotTheCore: Error { let secret = "Tamaru#2026" }

    func testCoreCallPassesTheCoresTypedError() async {
        let result: Result<Int, TamaruError> = await coreCall { throw TamaruError.LoginIdTaken }
        XCTAssertEqual(result, .failure(.LoginIdTaken))
        let value: Result<Int, TamaruError> = await coreCall { 7 }
        XCTAssertEqual(value, .success(7))
    }

    func testCoreCallTurnsAnUnexpectedErrorIntoAShownErrorNotACrash() async {
        let result: Result<Int, TamaruError> = await coreCall { throw NotTheCore() }
        guard case .failure(let error) = result, case .MalformedResponse(let detail) = error else {
            return XCTFail("expected a shown error, got \(result)")
        }
        XCTAssertTrue(detail.contains("NotTheCore"), detail)
        XCTAssertFalse(detail.contains("Tamaru#2026"), "the error's text is not copied")
        XCTAssertFalse(error.text(.ja).isEmpty)
        XCTAssertFalse(error.text(.en).isEmpty)
    }

    func testTamaruCoreBuildsOnceForConcurrentCallers() async throws {
        let builds = Builds()
        let dir = try temporaryDirectory()
        let url = Sandbox.shared.programURL("wester")
        let core = TamaruCore {
            _ = builds.next()
            Thread.sleep(forTimeInterval: 0.2)
            return try MemberApp(profile: builtinProfile(id: "wester"), baseUrl: url, dataDir: dir, secureStore: MapSecureStore())
        }
        core.warmUp()
        let apps = try await withThrowingTaskGroup(of: MemberApp.self) { group in
            for _ in 0..<8 { group.addTask { try await core.memberApp() } }
            return try await group.reduce(into: [MemberApp]()) { $0.append($1) }
        }
        XCTAssertEqual(apps.count, 8)
        XCTAssertTrue(apps.allSatisfy { $0 === apps[0] }, "one MemberApp")
        XCTAssertEqual(builds.value, 1)
    }

    func testAFailedBuildThrowsTypedAndIsTriedAgain() async throws {
        let builds = Builds()
        let dir = try temporaryDirectory()
        let url = Sandbox.shared.programURL("wester")
        let core = TamaruCore {
            let attempt = builds.next()
            return try MemberApp(
                profile: builtinProfile(id: "wester"), baseUrl: attempt == 1 ? "http://api.example.jp/" : url,
                dataDir: dir, secureStore: MapSecureStore()
            )
        }
        let failed = await coreCall { try await core.memberApp() }
        guard case .failure(.InvalidConfig) = failed else { return XCTFail("expected InvalidConfig, got \(failed)") }
        let app = try await core.memberApp()
        XCTAssertEqual(try app.startScreen(), .firstLaunch)
        XCTAssertEqual(builds.value, 2)
    }

    func testForAppKeepsItsDataAndUsesTheGivenStore() async throws {
        let store = MapSecureStore()
        let core = TamaruCore.forApp(program: "waon", baseURL: URL(string: Sandbox.shared.programURL("waon"))!, secureStore: store)
        let app = try await core.memberApp()
        XCTAssertEqual(app.profile().id, "waon")
        XCTAssertFalse(try app.isSignedIn(), "a new store holds no session")
    }

    func testCoreTextPicksJapaneseOnlyForJapanese() throws {
        XCTAssertEqual(CoreText.language(for: Locale(identifier: "ja_JP")), .ja)
        XCTAssertEqual(CoreText.language(for: Locale(identifier: "en_US")), .en)
        XCTAssertEqual(CoreText.language(for: Locale(identifier: "fr_FR")), .en)
        let wester = try builtinProfile(id: "wester")
        XCTAssertEqual(wester.displayName(.ja), wester.nameJa)
        XCTAssertEqual(wester.displayName(.en), wester.name)
        XCTAssertNotEqual(TamaruError.NotSignedIn.text(.ja), TamaruError.NotSignedIn.text(.en))
    }
}
