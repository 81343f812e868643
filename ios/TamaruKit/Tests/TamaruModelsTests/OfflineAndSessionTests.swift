import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// What the member sees without a connection, and an account ended on another phone: the
/// core decides, the models carry it, the router follows.
final class OfflineAndSessionTests: XCTestCase {
    let sandbox = Sandbox.shared
    let password = "Tamaru#2026"
    /// The discard port on loopback: nothing listens, every request is refused.
    let offline = "http://127.0.0.1:9/"

    @MainActor
    func testOfflineThePointsShowAsOfTheLastSyncAndTheCodeSaysWhyNot() async throws {
        let phone = try sandbox.phone("waon")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: password, email: nil)
        try await sandbox.awardPoints("waon", email, 120, date: japanDate())
        let online = PointsModel(app: phone.app)
        await online.refresh()
        XCTAssertNil(online.state.asOf, "online: no \"as of\"")
        let balance = try XCTUnwrap(online.state.balance)

        let app = try sandbox.reopen(phone, baseURL: offline + "waon/")
        let points = PointsModel(app: app)
        await points.refresh()
        XCTAssertEqual(points.state.balance, balance, "the cached figures stay")
        XCTAssertNotNil(points.state.asOf, "and say as of when")
        XCTAssertNil(points.state.navigate, "offline is no reason to sign out")

        let wester = try sandbox.phone("wester")
        _ = try await wester.app.account().signUp(loginId: uniqueEmail(), password: password, email: nil)
        let code = MemberCodeModel(app: try sandbox.reopen(wester, baseURL: offline + "wester/"))
        await code.refresh()
        XCTAssertNil(code.state.code, "no server-issued code was ever fetched")
        XCTAssertNotNil(code.state.unavailable, "the core says why")
        XCTAssertNil(code.state.navigate)
    }

    @MainActor
    func testAnAccountWithdrawnOnAnotherPhoneSendsThisOneToTheWelcome() async throws {
        let here = try sandbox.phone("waon")
        let email = uniqueEmail()
        _ = try await here.app.account().signUp(loginId: email, password: password, email: nil)
        let router = AppRouter(core: TamaruCore { here.app })
        await router.start()
        router.follow(.home)
        router.follow(.cardRegistration)

        let there = try sandbox.phone("waon")
        _ = try await there.app.account().logIn(loginId: email, password: password)
        try await there.app.account().withdraw(password: password)

        let cards = CardsModel(app: here.app)
        await cards.refresh()
        XCTAssertEqual(cards.state.error?.code, "account_withdrawn")
        XCTAssertEqual(cards.state.navigate, .welcome)
        router.follow(cards.state.navigate)
        XCTAssertEqual(router.root, .entry)
        XCTAssertEqual(router.path, [])
        XCTAssertFalse(try here.app.isSignedIn(), "the tokens are gone")
        XCTAssertNotEqual(EntryModel(app: here.app).state.kind, .signedIn, "the entry screen starts over")
    }
}
