import SwiftUI
import Tamaru
import TamaruModels

/// The first screen: welcome (sign up, or "I changed phones"), signed out elsewhere, or
/// nothing to show while the core sends a returning member on.
struct EntryView: View {
    @State private var model: EntryModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: EntryModel(app: app))
    }

    var body: some View {
        let state = model.state
        VStack(spacing: 20) {
            Text(state.title).font(.largeTitle.bold())
            if let message = state.message {
                Text(message).multilineTextAlignment(.center)
            }
            ProblemText(problem: state.error)
            if let button = state.signUp {
                CoreButton(button: button) { model.choose(.signUp) }
                    .buttonStyle(.borderedProminent)
            }
            if let button = state.changedPhones {
                CoreButton(button: button) { model.choose(.changedPhones) }
            }
            if let button = state.logIn {
                CoreButton(button: button) { model.choose(.logIn) }
                    .buttonStyle(.borderedProminent)
            }
            if let button = state.retry {
                CoreButton(button: button) { model.retry() }
            }
        }
        .padding(24)
        .following(state.navigate, in: router)
    }
}
