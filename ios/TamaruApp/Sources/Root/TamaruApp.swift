import SwiftUI
import TamaruKit
import TamaruModels

/// The member app. The core is built once per process, off the main thread, starting now,
/// worded in the device's language (Japanese or English).
@main
struct TamaruApp: App {
    @State private var router: AppRouter

    init() {
        let info = Bundle.main.infoDictionary ?? [:]
        let program = info["TamaruProgram"] as? String ?? "wester"
        let baseURL = URL(string: info["TamaruBaseURL"] as? String ?? "") ?? URL(fileURLWithPath: "/")
        let core = TamaruCore.forApp(program: program, baseURL: baseURL, language: CoreText.language())
        core.warmUp()
        _router = State(initialValue: AppRouter(core: core))
    }

    var body: some Scene {
        WindowGroup {
            RootView()
                .environment(router)
        }
    }
}
