import SwiftUI
import TamaruKit

/// The member app. The core is built once per process, off the main thread, starting now.
@main
struct TamaruApp: App {
    @StateObject private var router: AppRouter

    init() {
        let info = Bundle.main.infoDictionary ?? [:]
        let program = info["TamaruProgram"] as? String ?? "wester"
        let baseURL = URL(string: info["TamaruBaseURL"] as? String ?? "") ?? URL(fileURLWithPath: "/")
        let core = TamaruCore.forApp(program: program, baseURL: baseURL)
        core.warmUp()
        _router = StateObject(wrappedValue: AppRouter(core: core))
    }

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(router)
        }
    }
}
