import Foundation
import Tamaru

/// The app's one `MemberApp`, built once, on first use, away from the main thread.
///
/// Why lazy and off the main thread: the first call loads the core and builds its runtime,
/// cache and session; on the main actor that is a visible stall at launch. Why once: the core
/// keeps one session and one cache per program; two instances would race each other's token
/// refreshes. A build that fails throws to the caller and is tried again on the next call.
public actor TamaruCore {
    private let build: @Sendable () throws -> MemberApp
    private var app: MemberApp?
    private var building: Task<MemberApp, Error>?

    public init(build: @escaping @Sendable () throws -> MemberApp) {
        self.build = build
    }

    /// The core for `program` (`wester`, `waon`) talking to `baseURL`, keeping its data in
    /// Application Support and its secrets in `secureStore` (the Keychain store on Apple
    /// systems: `forApp(program:baseURL:)`).
    ///
    /// The data folder is excluded from backups: it holds the install ID, and a copy restored
    /// onto another phone would make two phones one install (SPEC §3: a new phone logs in and
    /// is restored from the server).
    ///
    /// `language` is the one the core words every screen in (the app passes the device's,
    /// `CoreText.language()`); the core's default is Japanese.
    public static func forApp(
        program: String, baseURL: URL, secureStore: SecureStore, language: Language = .ja
    ) -> TamaruCore {
        TamaruCore {
            let dir = try dataDirectory()
            return try MemberApp.withLanguage(
                profile: builtinProfile(id: program),
                baseUrl: baseURL.absoluteString,
                dataDir: dir.path,
                secureStore: secureStore,
                language: language
            )
        }
    }

    /// The app, building it the first time. Concurrent callers wait for the same build.
    public func memberApp() async throws -> MemberApp {
        if let app { return app }
        if let building { return try await building.value }
        let make = build
        let task = Task.detached(priority: .userInitiated) { try make() }
        building = task
        defer { building = nil }
        let built = try await task.value
        app = built
        return built
    }

    /// Starts building now (from the app's `init`), so the first screen rarely waits. A
    /// failure is not lost: the first screen's own `memberApp()` builds again and shows it.
    public nonisolated func warmUp() {
        Task { _ = try? await memberApp() }
    }

    private static func dataDirectory() throws -> URL {
        var dir = try FileManager.default
            .url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
            .appendingPathComponent("tamaru", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try dir.setResourceValues(values)
        return dir
    }
}
