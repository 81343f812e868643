import Foundation
import Observation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.lock(); raised = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return raised }
}

/// The signed-in tabs' models (card registration, cards, member code, points, settings),
/// driven as their views drive them, against the real sandbox.
final class HomeModelsTests: XCTestCase {
    let sandbox = Sandbox.shared

    /// A signed-up member's core, as the app holds it, and the login ID.
    private func member(_ program: String) async throws -> (TamaruCore, String, MapSecureStore) {
        let (core, store) = try sandbox.core(program)
        let loginId = uniqueEmail()
        _ = try await core.memberApp().account().signUp(loginId: loginId, password: "Tamaru#2026", email: nil)
        return (core, loginId, store)
    }

    @MainActor
    func testCardRegistrationChecksAsTypedRefusesAndRegisters() async throws {
        let (core, _, _) = try await member("wester")
        let model = CardRegistrationModel(core: core)
        await model.load()
        XCTAssertNil(model.error)
        XCTAssertFalse(model.types.isEmpty)
        model.type = try XCTUnwrap(model.types.first { $0.id == "sc_point_card" })
        XCTAssertTrue(model.asksPin, "the card type's profile asks for the PIN")
        XCTAssertTrue(model.asksMemberRegistered)

        let issued = try await sandbox.issueCard("wester", "sc_point_card", pin: "4321", memberRegistered: true)
        model.number = String(issued.number.prefix(5))
        XCTAssertFalse(model.problems.isEmpty, "a short number is named while typing")
        XCTAssertFalse(model.problems.text(.ja).isEmpty)
        XCTAssertFalse(model.canSubmit)
        model.number = issued.number
        model.hasPin = true
        model.pin = "4321"
        model.memberRegistered = false
        XCTAssertEqual(model.problems, [])
        XCTAssertTrue(model.canSubmit)
        await model.submit()
        guard case .CardDetailsMismatch(let mismatches)? = model.error else {
            return XCTFail("expected CardDetailsMismatch, got \(String(describing: model.error))")
        }
        XCTAssertEqual(mismatches, [.memberRegistration])
        XCTAssertNil(model.registered)

        model.memberRegistered = true
        XCTAssertNil(model.error, "a change of input clears the refusal")
        await model.submit()
        XCTAssertNil(model.error)
        XCTAssertEqual(model.registered?.card.number, issued.number)
        XCTAssertFalse(model.busy)

        // Choosing another type asks its own questions from scratch.
        if let other = model.types.first(where: { $0.id != "sc_point_card" }) {
            model.type = other
            XCTAssertNil(model.hasPin)
            XCTAssertEqual(model.pin, "")
        }
    }

    @MainActor
    func testTheCardsTabListsAndRefreshes() async throws {
        let (core, _, _) = try await member("waon")
        let issued = try await sandbox.issueCard("waon", "waon_point_card")
        _ = try await core.memberApp().cards().register(input: issued.typed("waon_point_card"))
        let model = CardsModel(core: core)
        await model.load()
        XCTAssertNil(model.error)
        XCTAssertEqual(model.cards.map(\.number), [issued.number])
        XCTAssertNotNil(model.syncedAt, "load refreshes from the server")
        let card = try XCTUnwrap(model.cards.first)
        let ja = model.typeName(of: card, .ja)
        XCTAssertFalse(ja.isEmpty)
        XCTAssertNotEqual(ja, card.cardType, "the profile's name, not the ID")
        await model.reload()
        XCTAssertEqual(model.cards.count, 1)
    }

    @MainActor
    func testTheMemberCodeTabShowsTheCodeItsPngAndCountdown() async throws {
        let (core, _, _) = try await member("waon")
        let model = BarcodeModel(core: core)
        model.setWidth(pixels: 600)
        let running = Task { await model.run() }
        let shown = await eventually { model.png != nil && model.secondsLeft > 0 }
        XCTAssertTrue(shown, "a code and its PNG within 10 s")
        guard case .ready(let code)? = model.code else { return XCTFail("no code: \(String(describing: model.code))") }
        XCTAssertEqual(code.code.count, 32)
        let png = try XCTUnwrap(model.png)
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertNil(model.error)
        // A new width renders again, for that width.
        model.setWidth(pixels: 300)
        XCTAssertNotEqual(model.png, png)
        running.cancel()
        await running.value
    }

