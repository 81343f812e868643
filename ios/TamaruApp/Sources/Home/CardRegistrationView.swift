import SwiftUI
import Tamaru
import TamaruModels

/// Registering a card: the type (where the program has several), the number checked as the
/// member types, and the questions the type asks (PIN, member at the shop).
struct CardRegistrationView: View {
    @State private var model: CardRegistrationModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: CardRegistrationModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            Section {
                OptionsView(label: nil, options: state.types) { model.chooseType($0.id) }
            }
            if let number = state.number {
                Section {
                    CoreTextField(field: number) { model.setNumber($0) }
                        .keyboardType(.numberPad)
                }
            }
            if let question = state.hasPin {
                Section {
                    OptionsView(label: question.label, options: question.options) { model.answerHasPin($0) }
                    FieldProblems(problems: question.problems)
                    if let pin = state.pin {
                        CoreSecretField(field: pin) { model.setPin($0) }
                            .keyboardType(.numberPad)
                    }
                }
            }
            if let question = state.memberRegistered {
                Section {
                    OptionsView(label: question.label, options: question.options) { model.answerMemberRegistered($0) }
                    FieldProblems(problems: question.problems)
                }
            }
            Section {
                ProblemText(problem: state.error)
                if let registered = state.registered { Text(registered) }
                CoreButton(button: state.submit, busy: state.busy) { await model.submit() }
            }
        }
        .navigationTitle(state.title)
        .following(state.navigate, in: router)
    }
}
