package jp.tamaru.test

import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.MemberCodeListener
import jp.tamaru.SecureStore
import jp.tamaru.builtinProfile
import jp.tamaru.core.MemberCodeState
import jp.tamaru.core.MemberCodeUnavailable
import jp.tamaru.core.MemberCodeView
import jp.tamaru.core.TamaruException
import jp.tamaru.errorCode
import jp.tamaru.core.Language
import jp.tamaru.errorMessage
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** A Keystore that fails while [failing] is set, throwing as Android's does (not a SecureStoreException). */
class FailingSecureStore : SecureStore {
    @Volatile var failing = true
    val entries = java.util.concurrent.ConcurrentHashMap<String, String>()
    private fun check() { if (failing) throw IllegalStateException("keystore unavailable") }
    override fun get(key: String): String? { check(); return entries[key] }
    override fun set(key: String, value: String) { check(); entries[key] = value }
    override fun delete(key: String) { check(); entries.remove(key) }
}

/**
 * FFI safety (issue 14): a panic inside the core reaches Kotlin as the typed
 * TamaruException.Internal, never a crash; a secure store or listener that throws leaves the
 * core working. The panics are made on purpose through the `qa-hooks` build of the library
 * (scripts/kotlin-test.sh); no member action reaches them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FfiSafetyTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun aPanicIsATypedErrorAndTheCoreCarriesOn() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val sync = assertFailsWith<TamaruException.Internal> { phone.app.qaPanic() }
            assertEquals("internal", errorCode(sync))
            assertTrue(errorMessage(sync, Language.JA).isNotEmpty() && errorMessage(sync, Language.EN).isNotEmpty())

            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            val async = assertFailsWith<TamaruException.Internal> { runBlocking { phone.app.qaPanicAsync() } }
            assertEquals("internal", errorCode(async))

            // The same app object goes on working: its session, cache and requests.
            assertTrue(phone.app.isSignedIn())
            assertEquals(email, phone.app.account().details().loginId)
            phone.app.cards().refresh()
            assertTrue(phone.app.cards().list().cards.isEmpty())
        }
    }

    @Test
    fun aThrowingSecureStoreIsATypedErrorAndTheCoreRecovers() = runBlocking<Unit> {
        val store = FailingSecureStore()
        val dir = Files.createTempDirectory("tamaru-kotlin-").toString()
        val url = sandbox.programUrl("waon")
        // Building the app reads the store: a throwing Keystore is a typed refusal.
        assertFailsWith<TamaruException.SecureStore> { MemberApp(builtinProfile("waon"), url, dir, store) }

        store.failing = false
        MemberApp(builtinProfile("waon"), url, dir, store).use { app ->
            val email = uniqueEmail()
            app.account().signUp(email, "Tamaru#2026", null)
            app.account().logOut()
            // The Keystore fails while the session is saved: typed, nothing half-saved.
            store.failing = true
            assertFailsWith<TamaruException.SecureStore> { runBlocking { app.account().logIn(email, "Tamaru#2026") } }
            store.failing = false
            assertTrue(!app.isSignedIn())
            // Once it works again, so does log-in on the same app object.
            app.account().logIn(email, "Tamaru#2026")
            assertTrue(app.isSignedIn())
        }
    }

    @Test
    fun aThrowingListenerLeavesTheCodeSessionWorking() = runBlocking<Unit> {
        sandbox.phone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            phone.app.memberCode().session().use { session ->
                val thrown = AtomicInteger()
                val failing = session.subscribe(object : MemberCodeListener {
                    override fun onCode(code: MemberCodeView) {
                        thrown.incrementAndGet()
                        throw IllegalStateException("the UI went away")
                    }
                    override fun onUnavailable(unavailable: MemberCodeUnavailable) {
                        throw IllegalStateException("the UI went away")
                    }
                })
                val deadline = System.currentTimeMillis() + 5_000
                while (thrown.get() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20)
                assertTrue(thrown.get() >= 1, "the listener was called and threw")

                // The core, the session and a second listener still work.
                val received = LinkedBlockingQueue<MemberCodeView>()
                val healthy = session.subscribe(object : MemberCodeListener {
                    override fun onCode(code: MemberCodeView) { received.add(code) }
                    override fun onUnavailable(unavailable: MemberCodeUnavailable) {}
                })
                val code = assertNotNull(received.poll(5, TimeUnit.SECONDS), "the healthy listener gets the code")
                assertEquals(32, code.code.length)
                assertIs<MemberCodeState.Ready>(session.refresh())
                assertIs<MemberCodeState.Ready>(phone.app.memberCode().current())
                assertTrue(failing.isActive(), "a throwing listener does not kill its subscription")
                failing.close()
                healthy.close()
            }
        }
    }
}
