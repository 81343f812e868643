import Foundation
import Tamaru

/// Picks among the texts the core writes. Every member-facing sentence about a rule or an
/// error comes from the core in Japanese and English; the app only chooses which to show, so
/// the two apps never word a rule differently from each other or from the core.
public enum CoreText {
    /// Japanese for Japanese, English for everything else. Chosen once, into
    /// `AppOptions.language`; `MemberApp.errorMessage` words in it.
    public static func language(for locale: Locale = .current) -> Language {
        locale.language.languageCode?.identifier == "ja" ? .ja : .en
    }
}

public extension TamaruError {
    /// The core's sentence for this error (a lockout includes when to try again).
    func text(_ lang: Language) -> String { errorMessage(error: self, language: lang) }
}

public extension PasswordRuleStatus {
    func label(_ lang: Language) -> String { lang == .ja ? labelJa : labelEn }
}

public extension PasswordViolation {
    func text(_ lang: Language) -> String { lang == .ja ? messageJa : messageEn }
}

public extension LoginIdViolation {
    func text(_ lang: Language) -> String { lang == .ja ? messageJa : messageEn }
}

public extension Profile {
    func displayName(_ lang: Language) -> String { lang == .ja ? nameJa : name }
}

public extension MemberCodeView {
    func spoken(_ lang: Language) -> String { lang == .ja ? spokenJa : spokenEn }
}

public extension MemberCodeUnavailable {
    func text(_ lang: Language) -> String { lang == .ja ? messageJa : messageEn }
}

public extension StaticCardCode {
    func spoken(_ lang: Language) -> String { lang == .ja ? spokenJa : spokenEn }
}

public extension CardNotice {
    func text(_ lang: Language) -> String { lang == .ja ? textJa : textEn }
}

public extension CardTypeRule {
    func displayName(_ lang: Language) -> String { lang == .ja ? nameJa : name }
}

public extension Array where Element == CardInputError {
    /// The core's sentences for the problems its card pre-check found, in one text.
    func text(_ lang: Language) -> String { errorMessage(error: .CardInput(errors: self), language: lang) }
}

/// Runs a call into the core and returns its value or the core's typed error.
///
/// Anything else thrown (UniFFI's internal error for a panic in the core or a value it could
/// not lift, a Swift error from a helper) is a bug in the core's contract, but it must never
/// stop the app, in debug builds neither: it becomes `TamaruError.MalformedResponse`, whose
/// sentence the core writes ("something went wrong, try again later"). The detail names only
/// the error's type, never its text (which could hold a value).
public func coreCall<T>(_ body: () async throws -> T) async -> Result<T, TamaruError> {
    do {
        return .success(try await body())
    } catch let error as TamaruError {
        return .failure(error)
    } catch {
        return .failure(unexpectedCoreError(error))
    }
}

/// The typed error an unexpected (non-`TamaruError`) failure is shown as.
public func unexpectedCoreError(_ error: Error) -> TamaruError {
    .MalformedResponse(detail: "unexpected error from the core: \(type(of: error))")
}

/// Runs a synchronous call into the core on a background thread. Calls that read the
/// keychain, the data folder or the on-device cache (`startScreen()`, `balance()`, `list()`)
/// are quick but still I/O, and the main thread draws the UI.
public func offMain<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated) { try work() }.value
}
