package jp.tamaru.test

import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import jp.tamaru.SignUpListener
import jp.tamaru.builtinProfile
import jp.tamaru.core.ProfileException
import jp.tamaru.core.SignUpState
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The bindings reuse each thread's call statuses, and read one back from native memory only
 * when the core marked its call failed (bindings/bindgen/src/kotlin_call_status.rs).
 * A call made while another call runs on the same thread, from a listener the core calls
 * during it, must get a status of its own: a nested error must not turn the outer call into
 * an error, and the outer call's answer must be its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallStatusTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun callsFromAListenerInsideACallEachKeepTheirOwnStatus() {
        sandbox.phone("wester").use { phone ->
            val screen = phone.app.signUpScreen()
            val caller = Thread.currentThread()
            val nested = CopyOnWriteArrayList<String>()
            val subscription = screen.subscribe(object : SignUpListener {
                override fun onState(state: SignUpState) {
                    // Delivered on the caller's thread, inside its call (the core's screens do).
                    nested.add(if (Thread.currentThread() == caller) "same thread" else "other thread")
                    val refused = assertFailsWith<ProfileException.UnknownProfile> { builtinProfile("nanaco") }
                    nested.add("refused ${refused.id}")
                    nested.add("state ${screen.state().loginId.value}")
                }
            })
            subscription.use {
                val first = screen.setLoginId("someone@example.jp")
                assertEquals("someone@example.jp", first.loginId.value)
                assertTrue(nested.isNotEmpty(), "the listener was called")
                assertEquals("same thread", nested.first(), "the nesting this test is about: $nested")
                assertTrue("refused nanaco" in nested, "$nested")
                assertTrue("state someone@example.jp" in nested, "$nested")
                // After the nested calls, outer calls succeed and fail as they should.
                assertEquals("wester", builtinProfile("wester").id)
                assertFailsWith<ProfileException.UnknownProfile> { builtinProfile("nanaco") }
                assertEquals("other@example.jp", screen.setLoginId("other@example.jp").loginId.value)
            }
        }
    }
}
