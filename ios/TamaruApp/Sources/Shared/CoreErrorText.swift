import SwiftUI
import Tamaru
import TamaruKit

/// The core's sentence for an error, in the app's language (a lockout says when to retry).
struct CoreErrorText: View {
    let error: TamaruError
    @Environment(\.locale) private var locale

    var body: some View {
        Text(error.text(CoreText.language(for: locale)))
            .foregroundStyle(.red)
    }
}

extension View {
    /// The language (`ja`/`en`) to pick the core's texts in, from the view's locale.
    func coreLanguage(_ locale: Locale) -> String { CoreText.language(for: locale) }
}
