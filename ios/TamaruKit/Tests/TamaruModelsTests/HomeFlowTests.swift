import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// The home tabs of a signed-in member: card registration from the list, the member code
/// counting down on its own, points with filters and paging, through the models.
final class HomeFlowTests: XCTestCase {
    let sandbox = Sandbox.shared
    let password = "Tamaru#2026"

    @MainActor
    private func member(_ program: String, language: Language = .ja) async throws -> (Phone, String) {
        let phone = try sandbox.screenPhone(program, language: language)
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: password, email: nil)
        return (phone, email)
    }

    @MainActor
    func testACardIsCheckedAsTypedRegisteredAndShownOnTheList() async throws {
        let (phone, _) = try await member("wester")
        let router = AppRouter(core: TamaruCore { phone.app })
        await router.start()
        router.follow(.home)
        let issued = try await sandbox.issueCard("wester", "sc_point_card", pin: "4321", memberRegistered: true)

        let cards = CardsModel(app: phone.app)
        await cards.refresh()
        XCTAssertNil(cards.state.error)
        XCTAssertTrue(cards.state.cards.isEmpty)
        XCTAssertNotNil(cards.state.empty, "an empty list says so")
        XCTAssertTrue(cards.state.add.enabled)
        cards.addCard()
        XCTAssertEqual(cards.state.navigate, .cardRegistration)
        router.follow(cards.state.navigate)
        XCTAssertEqual(router.path, [.cardRegistration])

        let form = CardRegistrationModel(app: phone.app)
        XCTAssertEqual(form.state.types.count, 1)
        XCTAssertTrue(form.state.types[0].chosen, "the program's only type is chosen")
        XCTAssertNil(form.state.pin, "no PIN field before the member says there is one")
        XCTAssertFalse(form.state.submit.enabled)
        form.setNumber("1234")
        XCTAssertEqual(form.state.number?.problems.count, 1, "the pre-check as the member types")
        form.setNumber(issued.number)
        XCTAssertEqual(form.state.number?.problems, [])
        XCTAssertFalse(form.state.submit.enabled, "the questions are not answered yet")
        let yes = try XCTUnwrap(form.state.hasPin?.options.first { $0.id == "yes" })
        form.answerHasPin(yes)
        XCTAssertEqual(form.state.hasPin?.options.first { $0.chosen }?.id, "yes")
        XCTAssertNotNil(form.state.pin, "the PIN is asked now")
        form.setPin(try XCTUnwrap(issued.pin))
        XCTAssertEqual(form.state.pin?.filled, true)
        let registered = try XCTUnwrap(form.state.memberRegistered?.options.first { $0.id == "yes" })
        form.answerMemberRegistered(registered)
        XCTAssertTrue(form.state.submit.enabled)
        XCTAssertFalse("\(form.state)".contains(issued.pin!), "the PIN never leaves the core in a state")
        await form.submit()
        XCTAssertNil(form.state.error)
        XCTAssertNotNil(form.state.registered)
        XCTAssertEqual(form.state.navigate, .cards)
        router.follow(form.state.navigate)
        XCTAssertEqual(router.path, [])
        XCTAssertEqual(router.tab, .cards)

        cards.reload()
        XCTAssertNil(cards.state.navigate, "back on the list, ready to add again")
        XCTAssertEqual(cards.state.cards.count, 1)
        let row = try XCTUnwrap(cards.state.cards.first)
        XCTAssertTrue(row.number.hasSuffix(String(issued.number.suffix(4))))
        XCTAssertFalse(row.stateLabel.isEmpty)
        XCTAssertFalse(row.typeName.isEmpty)
    }

    @MainActor
    func testTheMemberCodeCountsDownOnItsOwnAndDrawsAPng() async throws {
        let (phone, _) = try await member("wester", language: .en)
        let code = MemberCodeModel(app: phone.app)
        XCTAssertEqual(code.state.title, "Member code")
        XCTAssertNil(code.state.code, "no code fetched yet")
        XCTAssertNotNil(code.state.unavailable)
        await code.start()
        XCTAssertTrue(code.isSubscribed)
        await code.refresh()
        XCTAssertNil(code.state.error)
        let first = try XCTUnwrap(code.state.code, "a code after the fetch")
        XCTAssertFalse(first.grouped.isEmpty)
        XCTAssertTrue(first.countdown.hasPrefix("Valid for "), first.countdown)
        XCTAssertTrue(first.validUntil.hasPrefix("Valid until "), first.validUntil)
        // Nothing is called: the core's countdown reaches the view through the listener.
        let ticked = await eventually(timeout: 5) { code.state.code?.secondsLeft != first.secondsLeft }
        XCTAssertTrue(ticked, "the countdown moves on its own")
        let png = try XCTUnwrap(code.png(widthPx: 600))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertNil(code.png(widthPx: 0))
        code.close()
        XCTAssertFalse(code.isSubscribed)
    }

    @MainActor
    func testPointsShowTheBalanceAndTheHistoryFiltersAndPages() async throws {
        let (phone, email) = try await member("waon", language: .en)
        // Oldest first: the sandbox dates entries in order.
        for day in (1...22).reversed() {
            try await sandbox.awardPoints("waon", email, 10, date: japanDate(daysFromToday: -day), store: "AEON")
        }
        let points = PointsModel(app: phone.app)
        XCTAssertNil(points.state.balance, "nothing before the first sync")
        XCTAssertNotNil(points.state.notLoaded)
        await points.refresh()
        XCTAssertNil(points.state.error)
        XCTAssertEqual(points.state.balance, "220 pt")
        XCTAssertNotNil(points.state.updated)
        XCTAssertEqual(points.state.history.count, 20, "the first page")
        XCTAssertEqual(points.state.history.first?.points, "+10 pt")
        XCTAssertTrue(points.state.history.allSatisfy(\.credit))
        XCTAssertTrue(points.state.loadMore.enabled)
        XCTAssertFalse(points.state.clearFilters.enabled)
        points.loadMore()
        XCTAssertEqual(points.state.history.count, 22)
        XCTAssertFalse(points.state.loadMore.enabled, "the last page")
        XCTAssertEqual(Set(points.state.history.map(\.id)).count, 22, "no row twice")

        let use = try XCTUnwrap(points.state.kinds.first { $0.label == "Used" })
        points.toggleKind(use)
        XCTAssertEqual(points.state.kinds.filter(\.chosen).map(\.id), [use.id])
        XCTAssertTrue(points.state.history.isEmpty)
        XCTAssertNotNil(points.state.historyEmpty)
        XCTAssertTrue(points.state.clearFilters.enabled)
        points.clearFilters()
        XCTAssertTrue(points.state.kinds.allSatisfy { !$0.chosen })

        let from = japanDate(daysFromToday: -5)
        let to = japanDate(daysFromToday: -1)
        points.setDates(from: from, to: to)
        XCTAssertEqual(points.state.from.value, from)
        XCTAssertEqual(points.state.history.count, 5)
        XCTAssertNotEqual(points.state.from.text, from, "the date as members read it")
        points.setDates(from: to, to: from)
        XCTAssertNotNil(points.state.filterProblem, "dates the wrong way round are said")
        points.clearFilters()
        XCTAssertNil(points.state.filterProblem)
        XCTAssertEqual(points.state.from.value, nil)
    }
}
