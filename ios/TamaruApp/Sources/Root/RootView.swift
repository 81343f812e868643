import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

/// Draws the route the core chose.
struct RootView: View {
    @Environment(AppRouter.self) private var router

    /// Steps reachable from the welcome and explanation screens.
    enum AuthStep: Hashable { case signUp, login }

    var body: some View {
        switch router.route {
        case .loading:
            ProgressView().task { await router.start() }
        case .failed(let error):
            VStack(spacing: 16) {
                CoreErrorText(error: error)
                Button("action.retry") { Task { await router.start() } }
            }
            .padding(24)
        case .welcome:
            NavigationStack {
                WelcomeView()
                    .navigationDestination(for: AuthStep.self, destination: authStep)
            }
        case .login:
            NavigationStack { LoginView(core: router.core) }
        case .signedOutElsewhere:
            NavigationStack {
                SignedOutElsewhereView()
                    .navigationDestination(for: AuthStep.self, destination: authStep)
            }
        case .home:
            HomeView(core: router.core)
        }
    }

    @ViewBuilder
    private func authStep(_ step: AuthStep) -> some View {
        switch step {
        case .signUp: SignUpView(core: router.core)
        case .login: LoginView(core: router.core)
        }
    }
}
