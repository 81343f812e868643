import Foundation
import Observation
import Tamaru
import TamaruKit

/// Sign-up. Every keystroke asks the core: the login-ID check, the password checklist (one
/// tick per rule of this program's policy) and the full password check (which names each
/// offending character). These are pure, offline rule calls of a few microseconds, so they
/// run right here; the app itself knows no rule.
@MainActor
@Observable
public final class SignUpModel {
    public var loginId = "" { didSet { checkLoginId() } }
    public var password = "" { didSet { checkPassword() } }
    public var email = "" { didSet { checkEmail() } }
    /// The program also takes web IDs (profile data), so an address is asked for apart.
    public private(set) var asksEmail = false
    public private(set) var loginIdCheck: LoginIdCheck?
    public private(set) var checklist: [PasswordRuleStatus] = []
    public private(set) var passwordCheck: PasswordCheck?
    /// The core's check of the optional address (the same rules as an e-mail login ID; edge
    /// spaces are named, not cut), none while the field is empty.
    public private(set) var emailCheck: LoginIdCheck?
    public private(set) var busy = false
    public private(set) var error: TamaruError?
    public private(set) var signedUp = false

    private let core: TamaruCore
    private var app: MemberApp?
    private var profile: Profile?

    public init(core: TamaruCore) {
        self.core = core
    }

    /// The core's verdicts, not the app's: both checks say `valid`.
    public var canSubmit: Bool {
        !busy && loginIdCheck?.valid == true && passwordCheck?.valid == true && (email.isEmpty || emailCheck?.valid == true)
    }

    public func load() async {
        let core = self.core
        switch await coreCall({ try await core.memberApp() }) {
        case .success(let app):
            self.app = app
            let profile = app.profile()
            self.profile = profile
            asksEmail = profile.login.idKinds.contains(.webId)
            checklist = app.account().passwordChecklist(password: password)
        case .failure(let error):
            self.error = error
        }
    }

    public func submit() async {
        guard canSubmit, let app else { return }
        busy = true
        error = nil
        let (id, pw, mail) = (loginId, password, email)
        let result = await coreCall { try await app.account().signUp(loginId: id, password: pw, email: mail.isEmpty ? nil : mail) }
        busy = false
        switch result {
        case .success: signedUp = true
        case .failure(let error): self.error = error
        }
    }

    private func checkLoginId() {
        error = nil
        guard let app, !loginId.isEmpty else { loginIdCheck = nil; return }
        loginIdCheck = app.account().checkLoginId(loginId: loginId)
    }

    private func checkPassword() {
        error = nil
        guard let app else { return }
        checklist = app.account().passwordChecklist(password: password)
        passwordCheck = password.isEmpty ? nil : app.account().checkPassword(password: password)
    }

    private func checkEmail() {
        error = nil
        guard let app, !email.isEmpty else { emailCheck = nil; return }
        emailCheck = app.mail().checkEmail(address: email)
    }
}
