import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// Point cards from Swift: the offline pre-check, registration, and each refusal caught as its
/// own `TamaruError` case. Cards are issued through the sandbox's admin endpoints.
final class CardsTests: XCTestCase {
    let sandbox = Sandbox.shared

    private func member(_ program: String) async throws -> (Phone, String) {
        let phone = try sandbox.phone(program)
        let loginId = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: loginId, password: "Tamaru#2026", email: nil)
        return (phone, loginId)
    }

    func testRegistersFullWidthInputAndKeepsTheListOffline() async throws {
        let (phone, _) = try await member("wester")
        let issued = try await sandbox.issueCard("wester", "sc_point_card", pin: "4321", memberRegistered: true)
        let wide = String(issued.number.unicodeScalars.map { Character(UnicodeScalar($0.value - 0x30 + 0xFF10)!) })
        let input = CardInput(
            cardType: "sc_point_card", number: "\(wide.prefix(8))ー\(wide.dropFirst(8))",
            hasPin: true, pin: "４３２１", memberRegistered: true
        )
        let cards = phone.app.cards()
        XCTAssertEqual(cards.check(input: input), [], "the core normalises full-width digits and the long hyphen")
        let registered = try await cards.register(input: input)
        XCTAssertFalse(registered.alreadyRegistered)
        XCTAssertEqual(registered.card.number, issued.number)
        let groups = stride(from: 0, to: issued.number.count, by: 4).map { start -> String in
            let from = issued.number.index(issued.number.startIndex, offsetBy: start)
            return String(issued.number[from...].prefix(4))
        }
        XCTAssertEqual(registered.card.displayNumber, groups.joined(separator: " "))
        let list = try cards.list()
        XCTAssertEqual(list.cards, [registered.card])
        XCTAssertNil(list.syncedAt, "never fetched whole yet")
        let refreshed = try await cards.refresh()
        XCTAssertEqual(refreshed.cards, [registered.card])
        XCTAssertEqual(try cards.list().syncedAt, refreshed.syncedAt)
    }

    func testEachRefusalIsItsOwnCase() async throws {
        let (phone, _) = try await member("wester")
        let cards = phone.app.cards()
        let issued = try await sandbox.issueCard("wester", "sc_point_card", pin: "1234", memberRegistered: true)
        let last = issued.number.last!.wholeNumberValue!
        let badDigit = String(issued.number.dropLast()) + String((last + 1) % 10)
        let offlineInput = CardInput(cardType: "sc_point_card", number: badDigit, hasPin: true, pin: "12", memberRegistered: nil)
        XCTAssertEqual(cards.check(input: offlineInput).count, 2)
        do {
            _ = try await cards.register(input: offlineInput)
            XCTFail("a bad check digit registered")
        } catch TamaruError.CardInput(let errors) {
            XCTAssertEqual(errors.first, .BadCheckDigit)
            guard case .PinWrongDigitCount(let given, let expected) = errors[1] else { return XCTFail("\(errors)") }
            XCTAssertEqual(given, 2)
            XCTAssertEqual(expected, 4)
            XCTAssertEqual(errorCode(error: .CardInput(errors: errors)), "card_input")
            XCTAssertFalse(errors.text(.ja).isEmpty)
        }

        do {
            _ = try await cards.register(input: CardInput(cardType: "sc_point_card", number: issued.number, hasPin: true, pin: "9999", memberRegistered: false))
            XCTFail("a wrong PIN registered")
        } catch TamaruError.CardDetailsMismatch(let mismatches) {
            XCTAssertEqual(mismatches, [.pin, .memberRegistration])
        }
        do {
            _ = try await cards.register(input: CardInput(cardType: "sc_point_card", number: issued.number, hasPin: false, pin: nil, memberRegistered: true))
            XCTFail("a card with a PIN registered as one without")
        } catch TamaruError.CardDetailsMismatch(let mismatches) {
            XCTAssertEqual(mismatches, [.pinPresence])
            XCTAssertTrue(TamaruError.CardDetailsMismatch(mismatches: mismatches).text(.ja).contains("PIN番号の有無"))
        }

        let expired = try await sandbox.issueCard("wester", "sc_point_card", status: "expired")
        do {
            _ = try await cards.register(input: expired.typed("sc_point_card"))
            XCTFail("an expired card registered")
        } catch TamaruError.CardExpiredOrInvalid(let expiredOn) {
            XCTAssertEqual(expiredOn, expired.expiresOn)
        }
        let invalid = try await sandbox.issueCard("wester", "sc_point_card", status: "invalid")
        do {
            _ = try await cards.register(input: invalid.typed("sc_point_card"))
            XCTFail("an invalid card registered")
        } catch TamaruError.CardExpiredOrInvalid(let expiredOn) {
            XCTAssertNil(expiredOn)
        }

        _ = try await cards.register(input: issued.typed("sc_point_card", memberRegistered: true))
        let suzuki = try await sandbox.issueCard("wester", "sc_point_card", holderName: "鈴木 一郎", holderBirthDate: "1985-10-10")
        do {
            _ = try await cards.register(input: suzuki.typed("sc_point_card"))
            XCTFail("someone else's card registered")
        } catch TamaruError.CardOfAnotherPerson {
            XCTAssertTrue(TamaruError.CardOfAnotherPerson.text(.ja).contains("ご本人様以外"))
        }

        let (second, _) = try await member("wester")
        do {
            _ = try await second.app.cards().register(input: issued.typed("sc_point_card", memberRegistered: true))
            XCTFail("a card registered to two accounts")
        } catch TamaruError.CardRegisteredToAnotherAccount {}
        let refreshed = try await cards.refresh()
        XCTAssertEqual(refreshed.cards.count, 1)
    }

    func testAPreparedRegistrationSentTwiceRegistersOnce() async throws {
        let (phone, loginId) = try await member("waon")
        let issued = try await sandbox.issueCard("waon", "waon_point_card")
        let attempt = try phone.app.cards().prepareRegistration(input: issued.typed("waon_point_card"))
        XCTAssertFalse(attempt.idempotencyKey().isEmpty)
        let first = try await attempt.submit()
        // The member pressed again (the first answer looked lost): the same attempt, the same key.
        let again = try await attempt.submit()
        XCTAssertEqual(again.card.id, first.card.id)
        let server = try await sandbox.accountCards("waon", loginId)
        XCTAssertEqual(server.components(separatedBy: "\"id\":\"card_").count - 1, 1, server)
    }

    func testASecondCreditCardIsRefusedOnThePhone() async throws {
        let (phone, _) = try await member("waon")
        _ = try await phone.app.cards().register(input: try await sandbox.issueCard("waon", "aeon_card").typed("aeon_card"))
        let second = try await sandbox.issueCard("waon", "aeon_card")
        do {
            _ = try await phone.app.cards().register(input: second.typed("aeon_card"))
            XCTFail("a second credit card registered")
        } catch TamaruError.SecondCreditCard(let serverCode) {
            XCTAssertNil(serverCode, "known on the phone: the number was not sent")
        }
    }
}
