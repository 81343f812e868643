import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// The adapter itself: states the core tells on its threads reach the main actor in order,
/// a late hop never takes the screen back, and closing stops the calls.
final class ScreenModelTests: XCTestCase {
    @MainActor
    func testStatesFromAnotherThreadReachTheMainActorAndNeverGoBack() async throws {
        let feed = StateFeed<Int>()
        let model = ScreenModel<Int>(initial: 0, feed: feed, subscribe: nil)
        XCTAssertEqual(model.state, 0)
        await Task.detached {
            for value in 1...50 { feed.deliver(value) }
        }.value
        // The hops are still queued; the newest state is taken at once on a flush, and the
        // 50 hops arriving after it must not show an older one.
        model.flush()
        XCTAssertEqual(model.state, 50)
        var seen: [Int] = []
        for _ in 0..<20 {
            await Task.yield()
            seen.append(model.state)
        }
        XCTAssertEqual(Set(seen), [50], "no late hop takes the screen back")
        XCTAssertEqual(feed.delivered, 50)

        feed.deliver(51)
        let arrived = await eventually(timeout: 5) { model.state == 51 }
        XCTAssertTrue(arrived, "a state told without any action reaches the view")
    }

    @MainActor
    func testASubscribedModelHearsAnotherObjectOfTheSameScreenOnlyThroughItsOwnScreen() async throws {
        let phone = try Sandbox.shared.screenPhone("wester", language: .en)
        let model = SignUpModel(app: phone.app)
        XCTAssertTrue(model.isSubscribed)
        XCTAssertEqual(model.state.title, "Sign up")
        model.setLoginId("a")
        XCTAssertEqual(model.state.loginId.value, "a", "an action's state shows at once")
        model.close()
        XCTAssertFalse(model.isSubscribed)
        model.setLoginId("ab")
        XCTAssertEqual(model.state.loginId.value, "a", "closed: the core's calls have stopped")
    }
}
