package jp.tamaru.android

import java.security.GeneralSecurityException
import java.security.InvalidKeyException
import java.util.Base64
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/** A sealed value that cannot be opened any more (wrong key, tampered, or not ours). */
internal class UnreadableValue(cause: Throwable) : GeneralSecurityException(cause)

/**
 * AES-256-GCM with a fresh IV per value (the provider picks it: Android Keystore refuses
 * caller-chosen IVs) and the entry's name as associated data, so a value copied under
 * another name does not open. Layout, Base64: version byte, IV length, IV, ciphertext+tag.
 */
internal object AesGcm {
    private const val TRANSFORMATION = "AES/GCM/NoPadding"
    private const val TAG_BITS = 128
    private const val VERSION: Byte = 1

    fun seal(key: SecretKey, plaintext: String, associatedData: String): String {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key)
        cipher.updateAAD(associatedData.toByteArray(Charsets.UTF_8))
        val body = cipher.doFinal(plaintext.toByteArray(Charsets.UTF_8))
        val iv = cipher.iv
        val out = ByteArray(2 + iv.size + body.size)
        out[0] = VERSION
        out[1] = iv.size.toByte()
        iv.copyInto(out, 2)
        body.copyInto(out, 2 + iv.size)
        return Base64.getEncoder().encodeToString(out)
    }

    /** Throws [UnreadableValue] when the value cannot be opened with [key]. */
    fun open(key: SecretKey, sealed: String, associatedData: String): String {
        val bytes = try {
            Base64.getDecoder().decode(sealed)
        } catch (e: IllegalArgumentException) {
            throw UnreadableValue(e)
        }
        val ivLength = if (bytes.size > 2 && bytes[0] == VERSION) bytes[1].toInt() else -1
        if (ivLength <= 0 || bytes.size < 2 + ivLength + TAG_BITS / 8) {
            throw UnreadableValue(IllegalArgumentException("not a sealed value"))
        }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        try {
            cipher.init(
                Cipher.DECRYPT_MODE,
                key,
                GCMParameterSpec(TAG_BITS, bytes, 2, ivLength),
            )
            cipher.updateAAD(associatedData.toByteArray(Charsets.UTF_8))
            val plain = cipher.doFinal(bytes, 2 + ivLength, bytes.size - 2 - ivLength)
            return String(plain, Charsets.UTF_8)
        } catch (e: AEADBadTagException) {
            throw UnreadableValue(e)
        } catch (e: InvalidKeyException) {
            // Includes Android's KeyPermanentlyInvalidatedException.
            throw UnreadableValue(e)
        }
    }
}
