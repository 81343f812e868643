import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Tamaru
import TamaruKit

/// The real sandbox backend the test command started (`tamaru-qa serve`, outside any chroot:
/// loopback is shared), and the admin calls tests use to issue cards, award points and read
/// its mailbox (tests/sandbox/CONTRACT.md).
public struct Sandbox: Sendable {
    public let url: String

    public static let shared = Sandbox()

    public init() {
        guard let url = ProcessInfo.processInfo.environment["TAMARU_SANDBOX_URL"], !url.isEmpty else {
            fatalError("TAMARU_SANDBOX_URL is not set: run the Swift tests with scripts/swift-test.sh")
        }
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    public func programURL(_ program: String) -> String { "\(url)/\(program)/" }

    /// A new install of the app on a new phone, with a Swift secure store.
    public func phone(_ program: String, store: MapSecureStore = MapSecureStore()) throws -> Phone {
        let dir = try temporaryDirectory()
        let app = try MemberApp(
            profile: builtinProfile(id: program), baseUrl: programURL(program), dataDir: dir, secureStore: store
        )
        return Phone(app: app, store: store, dataDir: dir, program: program)
    }

    /// The same install opened again (the app killed and started), at `baseURL` or the sandbox.
    public func reopen(_ phone: Phone, baseURL: String? = nil) throws -> MemberApp {
        try MemberApp(
            profile: builtinProfile(id: phone.program), baseUrl: baseURL ?? programURL(phone.program),
            dataDir: phone.dataDir, secureStore: phone.store
        )
    }

    /// A `TamaruCore` as the app builds it, for the models: a fresh install with a Swift store.
    public func core(_ program: String, store: MapSecureStore = MapSecureStore()) throws -> (TamaruCore, MapSecureStore) {
        let dir = try temporaryDirectory()
        let url = programURL(program)
        let core = TamaruCore {
            try MemberApp(profile: builtinProfile(id: program), baseUrl: url, dataDir: dir, secureStore: store)
        }
        return (core, store)
    }

    // MARK: admin endpoints

    /// Issues a card into the sandbox's registry (`status`: active, expired, invalid, lapsed).
    public func issueCard(
        _ program: String, _ type: String, status: String = "active", pin: String? = nil,
        memberRegistered: Bool = false, holderName: String? = nil, holderBirthDate: String = "1990-04-01"
    ) async throws -> IssuedCard {
        var body: [String: Any] = ["program": program, "card_type": type, "status": status]
        if let pin { body["pin"] = pin }
        if memberRegistered { body["member_registered"] = true }
        if let holderName { body["holder"] = ["name": holderName, "birth_date": holderBirthDate] }
        return try IssuedCard(json: try await post("/admin/cards", body))
    }

    /// Awards points on a Japan date (`YYYY-MM-DD`, not after the sandbox's today).
    @discardableResult
    public func awardPoints(_ program: String, _ loginId: String, _ points: Int, date: String, store: String = "") async throws -> [String: Any] {
        try await post("/admin/points/award", ["program": program, "login_id": loginId, "points": points, "date": date, "store": store])
    }

    @discardableResult
    public func linkExternalId(_ program: String, _ loginId: String, linked: Bool) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["program": program, "login_id": loginId, "linked": linked])
        return try await raw("POST", "/admin/accounts/link", body)
    }

    /// One member's mail settings and counters (`applied_changes`, `replays`).
    public func mailAdmin(_ memberId: String) async throws -> [String: Any] {
        try await get("/admin/mail/\(memberId)")
    }

    /// An account's card data on the server (holder, registrations).
    public func accountCards(_ program: String, _ loginId: String) async throws -> String {
        try await raw("GET", "/admin/accounts/\(program)/\(loginId)/cards", nil)
    }

    public func get(_ path: String) async throws -> [String: Any] {
        try object(try await raw("GET", path, nil))
    }

    public func post(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        try object(try await raw("POST", path, try JSONSerialization.data(withJSONObject: body)))
    }

    private func object(_ text: String) throws -> [String: Any] {
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SandboxError.notAnObject(text)
        }
        return value
    }

    public func raw(_ method: String, _ path: String, _ body: Data?) async throws -> String {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "content-type")
        }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, _, error in
                if let error { continuation.resume(throwing: error); return }
                continuation.resume(returning: String(decoding: data ?? Data(), as: UTF8.self))
            }.resume()
        }
    }
}

public enum SandboxError: Error {
    case notAnObject(String)
    case missing(String)
}

/// One install: the app object, its Swift secure store and its data directory.
public struct Phone: @unchecked Sendable {
    public let app: MemberApp
    public let store: MapSecureStore
    public let dataDir: String
    public let program: String
}

/// A card the sandbox issued: the fields a member types.
public struct IssuedCard: Sendable {
    public let number: String
    public let pin: String?
    public let expiresOn: String
    public let memberRegistered: Bool
    public let pointAccount: String?
    public let builtInEmoney: String?

    init(json: [String: Any]) throws {
        guard let number = json["number"] as? String else { throw SandboxError.missing("number in \(json)") }
        self.number = number
        pin = json["pin"] as? String
        expiresOn = json["expires_on"] as? String ?? ""
        memberRegistered = json["member_registered"] as? Bool ?? false
        pointAccount = json["point_account"] as? String
        builtInEmoney = json["built_in_emoney"] as? String
    }

    /// What the member types for this card: for an sc_point_card the PIN and the
    /// member-registration answer too.
    public func typed(_ type: String, memberRegistered answer: Bool? = nil) -> CardInput {
        let sc = type == "sc_point_card"
        return CardInput(
            cardType: type, number: number, hasPin: sc ? pin != nil : nil, pin: pin,
            memberRegistered: answer ?? (sc ? memberRegistered : nil)
        )
    }
}

/// The foreign SecureStore trait implemented in Swift, as an app would over its own storage.
public final class MapSecureStore: SecureStore, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    public init() {}

    public var entries: [String: String] { lock.lock(); defer { lock.unlock() }; return values }

    public func get(key: String) throws -> String? { lock.lock(); defer { lock.unlock() }; return values[key] }

    public func set(key: String, value: String) throws { lock.lock(); values[key] = value; lock.unlock() }

    public func delete(key: String) throws { lock.lock(); values[key] = nil; lock.unlock() }
}

private let counter = Counter()

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// A login ID no other test uses.
public func uniqueEmail() -> String {
    "swift\(UInt64(Date().timeIntervalSince1970 * 1_000_000))\(counter.next())@example.jp"
}

public func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("tamaru-swift-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}

/// Today's date in Japan (`YYYY-MM-DD`), the day the core and the sandbox count in.
///
/// In the last 30 s before Japan midnight it first waits for the new day, so that a test's
/// dates cannot change between two calls, nor between the test and the sandbox.
public func japanDate(daysFromToday days: Int = 0) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
    let midnight = calendar.startOfDay(for: calendar.date(byAdding: .day, value: 1, to: Date())!)
    let left = midnight.timeIntervalSinceNow
    if left < 30 { Thread.sleep(forTimeInterval: max(left, 0) + 1) }
    let day = calendar.date(byAdding: .day, value: days, to: Date())!
    let parts = calendar.dateComponents([.year, .month, .day], from: day)
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
}

/// The repository's root (the tests run in the checkout, also inside the Swift root).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Waits (polling, up to `timeout` seconds) until `condition` holds; false if it never did.
public func eventually(timeout: Double = 10, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
    }
    return await condition()
}
