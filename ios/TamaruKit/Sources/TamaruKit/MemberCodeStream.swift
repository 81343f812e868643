import Foundation
import Tamaru

public extension MemberCodeSession {
    /// The member-code screen's states: the code now, then each replacement on time, or no
    /// code and the core's reason. Ending the stream cancels the core's subscription.
    func states() -> AsyncStream<MemberCodeState> {
        listenerStream { yield in
            let subscription = try await self.subscribe(listener: ForwardingListener(yield: yield))
            return { subscription.cancel() }
        }
    }
}

private final class ForwardingListener: MemberCodeListener {
    private let yield: @Sendable (MemberCodeState) -> Void

    init(yield: @escaping @Sendable (MemberCodeState) -> Void) {
        self.yield = yield
    }

    func onCode(code: MemberCodeView) {
        yield(.ready(code: code))
    }

    func onUnavailable(unavailable: MemberCodeUnavailable) {
        yield(.unavailable(unavailable: unavailable))
    }
}
