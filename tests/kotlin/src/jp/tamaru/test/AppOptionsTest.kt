package jp.tamaru.test

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.AppOptions
import jp.tamaru.MemberApp
import jp.tamaru.builtinProfile
import jp.tamaru.builtinProfileIds
import jp.tamaru.core.CardInput
import jp.tamaru.core.Language
import jp.tamaru.core.Platform
import jp.tamaru.core.ProfileException
import jp.tamaru.core.TamaruException
import jp.tamaru.core.TransportSecurity
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * `MemberApp.withOptions`, the constructor a member app calls: the platform, the language and
 * the transport it sets once at start all take effect together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppOptionsTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    private fun app(options: AppOptions): MemberApp {
        val dir = Files.createTempDirectory("tamaru-kotlin-options-").toString()
        return MemberApp.withOptions(builtinProfile("waon"), sandbox.programUrl("waon"), dir, MapSecureStore(), options)
    }

    /** The apps get their program's profile from the core's shipped ones, and only from them. */
    @Test
    fun theShippedProfilesAreListedAndAnUnknownOneIsATypedError() {
        assertEquals(listOf("waon", "wester"), builtinProfileIds())
        for (id in builtinProfileIds()) assertEquals(id, builtinProfile(id).id)
        val refused = assertFailsWith<ProfileException.UnknownProfile> { builtinProfile("nanaco") }
        assertEquals("nanaco", refused.id)
    }

    @Test
    fun anIphoneInEnglishGetsEnglishScreensAndThePlatformRefusal() = runBlocking<Unit> {
        val card = sandbox.issueCard("waon", "mobile_waon")
        app(AppOptions(Platform.IOS, Language.EN, TransportSecurity(emptyList(), emptyList()))).use { app ->
            assertEquals(Language.EN, app.language())
            app.account().signUp(uniqueEmail(), "Tamaru2026", null)
            val refused = assertFailsWith<TamaruException.NotOnThisPlatform> {
                app.cards().register(CardInput("mobile_waon", card.number, null, null, null))
            }
            assertEquals(listOf("android"), refused.platforms)
            // The language chosen once words the errors too: no language passed per call.
            assertTrue(app.errorMessage(refused).contains("Android app"), app.errorMessage(refused))
        }
    }

    @Test
    fun unusableTransportSettingsAreAConfigErrorAtStart() {
        val options = AppOptions(null, Language.JA, TransportSecurity(listOf("not a certificate"), emptyList()))
        assertFailsWith<TamaruException.InvalidConfig> { app(options) }
    }
}
