import Foundation
import Observation
import Tamaru
import TamaruKit

/// The account, the mail settings and log-out. Mail switches work offline: the core queues
/// the change, marks it pending and sends it later exactly once; the screen shows what it says.
@MainActor
@Observable
public final class SettingsModel {
    public private(set) var profile: Profile?
    public private(set) var account: AccountDetails?
    public private(set) var mail: MailSettingsView?
    public private(set) var error: TamaruError?
    public private(set) var loggedOut = false

    private let core: TamaruCore
    private var service: Mail?

    public init(core: TamaruCore) {
        self.core = core
    }

    public func load() async {
        let core = self.core
        let app: MemberApp
        switch await coreCall({ try await core.memberApp() }) {
        case .success(let built): app = built
        case .failure(let error): self.error = error; return
        }
        profile = app.profile()
        let service = app.mail()
        self.service = service
        if case .success(let cached) = await coreCall({ try await offMain { try service.cachedSettings() } }) {
            mail = cached
        }
        switch await coreCall({ try await app.account().details() }) {
        case .success(let account): self.account = account
        case .failure(let error): self.error = error
        }
        switch await coreCall({ try await service.settings() }) {
        case .success(let settings): mail = settings
        case .failure(let error): self.error = error
        }
    }

    public func set(_ setting: MailSetting, on: Bool) async {
        guard let service else { return }
        switch await coreCall({ try await service.set(setting: setting, on: on) }) {
        case .success(let outcome):
            mail = outcome.settings
            error = nil
        case .failure(let error):
            self.error = error
        }
    }

    public func logOut() async {
        let core = self.core
        // Log-out wipes the tokens even offline, so it ends here whatever the answer.
        _ = await coreCall { try await core.memberApp().account().logOut() }
        loggedOut = true
    }
}
