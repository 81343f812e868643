import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

/// The password checklist as the member types, and the full check naming each character:
/// pure, offline rule calls of the core.
final class PasswordChecklistTests: XCTestCase {
    func testTheChecklistTicksAsTheMemberTypes() throws {
        let phone = try Sandbox.shared.phone("wester")
        let typed = "Tamaru#2026"
        var metBefore = -1
        var lists: [[PasswordRuleStatus]] = []
        for end in 0...typed.count {
            let prefix = String(typed.prefix(end))
            let list = phone.app.account().passwordChecklist(password: prefix)
            lists.append(list)
            let met = list.filter(\.met).count
            XCTAssertGreaterThanOrEqual(met, metBefore, "typing \(prefix) unticked a rule")
            metBefore = met
        }
        XCTAssertEqual(Set(lists.map { $0.map(\.rule) }).count, 1, "the same rules, in the same order, on every keystroke")
        XCTAssertTrue(lists[0].contains { !$0.met }, "nothing typed meets every rule")
        XCTAssertTrue(lists.last!.allSatisfy(\.met), "the full password meets every rule")
        XCTAssertTrue(lists.last!.allSatisfy { !$0.label(.ja).isEmpty && !$0.label(.en).isEmpty })
        XCTAssertTrue(phone.app.account().checkPassword(password: typed).valid)
        // Deleting the symbol unticks exactly its rule.
        let noSymbol = phone.app.account().passwordChecklist(password: "Tamaru2026")
        XCTAssertEqual(noSymbol.filter { !$0.met }.count, 1)
    }

    func testEveryViolationAtOnceWithCharacterAndPosition() throws {
        let check = try Sandbox.shared.phone("wester").app.account().checkPassword(password: " Ｐass1")
        XCTAssertFalse(check.valid)
        XCTAssertEqual(
            check.violations.map(\.code),
            [.tooShort, .missingUpper, .missingSymbol, .leadingOrTrailingSpace, .fullWidthCharacter]
        )
        let fullWidth = try XCTUnwrap(check.violations.first { $0.code == .fullWidthCharacter })
        XCTAssertEqual(fullWidth.character, "Ｐ")
        XCTAssertEqual(fullWidth.position, 1)
        XCTAssertTrue(fullWidth.text(.ja).contains("全角"), fullWidth.text(.ja))
        // waon: symbols optional, a letter and a digit are enough (profile data, not code).
        XCTAssertTrue(try Sandbox.shared.phone("waon").app.account().checkPassword(password: "waonpass1").valid)
        XCTAssertFalse(try Sandbox.shared.phone("wester").app.account().checkPassword(password: "waonpass1").valid)
    }
}
