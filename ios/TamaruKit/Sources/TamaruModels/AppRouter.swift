import Foundation
import Observation
import Tamaru
import TamaruKit

/// Which screen shows, following the core: every screen state's `navigate` is handed to
/// `follow(_:)`, and every home tab or settings entry the member picks to `open(_:)`; both
/// only map the core's destination or entry onto the app's stack of views. The
/// first screen is the core's entry screen; a session that ends, a withdrawal or a log-out
/// comes back here as a destination too, so nothing in the app decides where to go.
@MainActor
@Observable
public final class AppRouter {
    /// The view at the bottom of the stack.
    public enum Root: Equatable {
        /// The core is being built (the first launch of the process).
        case loading
        /// The core could not be built: its own sentence for why.
        case failed(String)
        /// The core's entry screen (welcome, signed out elsewhere).
        case entry
        case logIn
        /// The home tabs.
        case home
    }

    /// A screen pushed over the root.
    public enum Screen: Hashable {
        case signUp
        case logIn
        case changedPhones
        case passwordReset
        case cardRegistration
        case emailChange
        case deliveryHelp
        case mailSettings
        case passwordChange
        case withdrawal
        case family
        case cardMerge
    }

    public private(set) var root: Root = .loading
    /// The pushed screens, bottom first (a `NavigationStack` path; back pops it).
    public var path: [Screen] = []
    /// The home tab shown (one of the home screen's `tabs` entries).
    public var tab: HomeEntry = .memberCode
    /// Bumped whenever the root is made again, so its view opens fresh screen objects.
    public private(set) var generation = 0
    public private(set) var app: MemberApp?

    private let core: TamaruCore

    public init(core: TamaruCore) {
        self.core = core
    }

    /// Builds the core (once per process) and shows its entry screen.
    public func start() async {
        switch await coreCall({ try await core.memberApp() }) {
        case .success(let app):
            self.app = app
            show(.entry)
        case .failure(let error):
            root = .failed(error.text(CoreText.language()))
        }
    }

    /// Goes where a screen's state says (`nil`: stay).
    public func follow(_ destination: Destination?) {
        guard let destination else { return }
        switch destination {
        case .home:
            show(.home)
            tab = .memberCode
        case .welcome, .signedOutElsewhere:
            // The entry screen words both (and decides again what this install is).
            show(.entry)
        case .logIn:
            if let at = path.firstIndex(of: .logIn) {
                path = Array(path[...at])
            } else if root == .entry && !path.isEmpty {
                push(.logIn)
            } else {
                show(.logIn)
            }
        case .signUp: push(.signUp)
        case .changedPhones: push(.changedPhones)
        case .passwordReset: push(.passwordReset)
        case .cardRegistration: push(.cardRegistration)
        case .emailChange: push(.emailChange)
        case .deliveryHelp: push(.deliveryHelp)
        case .cards:
            path = []
            tab = .cards
        case .mailSettings:
            // Back on the mail settings the member came from (an e-mail change done).
            if let at = path.firstIndex(of: .mailSettings) {
                path = Array(path[...at])
            } else {
                path = [.mailSettings]
                tab = .settings
            }
        }
    }

    /// A home tab or settings entry the member picked (the home screen's `tabs` and
    /// `settings`).
    public func open(_ entry: HomeEntry) {
        switch entry {
        case .memberCode, .points, .cards, .settings:
            path = []
            tab = entry
        case .mailSettings: push(.mailSettings)
        case .passwordChange: push(.passwordChange)
        case .family: push(.family)
        case .cardMerge: push(.cardMerge)
        case .withdrawal: push(.withdrawal)
        }
    }

    private func push(_ screen: Screen) {
        if path.last != screen { path.append(screen) }
    }

    private func show(_ newRoot: Root) {
        root = newRoot
        path = []
        generation += 1
    }
}
