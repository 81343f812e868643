package jp.tamaru.test

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.builtinProfile
import jp.tamaru.core.StartScreen
import jp.tamaru.core.TamaruException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** Device migration from Kotlin: the first-screen state and `signed_in_elsewhere`. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun firstScreenFollowsTheInstallsState() = runBlocking<Unit> {
        val store = MapSecureStore()
        val phone = sandbox.phone("waon", store)
        assertIs<StartScreen.FirstLaunch>(phone.app.startScreen())
        val email = uniqueEmail()
        val account = phone.app.account().signUp(email, "waonpass2026", null)
        assertIs<StartScreen.SignedIn>(phone.app.startScreen())
        phone.close()

        // A restart of the app: same data, same keychain.
        MemberApp(builtinProfile("waon"), sandbox.programUrl("waon"), phone.dataDir, store).use { app ->
            assertIs<StartScreen.SignedIn>(app.startScreen())
        }
        // A reinstall: new data directory, the keychain entry is stale and wiped.
        sandbox.phone("waon", store).use { reinstalled ->
            assertTrue(store.entries.isEmpty())
            assertIs<StartScreen.FirstLaunch>(reinstalled.app.startScreen())
            val again = reinstalled.app.account().logIn(email, "waonpass2026")
            assertEquals(account.memberId, again.memberId)
            assertNotEquals(account.deviceNumber, again.deviceNumber)
        }
    }

    @Test
    fun theOldestDeviceIsSignedOutElsewhere() = runBlocking<Unit> {
        val first = sandbox.phone("wester")
        val email = uniqueEmail()
        first.app.account().signUp(email, "Tamaru#2026", null)
        val others = (1..3).map { sandbox.phone("wester").also { p -> p.app.account().logIn(email, "Tamaru#2026") } }
        assertFailsWith<TamaruException.SignedInElsewhere> { runBlocking { first.app.account().details() } }
        assertIs<StartScreen.SignedOutElsewhere>(first.app.startScreen())
        others.forEach { it.app.account().details() }
        (others + first).forEach { it.close() }
    }
}
