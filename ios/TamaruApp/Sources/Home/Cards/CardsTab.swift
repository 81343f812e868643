import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

struct CardsTab: View {
    let core: TamaruCore
    @State private var model: CardsModel
    @Environment(AppRouter.self) private var router
    @Environment(\.locale) private var locale
    @State private var registering = false

    init(core: TamaruCore) {
        self.core = core
        _model = State(initialValue: CardsModel(core: core))
    }

    var body: some View {
        let lang = coreLanguage(locale)
        List {
            Section {
                Button("cards.register") { registering = true }
                if let synced = model.syncedAt { Text("lastSynced \(synced)").font(.footnote) }
                if let error = model.error { CoreErrorText(error: error) }
            }
            if !model.notices.isEmpty {
                Section {
                    ForEach(model.notices, id: \.self) { notice in
                        VStack(alignment: .leading) {
                            Text(notice.text(lang))
                            Button("action.ok") { model.dismiss(notice) }
                        }
                    }
                }
            }
            Section {
                if model.cards.isEmpty { Text("cards.none") }
                ForEach(model.cards, id: \.id) { card in
                    VStack(alignment: .leading, spacing: 4) {
                        Text(model.typeName(of: card, lang)).font(.headline)
                        Text(card.displayNumber).font(.body.monospaced())
                        if let issuer = card.issuer { Text(issuer).font(.footnote) }
                    }
                }
            }
        }
        .navigationTitle(Text("tab.cards"))
        .refreshable { await model.refresh() }
        .task { await model.load() }
        .onChange(of: model.error) { _, error in router.handle(error) }
        .sheet(isPresented: $registering, onDismiss: { Task { await model.reload() } }) {
            NavigationStack { CardRegistrationView(core: core) }
        }
    }
}
