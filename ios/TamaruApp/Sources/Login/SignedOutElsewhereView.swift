import SwiftUI
import Tamaru
import TamaruKit

/// This phone was signed out because another one signed in beyond the program's device cap.
/// The explanation is the core's own text for that error, so both apps say the same thing.
struct SignedOutElsewhereView: View {
    @Environment(\.locale) private var locale

    var body: some View {
        VStack(alignment: .leading, spacing: 16) {
            Text("signedOutElsewhere.title").font(.title2)
            Text(TamaruError.SignedInElsewhere.text(coreLanguage(locale)))
            NavigationLink(value: RootView.AuthStep.login) {
                Text("action.logIn").frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
        }
        .padding(24)
    }
}
