package jp.tamaru.test

import java.io.ByteArrayInputStream
import javax.imageio.ImageIO
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import jp.tamaru.MemberCodeListener
import jp.tamaru.MemberCodeSession
import jp.tamaru.renderBarcodePng
import jp.tamaru.renderBarcodeSvg
import jp.tamaru.core.BarcodeException
import jp.tamaru.core.MemberCodeSource
import jp.tamaru.core.MemberCodeState
import jp.tamaru.core.MemberCodeUnavailable
import jp.tamaru.core.MemberCodeView
import jp.tamaru.core.Symbology
import jp.tamaru.core.UnavailableReason
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** The member-code session as a Kotlin Flow, as an Android screen would collect it. */
fun MemberCodeSession.states(): Flow<MemberCodeState> = callbackFlow {
    val subscription = subscribe(object : MemberCodeListener {
        override fun onCode(code: MemberCodeView) {
            trySend(MemberCodeState.Ready(code))
        }

        override fun onUnavailable(unavailable: MemberCodeUnavailable) {
            trySend(MemberCodeState.Unavailable(unavailable))
        }
    })
    awaitClose { subscription.close() }
}

private val PNG_SIGNATURE = byteArrayOf(0x89.toByte(), 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

private fun decode(png: ByteArray) = ImageIO.read(ByteArrayInputStream(png))

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BarcodeTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun waonCodeFlowsRendersAndScansAtTheTill() = runBlocking {
        sandbox.phone("waon").use { phone ->
            val account = phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            phone.app.memberCode().session().use { session ->
                val state = withTimeout(5_000) { session.states().first() }
                val code = assertIs<MemberCodeState.Ready>(state).code
                assertEquals(32, code.code.length)
                assertTrue(code.code.startsWith("4300"))
                assertEquals(account.deviceNumber!!.takeLast(4), code.suffix)
                assertEquals(MemberCodeSource.DEVICE_DERIVED, code.source)
                assertTrue(code.secondsLeft in 1u..300u)
                assertTrue(code.spokenJa.startsWith("会員コード"))

                val png = session.renderPng(null, 600u)
                assertContentEquals(PNG_SIGNATURE, png.copyOfRange(0, 8))
                val image = decode(png)
                assertEquals(600, image.width)
                assertEquals(600, image.height, "QR is square")

                val answer = sandbox.post(
                    "/pos/scan",
                    "{\"terminal_id\":\"kotlin-till\",\"code\":\"${code.code}\",\"complete\":true}",
                )
                assertTrue(answer.contains("\"member_id\":\"${account.memberId}\""), answer)
                val again = sandbox.post("/pos/scan", "{\"terminal_id\":\"kotlin-till\",\"code\":\"${code.code}\"}")
                assertTrue(again.contains("code_used"), again)
            }
        }
    }

    @Test
    fun westerFlowTellsTheChangeFromNoCodeToAFetchedCode() = runBlocking {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            phone.app.memberCode().session().use { session ->
                val states = withTimeout(10_000) { session.states().take(2).toList() }
                val first = assertIs<MemberCodeState.Unavailable>(states[0])
                assertIs<UnavailableReason.NoCodesYet>(first.unavailable.reason)
                assertTrue(first.unavailable.messageJa.isNotEmpty())
                val code = assertIs<MemberCodeState.Ready>(states[1]).code
                assertEquals(16, code.code.length)
                assertTrue(code.code.startsWith("109"))
                assertEquals(3u, code.advanceCodesLeft)

                val png = session.renderPng(Symbology.CODE128, 600u)
                val image = decode(png)
                assertEquals(600, image.width)
                assertEquals(180, image.height, "linear codes default to 30% of the width")
                assertTrue(session.renderSvg(null, 600u).contains("<svg"))
                assertEquals(Symbology.CODE128, session.matrix(null).symbology)
            }
        }
    }

    @Test
    fun closingTheSubscriptionStopsTheCallbacks() = runBlocking {
        sandbox.phone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val session = phone.app.memberCode().session()
            val received = java.util.concurrent.LinkedBlockingQueue<MemberCodeView>()
            val subscription = session.subscribe(object : MemberCodeListener {
                override fun onCode(code: MemberCodeView) { received.add(code) }
                override fun onUnavailable(unavailable: MemberCodeUnavailable) {}
            })
            assertTrue(received.poll(5, java.util.concurrent.TimeUnit.SECONDS) != null)
            assertTrue(subscription.isActive())
            subscription.cancel()
            received.clear()
            assertFalse(subscription.isActive())
            subscription.close()
            phone.app.account().logOut()
            Thread.sleep(1_500)
            assertTrue(received.isEmpty(), "no callback after cancel")
            session.close()
        }
    }

    @Test
    fun signedOutIsTypedAndRenderingSaysWhy() {
        sandbox.phone("wester").use { phone ->
            val state = phone.app.memberCode().current()
            val unavailable = assertIs<MemberCodeState.Unavailable>(state).unavailable
            assertIs<UnavailableReason.NotSignedIn>(unavailable.reason)
            assertEquals(null, unavailable.staticCard)
            phone.app.memberCode().session().use { session ->
                val e = assertFailsWith<BarcodeException.NothingToShow> { session.renderPng(null, 600u) }
                assertEquals("not_signed_in", e.reason)
            }
        }
    }

    @Test
    fun freeFunctionsRenderAnyBarcode() {
        val png = renderBarcodePng(Symbology.QR, "43001234567890121234567890123456", 600u)
        assertContentEquals(PNG_SIGNATURE, png.copyOfRange(0, 8))
        assertEquals(600, decode(png).width)
        val ean = decode(renderBarcodePng(Symbology.EAN13, "490123456789", 468u))
        assertEquals(468, ean.width)
        assertTrue(renderBarcodeSvg(Symbology.NW7, "1234567890", 400u).contains("width=\"400\""))
        assertFailsWith<BarcodeException.OddLength> { renderBarcodePng(Symbology.ITF, "1234567", 600u) }
        assertFailsWith<BarcodeException.TooNarrow> { renderBarcodePng(Symbology.QR, "1091234567891234", 50u) }
    }
}
