package jp.tamaru.android

import android.content.Context
import android.content.SharedPreferences
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.security.KeyStore
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import jp.tamaru.SecureStore

/**
 * The Android secure store the core keeps its tokens and device secret in: values sealed
 * with an AES-256-GCM key that lives in the Android Keystore (hardware-backed where the phone
 * has it, never exportable), the ciphertext in a private SharedPreferences file.
 *
 * Why not EncryptedSharedPreferences: androidx.security-crypto is deprecated, and sealing
 * only the values needs nothing it adds. Both the file and the Keystore key disappear with the
 * app, which is what SPEC §3 expects of an install.
 */
class KeystoreSecureStore(
    context: Context,
    name: String = "tamaru.secure-store",
) : SecureStore by SealedSecureStore(
    values = PreferencesValues(context.applicationContext.getSharedPreferences(name, Context.MODE_PRIVATE)),
    secretKey = keystoreKey("$name.key"),
)

/**
 * Gets or creates the Keystore key once. `lazy` is synchronised: two threads creating the key
 * at once would each overwrite the alias, leaving values sealed under a key that is gone.
 */
private fun keystoreKey(alias: String): () -> SecretKey {
    val key = lazy {
        val keyStore = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        (keyStore.getKey(alias, null) as? SecretKey) ?: KeyGenerator
            .getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
            .apply {
                init(
                    KeyGenParameterSpec.Builder(
                        alias,
                        KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
                    )
                        .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                        .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                        .setKeySize(256)
                        .build(),
                )
            }
            .generateKey()
    }
    return { key.value }
}

/**
 * SharedPreferences as [SealedValues]. `commit()`, not `apply()`: the core must know a new
 * refresh token is on disk before it forgets the old one. The core never calls this on the
 * main thread (it runs on its own workers), so the synchronous write costs no frame.
 */
private class PreferencesValues(private val prefs: SharedPreferences) : SealedValues {
    override fun read(name: String): String? = prefs.getString(name, null)

    override fun write(name: String, sealed: String) {
        check(prefs.edit().putString(name, sealed).commit()) { "the preferences file was not written" }
    }

    override fun remove(name: String) {
        check(prefs.edit().remove(name).commit()) { "the preferences file was not written" }
    }
}
