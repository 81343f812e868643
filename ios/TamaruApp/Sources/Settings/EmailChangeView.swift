import SwiftUI
import Tamaru
import TamaruModels

/// Changing the e-mail address: a code sent to the new one, typed here.
struct EmailChangeView: View {
    @State private var model: EmailChangeModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: EmailChangeModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                CoreTextField(field: state.email) { model.setEmail($0) }
                    .textContentType(.emailAddress)
                    .keyboardType(.emailAddress)
                CoreButton(button: state.request, busy: state.busy) { await model.request() }
                if let sent = state.sent { Text(sent).font(.footnote) }
            }
            if let code = state.code {
                Section {
                    CoreTextField(field: code) { model.setCode($0) }
                        .textContentType(.oneTimeCode)
                        .keyboardType(.numberPad)
                    if let confirm = state.confirm {
                        CoreButton(button: confirm, busy: state.busy) { await model.confirm() }
                    }
                }
            }
            Section {
                ProblemText(problem: state.error)
                if let done = state.done { Text(done) }
            }
        }
        .navigationTitle(state.title)
        .task { await model.resume() }
        .following(state.navigate, in: router)
    }
}
