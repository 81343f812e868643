import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// The sign-up form, the login screen and the router, driven as the views drive them.
final class AuthModelsTests: XCTestCase {
    let sandbox = Sandbox.shared

    @MainActor
    func testTheSignUpFormAsksTheCoreOnEveryKeystrokeThenSignsUp() async throws {
        let (core, store) = try sandbox.core("wester")
        let model = SignUpModel(core: core)
        await model.load()
        XCTAssertNil(model.error)
        XCTAssertFalse(model.checklist.isEmpty, "the program's checklist shows before typing")
        XCTAssertTrue(model.checklist.contains { !$0.met }, "nothing typed meets every rule")
        XCTAssertFalse(model.canSubmit)

        model.loginId = "not an id"
        XCTAssertEqual(model.loginIdCheck?.valid, false)
        XCTAssertFalse(model.loginIdCheck?.violations.first?.text(.ja).isEmpty ?? true)
        let email = uniqueEmail()
        model.loginId = email
        XCTAssertEqual(model.loginIdCheck?.valid, true)

        var met = 0
        for end in 1..."Tamaru#2026".count {
            model.password = String("Tamaru#2026".prefix(end))
            let now = model.checklist.filter(\.met).count
            XCTAssertGreaterThanOrEqual(now, met)
            met = now
        }
        XCTAssertTrue(model.checklist.allSatisfy(\.met))
        XCTAssertEqual(model.passwordCheck?.valid, true)
        XCTAssertTrue(model.canSubmit)
        model.password = "Ｔamaru#2026"
        XCTAssertEqual(model.passwordCheck?.valid, false)
        XCTAssertEqual(model.passwordCheck?.violations.first { $0.character != nil }?.character, "Ｔ")
        XCTAssertFalse(model.canSubmit, "the core's verdict gates the button")
        model.password = "Tamaru#2026"

        await model.submit()
        XCTAssertNil(model.error)
        XCTAssertTrue(model.signedUp)
        XCTAssertFalse(model.busy)
        XCTAssertFalse(store.entries.isEmpty)

        // The same login ID again, on another phone: the core's typed refusal, shown.
        let (otherCore, _) = try sandbox.core("wester")
        let again = SignUpModel(core: otherCore)
        await again.load()
        again.loginId = email
        again.password = "Tamaru#2026"
        await again.submit()
        XCTAssertEqual(again.error, .LoginIdTaken)
        XCTAssertFalse(again.signedUp)
    }

    @MainActor
    func testWaonAsksForAnAddressApartChecksItAndWesterDoesNot() async throws {
        let waonCore = try sandbox.core("waon").0
        let waon = SignUpModel(core: waonCore)
        await waon.load()
        XCTAssertTrue(waon.asksEmail, "waon takes web IDs (profile data)")
        waon.loginId = "tamaru\(UInt32.random(in: 100_000...999_999))"
        waon.password = "waonpass2026"
        XCTAssertTrue(waon.canSubmit, "the address is optional: \(String(describing: waon.loginIdCheck))")
        waon.email = " \(uniqueEmail())"
        XCTAssertEqual(waon.emailCheck?.valid, false, "the core names an edge space, it is not cut")
        XCTAssertFalse(waon.emailCheck?.violations.first?.text(.en).isEmpty ?? true)
        XCTAssertFalse(waon.canSubmit)
        let address = uniqueEmail()
        waon.email = address
        XCTAssertEqual(waon.emailCheck?.valid, true)
        XCTAssertTrue(waon.canSubmit)
        await waon.submit()
        XCTAssertNil(waon.error)
        XCTAssertTrue(waon.signedUp)
        let account = try await waonCore.memberApp().account().details()
        XCTAssertEqual(account.email, address)
        let wester = SignUpModel(core: try sandbox.core("wester").0)
        await wester.load()
        XCTAssertFalse(wester.asksEmail)
    }

    @MainActor
    func testLoginShowsTheTypedRefusalThenLogsIn() async throws {
        let email = uniqueEmail()
        let first = try sandbox.phone("wester")
        _ = try await first.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)

        let (core, _) = try sandbox.core("wester")
        let model = LoginModel(core: core)
        XCTAssertFalse(model.canSubmit)
        model.loginId = email
        model.password = "Wrong#2026"
        XCTAssertTrue(model.canSubmit)
        await model.submit()
        guard case .WrongPassword(let left)? = model.error else { return XCTFail("expected WrongPassword, got \(String(describing: model.error))") }
        XCTAssertEqual(left, 4)
        XCTAssertEqual(model.password, "", "a refused password is cleared")
        XCTAssertFalse(model.loggedIn)
        model.password = "Tamaru#2026"
        XCTAssertNil(model.error, "typing clears the shown error")
        await model.submit()
        XCTAssertNil(model.error)
        XCTAssertTrue(model.loggedIn)
    }

    @MainActor
    func testLoginWithoutANetworkShowsTheNetworkError() async throws {
        let dir = try temporaryDirectory()
        let core = TamaruCore {
            try MemberApp(profile: builtinProfile(id: "wester"), baseUrl: "http://127.0.0.1:1/wester/", dataDir: dir, secureStore: MapSecureStore())
        }
        let model = LoginModel(core: core)
        model.loginId = uniqueEmail()
        model.password = "Tamaru#2026"
        await model.submit()
        guard case .Network? = model.error else { return XCTFail("expected Network, got \(String(describing: model.error))") }
        XCTAssertFalse(model.busy)
    }

    @MainActor
    func testTheRouterFollowsTheCoresFirstScreen() async throws {
        let (core, _) = try sandbox.core("waon")
        let router = AppRouter(core: core)
        XCTAssertEqual(router.route, .loading)
        await router.start()
        XCTAssertEqual(router.route, .welcome)
        let app = try await core.memberApp()
        _ = try await app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        await router.start()
        XCTAssertEqual(router.route, .home)
        try await app.account().logOut()
        router.handle(.NetworkIsNotASessionEnd)
        XCTAssertEqual(router.route, .home, "an error that keeps the session does not move")
        router.handle(.NotSignedIn)
        let moved = await eventually { router.route == .login }
        XCTAssertTrue(moved, "a lost session asks the core again: \(router.route)")
    }

    func testTheErrorsThatEndASessionAreTheCoresDecision() {
        XCTAssertTrue(TamaruError.AccountWithdrawn.endsSession, "a withdrawn account starts over")
        XCTAssertTrue(TamaruError.SignedInElsewhere.endsSession)
        XCTAssertTrue(TamaruError.SessionExpired.endsSession)
        XCTAssertFalse(TamaruError.NetworkIsNotASessionEnd.endsSession)
        XCTAssertFalse(TamaruError.LoginIdTaken.endsSession)
    }

    @MainActor
    func testTheRouterShowsABuildFailure() async throws {
        let core = TamaruCore {
            try MemberApp(profile: builtinProfile(id: "waon"), baseUrl: "http://api.example.jp/", dataDir: try temporaryDirectory(), secureStore: MapSecureStore())
        }
        let router = AppRouter(core: core)
        await router.start()
        guard case .failed(.InvalidConfig) = router.route else { return XCTFail("expected a shown failure, got \(router.route)") }
    }
}

private extension TamaruError {
    static var NetworkIsNotASessionEnd: TamaruError { .Network(detail: "offline") }
}
