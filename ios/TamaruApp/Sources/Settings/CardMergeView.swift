import SwiftUI
import Tamaru
import TamaruModels

/// Merging another point account into this one: what merging does, then the other card and
/// its holder's details.
struct CardMergeView: View {
    @State private var model: CardMergeModel
    @State private var birthDate = Date()
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: CardMergeModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section { Text(state.intro) }
            if let notOffered = state.notOffered {
                Section { Text(notOffered) }
            } else {
                Section {
                    OptionsView(label: nil, options: state.types) { model.chooseType($0.id) }
                    if let number = state.number {
                        CoreTextField(field: number) { model.setNumber($0) }
                            .keyboardType(.numberPad)
                    }
                    CoreTextField(field: state.name) { model.setName($0) }
                        .textContentType(.name)
                    // The picker hands the core `YYYY-MM-DD`; the core checks it.
                    DatePicker(state.birthDate.label, selection: $birthDate, displayedComponents: .date)
                        .onChange(of: birthDate) { _, day in model.setBirthDate(PickerDay.string(day)) }
                    FieldProblems(problems: state.birthDate.problems)
                }
                Section {
                    ProblemText(problem: state.error)
                    if let done = state.done { Text(done) }
                    CoreButton(button: state.submit, busy: state.busy) { await model.submit() }
                }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
