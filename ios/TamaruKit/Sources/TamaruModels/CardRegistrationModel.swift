import Foundation
import Observation
import Tamaru
import TamaruKit

/// Registering a card. Which questions appear (PIN, member registration) comes from the card
/// type in the program's profile; the core pre-checks every keystroke (full-width digits and
/// hyphens are fine, it normalises them) and names each problem. One registration attempt is
/// kept while the input is unchanged, so a retry after a lost answer never registers twice.
@MainActor
@Observable
public final class CardRegistrationModel {
    public private(set) var types: [CardTypeRule] = []
    public var type: CardTypeRule? { didSet { if oldValue?.id != type?.id { hasPin = nil; pin = ""; memberRegistered = nil }; edited() } }
    public var number = "" { didSet { edited() } }
    public var hasPin: Bool? { didSet { edited() } }
    public var pin = "" { didSet { edited() } }
    public var memberRegistered: Bool? { didSet { edited() } }
    /// The core's offline pre-check of what is typed now.
    public private(set) var problems: [CardInputError] = []
    public private(set) var busy = false
    public private(set) var error: TamaruError?
    public private(set) var registered: RegisteredCard?

    private let core: TamaruCore
    private var cards: Cards?
    private var attempt: CardRegistration?

    public init(core: TamaruCore) {
        self.core = core
    }

    public var asksPin: Bool { type?.pin == .memberStates }
    public var asksMemberRegistered: Bool { type?.asksMemberRegistered == true }
    public var canSubmit: Bool { !busy && type != nil && !number.isEmpty && problems.isEmpty }

    public func load() async {
        let core = self.core
        switch await coreCall({ () async throws -> (Cards, [CardTypeRule]) in
            let app = try await core.memberApp()
            return (app.cards(), app.profile().cards.types)
        }) {
        case .success(let (cards, types)):
            self.cards = cards
            self.types = types
            if types.count == 1 { type = types[0] }
        case .failure(let error):
            self.error = error
        }
    }

    public func submit() async {
        guard canSubmit, let cards, let input = input() else { return }
        busy = true
        error = nil
        let existing = attempt
        let result = await coreCall { () async throws -> (CardRegistration, RegisteredCard) in
            let attempt = try existing ?? cards.prepareRegistration(input: input)
            return (attempt, try await attempt.submit())
        }
        busy = false
        switch result {
        case .success(let (attempt, card)):
            self.attempt = attempt
            registered = card
        case .failure(let error):
            self.error = error
        }
    }

    /// Any change of input is a new attempt; the live check runs on what is typed now.
    private func edited() {
        attempt = nil
        error = nil
        guard let cards, let input = input(), !number.isEmpty else { problems = []; return }
        problems = cards.check(input: input)
    }

    private func input() -> CardInput? {
        guard let type else { return nil }
        return CardInput(
            cardType: type.id,
            number: number,
            hasPin: asksPin ? hasPin : nil,
            pin: pin.isEmpty ? nil : pin,
            memberRegistered: asksMemberRegistered ? memberRegistered : nil
        )
    }
}
