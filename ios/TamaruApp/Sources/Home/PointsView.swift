import SwiftUI
import Tamaru
import TamaruModels

/// Points: balance, what expires soon, the history with the core's kind and date filters and
/// pages, and "as of" when the server could not be reached. Pull to refresh.
struct PointsView: View {
    @State private var model: PointsModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: PointsModel(app: app))
    }

    var body: some View {
        let state = model.state
        List {
            Section(state.title) {
                Text(state.balanceLabel).font(.footnote)
                if let balance = state.balance {
                    Text(balance).font(.largeTitle.bold())
                }
                if let notLoaded = state.notLoaded { Text(notLoaded) }
                if let soon = state.expiringSoon { Text(soon).foregroundStyle(.orange) }
                if let next = state.nextExpiry { Text(next).font(.footnote) }
                ForEach(state.breakdown, id: \.until) { line in
                    LabeledContent(line.until, value: line.points)
                        .foregroundStyle(line.expiringSoon ? Color.orange : Color.primary)
                }
                if let asOf = state.asOf { Text(asOf).font(.footnote).foregroundStyle(.secondary) }
                if let updated = state.updated { Text(updated).font(.footnote).foregroundStyle(.secondary) }
                ProblemText(problem: state.error)
            }
            Section {
                ScrollView(.horizontal) {
                    OptionsView(label: nil, options: state.kinds) { model.toggleKind($0) }
                }
                dateFilter(state.from) { model.setDates(from: $0, to: model.state.to.value) }
                dateFilter(state.to) { model.setDates(from: model.state.from.value, to: $0) }
                if let problem = state.filterProblem { Text(problem).foregroundStyle(.red) }
                CoreButton(button: state.clearFilters) { model.clearFilters() }
            }
            Section {
                ForEach(state.history, id: \.id) { row in
                    VStack(alignment: .leading) {
                        HStack {
                            Text(row.kindLabel).font(.footnote)
                            Spacer()
                            Text(row.points).foregroundStyle(row.credit ? Color.green : Color.primary)
                        }
                        Text(row.text)
                        HStack {
                            Text(row.date)
                            if let store = row.store { Text(store) }
                        }
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                    }
                }
                if let empty = state.historyEmpty { Text(empty) }
                if state.loadMore.enabled {
                    CoreButton(button: state.loadMore) { model.loadMore() }
                }
            }
        }
        .refreshable { await model.refresh() }
        .task { await model.refresh() }
        .following(state.navigate, in: router)
    }

    /// A date filter: the core's label and the date as members read it ("Any" when not
    /// set); the picker hands the core `YYYY-MM-DD`.
    private func dateFilter(_ filter: DateFilterView, set: @escaping (String) -> Void) -> some View {
        VStack(alignment: .leading) {
            LabeledContent(filter.label, value: filter.text)
            DatePicker(
                filter.label,
                selection: Binding(get: { PickerDay.date(filter.value) ?? Date() }, set: { set(PickerDay.string($0)) }),
                displayedComponents: .date
            )
            .labelsHidden()
        }
    }
}
