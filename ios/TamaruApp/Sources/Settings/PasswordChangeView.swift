import SwiftUI
import Tamaru
import TamaruModels

/// Changing the password: the current one, the new one with its checklist. A linked account
/// is sent to its support page.
struct PasswordChangeView: View {
    @State private var model: PasswordChangeModel
    @Environment(AppRouter.self) private var router
    @Environment(\.openURL) private var openURL

    init(app: MemberApp) {
        _model = State(initialValue: PasswordChangeModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                CoreSecretField(field: state.current) { model.setCurrent($0) }
                    .textContentType(.password)
                CoreSecretField(field: state.newPassword) { model.setNewPassword($0) }
                    .textContentType(.newPassword)
                ChecklistView(items: state.checklist)
            }
            Section {
                ProblemText(problem: state.error)
                if let done = state.done { Text(done) }
                if let page = state.externalPage, let url = URL(string: page) {
                    Button(page) { openURL(url) }
                }
                CoreButton(button: state.submit, busy: state.busy) { await model.submit() }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
