import SwiftUI
import TamaruKit
import TamaruModels

struct LoginView: View {
    @State private var model: LoginModel
    @Environment(AppRouter.self) private var router

    init(core: TamaruCore) {
        _model = State(initialValue: LoginModel(core: core))
    }

    var body: some View {
        Form {
            Section {
                Text("login.newPhoneHint").font(.footnote)
                TextField("field.loginId", text: $model.loginId)
                    .textContentType(.username)
                    .keyboardType(.emailAddress)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
                SecureField("field.password", text: $model.password)
                    .textContentType(.password)
                    .onSubmit { Task { await model.submit() } }
            }
            if let error = model.error {
                Section { CoreErrorText(error: error) }
            }
            Section {
                Button {
                    Task { await model.submit() }
                } label: {
                    if model.busy { ProgressView() } else { Text("action.logIn") }
                }
                .disabled(!model.canSubmit)
            }
        }
        .navigationTitle(Text("login.title"))
        .onChange(of: model.loggedIn) { _, done in
            if done { router.signedIn() }
        }
    }
}
