package jp.tamaru.test

import java.net.ServerSocket
import java.nio.file.Files
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.SecureStore
import jp.tamaru.SecureStoreException
import jp.tamaru.builtinProfile
import jp.tamaru.core.ExternalIdStatus
import jp.tamaru.core.StartScreen
import jp.tamaru.core.TamaruException
import jp.tamaru.errorCode
import jp.tamaru.core.Language
import jp.tamaru.errorMessage
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** The walking skeleton from Kotlin: sign up, log in, log out, and the typed errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun signUpLogInLogOut() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            assertIs<StartScreen.FirstLaunch>(phone.app.startScreen())
            val email = uniqueEmail()
            val account = phone.app.account().signUp(email, "Tamaru#2026", null)
            assertEquals(email, account.loginId)
            assertEquals(ExternalIdStatus.UNLINKED, account.externalId)
            assertEquals(16, account.deviceNumber?.length)
            assertIs<StartScreen.SignedIn>(phone.app.startScreen())
            assertTrue(phone.store.entries.isNotEmpty(), "tokens went to the Kotlin secure store")

            phone.app.account().logOut()
            assertFalse(phone.app.isSignedIn())
            assertTrue(phone.store.entries.isEmpty(), "log-out wipes the tokens")
            assertIs<StartScreen.SignedOut>(phone.app.startScreen())

            val again = phone.app.account().logIn(email, "Tamaru#2026")
            assertEquals(account.memberId, again.memberId)
        }
    }

    @Test
    fun wrongPasswordIsTyped() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            phone.app.account().logOut()
            val e = assertFailsWith<TamaruException.WrongPassword> { runBlocking { phone.app.account().logIn(email, "Tamaru#2025") } }
            assertEquals(4u, e.attemptsLeft)
            assertEquals("wrong_password", errorCode(e))
            assertTrue(errorMessage(e, Language.JA).contains("パスワード"))
        }
    }

    @Test
    fun unknownAccountIsTyped() {
        sandbox.phone("wester").use { phone ->
            assertFailsWith<TamaruException.UnknownAccount> {
                runBlocking { phone.app.account().logIn("nobody-${System.nanoTime()}@example.jp", "Tamaru#2026") }
            }
            assertFalse(phone.app.isSignedIn())
        }
    }

    @Test
    fun malformedServerAnswerIsTyped() {
        ServerSocket(0).use { server ->
            thread(isDaemon = true) {
                while (!server.isClosed) {
                    val socket = runCatching { server.accept() }.getOrNull() ?: break
                    socket.use {
                        it.getInputStream().read(ByteArray(8192))
                        it.getOutputStream().write(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\n{\"a\":".toByteArray()
                        )
                    }
                }
            }
            val dir = Files.createTempDirectory("tamaru-kotlin-").toString()
            MemberApp(builtinProfile("wester"), "http://127.0.0.1:${server.localPort}/wester/", dir, MapSecureStore()).use { app ->
                assertFailsWith<TamaruException.MalformedResponse> {
                    runBlocking { app.account().logIn("a@example.jp", "Tamaru#2026") }
                }
                assertFalse(app.isSignedIn())
            }
        }
    }

    /** A keystore that fails (locked device, corrupted key) is a typed error, never a crash. */
    @Test
    fun failingSecureStoreIsTyped() = runBlocking<Unit> {
        val failing = object : SecureStore {
            override fun get(key: String): String? = throw IllegalStateException("keystore locked")
            override fun set(key: String, value: String): Unit = throw SecureStoreException.Failed("no space")
            override fun delete(key: String) = Unit
        }
        val dir = Files.createTempDirectory("tamaru-kotlin-").toString()
        assertFailsWith<TamaruException.SecureStore> {
            MemberApp(builtinProfile("wester"), sandbox.programUrl("wester"), dir, failing)
        }
        val writeFails = object : SecureStore {
            override fun get(key: String): String? = null
            override fun set(key: String, value: String): Unit = throw SecureStoreException.Failed("no space")
            override fun delete(key: String) = Unit
        }
        MemberApp(builtinProfile("wester"), sandbox.programUrl("wester"), dir, writeFails).use { app ->
            val e = assertFailsWith<TamaruException.SecureStore> {
                runBlocking { app.account().signUp(uniqueEmail(), "Tamaru#2026", null) }
            }
            assertTrue(e.detail.contains("no space"))
            assertFalse(app.isSignedIn())
        }
    }

    @Test
    fun plainHttpToARemoteHostIsRefused() {
        val dir = Files.createTempDirectory("tamaru-kotlin-").toString()
        assertFailsWith<TamaruException.InvalidConfig> {
            MemberApp(builtinProfile("wester"), "http://api.example.jp/wester/", dir, MapSecureStore())
        }
    }
}
