import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// First launch, sign-up with the live checklist, log-in, a new phone and a forgotten
/// password, driven through the models as the views drive them, the router following every
/// `navigate` the core sets.
final class AuthFlowTests: XCTestCase {
    let sandbox = Sandbox.shared
    let password = "Tamaru#2026"

    @MainActor
    func testFirstLaunchSignsUpWithTheChecklistAndTheRouterGoesHome() async throws {
        let (core, store) = try sandbox.core("wester")
        let router = AppRouter(core: core)
        await router.start()
        XCTAssertEqual(router.root, .entry)
        let app = try XCTUnwrap(router.app)

        let entry = EntryModel(app: app)
        XCTAssertEqual(entry.state.kind, .firstLaunch)
        XCTAssertEqual(entry.state.signUp?.enabled, true)
        XCTAssertNotNil(entry.state.changedPhones)
        XCTAssertNil(entry.state.navigate)
        entry.choose(.signUp)
        XCTAssertEqual(entry.state.navigate, .signUp)
        router.follow(entry.state.navigate)
        XCTAssertEqual(router.path, [.signUp])

        let signUp = SignUpModel(app: app)
        XCTAssertFalse(signUp.state.checklist.isEmpty, "the program's rules show before typing")
        XCTAssertTrue(signUp.state.checklist.contains { !$0.met }, "nothing typed meets every rule")
        XCTAssertFalse(signUp.state.submit.enabled)
        let email = uniqueEmail()
        signUp.setLoginId(email)
        XCTAssertEqual(signUp.state.loginId.value, email)
        XCTAssertTrue(signUp.state.loginId.problems.isEmpty)
        var met = 0
        for end in 1...password.count {
            signUp.setPassword(String(password.prefix(end)))
            let now = signUp.state.checklist.filter(\.met).count
            XCTAssertGreaterThanOrEqual(now, met, "ticks only come as the member types on")
            met = now
        }
        XCTAssertTrue(signUp.state.checklist.allSatisfy(\.met))
        XCTAssertTrue(signUp.state.password.filled)
        XCTAssertTrue(signUp.state.password.problems.isEmpty)
        XCTAssertTrue(signUp.state.submit.enabled, "the core's verdict enables the button")
        signUp.setPassword("Ｔamaru#2026")
        XCTAssertFalse(signUp.state.password.problems.isEmpty, "a full-width letter is named")
        XCTAssertFalse(signUp.state.submit.enabled)
        signUp.setPassword(password)
        XCTAssertFalse("\(signUp.state)".contains(password), "a state never holds the password")

        await signUp.submit()
        XCTAssertNil(signUp.state.error)
        XCTAssertFalse(signUp.state.busy)
        XCTAssertEqual(signUp.state.navigate, .home)
        XCTAssertFalse(store.entries.isEmpty, "the session is in the app's secure store")
        router.follow(signUp.state.navigate)
        XCTAssertEqual(router.root, .home)
        XCTAssertEqual(router.path, [])
        XCTAssertEqual(router.tab, .memberCode)

        // The same ID on another phone: the core's refusal, worded, and the member stays.
        let other = try sandbox.phone("wester")
        let again = SignUpModel(app: other.app)
        again.setLoginId(email)
        again.setPassword(password)
        await again.submit()
        XCTAssertEqual(again.state.error?.code, "login_id_taken")
        XCTAssertFalse(again.state.error?.text.isEmpty ?? true)
        XCTAssertNil(again.state.navigate)
    }

    @MainActor
    func testWaonAsksAnOptionalAddressForAWebIdAndChecksItAsTyped() async throws {
        let phone = try sandbox.screenPhone("waon", language: .en)
        let signUp = SignUpModel(app: phone.app)
        XCTAssertEqual(signUp.state.title, "Sign up")
        signUp.setLoginId("tamaru\(UInt32.random(in: 100_000...999_999))")
        let email = try XCTUnwrap(signUp.state.email, "a web ID gets the optional address field")
        XCTAssertTrue(email.problems.isEmpty)
        signUp.setPassword("waonpass2026")
        XCTAssertTrue(signUp.state.submit.enabled, "the address is optional")
        signUp.setEmail(" \(uniqueEmail())")
        XCTAssertFalse(signUp.state.email?.problems.isEmpty ?? true, "an edge space is named, not cut")
        XCTAssertFalse(signUp.state.submit.enabled)
        signUp.setEmail(uniqueEmail())
        XCTAssertTrue(signUp.state.email?.problems.isEmpty ?? false)
        await signUp.submit()
        XCTAssertNil(signUp.state.error)
        XCTAssertEqual(signUp.state.navigate, .home)
    }

