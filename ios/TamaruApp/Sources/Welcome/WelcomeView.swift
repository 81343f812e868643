import SwiftUI

/// A new install (the core's FirstLaunch). A new phone needs no step on the old one: the
/// member picks the second button and logs in, and the core restores the rest (SPEC §3).
struct WelcomeView: View {
    var body: some View {
        VStack(spacing: 16) {
            Spacer()
            Text("welcome.title").font(.largeTitle)
            NavigationLink(value: RootView.AuthStep.signUp) {
                Text("welcome.signUp").frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
            NavigationLink(value: RootView.AuthStep.login) {
                Text("welcome.haveAccount").multilineTextAlignment(.center).frame(maxWidth: .infinity)
            }
            .buttonStyle(.bordered)
            Spacer()
        }
        .padding(24)
    }
}
