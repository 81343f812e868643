import SwiftUI
import Tamaru
import TamaruModels

/// The newsletter and postal-mail switches (unknown until first heard from the server, a
/// change waiting to be sent said so), and the e-mail change and delivery help they lead to.
/// Pull to refresh.
struct MailSettingsView: View {
    let app: MemberApp
    @State private var model: MailSettingsModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        self.app = app
        _model = State(initialValue: MailSettingsModel(app: app))
    }

    var body: some View {
        let state = model.state
        List {
            Section {
                ForEach(state.switches, id: \.setting) { item in
                    VStack(alignment: .leading) {
                        Toggle(item.label, isOn: Binding(
                            get: { item.on ?? false },
                            set: { on in Task { await model.set(item.setting, on: on) } }
                        ))
                        if let status = item.status { Text(status).font(.footnote).foregroundStyle(.secondary) }
                    }
                }
                ForEach(state.notices, id: \.self) { Text($0).font(.footnote) }
                Text(state.postalNote).font(.footnote).foregroundStyle(.secondary)
                if let synced = state.synced { Text(synced).font(.footnote).foregroundStyle(.secondary) }
                ProblemText(problem: state.error)
            }
            Section {
                CoreButton(button: state.emailChange) { model.openEmailChange() }
                CoreButton(button: state.deliveryHelp) { model.openDeliveryHelp() }
            }
        }
        .navigationTitle(state.title)
        .refreshable { await model.refresh() }
        .task { await model.refresh() }
        .onAppear {
            // Back from a screen the switches sent the member to: a fresh screen object, so
            // the same button leads there again.
            if model.state.navigate != nil {
                model = MailSettingsModel(app: app)
                Task { await model.refresh() }
            }
        }
        .following(state.navigate, in: router)
    }
}
