package jp.tamaru.test

import java.nio.charset.CharacterCodingException
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import jp.tamaru.builtinProfile
import jp.tamaru.core.ProfileException
import jp.tamaru.groupedDigits
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Strings cross the bindings by tamaru-bindgen's own copies (bindings/bindgen/src/kotlin_strings.rs,
 * kotlin_rust_buffer.rs): without surrogates by `toByteArray`, with them by UniFFI's encoder.
 * Whatever the path, the core must get and give back exactly the member's text, and a string
 * no UTF-8 can hold must still be refused before it reaches the core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StringCrossingTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun textGoesInAndComesBackExactlyAsArgumentAndAnswer() {
        // groupedDigits groups any text in fours of code points: what comes back shows what the
        // core received, character by character.
        assertEquals("", groupedDigits(""))
        assertEquals("1091 2345 6789 1234", groupedDigits("1091234567891234"))
        assertEquals("ポイント カード", groupedDigits("ポイントカード"))
        // Surrogate pairs (emoji) take the encoder's path; each pair is one code point to Rust.
        assertEquals("😀🎉ポイ ント", groupedDigits("😀🎉ポイント"))
        assertEquals("a😀bc d", groupedDigits("a😀bcd"))
        val long = "0123456789".repeat(10_000)
        assertEquals(long.length + long.length / 4 - 1, groupedDigits(long).length)
        assertEquals(long, groupedDigits(long).replace(" ", ""))
    }

    @Test
    fun aLoneSurrogateIsRefusedBeforeTheCoreAndTheNextCallIsFine() {
        assertFailsWith<CharacterCodingException> { groupedDigits("12\uD800") }
        assertFailsWith<CharacterCodingException> { groupedDigits("\uDE00") }
        assertEquals("12", groupedDigits("12"))
    }

    @Test
    fun textInsideRecordsAndErrorsComesBackExactly() {
        val refused = assertFailsWith<ProfileException.UnknownProfile> { builtinProfile("ナナコ😀") }
        assertEquals("ナナコ😀", refused.id)
        sandbox.phone("waon").use { phone ->
            val screen = phone.app.signUpScreen()
            for (text in listOf("", "会員@example.jp", "名前😀@例え.jp", "x".repeat(5_000))) {
                assertEquals(text, screen.setLoginId(text).loginId.value)
            }
        }
    }
}
