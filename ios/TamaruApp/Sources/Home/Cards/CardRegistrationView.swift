import SwiftUI
import Tamaru
import TamaruKit
import TamaruModels

/// The card registration form; every question and every refusal text comes from the core.
struct CardRegistrationView: View {
    @State private var model: CardRegistrationModel
    @Environment(AppRouter.self) private var router
    @Environment(\.locale) private var locale
    @Environment(\.dismiss) private var dismiss

    init(core: TamaruCore) {
        _model = State(initialValue: CardRegistrationModel(core: core))
    }

    var body: some View {
        let lang = coreLanguage(locale)
        Form {
            if model.types.count > 1 {
                Picker("cards.type", selection: $model.type) {
                    ForEach(model.types, id: \.id) { type in
                        Text(type.displayName(lang)).tag(Optional(type))
                    }
                }
            }
            Section {
                TextField("field.cardNumber", text: $model.number)
                    .keyboardType(.numberPad)
                    .font(.body.monospaced())
                if !model.problems.isEmpty {
                    Text(model.problems.text(lang)).font(.footnote).foregroundStyle(.red)
                }
            }
            if model.asksPin {
                Section {
                    YesNoPicker(question: "cards.hasPin", answer: $model.hasPin)
                    if model.hasPin == true {
                        SecureField("field.pin", text: $model.pin).keyboardType(.numberPad)
                    }
                }
            }
            if model.asksMemberRegistered {
                Section { YesNoPicker(question: "cards.memberRegistered", answer: $model.memberRegistered) }
            }
            if let error = model.error {
                Section { CoreErrorText(error: error) }
            }
            Section {
                Button {
                    Task { await model.submit() }
                } label: {
                    if model.busy { ProgressView() } else { Text("action.register") }
                }
                .disabled(!model.canSubmit)
            }
        }
        .navigationTitle(Text("cards.register"))
        .task { await model.load() }
        .onChange(of: model.registered) { _, card in
            if card != nil { dismiss() }
        }
        .onChange(of: model.error) { _, error in router.handle(error) }
    }
}

/// A question the member answers yes or no; unanswered until they choose.
private struct YesNoPicker: View {
    let question: LocalizedStringKey
    @Binding var answer: Bool?

    var body: some View {
        Picker(question, selection: $answer) {
            Text("answer.yes").tag(Optional(true))
            Text("answer.no").tag(Optional(false))
        }
        .pickerStyle(.segmented)
    }
}
