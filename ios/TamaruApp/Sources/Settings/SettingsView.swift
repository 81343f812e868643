import SwiftUI
import Tamaru
import TamaruModels

/// The settings tab: the home screen's settings entries (what the program offers, in its
/// order and words) and log-out.
struct SettingsView: View {
    let home: HomeModel
    @Environment(AppRouter.self) private var router

    var body: some View {
        let state = home.state
        List {
            Section {
                ForEach(state.settings, id: \.entry) { entry in
                    Button(entry.label) { router.open(entry.entry) }
                }
            }
            Section {
                ProblemText(problem: state.error)
                CoreButton(button: state.logOut, busy: state.busy) { await home.logOut() }
                    .foregroundStyle(.red)
            }
        }
    }
}
