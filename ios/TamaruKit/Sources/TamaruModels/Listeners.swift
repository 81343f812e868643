import Tamaru

// One feed type serves every screen: it is that screen's listener when its state is that
// screen's state record. The core calls `onState` on its own threads.

extension StateFeed: EntryListener where State == EntryState {
    public func onState(state: EntryState) { deliver(state) }
}

extension StateFeed: SignUpListener where State == SignUpState {
    public func onState(state: SignUpState) { deliver(state) }
}

extension StateFeed: LogInListener where State == LogInState {
    public func onState(state: LogInState) { deliver(state) }
}

extension StateFeed: HomeListener where State == HomeState {
    public func onState(state: HomeState) { deliver(state) }
}

extension StateFeed: CardsListener where State == CardsState {
    public func onState(state: CardsState) { deliver(state) }
}

extension StateFeed: CardRegistrationListener where State == CardRegistrationState {
    public func onState(state: CardRegistrationState) { deliver(state) }
}

extension StateFeed: MemberCodeScreenListener where State == MemberCodeScreenState {
    public func onState(state: MemberCodeScreenState) { deliver(state) }
}

extension StateFeed: PointsListener where State == PointsState {
    public func onState(state: PointsState) { deliver(state) }
}

extension StateFeed: MailSettingsListener where State == MailSettingsState {
    public func onState(state: MailSettingsState) { deliver(state) }
}

extension StateFeed: EmailChangeListener where State == EmailChangeState {
    public func onState(state: EmailChangeState) { deliver(state) }
}

extension StateFeed: DeliveryHelpListener where State == DeliveryHelpState {
    public func onState(state: DeliveryHelpState) { deliver(state) }
}

extension StateFeed: PasswordChangeListener where State == PasswordChangeState {
    public func onState(state: PasswordChangeState) { deliver(state) }
}

extension StateFeed: PasswordResetListener where State == PasswordResetState {
    public func onState(state: PasswordResetState) { deliver(state) }
}

extension StateFeed: WithdrawalListener where State == WithdrawalState {
    public func onState(state: WithdrawalState) { deliver(state) }
}

extension StateFeed: CardMergeListener where State == CardMergeState {
    public func onState(state: CardMergeState) { deliver(state) }
}

extension StateFeed: FamilyListener where State == FamilyState {
    public func onState(state: FamilyState) { deliver(state) }
}
