import Foundation
import Observation
import Tamaru

// The settings tab and the screens its menu opens.

/// The newsletter and postal-mail switches.
public final class MailSettingsModel: ScreenModel<MailSettingsState> {
    private let screen: MailSettingsScreen

    public init(app: MemberApp) {
        let screen = app.mailSettingsScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func refresh() async { await act { await screen.refresh() } }
    public func set(_ setting: MailSetting, on: Bool) async { await act { await screen.set(setting: setting, on: on) } }
    public func openEmailChange() { act { screen.openEmailChange() } }
    public func openDeliveryHelp() { act { screen.openDeliveryHelp() } }
}

/// Changing the e-mail address by a code sent to the new one.
public final class EmailChangeModel: ScreenModel<EmailChangeState> {
    private let screen: EmailChangeScreen

    public init(app: MemberApp) {
        let screen = app.emailChangeScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func resume() async { await act { await screen.resume() } }
    public func setEmail(_ text: String) { act { screen.setEmail(text: text) } }
    public func setCode(_ text: String) { act { screen.setCode(text: text) } }
    public func request() async { await act { await screen.request() } }
    public func confirm() async { await act { await screen.confirm() } }
}

/// "Mail does not arrive".
public final class DeliveryHelpModel: ScreenModel<DeliveryHelpState> {
    private let screen: DeliveryHelpScreen

    public init(app: MemberApp) {
        let screen = app.deliveryHelpScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func load() async { await act { await screen.load() } }
    /// An item's `action`.
    public func perform(_ action: DeliveryAction) async { await act { await screen.act(action: action) } }
}

/// Changing the password while signed in.
public final class PasswordChangeModel: ScreenModel<PasswordChangeState> {
    private let screen: PasswordChangeScreen

    public init(app: MemberApp) {
        let screen = app.passwordChangeScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func setCurrent(_ text: String) { act { screen.setCurrent(text: text) } }
    public func setNewPassword(_ text: String) { act { screen.setNewPassword(text: text) } }
    public func submit() async { await act { await screen.submit() } }
}

/// Withdrawal: preview, blockers, confirmation, password.
public final class WithdrawalModel: ScreenModel<WithdrawalState> {
    private let screen: WithdrawalScreen

    public init(app: MemberApp) {
        let screen = app.withdrawalScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func load() async { await act { await screen.load() } }
    public func setUnderstood(_ understood: Bool) { act { screen.setUnderstood(understood: understood) } }
    public func setPassword(_ text: String) { act { screen.setPassword(text: text) } }
    public func withdraw() async { await act { await screen.withdraw() } }
}

/// Merging another point account into this one.
public final class CardMergeModel: ScreenModel<CardMergeState> {
    private let screen: CardMergeScreen

    public init(app: MemberApp) {
        let screen = app.cardMergeScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func chooseType(_ id: String) { act { screen.chooseType(cardType: id) } }
    public func setNumber(_ text: String) { act { screen.setNumber(text: text) } }
    public func setName(_ text: String) { act { screen.setName(text: text) } }
    /// `YYYY-MM-DD` from the date picker.
    public func setBirthDate(_ text: String) { act { screen.setBirthDate(text: text) } }
    public func submit() async { await act { await screen.submit() } }
}

/// Family sharing: create, invite, join, accept, send, leave.
public final class FamilyModel: ScreenModel<FamilyState> {
    private let screen: FamilyScreen

    public init(app: MemberApp) {
        let screen = app.familyScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func load() async { await act { await screen.load() } }
    public func create() async { await act { await screen.create() } }
    public func setJoinCode(_ text: String) { act { screen.setJoinCode(text: text) } }
    public func join() async { await act { await screen.join() } }
    public func accept(_ invitationId: String) async { await act { await screen.accept(invitationId: invitationId) } }
    public func setInviteLoginId(_ text: String) { act { screen.setInviteLoginId(text: text) } }
    public func invite() async { await act { await screen.invite() } }
    public func chooseRecipient(_ memberId: String) { act { screen.chooseRecipient(memberId: memberId) } }
    public func setPoints(_ text: String) { act { screen.setPoints(text: text) } }
    public func send() async { await act { await screen.send() } }
    public func leave() async { await act { await screen.leave() } }
}