    @MainActor
    func testAReturningMemberLogsInAfterARefusalAndLogOutComesBackToTheLogIn() async throws {
        let email = uniqueEmail()
        _ = try await sandbox.phone("waon").app.account().signUp(loginId: email, password: password, email: nil)

        let (core, _) = try sandbox.core("waon")
        let router = AppRouter(core: core)
        await router.start()
        let app = try XCTUnwrap(router.app)
        let logIn = LogInModel(app: app, changedPhones: false)
        XCTAssertFalse(logIn.state.changedPhones)
        XCTAssertFalse(logIn.state.submit.enabled)
        logIn.setLoginId(email)
        logIn.setPassword("Wrong#2026pw")
        XCTAssertTrue(logIn.state.submit.enabled)
        await logIn.submit()
        XCTAssertEqual(logIn.state.error?.code, "wrong_password")
        XCTAssertNil(logIn.state.navigate)
        logIn.setPassword(password)
        await logIn.submit()
        XCTAssertNil(logIn.state.error)
        XCTAssertEqual(logIn.state.navigate, .home)
        router.follow(logIn.state.navigate)
        XCTAssertEqual(router.root, .home)

        let home = HomeModel(app: app)
        XCTAssertEqual(home.state.tabs.map(\.entry), [.memberCode, .points, .cards, .settings])
        XCTAssertTrue(home.state.tabs.allSatisfy { !$0.label.isEmpty })
        XCTAssertEqual(home.state.settings.first?.entry, .mailSettings)
        XCTAssertEqual(home.state.settings.last?.entry, .withdrawal)
        XCTAssertTrue(home.state.settings.contains { $0.entry == .passwordChange })
        router.open(.passwordChange)
        XCTAssertEqual(router.path, [.passwordChange])
        await home.logOut()
        XCTAssertNil(home.state.error)
        XCTAssertEqual(home.state.navigate, .logIn)
        router.follow(home.state.navigate)
        XCTAssertEqual(router.root, .logIn)
        XCTAssertEqual(router.path, [])
        XCTAssertEqual(EntryModel(app: app).state.kind, .signedOut, "the core agrees: a returning member")
        XCTAssertEqual(EntryModel(app: app).state.navigate, .logIn)
    }

    @MainActor
    func testANewPhoneSaysWhatComesBackThenGoesHome() async throws {
        let email = uniqueEmail()
        _ = try await sandbox.phone("wester").app.account().signUp(loginId: email, password: password, email: nil)

        let phone = try sandbox.screenPhone("wester", language: .en)
        let entry = EntryModel(app: phone.app)
        XCTAssertEqual(entry.state.kind, .firstLaunch)
        entry.choose(.changedPhones)
        XCTAssertEqual(entry.state.navigate, .changedPhones)

        let logIn = LogInModel(app: phone.app, changedPhones: true)
        XCTAssertTrue(logIn.state.changedPhones)
        XCTAssertFalse(logIn.state.restoredFromServer.isEmpty, "what the server restores, said before")
        XCTAssertFalse(logIn.state.notRestored.isEmpty, "and what does not come back")
        logIn.setLoginId(email)
        logIn.setPassword(password)
        await logIn.submit()
        XCTAssertNil(logIn.state.error)
        XCTAssertFalse(logIn.state.restored.isEmpty, "what was restored, line by line")
        XCTAssertNil(logIn.state.navigate, "the member reads it first")
        XCTAssertEqual(logIn.state.goOn?.enabled, true)
        logIn.goOn()
        XCTAssertEqual(logIn.state.navigate, .home)
    }

    @MainActor
    func testAForgottenPasswordIsResetByTheMailedCodeAndEndsAtTheLogIn() async throws {
        let email = uniqueEmail()
        _ = try await sandbox.phone("waon").app.account().signUp(loginId: email, password: password, email: nil)
        let (core, _) = try sandbox.core("waon")
        let router = AppRouter(core: core)
        await router.start()
        let app = try XCTUnwrap(router.app)
        router.follow(.logIn)
        XCTAssertEqual(router.root, .logIn)

        let logIn = LogInModel(app: app, changedPhones: false)
        logIn.forgotPassword()
        XCTAssertEqual(logIn.state.navigate, .passwordReset)
        router.follow(logIn.state.navigate)
        XCTAssertEqual(router.path, [.passwordReset])

        let reset = PasswordResetModel(app: app)
        XCTAssertNil(reset.state.code, "no code field before a code was sent")
        reset.setLoginId(email)
        await reset.request()
        XCTAssertNil(reset.state.error)
        XCTAssertNotNil(reset.state.sent)
        XCTAssertNotNil(reset.state.code)
        let code = try await sandbox.mailedCode(email, after: "パスワード再設定コード: ")
        XCTAssertEqual(code.count, 6)
        reset.setCode(code)
        reset.setNewPassword("abc")
        XCTAssertEqual(reset.state.confirm?.enabled, false, "the checklist gates the button")
        XCTAssertTrue(reset.state.checklist.contains { !$0.met })
        let fresh = "Fresh#2027pw"
        reset.setNewPassword(fresh)
        XCTAssertEqual(reset.state.confirm?.enabled, true)
        await reset.confirm()
        XCTAssertNil(reset.state.error)
        XCTAssertNotNil(reset.state.done)
        XCTAssertEqual(reset.state.navigate, .logIn)
        router.follow(reset.state.navigate)
        XCTAssertEqual(router.root, .logIn)
        XCTAssertEqual(router.path, [])
        _ = try await app.account().logIn(loginId: email, password: fresh)
    }
}
