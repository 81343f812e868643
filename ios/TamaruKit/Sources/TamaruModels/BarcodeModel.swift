import Foundation
import Observation
import Tamaru
import TamaruKit

/// The member-code tab over the core's member-code session. The core decides everything:
/// which code shows, when it is replaced, which symbology the till takes, why there is no
/// code offline, and the pixels (PNG with whole-pixel modules and quiet zones). The app draws
/// the PNG unscaled and counts the seconds the session reports.
@MainActor
@Observable
public final class BarcodeModel {
    public private(set) var code: MemberCodeState?
    /// The core's PNG of what shows now (the code, or the registered card's barcode).
    public private(set) var png: Data?
    public private(set) var secondsLeft: UInt32 = 0
    public private(set) var error: TamaruError?

    private let core: TamaruCore
    private var session: MemberCodeSession?
    private var widthPx: UInt32 = 0

    public init(core: TamaruCore) {
        self.core = core
    }

    /// Runs while the tab shows (`.task`): the stream ends, and with it the core's
    /// subscription, when SwiftUI cancels the task.
    public func run() async {
        let core = self.core
        let session: MemberCodeSession
        switch await coreCall({ try await core.memberApp().memberCode().session() }) {
        case .success(let opened): session = opened
        case .failure(let error): self.error = error; return
        }
        self.session = session
        Task { await refresh() }
        let ticker = Task { [weak self] in
            while !Task.isCancelled {
                self?.secondsLeft = session.secondsLeft()
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        defer { ticker.cancel() }
        for await state in session.states() {
            show(state)
        }
    }

    /// The width the barcode is drawn at, in pixels; the core renders for exactly this width.
    public func setWidth(pixels: Int) {
        guard pixels > 0, UInt32(pixels) != widthPx else { return }
        widthPx = UInt32(pixels)
        if let code { show(code) }
    }

    /// Fetches codes now (server-issued programs); the listener brings the result.
    public func refresh() async {
        guard let session else { return }
        if case .failure(let error) = await coreCall({ try await session.refresh() }) {
            self.error = error
        }
    }

    private func show(_ state: MemberCodeState) {
        code = state
        if case .ready = state { error = nil }
        png = render(state)
    }

    private func render(_ state: MemberCodeState) -> Data? {
        guard let session, widthPx > 0 else { return nil }
        switch state {
        case .ready:
            return try? session.renderPng(symbology: nil, widthPx: widthPx)
        case .unavailable(let unavailable):
            guard let card = unavailable.staticCard else { return nil }
            return try? renderBarcodePng(symbology: card.symbology, data: card.cardNumber, widthPx: widthPx)
        }
    }
}
