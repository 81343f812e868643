import Foundation
import Tamaru
import TamaruKit

public extension Sandbox {
    /// A new install whose screens are worded in `language` (the app's config), as the app
    /// builds it.
    func screenPhone(_ program: String, language: Language, store: MapSecureStore = MapSecureStore()) throws -> Phone {
        let dir = try temporaryDirectory()
        let app = try MemberApp.withLanguage(
            profile: builtinProfile(id: program), baseUrl: programURL(program), dataDir: dir,
            secureStore: store, language: language
        )
        return Phone(app: app, store: store, dataDir: dir, program: program)
    }

    /// The bodies of the mail the sandbox "sent" to `address`, oldest first.
    func mailBodies(_ address: String) async throws -> [String] {
        let escaped = address.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? address
        let box = try await get("/admin/mailbox/\(escaped)")
        return (box["mails"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
    }

    /// The digits after `marker` in the newest mail to `address` (a code the member types).
    func mailedCode(_ address: String, after marker: String) async throws -> String {
        guard let body = try await mailBodies(address).last, let range = body.range(of: marker) else {
            throw SandboxError.missing("\(marker) in the mail to \(address)")
        }
        return String(body[range.upperBound...].prefix { $0.isNumber })
    }
}
