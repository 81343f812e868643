import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// The walking skeleton from Swift: sign up, log in, log out, and each typed error caught as
/// its own `TamaruError` case, against the real sandbox.
final class AccountTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testSignUpLogInLogOut() async throws {
        let phone = try sandbox.phone("wester")
        XCTAssertEqual(try phone.app.startScreen(), .firstLaunch)
        let email = uniqueEmail()
        let account = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        XCTAssertEqual(account.loginId, email)
        XCTAssertEqual(account.externalId, .unlinked)
        XCTAssertEqual(account.deviceNumber?.count, 16)
        guard case .signedIn(let memberId, let loginId) = try phone.app.startScreen() else {
            return XCTFail("not signed in after sign-up")
        }
        XCTAssertEqual(memberId, account.memberId)
        XCTAssertEqual(loginId, email)
        XCTAssertFalse(phone.store.entries.isEmpty, "tokens went to the Swift secure store")

        try await phone.app.account().logOut()
        XCTAssertFalse(try phone.app.isSignedIn())
        XCTAssertTrue(phone.store.entries.isEmpty, "log-out wipes the tokens")
        XCTAssertEqual(try phone.app.startScreen(), .signedOut)

        let again = try await phone.app.account().logIn(loginId: email, password: "Tamaru#2026")
        XCTAssertEqual(again.memberId, account.memberId)
        let current = try await phone.app.account().details()
        XCTAssertEqual(current.loginId, email)
    }

    func testWrongPasswordIsCaughtWithItsAttemptsLeft() async throws {
        let phone = try sandbox.phone("wester")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        try await phone.app.account().logOut()
        do {
            _ = try await phone.app.account().logIn(loginId: email, password: "Tamaru#2025")
            XCTFail("a wrong password logged in")
        } catch TamaruError.WrongPassword(let attemptsLeft) {
            XCTAssertEqual(attemptsLeft, 4)
            let error = TamaruError.WrongPassword(attemptsLeft: attemptsLeft)
            XCTAssertEqual(errorCode(error: error), "wrong_password")
            XCTAssertTrue(error.text(.ja).contains("パスワード"))
            XCTAssertFalse(error.text(.en).isEmpty)
        }
        XCTAssertFalse(try phone.app.isSignedIn())
    }

    func testFiveWrongPasswordsLockTheAccountWithWhenToTryAgain() async throws {
        let phone = try sandbox.phone("wester")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        try await phone.app.account().logOut()
        for _ in 0..<4 {
            do {
                _ = try await phone.app.account().logIn(loginId: email, password: "Wrong#Pass1")
                XCTFail("a wrong password logged in")
            } catch TamaruError.WrongPassword {}
        }
        do {
            _ = try await phone.app.account().logIn(loginId: email, password: "Wrong#Pass1")
            XCTFail("no lockout")
        } catch TamaruError.AccountLocked(_, let retryAfterSeconds) {
            XCTAssertEqual(retryAfterSeconds, 900)
        }
        do {
            _ = try await phone.app.account().logIn(loginId: email, password: "Tamaru#2026")
            XCTFail("the right password got through a lockout")
        } catch let error as TamaruError {
            guard case .AccountLocked = error else { return XCTFail("expected AccountLocked, got \(error)") }
            XCTAssertTrue(error.text(.en).contains("Japan time"), error.text(.en))
        }
    }

    func testUnknownAccountAndTakenLoginIdAreTyped() async throws {
        let phone = try sandbox.phone("wester")
        do {
            _ = try await phone.app.account().logIn(loginId: "nobody-\(UUID().uuidString)@example.jp", password: "Tamaru#2026")
            XCTFail("an unknown account logged in")
        } catch TamaruError.UnknownAccount {}
        XCTAssertFalse(try phone.app.isSignedIn())

        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        let other = try sandbox.phone("wester")
        do {
            _ = try await other.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
            XCTFail("the same login ID signed up twice")
        } catch TamaruError.LoginIdTaken {}
    }

    func testPolicyAndLoginIdAreCheckedBeforeAnyRequest() async throws {
        let phone = try sandbox.phone("wester")
        do {
            _ = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "short", email: nil)
            XCTFail("a short password signed up")
        } catch TamaruError.PasswordPolicy(let violations) {
            XCTAssertTrue(violations.contains { $0.code == .tooShort })
        }
        do {
            _ = try await phone.app.account().signUp(loginId: "not an id", password: "Tamaru#2026", email: nil)
            XCTFail("a bad login ID signed up")
        } catch TamaruError.InvalidLoginId(let violations) {
            XCTAssertFalse(violations.isEmpty)
            XCTAssertFalse(violations[0].text(.ja).isEmpty)
        }
        XCTAssertEqual(try phone.app.startScreen(), .firstLaunch)
    }

    func testSignedOutCallsAreNotSignedIn() async throws {
        let phone = try sandbox.phone("waon")
        do {
            _ = try await phone.app.account().details()
            XCTFail("an account without a session")
        } catch TamaruError.NotSignedIn {}
    }

    func testPlainHttpToARemoteHostIsRefused() throws {
        XCTAssertThrowsError(
            try MemberApp(
                profile: builtinProfile(id: "wester"), baseUrl: "http://api.example.jp/wester/",
                dataDir: try temporaryDirectory(), secureStore: MapSecureStore()
            )
        ) { error in
            guard case TamaruError.InvalidConfig = error else { return XCTFail("expected InvalidConfig, got \(error)") }
        }
    }

    func testNoNetworkIsTyped() async throws {
        let app = try MemberApp(
            profile: builtinProfile(id: "wester"), baseUrl: "http://127.0.0.1:1/wester/",
            dataDir: try temporaryDirectory(), secureStore: MapSecureStore()
        )
        do {
            _ = try await app.account().logIn(loginId: uniqueEmail(), password: "Tamaru#2026")
            XCTFail("logged in without a server")
        } catch TamaruError.Network(let detail) {
            XCTAssertFalse(detail.contains("Tamaru#2026"), "no password in an error")
        }
    }
}
