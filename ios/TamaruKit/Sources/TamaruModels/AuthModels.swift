import Foundation
import Observation
import Tamaru

// The screens before a member is signed in. Each model is its core screen object's state on
// the main actor plus one forwarding method per action: no check, no sentence, no decision.

/// First launch, returning member, signed out elsewhere (the core's choice).
public final class EntryModel: ScreenModel<EntryState> {
    private let screen: EntryScreen

    public init(app: MemberApp) {
        let screen = app.entryScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func retry() { act { screen.retry() } }
    public func choose(_ choice: EntryChoice) { act { screen.choose(choice: choice) } }
}

/// Sign-up with the live password checklist.
public final class SignUpModel: ScreenModel<SignUpState> {
    private let screen: SignUpScreen

    public init(app: MemberApp) {
        let screen = app.signUpScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func setLoginId(_ text: String) { act { screen.setLoginId(text: text) } }
    public func setPassword(_ text: String) { act { screen.setPassword(text: text) } }
    public func setEmail(_ text: String) { act { screen.setEmail(text: text) } }
    public func submit() async { await act { await screen.submit() } }
}

/// Log-in, and the same screen on a new phone ("I changed phones").
public final class LogInModel: ScreenModel<LogInState> {
    private let screen: LogInScreen

    public init(app: MemberApp, changedPhones: Bool) {
        let screen = app.logInScreen(changedPhones: changedPhones)
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func setLoginId(_ text: String) { act { screen.setLoginId(text: text) } }
    public func setPassword(_ text: String) { act { screen.setPassword(text: text) } }
    public func submit() async { await act { await screen.submit() } }
    public func forgotPassword() { act { screen.forgotPassword() } }
    public func goOn() { act { screen.goOn() } }
}

/// A forgotten password, reset by a mailed code.
public final class PasswordResetModel: ScreenModel<PasswordResetState> {
    private let screen: PasswordResetScreen

    public init(app: MemberApp) {
        let screen = app.passwordResetScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func setLoginId(_ text: String) { act { screen.setLoginId(text: text) } }
    public func setCode(_ text: String) { act { screen.setCode(text: text) } }
    public func setNewPassword(_ text: String) { act { screen.setNewPassword(text: text) } }
    public func request() async { await act { await screen.request() } }
    public func confirm() async { await act { await screen.confirm() } }
}
