import SwiftUI
import Tamaru
import TamaruModels

/// Draws where the core sent the member: the root the router holds, and the screens pushed
/// over it (system back pops them).
struct RootView: View {
    @Environment(AppRouter.self) private var router

    var body: some View {
        @Bindable var router = router
        switch router.root {
        case .loading:
            ProgressView().task { await router.start() }
        case .failed(let sentence):
            VStack(spacing: 16) {
                Text(sentence).foregroundStyle(.red)
                Button {
                    Task { await router.start() }
                } label: {
                    Image(systemName: "arrow.clockwise")
                }
            }
            .padding(24)
        case .entry, .logIn, .home:
            if let app = router.app {
                NavigationStack(path: $router.path) {
                    rootScreen(app)
                        .navigationDestination(for: AppRouter.Screen.self) { screen in
                            pushed(screen, app: app)
                        }
                }
                .id(router.generation)
            }
        }
    }

    @ViewBuilder
    private func rootScreen(_ app: MemberApp) -> some View {
        switch router.root {
        case .logIn: LogInView(app: app, changedPhones: false)
        case .home: HomeView(app: app)
        default: EntryView(app: app)
        }
    }

    /// Each push opens a fresh core screen object; it is dropped when the view goes.
    @ViewBuilder
    private func pushed(_ screen: AppRouter.Screen, app: MemberApp) -> some View {
        switch screen {
        case .signUp: SignUpView(app: app)
        case .logIn: LogInView(app: app, changedPhones: false)
        case .changedPhones: LogInView(app: app, changedPhones: true)
        case .passwordReset: PasswordResetView(app: app)
        case .cardRegistration: CardRegistrationView(app: app)
        case .emailChange: EmailChangeView(app: app)
        case .deliveryHelp: DeliveryHelpView(app: app)
        case .mailSettings: MailSettingsView(app: app)
        case .passwordChange: PasswordChangeView(app: app)
        case .withdrawal: WithdrawalView(app: app)
        case .family: FamilyView(app: app)
        case .cardMerge: CardMergeView(app: app)
        }
    }
}
