import Foundation
import Observation
import Tamaru
import TamaruKit

/// Which part of the app shows. The first screen is the core's choice
/// (`MemberApp.startScreen()`); any screen that loses the session calls `start()` again, so
/// that choice is made in one place ("signed in elsewhere" gets its explanation).
@MainActor
@Observable
public final class AppRouter {
    public enum Route: Equatable {
        case loading
        case failed(TamaruError)
        case welcome
        case login
        case signedOutElsewhere
        case home
    }

    public private(set) var route: Route = .loading
    public let core: TamaruCore

    public init(core: TamaruCore) {
        self.core = core
    }

    public func start() async {
        route = .loading
        let core = self.core
        let result = await coreCall {
            let app = try await core.memberApp()
            return try await offMain { try app.startScreen() }
        }
        switch result {
        case .success(.firstLaunch): route = .welcome
        case .success(.signedOut): route = .login
        case .success(.signedOutElsewhere): route = .signedOutElsewhere
        case .success(.signedIn): route = .home
        case .failure(let error): route = .failed(error)
        }
    }

    public func signedIn() {
        route = .home
    }

    /// After an error, if it means the session is gone, asks the core where to go.
    public func handle(_ error: TamaruError?) {
        guard let error, error.endsSession else { return }
        Task { await start() }
    }
}

public extension TamaruError {
    /// Errors after which a screen cannot go on without a new login: the core's one decision
    /// (`sessionEnd`), never a list of the app's own, which drifted (it missed
    /// `AccountWithdrawn`).
    var endsSession: Bool { sessionEnd(error: self) != nil }
}
