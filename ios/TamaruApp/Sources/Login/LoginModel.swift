import Foundation
import Tamaru
import TamaruKit

/// Log-in, also the way in on a new phone. A refusal is kept as the core's typed error and
/// shown with the core's sentence: wrong password with the attempts left, a lockout with the
/// time to try again, an unknown account, no connection.
@MainActor
final class LoginModel: ObservableObject {
    @Published var loginId = "" { didSet { error = nil } }
    @Published var password = "" { didSet { error = nil } }
    @Published private(set) var busy = false
    @Published private(set) var error: TamaruError?
    @Published private(set) var loggedIn = false

    private let core: TamaruCore

    init(core: TamaruCore) {
        self.core = core
    }

    var canSubmit: Bool { !busy && !loginId.trimmingCharacters(in: .whitespaces).isEmpty && !password.isEmpty }

    func submit() async {
        guard canSubmit else { return }
        busy = true
        let (core, id, pw) = (self.core, loginId, password)
        let result = await coreCall { try await core.memberApp().logIn(loginId: id, password: pw) }
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
