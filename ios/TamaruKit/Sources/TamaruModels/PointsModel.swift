import Foundation
import Observation
import Tamaru
import TamaruKit

/// Balance and recent history, shown at once from the core's on-device cache (offline too),
/// then brought up to date. Expiry dates, "expiring soon" and the breakdown are the core's.
@MainActor
@Observable
public final class PointsModel {
    /// None until the first sync on this install (the core's `PointsNotSynced`).
    public private(set) var balance: PointBalance?
    public private(set) var history: [PointEntry] = []
    public private(set) var lastSynced: String?
    public private(set) var refreshing = false
    public private(set) var error: TamaruError?

    private let core: TamaruCore
    private var points: Points?

    public init(core: TamaruCore) {
        self.core = core
    }

    public func load() async {
        let core = self.core
        switch await coreCall({ try await core.memberApp().points() }) {
        case .success(let points):
            self.points = points
            await loadCache(points)
            await refresh()
        case .failure(let error):
            self.error = error
        }
    }

    public func refresh() async {
        guard let points else { return }
        refreshing = true
        let result = await coreCall { try await points.refresh() }
        refreshing = false
        if case .failure(let error) = result { self.error = error } else { error = nil }
        await loadCache(points)
    }

    private func loadCache(_ points: Points) async {
        if case .success(let balance) = await coreCall({ try await offMain { try points.balance() } }) {
            self.balance = balance
        }
        let query = HistoryQuery(kinds: [], from: nil, to: nil, cursor: nil, limit: 30)
        if case .success(let page) = await coreCall({ try await offMain { try points.history(query: query) } }) {
            history = page.entries
            lastSynced = page.lastSynced.isEmpty ? nil : page.lastSynced
        }
    }
}
