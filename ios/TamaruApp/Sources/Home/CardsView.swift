import SwiftUI
import Tamaru
import TamaruModels

/// The registered cards with their states and the core's notices; "Register a card" while
/// the program's limit allows (the core says why not). Pull to refresh.
struct CardsView: View {
    @State private var model: CardsModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: CardsModel(app: app))
    }

    var body: some View {
        let state = model.state
        List {
            Section(state.title) {
                ForEach(state.notices, id: \.id) { notice in
                    HStack(alignment: .top) {
                        Text(notice.text)
                        Spacer()
                        Button {
                            model.dismissNotice(notice.id)
                        } label: {
                            Image(systemName: "xmark")
                        }
                    }
                }
                ProblemText(problem: state.error)
                if let synced = state.synced { Text(synced).font(.footnote).foregroundStyle(.secondary) }
            }
            Section {
                ForEach(state.cards, id: \.id) { card in
                    VStack(alignment: .leading, spacing: 4) {
                        HStack {
                            Text(card.typeName).font(.headline)
                            Spacer()
                            Text(card.stateLabel).font(.footnote)
                        }
                        Text(card.number).monospaced()
                        if let expires = card.expires { Text(expires).font(.footnote) }
                        Text(card.registered).font(.footnote).foregroundStyle(.secondary)
                        if let issuer = card.issuer { Text(issuer).font(.footnote) }
                        if let note = card.linkedNote { Text(note).font(.footnote) }
                    }
                }
                if let empty = state.empty { Text(empty) }
            }
            Section {
                CoreButton(button: state.add) { model.addCard() }
                if let note = state.limitNote { Text(note).font(.footnote) }
            }
        }
        .refreshable { await model.refresh() }
        .task { await model.refresh() }
        // Back on the list (after a registration, or back from it): the core forgets where
        // it sent the member and reads the list again.
        .onAppear { model.reload() }
        .following(state.navigate, in: router)
    }
}