    @MainActor
    func testTheMemberCodeTabSignedOutSaysWhy() async throws {
        let (core, _) = try sandbox.core("wester")
        let model = BarcodeModel(core: core)
        model.setWidth(pixels: 600)
        let running = Task { await model.run() }
        let shown = await eventually { model.code != nil }
        XCTAssertTrue(shown)
        guard case .unavailable(let why)? = model.code else { return XCTFail("a code while signed out") }
        XCTAssertEqual(why.reason, .notSignedIn)
        XCTAssertNil(model.png, "nothing to draw")
        running.cancel()
        await running.value
    }

    @MainActor
    func testThePointsTabShowsTheBalanceAndHistory() async throws {
        let (core, loginId, _) = try await member("waon")
        try await sandbox.awardPoints("waon", loginId, 120, date: japanDate(), store: "AEON")
        try await sandbox.awardPoints("waon", loginId, 30, date: japanDate(), store: "MaxValu")
        let model = PointsModel(core: core)
        await model.load()
        XCTAssertNil(model.error)
        XCTAssertFalse(model.refreshing)
        XCTAssertEqual(model.balance?.total, 150)
        XCTAssertEqual(model.history.map(\.points), [30, 120])
        XCTAssertNotNil(model.lastSynced)
    }

    @MainActor
    func testThePointsTabOfflineKeepsTheCacheAndShowsTheError() async throws {
        let (store, dir, url) = (MapSecureStore(), try temporaryDirectory(), sandbox.programURL("waon"))
        let online = TamaruCore {
            try MemberApp(profile: builtinProfile(id: "waon"), baseUrl: url, dataDir: dir, secureStore: store)
        }
        let loginId = uniqueEmail()
        _ = try await online.memberApp().account().signUp(loginId: loginId, password: "Tamaru#2026", email: nil)
        try await sandbox.awardPoints("waon", loginId, 80, date: japanDate())
        _ = try await online.memberApp().points().refresh()
        // The same install, restarted without a network (a closed loopback port).
        let offline = TamaruCore {
            try MemberApp(profile: builtinProfile(id: "waon"), baseUrl: "http://127.0.0.1:1/waon/", dataDir: dir, secureStore: store)
        }
        let model = PointsModel(core: offline)
        await model.load()
        XCTAssertEqual(model.balance?.total, 80, "the cached balance shows offline")
        guard case .Network? = model.error else { return XCTFail("expected Network, got \(String(describing: model.error))") }
    }

    @MainActor
    func testSettingsShowTheAccountSwitchMailAndLogOut() async throws {
        let (core, loginId, store) = try await member("wester")
        let model = SettingsModel(core: core)
        await model.load()
        XCTAssertNil(model.error)
        XCTAssertEqual(model.profile?.id, "wester")
        XCTAssertEqual(model.account?.loginId, loginId)
        XCTAssertEqual(model.mail?.newsletter.on, true)
        XCTAssertEqual(model.mail?.fromServer, true)

        await model.set(.newsletter, on: false)
        XCTAssertNil(model.error)
        XCTAssertEqual(model.mail?.newsletter.on, false)
        XCTAssertEqual(model.mail?.newsletter.pending, false)
        let memberId = try XCTUnwrap(model.account?.memberId)
        let admin = try await sandbox.mailAdmin(memberId)
        XCTAssertEqual(admin["newsletter"] as? Bool, false, "\(admin)")

        await model.logOut()
        XCTAssertTrue(model.loggedOut)
        XCTAssertTrue(store.entries.isEmpty, "log-out wiped the tokens")
        let app = try await core.memberApp()
        XCTAssertFalse(try app.isSignedIn())
    }

    @MainActor
    func testViewsAreToldWhenAModelChanges() async throws {
        let (core, _) = try sandbox.core("wester")
        let model = SignUpModel(core: core)
        await model.load()
        let changed = Flag()
        withObservationTracking {
            _ = model.loginIdCheck
        } onChange: {
            changed.raise()
        }
        XCTAssertFalse(changed.value)
        model.loginId = uniqueEmail()
        XCTAssertTrue(changed.value, "Observation tells a view drawing loginIdCheck")
    }
}
