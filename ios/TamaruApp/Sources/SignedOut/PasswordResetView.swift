import SwiftUI
import Tamaru
import TamaruModels

/// A forgotten password: a code mailed to the account's address, then the new password with
/// its checklist. A linked account is sent to its support page.
struct PasswordResetView: View {
    @State private var model: PasswordResetModel
    @Environment(AppRouter.self) private var router
    @Environment(\.openURL) private var openURL

    init(app: MemberApp) {
        _model = State(initialValue: PasswordResetModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                CoreTextField(field: state.loginId) { model.setLoginId($0) }
                    .textContentType(.username)
                CoreButton(button: state.request, busy: state.busy) { await model.request() }
                if let sent = state.sent { Text(sent).font(.footnote) }
            }
            if let code = state.code, let newPassword = state.newPassword {
                Section {
                    CoreTextField(field: code) { model.setCode($0) }
                        .textContentType(.oneTimeCode)
                        .keyboardType(.numberPad)
                    CoreSecretField(field: newPassword) { model.setNewPassword($0) }
                        .textContentType(.newPassword)
                    ChecklistView(items: state.checklist)
                    if let confirm = state.confirm {
                        CoreButton(button: confirm, busy: state.busy) { await model.confirm() }
                    }
                }
            }
            Section {
                ProblemText(problem: state.error)
                if let done = state.done { Text(done) }
                if let page = state.externalPage, let url = URL(string: page) {
                    Button(page) { openURL(url) }
                }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
