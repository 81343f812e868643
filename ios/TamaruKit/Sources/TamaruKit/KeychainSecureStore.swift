// Apple systems only (Security.framework); the rest of TamaruKit builds on Linux too.
#if canImport(Security)
import Foundation
import Security
import Tamaru

/// The iOS secure store the core keeps its tokens and device secret in: one generic-password
/// keychain item per key.
///
/// `AfterFirstUnlockThisDeviceOnly`: readable once the phone was unlocked after a restart, so
/// a token refresh can run while the screen is locked; and never in a backup or iCloud
/// Keychain, so a new phone is a new install that logs in (SPEC §3). Keychain items outlive a
/// deleted app; the core recognises secrets of an earlier install and wipes them itself.
/// Errors carry the operation and the OSStatus only, never a value.
public final class KeychainSecureStore: SecureStore {
    private let service: String

    public init(service: String = "jp.tamaru.secure-store") {
        self.service = service
    }

    public func get(key: String) throws -> String? {
        var query = itemQuery(key)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess:
            guard let data = item as? Data, let value = String(data: data, encoding: .utf8) else {
                throw SecureStoreError.Failed(detail: "get: item is not UTF-8 text")
            }
            return value
        case errSecItemNotFound:
            return nil
        default:
            throw failure("get", status)
        }
    }

    public func set(key: String, value: String) throws {
        let data = Data(value.utf8)
        let changes: [String: Any] = [
            kSecValueData as String: data,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(itemQuery(key) as CFDictionary, changes as CFDictionary)
        if status == errSecItemNotFound {
            var item = itemQuery(key)
            item.merge(changes) { _, new in new }
            status = SecItemAdd(item as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw failure("set", status) }
    }

    /// Deleting a missing key is not an error (the core's contract).
    public func delete(key: String) throws {
        let status = SecItemDelete(itemQuery(key) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw failure("delete", status) }
    }

    private func itemQuery(_ key: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
    }

    private func failure(_ operation: String, _ status: OSStatus) -> SecureStoreError {
        .Failed(detail: "\(operation): OSStatus \(status)")
    }
}

public extension TamaruCore {
    /// The core for `program` (`wester`, `waon`) talking to `baseURL`, keeping its data in
    /// Application Support and its secrets in the keychain.
    static func forApp(program: String, baseURL: URL, language: Language = .ja) -> TamaruCore {
        forApp(program: program, baseURL: baseURL, secureStore: KeychainSecureStore(), language: language)
    }
}
#endif
