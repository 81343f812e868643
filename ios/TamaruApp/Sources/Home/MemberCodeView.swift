import SwiftUI
import Tamaru
import TamaruModels
import UIKit

/// The member code at the till: the core's barcode drawn pixel for pixel, its digits, the
/// countdown and why no code shows. Platform only: the screen is brightened and kept on while
/// it shows, and the code is hidden while the screen is recorded or mirrored.
struct MemberCodeView: View {
    @State private var model: MemberCodeModel
    @State private var widthPx: UInt32 = 0
    @State private var captured = false
    @State private var brightness: CGFloat?
    @Environment(\.displayScale) private var displayScale
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: MemberCodeModel(app: app))
    }

    var body: some View {
        let state = model.state
        ScrollView {
            VStack(spacing: 12) {
                Text(state.title).font(.headline)
                GeometryReader { geometry in
                    Color.clear
                        .onAppear { widthPx = UInt32(max(0, geometry.size.width * displayScale)) }
                        .onChange(of: geometry.size.width) { _, width in
                            widthPx = UInt32(max(0, width * displayScale))
                        }
                }
                .frame(height: 1)
                if captured {
                    Image(systemName: "eye.slash").font(.largeTitle).padding(40)
                } else {
                    barcode(state)
                }
                if let code = state.code {
                    Text(code.countdown).monospacedDigit()
                    Text(code.validUntil).font(.footnote)
                    if let held = code.heldOffline { Text(held).font(.footnote) }
                } else if let unavailable = state.unavailable {
                    Text(unavailable).multilineTextAlignment(.center)
                }
                if let card = state.pointCard {
                    Text(card.note).font(.footnote).multilineTextAlignment(.center)
                }
                if let next = state.nextCode {
                    CoreButton(button: next) { await model.nextCode() }
                        .buttonStyle(.borderedProminent)
                }
                ProblemText(problem: state.error)
            }
            .padding(24)
        }
        .refreshable { await model.refresh() }
        .task { await model.start() }
        .onAppear {
            captured = UIScreen.main.isCaptured
            showing(true)
        }
        .onDisappear { showing(false) }
        .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { _ in
            captured = UIScreen.main.isCaptured
        }
        .following(state.navigate, in: router)
    }

    @ViewBuilder
    private func barcode(_ state: MemberCodeScreenState) -> some View {
        // The one-time code, or the point card where no code can show.
        if let grouped = state.code?.grouped ?? state.pointCard?.grouped {
            let spoken = state.code?.spoken ?? state.pointCard?.spoken ?? grouped
            // Rendered by the core for exactly this width with whole-pixel modules: drawn
            // unscaled and unsmoothed (a blurred edge is what makes tills misread).
            if let png = model.png(widthPx: widthPx), let image = UIImage(data: png, scale: displayScale) {
                Image(uiImage: image)
                    .interpolation(.none)
                    .accessibilityLabel(Text(spoken))
            }
            Text(grouped).font(.title2.monospaced())
        }
    }

    /// Full brightness and no auto-lock while the code shows; the member's own brightness
    /// back after.
    private func showing(_ visible: Bool) {
        if visible {
            brightness = UIScreen.main.brightness
            UIScreen.main.brightness = 1
            UIApplication.shared.isIdleTimerDisabled = true
        } else {
            if let brightness { UIScreen.main.brightness = brightness }
            UIApplication.shared.isIdleTimerDisabled = false
        }
    }
}
