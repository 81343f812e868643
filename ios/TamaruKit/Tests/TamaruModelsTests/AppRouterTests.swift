import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// The router only maps the core's destinations onto the app's stack: each one lands where
/// the member expects, and an ended session from any depth starts over at the core's entry.
final class AppRouterTests: XCTestCase {
    @MainActor
    private func started() async throws -> AppRouter {
        let phone = try Sandbox.shared.phone("waon")
        let router = AppRouter(core: TamaruCore { phone.app })
        XCTAssertEqual(router.root, .loading)
        await router.start()
        XCTAssertEqual(router.root, .entry)
        XCTAssertNotNil(router.app)
        return router
    }

    @MainActor
    func testEachDestinationLandsWhereTheMemberExpects() async throws {
        let router = try await started()
        router.follow(nil)
        XCTAssertEqual(router.root, .entry, "no destination: stay")

        router.follow(.changedPhones)
        router.follow(.passwordReset)
        router.follow(.passwordReset)
        XCTAssertEqual(router.path, [.changedPhones, .passwordReset], "the same screen is not pushed twice")
        router.follow(.logIn)
        XCTAssertEqual(router.path, [.changedPhones, .passwordReset, .logIn])

        let generation = router.generation
        router.follow(.home)
        XCTAssertEqual(router.root, .home)
        XCTAssertEqual(router.path, [])
        XCTAssertGreaterThan(router.generation, generation, "a new root opens fresh screens")
        router.open(.family)
        router.follow(.cardRegistration)
        XCTAssertEqual(router.path, [.family, .cardRegistration])
        router.follow(.cards)
        XCTAssertEqual(router.path, [])
        XCTAssertEqual(router.tab, .cards)
        router.open(.withdrawal)
        router.follow(.mailSettings)
        XCTAssertEqual(router.tab, .settings)
        XCTAssertEqual(router.path, [.mailSettings])
        router.follow(.emailChange)
        router.follow(.mailSettings)
        XCTAssertEqual(router.path, [.mailSettings], "back on the switches the member came from")
        router.open(.points)
        XCTAssertEqual(router.tab, .points)
        XCTAssertEqual(router.path, [])
    }

    @MainActor
    func testAnEndedSessionStartsOverFromAnyDepth() async throws {
        for (ending, root) in [(Destination.signedOutElsewhere, AppRouter.Root.entry), (.welcome, .entry), (.logIn, .logIn)] {
            let router = try await started()
            router.follow(.home)
            router.open(.passwordChange)
            router.follow(.emailChange)
            router.follow(ending)
            XCTAssertEqual(router.root, root, "\(ending)")
            XCTAssertEqual(router.path, [], "\(ending)")
        }
    }
}
