import Foundation
import SwiftUI
import Tamaru
import TamaruModels

// The small pieces every screen is drawn with, one per piece of the core's state records
// (ButtonView, FieldView, SecretFieldView, ProblemView, the checklist). They draw what the
// core decided and worded, and hand what the member does back as a closure.

/// A problem the core worded (a refusal, a failure).
struct ProblemText: View {
    let problem: ProblemView?

    var body: some View {
        if let problem {
            Text(problem.text).foregroundStyle(.red)
        }
    }
}

/// The problems of one field, under it.
struct FieldProblems: View {
    let problems: [String]

    var body: some View {
        ForEach(problems, id: \.self) { problem in
            Text(problem).font(.footnote).foregroundStyle(.red)
        }
    }
}

/// A text field showing the core's value; each keystroke goes to the core.
struct CoreTextField: View {
    let field: FieldView
    let onChange: (String) -> Void

    var body: some View {
        TextField(field.label, text: Binding(get: { field.value }, set: onChange))
            .textInputAutocapitalization(.never)
            .autocorrectionDisabled()
        FieldProblems(problems: field.problems)
    }
}

/// A password or PIN field. The core never hands a secret back in a state, so the typed text
/// stays in the field; each change goes to the core, which checks it.
struct CoreSecretField: View {
    let field: SecretFieldView
    let onChange: (String) -> Void
    @State private var text = ""

    var body: some View {
        SecureField(field.label, text: $text)
            .onChange(of: text) { _, typed in onChange(typed) }
            .onChange(of: field.filled) { _, filled in
                if !filled { text = "" }
            }
        FieldProblems(problems: field.problems)
    }
}

/// The live password checklist: every rule of the program, ticked as the member types.
struct ChecklistView: View {
    let items: [ChecklistItem]

    var body: some View {
        ForEach(items, id: \.label) { item in
            Label(item.label, systemImage: item.met ? "checkmark.circle.fill" : "circle")
                .foregroundStyle(item.met ? Color.green : Color.secondary)
                .font(.footnote)
        }
    }
}

/// A button as the core says: its label, and whether it can be pressed now.
struct CoreButton: View {
    let button: ButtonView
    var busy = false
    let action: () async -> Void

    var body: some View {
        Button {
            Task { await action() }
        } label: {
            if busy { ProgressView() } else { Text(button.label) }
        }
        .disabled(!button.enabled || busy)
    }
}

/// A question with the core's options (yes/no, a card type, a filter).
struct OptionsView: View {
    let label: String?
    let options: [OptionView]
    let choose: (OptionView) -> Void

    var body: some View {
        if let label { Text(label) }
        HStack {
            ForEach(options, id: \.id) { option in
                Button {
                    choose(option)
                } label: {
                    Label(option.label, systemImage: option.chosen ? "largecircle.fill.circle" : "circle")
                }
                .buttonStyle(.bordered)
            }
        }
    }
}

extension View {
    /// Goes where the core's `navigate` says, as soon as it says it (also when the screen
    /// opens with it already set, as the entry screen of a signed-in member does).
    func following(_ destination: Destination?, in router: AppRouter) -> some View {
        onChange(of: destination, initial: true) { _, to in router.follow(to) }
    }
}

/// The `YYYY-MM-DD` a date picker hands the core (in Japan, the day the core counts in). Only
/// the wire format of the picker: the core reads, checks and words every date.
enum PickerDay {
    static func string(_ date: Date) -> String { format.string(from: date) }
    static func date(_ day: String?) -> Date? { day.flatMap { format.date(from: $0) } }

    private static let format: DateFormatter = {
        let format = DateFormatter()
        format.calendar = Calendar(identifier: .gregorian)
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "Asia/Tokyo")
        format.dateFormat = "yyyy-MM-dd"
        return format
    }()
}
