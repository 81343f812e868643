import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

struct SettingsTab: View {
    @State private var model: SettingsModel
    @Environment(AppRouter.self) private var router
    @Environment(\.locale) private var locale

    init(core: TamaruCore) {
        _model = State(initialValue: SettingsModel(core: core))
    }

    var body: some View {
        let lang = coreLanguage(locale)
        Form {
            Section {
                if let profile = model.profile { Text(profile.displayName(lang)).font(.headline) }
                if let account = model.account {
                    Text("settings.loginId \(account.loginId)")
                    if let email = account.email { Text("settings.email \(maskEmail(address: email))") }
                }
            }
            Section("settings.mail") {
                if let mail = model.mail {
                    MailToggle(label: "settings.newsletter", state: mail.newsletter) { on in
                        Task { await model.set(.newsletter, on: on) }
                    }
                    MailToggle(label: "settings.postal", state: mail.postal) { on in
                        Task { await model.set(.postal, on: on) }
                    }
                    if !mail.fromServer { Text("settings.mailOffline").font(.footnote) }
                }
                if let error = model.error { CoreErrorText(error: error) }
            }
            Section {
                Button("action.logOut", role: .destructive) { Task { await model.logOut() } }
            }
        }
        .task { await model.load() }
        .onChange(of: model.error) { _, error in router.handle(error) }
        .onChange(of: model.loggedOut) { _, done in
            if done { Task { await router.start() } }
        }
    }
}

/// One mail setting; "pending" while the core holds the change to send when back online.
private struct MailToggle: View {
    let label: LocalizedStringKey
    let state: MailSettingState
    let onChange: (Bool) -> Void

    var body: some View {
        Toggle(isOn: Binding(get: { state.on == true }, set: onChange)) {
            VStack(alignment: .leading) {
                Text(label)
                if state.pending { Text("settings.pending").font(.footnote) }
            }
        }
        .disabled(state.on == nil)
    }
}
