import SwiftUI
import Tamaru
import TamaruModels

/// "Mail does not arrive": what to check, ticked where the phone knows it is fine, with the
/// action the app can take for an item.
struct DeliveryHelpView: View {
    let app: MemberApp
    @State private var model: DeliveryHelpModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        self.app = app
        _model = State(initialValue: DeliveryHelpModel(app: app))
    }

    var body: some View {
        let state = model.state
        List {
            Section {
                ForEach(state.items, id: \.text) { item in
                    VStack(alignment: .leading) {
                        Label(item.text, systemImage: item.needsAttention ? "exclamationmark.circle" : "checkmark.circle.fill")
                        if let action = item.action, let button = item.actionButton {
                            CoreButton(button: button) { await model.perform(action) }
                        }
                    }
                }
                if state.loading { ProgressView() }
                ProblemText(problem: state.error)
            }
            Section {
                ForEach(state.senderDomains, id: \.self) { Text($0).monospaced().textSelection(.enabled) }
            }
        }
        .navigationTitle(state.title)
        .task { await model.load() }
        .onAppear {
            if model.state.navigate != nil {
                model = DeliveryHelpModel(app: app)
                Task { await model.load() }
            }
        }
        .following(state.navigate, in: router)
    }
}
