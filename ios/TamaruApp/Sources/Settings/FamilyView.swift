import SwiftUI
import Tamaru
import TamaruModels

/// Family sharing: the group and its members, invitations to accept, creating or joining a
/// group, inviting (the creator), sending points, leaving.
struct FamilyView: View {
    @State private var model: FamilyModel
    @Environment(AppRouter.self) private var router

    init(app: MemberApp) {
        _model = State(initialValue: FamilyModel(app: app))
    }

    var body: some View {
        let state = model.state
        Form {
            if let notOffered = state.notOffered {
                Text(notOffered)
            } else {
                Section {
                    ForEach(state.members, id: \.memberId) { member in
                        LabeledContent(member.loginId, value: member.role)
                            .bold(member.isMe)
                    }
                    if let capacity = state.capacity { Text(capacity).font(.footnote) }
                    if let code = state.inviteCode { Text(code).monospaced().textSelection(.enabled) }
                }
                ForEach(state.invitations, id: \.id) { invitation in
                    Section {
                        Text(invitation.text)
                        CoreButton(button: invitation.accept, busy: state.busy) { await model.accept(invitation.id) }
                    }
                }
                if let create = state.create {
                    Section { CoreButton(button: create, busy: state.busy) { await model.create() } }
                }
                if let code = state.joinCode, let join = state.join {
                    Section {
                        CoreTextField(field: code) { model.setJoinCode($0) }
                        CoreButton(button: join, busy: state.busy) { await model.join() }
                    }
                }
                if let loginId = state.inviteLoginId, let invite = state.invite {
                    Section {
                        CoreTextField(field: loginId) { model.setInviteLoginId($0) }
                        CoreButton(button: invite, busy: state.busy) { await model.invite() }
                    }
                }
                if let points = state.sendPoints, let send = state.send {
                    Section {
                        OptionsView(label: nil, options: state.recipients) { model.chooseRecipient($0.id) }
                        CoreTextField(field: points) { model.setPoints($0) }
                            .keyboardType(.numberPad)
                        CoreButton(button: send, busy: state.busy) { await model.send() }
                    }
                }
                if let leave = state.leave {
                    Section {
                        CoreButton(button: leave, busy: state.busy) { await model.leave() }
                            .foregroundStyle(.red)
                    }
                }
            }
            Section {
                if let notice = state.notice { Text(notice) }
                ProblemText(problem: state.error)
            }
        }
        .navigationTitle(state.title)
        .task { await model.load() }
        .following(state.navigate, in: router)
    }
}
