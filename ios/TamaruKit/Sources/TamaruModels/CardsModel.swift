import Foundation
import Observation
import Tamaru
import TamaruKit

/// The member's cards: the on-device list at once, then a refresh whose notices (a reissued
/// card's new number, a lapsed membership and whom to contact) come with the core's texts.
/// There is no "remove": a registered card cannot be removed (SPEC §4.4).
@MainActor
@Observable
public final class CardsModel {
    public private(set) var cards: [Card] = []
    public private(set) var types: [CardTypeRule] = []
    public private(set) var notices: [CardNotice] = []
    public private(set) var syncedAt: String?
    public private(set) var error: TamaruError?

    private let core: TamaruCore
    private var service: Cards?

    public init(core: TamaruCore) {
        self.core = core
    }

    public func load() async {
        let core = self.core
        switch await coreCall({ () async throws -> (Cards, [CardTypeRule]) in
            let app = try await core.memberApp()
            return (app.cards(), app.profile().cards.types)
        }) {
        case .success(let (service, types)):
            self.service = service
            self.types = types
            await reload()
            await refresh()
        case .failure(let error):
            self.error = error
        }
    }

    /// The on-device list (after a registration, for instance).
    public func reload() async {
        guard let service else { return }
        switch await coreCall({ try await offMain { try service.list() } }) {
        case .success(let list):
            cards = list.cards
            syncedAt = list.syncedAt
        case .failure(let error):
            self.error = error
        }
    }

    public func refresh() async {
        guard let service else { return }
        switch await coreCall({ try await service.refresh() }) {
        case .success(let refreshed):
            cards = refreshed.cards
            notices = refreshed.notices
            syncedAt = refreshed.syncedAt
            error = nil
        case .failure(let error):
            self.error = error
        }
    }

    public func dismiss(_ notice: CardNotice) {
        notices.removeAll { $0 == notice }
    }

    public func typeName(of card: Card, _ lang: Language) -> String {
        types.first { $0.id == card.cardType }?.displayName(lang) ?? card.cardType
    }
}
