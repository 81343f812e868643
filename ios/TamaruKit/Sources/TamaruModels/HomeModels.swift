import Foundation
import Observation
import Tamaru

// The home tabs of a signed-in member and the card registration they lead to.

/// The tabs, the settings menu and log-out.
public final class HomeModel: ScreenModel<HomeState> {
    private let screen: HomeScreen

    public init(app: MemberApp) {
        let screen = app.homeScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func logOut() async { await act { await screen.logOut() } }
}

/// The cards list with states and notices.
public final class CardsModel: ScreenModel<CardsState> {
    private let screen: CardsScreen

    public init(app: MemberApp) {
        let screen = app.cardsScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func refresh() async { await act { await screen.refresh() } }
    public func dismissNotice(_ id: String) { act { screen.dismissNotice(id: id) } }
    public func addCard() { act { screen.addCard() } }
    /// Back on the list after a registration.
    public func reload() { act { screen.reload() } }
}

/// Registering a card, with the core's pre-check as the member types.
public final class CardRegistrationModel: ScreenModel<CardRegistrationState> {
    private let screen: CardRegistrationScreen

    public init(app: MemberApp) {
        let screen = app.cardRegistrationScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    /// A type's `id` from `state.types`.
    public func chooseType(_ id: String) { act { screen.chooseType(cardType: id) } }
    public func setNumber(_ text: String) { act { screen.setNumber(text: text) } }
    public func setPin(_ text: String) { act { screen.setPin(text: text) } }
    /// An option of `state.hasPin` (its `id` is the core's `yes` or `no`).
    public func answerHasPin(_ option: OptionView) { act { screen.answerHasPin(yes: option.id == "yes") } }
    /// An option of `state.memberRegistered`.
    public func answerMemberRegistered(_ option: OptionView) {
        act { screen.answerMemberRegistered(yes: option.id == "yes") }
    }
    public func submit() async { await act { await screen.submit() } }
}

/// The member code: the countdown runs in the core while the model is subscribed.
public final class MemberCodeModel: ScreenModel<MemberCodeScreenState> {
    private let screen: MemberCodeScreen

    public init(app: MemberApp) {
        let screen = app.memberCodeScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: nil)
    }

    /// Subscribes (which starts the core's countdown); the view calls it when it shows.
    public func start() async {
        if isSubscribed { return }
        if let subscription = try? await screen.subscribe(listener: feed) {
            attach(subscription)
        }
    }

    public func tick() async { await act { await screen.tick() } }
    public func refresh() async { await act { await screen.refresh() } }
    public func nextCode() async { await act { await screen.nextCode() } }

    /// What shows now (the code or the point card) as a PNG exactly `widthPx` wide, with
    /// whole-pixel modules: the view draws it unscaled.
    public func png(widthPx: UInt32) -> Data? {
        guard widthPx > 0, let bytes = try? screen.renderPng(widthPx: widthPx) else { return nil }
        return bytes
    }
}

/// Points: balance, expiry, history with kind and date filters and paging.
public final class PointsModel: ScreenModel<PointsState> {
    private let screen: PointsScreen

    public init(app: MemberApp) {
        let screen = app.pointsScreen()
        self.screen = screen
        super.init(initial: screen.state(), feed: StateFeed(), subscribe: { screen.subscribe(listener: $0) })
    }

    public func refresh() async { await act { await screen.refresh() } }
    /// A kind's option from `state.kinds`.
    public func toggleKind(_ option: OptionView) { act { screen.toggleKindId(id: option.id) } }
    /// `YYYY-MM-DD` from the date pickers; nil for an open end.
    public func setDates(from: String?, to: String?) { act { screen.setDates(from: from, to: to) } }
    public func clearFilters() { act { screen.clearFilters() } }
    public func loadMore() { act { screen.loadMore() } }
}
