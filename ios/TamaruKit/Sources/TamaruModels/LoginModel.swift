import Foundation
import Observation
import Tamaru
import TamaruKit

/// Log-in, also the way in on a new phone. A refusal is kept as the core's typed error and
/// shown with the core's sentence: wrong password with the attempts left, a lockout with the
/// time to try again, an unknown account, no connection.
@MainActor
@Observable
public final class LoginModel {
    public var loginId = "" { didSet { error = nil } }
    public var password = "" { didSet { error = nil } }
    public private(set) var busy = false
    public private(set) var error: TamaruError?
    public private(set) var loggedIn = false

    private let core: TamaruCore

    public init(core: TamaruCore) {
        self.core = core
    }

    public var canSubmit: Bool { !busy && !loginId.trimmingCharacters(in: .whitespaces).isEmpty && !password.isEmpty }

    public func submit() async {
        guard canSubmit else { return }
        busy = true
        let (core, id, pw) = (self.core, loginId, password)
        let result = await coreCall { try await core.memberApp().account().logIn(loginId: id, password: pw) }
        busy = false
        switch result {
        case .success:
            loggedIn = true
        case .failure(let error):
            password = ""
            self.error = error
        }
    }
}
