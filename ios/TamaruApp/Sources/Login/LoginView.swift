import SwiftUI
import TamaruKit

struct LoginView: View {
    @StateObject private var model: LoginModel
    @EnvironmentObject private var router: AppRouter

    init(core: TamaruCore) {
        _model = StateObject(wrappedValue: LoginModel(core: core))
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
        .onChange(of: model.loggedIn) { done in
            if done { router.signedIn() }
        }
    }
}
