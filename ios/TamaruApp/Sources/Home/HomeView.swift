import SwiftUI
import TamaruKit

/// Home of a signed-in member: the member code first (what a member opens the app for at the
/// till), then points, cards and settings.
struct HomeView: View {
    let core: TamaruCore

    var body: some View {
        TabView {
            BarcodeTab(core: core)
                .tabItem { Label("tab.barcode", systemImage: "barcode") }
            PointsTab(core: core)
                .tabItem { Label("tab.points", systemImage: "star.circle") }
            NavigationStack { CardsTab(core: core) }
                .tabItem { Label("tab.cards", systemImage: "creditcard") }
            SettingsTab(core: core)
                .tabItem { Label("tab.settings", systemImage: "gearshape") }
        }
    }
}
