import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

struct SignUpView: View {
    @State private var model: SignUpModel
    @Environment(AppRouter.self) private var router
    @Environment(\.locale) private var locale

    init(core: TamaruCore) {
        _model = State(initialValue: SignUpModel(core: core))
    }

    var body: some View {
        let lang = coreLanguage(locale)
        Form {
            Section {
                TextField("field.loginId", text: $model.loginId)
                    .textContentType(.username)
                    .keyboardType(.emailAddress)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
                if let violation = model.loginIdCheck?.violations.first {
                    Text(violation.text(lang)).font(.footnote).foregroundStyle(.red)
                }
                if model.asksEmail {
                    TextField("field.emailOptional", text: $model.email)
                        .textContentType(.emailAddress)
                        .keyboardType(.emailAddress)
                        .textInputAutocapitalization(.never)
                    if let violation = model.emailCheck?.violations.first {
                        Text(violation.text(lang)).font(.footnote).foregroundStyle(.red)
                    }
                }
            }
            Section {
                SecureField("field.password", text: $model.password)
                    .textContentType(.newPassword)
                PasswordChecklistView(checklist: model.checklist, check: model.passwordCheck, lang: lang)
            }
            if let error = model.error {
                Section { CoreErrorText(error: error) }
            }
            Section {
                Button {
                    Task { await model.submit() }
                } label: {
                    if model.busy { ProgressView() } else { Text("action.signUp") }
                }
                .disabled(!model.canSubmit)
            }
        }
        .navigationTitle(Text("signUp.title"))
        .task { await model.load() }
        .onChange(of: model.signedUp) { _, done in
            if done { router.signedIn() }
        }
    }
}

/// One line per rule of the program's password policy, ticked as the member types, then the
/// core's sentences about particular characters (a full-width "Ａ", a trailing space).
struct PasswordChecklistView: View {
    let checklist: [PasswordRuleStatus]
    let check: PasswordCheck?
    let lang: String

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            ForEach(checklist, id: \.self) { status in
                Label {
                    Text(status.label(lang)).font(.footnote)
                } icon: {
                    Image(systemName: status.met ? "checkmark.circle.fill" : "circle")
                        .foregroundStyle(status.met ? Color.accentColor : Color.secondary)
                }
                .accessibilityElement(children: .combine)
                .accessibilityValue(Text(LocalizedStringKey(status.met ? "rule.met" : "rule.notMet")))
            }
            ForEach((check?.violations ?? []).filter { $0.character != nil }, id: \.self) { violation in
                Text(violation.text(lang)).font(.footnote).foregroundStyle(.red)
            }
        }
    }
}
