import SwiftUI
import Tamaru
import TamaruModels

/// Sign-up: the login ID (and, for a web ID, an optional address), the password with the
/// program's checklist ticked as the member types.
struct SignUpView: View {
    @State private var model: SignUpModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: SignUpModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                CoreTextField(field: state.loginId) { model.setLoginId($0) }
                    .textContentType(.username)
                    .keyboardType(.emailAddress)
                if let email = state.email {
                    CoreTextField(field: email) { model.setEmail($0) }
                        .textContentType(.emailAddress)
                        .keyboardType(.emailAddress)
                }
            }
            Section {
                CoreSecretField(field: state.password) { model.setPassword($0) }
                    .textContentType(.newPassword)
                ChecklistView(items: state.checklist)
            }
            Section {
                ProblemText(problem: state.error)
                CoreButton(button: state.submit, busy: state.busy) { await model.submit() }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
