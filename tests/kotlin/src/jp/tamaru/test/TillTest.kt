package jp.tamaru.test

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.builtinProfile
import jp.tamaru.tillAccepts
import jp.tamaru.tillGuide
import jp.tamaru.tillReceipt
import jp.tamaru.core.CardInput
import jp.tamaru.core.Platform
import jp.tamaru.core.ReadMethod
import jp.tamaru.core.TamaruException
import jp.tamaru.core.TillException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Tills (SPEC §8) and platform limits (SPEC §4.6) from Kotlin, through the real bindings:
 * the member-code screen's guide, the receipt rules, and mobile WAON refused on iOS with
 * where it can be done. No rule or sentence here: all of it comes from the core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TillTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    @Test
    fun theMemberCodeScreenSaysWhatEachTillReadsAndPrints() {
        val waon = builtinProfile("waon")
        val guide = tillGuide(waon, "5678")
        assertEquals(listOf("common_pos", "omron_mp", "vinx_mp"), guide.map { it.terminal })
        assertTrue(guide.all { it.acceptsMemberCode })
        assertTrue(guide[0].receiptJa.contains("…5678"), guide[0].receiptJa)
        assertTrue(guide[0].receiptEn.contains("only when"), guide[0].receiptEn)
        val vinxAeon = guide[2].cards.first { it.cardType == "aeon_card" }
        assertEquals(listOf(ReadMethod.CONTACTLESS, ReadMethod.CONTACT_IC, ReadMethod.MAGNETIC), vinxAeon.reads)
        assertTrue(tillAccepts(waon, "vinx_mp", "aeon_card", ReadMethod.CONTACTLESS))
        assertEquals(false, tillAccepts(waon, "omron_mp", "app_code", ReadMethod.BARCODE))

        val common = tillReceipt(waon, "common_pos", "aeon_card", "4980561234567897", "9000000000004321", false)
        assertEquals(emptyList(), common.numbers)
        assertEquals("ID: 6000", common.idLine)
        val omron = tillReceipt(waon, "omron_mp", "aeon_card", "4980561234567897", "9000000000004321", false)
        assertEquals(listOf("…7897", "…4321"), omron.numbers)
        assertFailsWith<TillException.UnknownTerminal> {
            tillReceipt(waon, "ncr", "aeon_card", "1", null, true)
        }
        assertTrue(tillGuide(builtinProfile("wester"), null).isEmpty())
    }

    @Test
    fun mobileWaonLinksOnAndroidOnly() = runBlocking<Unit> {
        val card = sandbox.issueCard("waon", "mobile_waon")
        val input = CardInput("mobile_waon", card.number, null, null, null)
        for (platform in listOf(Platform.IOS, Platform.ANDROID)) {
            val dir = Files.createTempDirectory("tamaru-kotlin-platform-").toString()
            MemberApp.newOnPlatform(builtinProfile("waon"), sandbox.programUrl("waon"), dir, MapSecureStore(), platform).use { app ->
                app.account().signUp(uniqueEmail(), "Tamaru2026", null)
                if (platform == Platform.IOS) {
                    val refused = assertFailsWith<TamaruException.NotOnThisPlatform> {
                        app.cards().register(input)
                    }
                    assertEquals(listOf("android"), refused.platforms)
                    assertEquals("モバイルWAON", refused.cardNameJa)
                } else {
                    assertEquals("mobile_waon", app.cards().register(input).card.cardType)
                }
            }
        }
    }
}
