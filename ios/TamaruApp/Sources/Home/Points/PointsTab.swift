import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

struct PointsTab: View {
    @State private var model: PointsModel
    @Environment(AppRouter.self) private var router

    init(core: TamaruCore) {
        _model = State(initialValue: PointsModel(core: core))
    }

    var body: some View {
        List {
            Section {
                if let balance = model.balance {
                    Text("points.total \(Int(balance.total))").font(.title)
                    if let next = balance.nextExpiry {
                        Text("points.nextExpiry \(Int(next.points)) \(next.expires)")
                    }
                    if balance.expiringSoon > 0 {
                        Text("points.expiringSoon \(Int(balance.expiringSoon)) \(Int(balance.expiringSoonDays))")
                            .foregroundStyle(.red)
                    }
                } else {
                    Text("points.notSynced")
                }
                if let synced = model.lastSynced {
                    Text("lastSynced \(synced)").font(.footnote)
                }
                if let error = model.error { CoreErrorText(error: error) }
            }
            Section {
                ForEach(model.history, id: \.id) { entry in
                    VStack(alignment: .leading, spacing: 2) {
                        HStack {
                            Text(entry.date).font(.footnote)
                            Spacer()
                            Text(verbatim: entry.points > 0 ? "+\(entry.points)" : "\(entry.points)").font(.headline)
                        }
                        Text(entry.text)
                        if let store = entry.store { Text(store).font(.footnote) }
                    }
                }
            }
        }
        .refreshable { await model.refresh() }
        .task { await model.load() }
        .onChange(of: model.error) { _, error in router.handle(error) }
    }
}
