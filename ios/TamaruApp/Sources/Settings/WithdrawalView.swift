import SwiftUI
import Tamaru
import TamaruModels

/// Withdrawal: every consequence and the points lost, what to cancel first, then the
/// member's confirmation and password. A linked account withdraws on its support page.
struct WithdrawalView: View {
    @State private var model: WithdrawalModel
    @Environment(AppRouter.self) private var router
    @Environment(\.openURL) private var openURL

    init(app: MemberApp) {
        _model = State(initialValue: WithdrawalModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                if state.loading { ProgressView() }
                ForEach(state.consequences, id: \.self) { Text($0) }
                if let lost = state.pointsLost { Text(lost).bold() }
            }
            if !state.blockers.isEmpty {
                Section {
                    ForEach(state.blockers, id: \.self) { Label($0, systemImage: "exclamationmark.triangle") }
                }
            }
            if let page = state.externalPage, let url = URL(string: page) {
                Section { Button(page) { openURL(url) } }
            }
            if let understood = state.understood {
                Section {
                    Toggle(state.understoodLabel, isOn: Binding(get: { understood }, set: { model.setUnderstood($0) }))
                    if let password = state.password {
                        CoreSecretField(field: password) { model.setPassword($0) }
                            .textContentType(.password)
                    }
                    if let withdraw = state.withdraw {
                        CoreButton(button: withdraw, busy: state.busy) { await model.withdraw() }
                            .foregroundStyle(.red)
                    }
                }
            }
            Section {
                ProblemText(problem: state.error)
                if let done = state.done { Text(done) }
            }
        }
        .navigationTitle(state.title)
        .task { await model.load() }
        .following(state.navigate, in: router)
    }
}
