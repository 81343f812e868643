import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

struct BarcodeTab: View {
    @State private var model: BarcodeModel
    @Environment(AppRouter.self) private var router
    @Environment(\.locale) private var locale
    @Environment(\.displayScale) private var displayScale

    init(core: TamaruCore) {
        _model = State(initialValue: BarcodeModel(core: core))
    }

    var body: some View {
        let lang = coreLanguage(locale)
        VStack(spacing: 12) {
            GeometryReader { geometry in
                Color.clear.onAppear { model.setWidth(pixels: Int(geometry.size.width * displayScale)) }
            }
            .frame(height: 1)

            if let png = model.png, let image = UIImage(data: png, scale: displayScale) {
                // Pixel for pixel: rendered for this width with whole-pixel modules, so no
                // smoothing (a blurred edge is what makes tills misread).
                Image(uiImage: image)
                    .interpolation(.none)
                    .accessibilityLabel(Text(spokenLabel(lang)))
            }
            switch model.code {
            case .ready(let code):
                Text(code.grouped).font(.title2.monospaced())
                Text("code.secondsLeft \(Int(model.secondsLeft))")
            case .unavailable(let unavailable):
                Text(unavailable.text(lang))
                if let card = unavailable.staticCard {
                    Text(card.grouped).font(.title3.monospaced())
                }
                Button("action.retry") { Task { await model.refresh() } }
            case nil:
                ProgressView()
            }
            if let error = model.error { CoreErrorText(error: error) }
            Spacer()
        }
        .padding(24)
        .task { await model.run() }
        .onChange(of: model.error) { _, error in router.handle(error) }
    }

    private func spokenLabel(_ lang: String) -> String {
        switch model.code {
        case .ready(let code): return code.spoken(lang)
        case .unavailable(let unavailable): return unavailable.staticCard?.spoken(lang) ?? ""
        case nil: return ""
        }
    }
}
