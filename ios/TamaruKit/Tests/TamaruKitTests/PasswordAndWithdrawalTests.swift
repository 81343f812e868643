import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// Changing and resetting the password, and withdrawal, from Swift.
final class PasswordAndWithdrawalTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testAPasswordChangeIsPolicyCheckedFirst() async throws {
        let phone = try sandbox.phone("wester")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        do {
            try await phone.app.account().changePassword(oldPassword: "Tamaru#2026", newPassword: "short")
            XCTFail("a short new password was taken")
        } catch TamaruError.PasswordPolicy(let violations) {
            XCTAssertTrue(violations.contains { $0.code == .tooShort })
        }
        do {
            try await phone.app.account().changePassword(oldPassword: "Other#Pass99", newPassword: "Brand#New2026")
            XCTFail("a wrong old password was taken")
        } catch TamaruError.WrongOldPassword {}
        try await phone.app.account().changePassword(oldPassword: "Tamaru#2026", newPassword: "Brand#New2026")
        try await phone.app.account().logOut()
        _ = try await phone.app.account().logIn(loginId: email, password: "Brand#New2026")
        XCTAssertTrue(try phone.app.isSignedIn())
    }

    func testAPasswordResetByTheCodeFromTheMailbox() async throws {
        let phone = try sandbox.phone("waon")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "waonpass2026", email: nil)
        try await phone.app.account().logOut()
        try await phone.app.account().requestPasswordReset(loginId: email)
        let mail = try await sandbox.raw("GET", "/admin/mailbox/\(email)", nil)
        let found = try XCTUnwrap(mail.range(of: #"reset code: [0-9]{6}"#, options: .regularExpression), mail)
        let code = String(mail[found].suffix(6))
        let wrong = code == "000000" ? "111111" : "000000"
        do {
            try await phone.app.account().confirmPasswordReset(loginId: email, code: wrong, newPassword: "newpass2026")
            XCTFail("a wrong reset code was taken")
        } catch TamaruError.InvalidResetCode(let attemptsLeft) {
            XCTAssertEqual(attemptsLeft, 4)
        }
        try await phone.app.account().confirmPasswordReset(loginId: email, code: code, newPassword: "newpass2026")
        _ = try await phone.app.account().logIn(loginId: email, password: "newpass2026")
        XCTAssertTrue(try phone.app.isSignedIn())
    }

    func testWithdrawalListsTheConsequencesThenEndsTheAccount() async throws {
        let phone = try sandbox.phone("wester")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        let preview = try await phone.app.account().withdrawalPreview()
        XCTAssertTrue(preview.possibleInApp)
        XCTAssertEqual(preview.consequences.map(\.code), ["points_deleted", "cards_withdrawn", "postal_mail"])
        try await phone.app.account().withdraw(password: "Tamaru#2026")
        XCTAssertFalse(try phone.app.isSignedIn())
        XCTAssertTrue(phone.store.entries.isEmpty, "secrets wiped")
        do {
            _ = try await phone.app.account().logIn(loginId: email, password: "Tamaru#2026")
            XCTFail("a withdrawn account logged in")
        } catch TamaruError.AccountWithdrawn {}
    }

    func testALinkedAccountIsSentToTheExternalPage() async throws {
        let phone = try sandbox.phone("wester")
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: "Tamaru#2026", email: nil)
        try await sandbox.linkExternalId("wester", email, linked: true)
        do {
            try await phone.app.account().withdraw(password: "Tamaru#2026")
            XCTFail("a linked account withdrew in the app")
        } catch TamaruError.ExternalSupportPage(let url) {
            XCTAssertEqual(url, phone.app.profile().externalId?.supportPage)
        }
        let preview = try await phone.app.account().withdrawalPreview()
        XCTAssertFalse(preview.possibleInApp)
        XCTAssertFalse(preview.blockers.isEmpty)
    }
}
