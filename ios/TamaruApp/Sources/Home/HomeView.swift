import SwiftUI
import Tamaru
import TamaruModels

/// Home of a signed-in member: the tabs as the core lists and words them (the member code
/// first, what a member opens the app for at the till).
struct HomeView: View {
    let app: MemberApp
    @State private var model: HomeModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        self.app = app
        _model = State(initialValue: HomeModel(app: app))
    }

    var body: some View {
        @Bindable var router = router
        TabView(selection: $router.tab) {
            ForEach(model.state.tabs, id: \.entry) { tab in
                content(tab.entry)
                    .tabItem { Label(tab.label, systemImage: symbol(tab.entry)) }
                    .tag(tab.entry)
            }
        }
        .following(model.state.navigate, in: router)
    }

    @ViewBuilder
    private func content(_ tab: HomeEntry) -> some View {
        switch tab {
        case .memberCode: MemberCodeView(app: app)
        case .points: PointsView(app: app)
        case .cards: CardsView(app: app)
        default: SettingsView(home: model)
        }
    }

    /// The tab's icon (app chrome).
    private func symbol(_ tab: HomeEntry) -> String {
        switch tab {
        case .memberCode: "barcode"
        case .points: "star.circle"
        case .cards: "creditcard"
        default: "gearshape"
        }
    }
}
