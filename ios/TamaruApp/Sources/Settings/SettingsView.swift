import SwiftUI
import Tamaru
import TamaruModels

/// The settings tab: the mail switches (pull to refresh), the e-mail change and delivery
/// help they lead to, the home screen's menu and log-out.
struct SettingsView: View {
    let app: MemberApp
    let home: HomeModel
    @State private var mail: MailSettingsModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp, home: HomeModel) {
        self.app = app
        self.home = home
        _mail = State(initialValue: MailSettingsModel(app: app))
    }

    var body: some View {
        let state = mail.state
        List {
            Section(state.title) {
                ForEach(state.switches, id: \.setting) { item in
                    VStack(alignment: .leading) {
                        Toggle(item.label, isOn: Binding(
                            get: { item.on ?? false },
                            set: { on in Task { await mail.set(item.setting, on: on) } }
                        ))
                        if let status = item.status { Text(status).font(.footnote).foregroundStyle(.secondary) }
                    }
                }
                ForEach(state.notices, id: \.self) { Text($0).font(.footnote) }
                Text(state.postalNote).font(.footnote).foregroundStyle(.secondary)
                if let synced = state.synced { Text(synced).font(.footnote).foregroundStyle(.secondary) }
                ProblemText(problem: state.error)
                CoreButton(button: state.emailChange) { mail.openEmailChange() }
                CoreButton(button: state.deliveryHelp) { mail.openDeliveryHelp() }
            }
            Section {
                ForEach(home.state.links, id: \.link) { link in
                    Button(link.label) { router.open(link.link) }
                }
            }
            Section {
                ProblemText(problem: home.state.error)
                CoreButton(button: home.state.logOut, busy: home.state.busy) { await home.logOut() }
                    .foregroundStyle(.red)
            }
        }
        .refreshable { await mail.refresh() }
        .task { await mail.refresh() }
        .onAppear {
            // Back from a screen the switches sent the member to: a fresh screen object, so
            // the same button leads there again.
            if mail.state.navigate != nil {
                mail = MailSettingsModel(app: app)
                Task { await mail.refresh() }
            }
        }
        .following(state.navigate, in: router)
    }
}
