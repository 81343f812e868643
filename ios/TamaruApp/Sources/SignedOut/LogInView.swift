import SwiftUI
import Tamaru
import TamaruModels

/// Log-in; on a new phone it first says what comes back from the server and what does not,
/// and after the log-in what was restored.
struct LogInView: View {
    @State private var model: LogInModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp, changedPhones: Bool) {
        _model = State(initialValue: LogInModel(app: app, changedPhones: changedPhones))
    }

    var body: some View {
        let state = model.state
        Form {
            if let goOn = state.goOn {
                Section {
                    ForEach(state.restored, id: \.self) { Text($0) }
                    CoreButton(button: goOn) { model.goOn() }
                }
            } else {
                if !state.restoredFromServer.isEmpty || !state.notRestored.isEmpty {
                    Section {
                        ForEach(state.restoredFromServer, id: \.self) { Label($0, systemImage: "arrow.down.circle") }
                        ForEach(state.notRestored, id: \.self) { Label($0, systemImage: "xmark.circle") }
                    }
                }
                Section {
                    CoreTextField(field: state.loginId) { model.setLoginId($0) }
                        .textContentType(.username)
                        .keyboardType(.emailAddress)
                    CoreSecretField(field: state.password) { model.setPassword($0) }
                        .textContentType(.password)
                }
                Section {
                    ProblemText(problem: state.error)
                    CoreButton(button: state.submit, busy: state.busy) { await model.submit() }
                    CoreButton(button: state.forgotPassword) { model.forgotPassword() }
                }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
