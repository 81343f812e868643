package jp.tamaru.android

import javax.crypto.SecretKey
import jp.tamaru.SecureStore
import jp.tamaru.SecureStoreException

/**
 * Where sealed values rest between launches: SharedPreferences on Android, a map in tests.
 * It only ever holds ciphertext. [write] and [remove] must be durable when they return: the
 * core writes a refresh token and may be killed right after.
 */
interface SealedValues {
    fun read(name: String): String?

    fun write(name: String, sealed: String)

    fun remove(name: String)
}

/**
 * The core's [SecureStore] (tokens, device secret) over [SealedValues], each value sealed with
 * AES-GCM under a key from [secretKey] (on Android, a Keystore key that cannot be exported).
 * Pure Kotlin, so its behaviour is tested on the JVM.
 *
 * A value that no longer opens — its key is gone because the app's files were restored onto
 * another phone, or the Keystore invalidated the key — is removed and reported absent. The
 * core then sees what a new install sees (no session) and asks the member to log in, rather
 * than failing on every launch. Errors name the operation and the exception type only,
 * never a value.
 */
class SealedSecureStore(
    private val values: SealedValues,
    private val secretKey: () -> SecretKey,
) : SecureStore {
    override fun get(key: String): String? = guard("get") {
        val sealed = values.read(key) ?: return@guard null
        try {
            AesGcm.open(secretKey(), sealed, associatedData = key)
        } catch (e: UnreadableValue) {
            values.remove(key)
            null
        }
    }

    override fun set(key: String, value: String) = guard("set") {
        values.write(key, AesGcm.seal(secretKey(), value, associatedData = key))
    }

    override fun delete(key: String) = guard("delete") {
        values.remove(key)
    }

    private inline fun <T> guard(operation: String, block: () -> T): T =
        try {
            block()
        } catch (e: SecureStoreException) {
            throw e
        } catch (e: Exception) {
            throw SecureStoreException.Failed("$operation: ${e.javaClass.simpleName}")
        }
}
