package jp.tamaru.test

import java.time.LocalDate
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.core.HistoryQuery
import jp.tamaru.core.PointEntryKind
import jp.tamaru.core.TamaruException
import jp.tamaru.errorCode
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Points from Kotlin (SPEC §5): the balance with what expires soon, a filtered history page
 * from the cache, a family transfer, and the typed refusals. The phone uses the real clock, so
 * award dates are counted from today's Japan date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointsTest {
    private val sandbox = Sandbox()
    private val today: LocalDate get() = japanToday()

    @AfterAll
    fun stop() = sandbox.close()

    private fun signedUp(program: String): Pair<Phone, String> {
        val phone = sandbox.phone(program)
        val email = uniqueEmail()
        runBlocking { phone.app.account().signUp(email, "Tamaru#2026", null) }
        return phone to email
    }

    @Test
    fun balanceSaysWhatExpiresSoon() = runBlocking<Unit> {
        val (phone, email) = signedUp("waon")
        phone.use {
            // First award on the 1st of this month two years ago: its first accrual period ends
            // with this month a year ago, so its points are valid to the end of this month.
            val first = today.minusYears(2).withDayOfMonth(1)
            sandbox.awardPoints("waon", email, 300, first.toString(), "AEON")
            sandbox.awardPoints("waon", email, 40, today.toString(), "AEON")
            val points = phone.app.points()
            assertFailsWith<TamaruException.PointsNotSynced> { points.balance() }
            val report = points.refresh()
            assertEquals(2u, report.newEntries)
            val balance = points.balance()
            assertEquals(340uL, balance.total)
            assertEquals(300uL, balance.expiringSoon)
            assertEquals(30u, balance.expiringSoonDays)
            val endOfMonth = today.withDayOfMonth(today.lengthOfMonth())
            assertEquals(endOfMonth.toString(), balance.nextExpiry?.expires)
            assertEquals(listOf(300uL, 40uL), balance.breakdown.map { it.points })
            assertEquals(first.toString(), balance.firstAward)
            assertEquals(report.lastSynced, balance.lastSynced)
        }
    }

    @Test
    fun filteredHistoryPageFromTheCache() = runBlocking<Unit> {
        val (phone, email) = signedUp("waon")
        phone.use {
            for (i in 1..5) sandbox.awardPoints("waon", email, 100L * i, today.toString(), "Store $i")
            val points = phone.app.points()
            points.refresh()
            points.usePoints(50uL, "交換")
            points.usePoints(70uL, "交換")

            val all = points.history(HistoryQuery(emptyList(), null, null, null, 4u))
            assertEquals(4, all.entries.size)
            assertNotNull(all.nextCursor)
            assertEquals(-70L, all.entries[0].points, "newest first")
            val rest = points.history(HistoryQuery(emptyList(), null, null, all.nextCursor, 4u))
            assertEquals(3, rest.entries.size)
            assertNull(rest.nextCursor)

            val uses = points.history(HistoryQuery(listOf(PointEntryKind.USE), today.toString(), today.toString(), null, 10u))
            assertEquals(listOf(-70L, -50L), uses.entries.map { it.points })
            assertTrue(uses.entries.all { it.kind == PointEntryKind.USE })
            val earns = points.history(HistoryQuery(listOf(PointEntryKind.EARN), null, null, null, 10u))
            assertEquals("Store 5", earns.entries[0].store)
            val yesterday = points.history(HistoryQuery(emptyList(), null, today.minusDays(1).toString(), null, 10u))
            assertTrue(yesterday.entries.isEmpty())
            assertEquals(1500uL - 120uL, points.balance().total)

            assertFailsWith<TamaruException.InvalidHistoryQuery> {
                points.history(HistoryQuery(emptyList(), "2025-02-30", null, null, 10u))
            }
        }
    }

    /** Uses at a till and an operator's adjustment reach the phone as their own kinds. */
    @Test
    fun tillUsesAndAdjustmentsSyncWithTheirKinds() = runBlocking<Unit> {
        val (phone, email) = signedUp("wester")
        phone.use {
            sandbox.awardPoints("wester", email, 1000L, today.toString(), "ルクア大阪")
            // wester: using points needs the external member ID linked, at the till too.
            assertContains(sandbox.ledgerCall("use", "wester", email, 300L, "お買い物"), "external_id_not_linked")
            sandbox.linkExternalId("wester", email, true)
            assertContains(sandbox.ledgerCall("use", "wester", email, 300L, "お買い物"), "\"points\":-300")
            assertContains(sandbox.ledgerCall("adjust", "wester", email, -50L, "訂正"), "\"points\":-50")
            val points = phone.app.points()
            points.refresh()
            assertEquals(650uL, points.balance().total)
            val kinds = points.history(HistoryQuery(emptyList(), null, null, null, 10u)).entries.map { it.kind }
            assertEquals(listOf(PointEntryKind.ADJUST, PointEntryKind.USE, PointEntryKind.EARN), kinds)
            assertContains(sandbox.ledgerCall("use", "wester", email, 10_000L, "多すぎ"), "error")
        }
    }

    @Test
    fun familyTransfer() = runBlocking<Unit> {
        val (parent, parentEmail) = signedUp("waon")
        val (child, _) = signedUp("waon")
        parent.use {
            child.use {
                sandbox.awardPoints("waon", parentEmail, 500, today.toString(), "AEON")
                val created = parent.app.points().createFamily()
                val group = assertNotNull(created.group)
                assertEquals(15u, group.maxMembers)
                assertTrue(group.iAmOwner)
                val joined = child.app.points().joinFamilyByCode(group.inviteCode)
                assertEquals(2, joined.group?.members?.size)

                val childId = child.app.account().details().memberId
                val sent = parent.app.points().sendPoints(childId, 200uL)
                assertEquals(PointEntryKind.TRANSFER, sent.kind)
                assertEquals(-200L, sent.points)
                assertEquals(300uL, parent.app.points().balance().total)

                child.app.points().refresh()
                assertEquals(200uL, child.app.points().balance().total)
                val received = child.app.points().history(HistoryQuery(listOf(PointEntryKind.TRANSFER), null, null, null, 5u))
                assertEquals(listOf(200L), received.entries.map { it.points })

                val tooMuch = assertFailsWith<TamaruException.InsufficientPoints> {
                    runBlocking { parent.app.points().sendPoints(childId, 301uL) }
                }
                assertEquals(300uL, tooMuch.available)
                assertFailsWith<TamaruException.CannotSendToSelf> {
                    runBlocking { child.app.points().sendPoints(childId, 1uL) }
                }
            }
        }
    }

    @Test
    fun squareMembersCannotJoinAndUnlinkedWesterCannotUse() = runBlocking<Unit> {
        val (owner, _) = signedUp("waon")
        val (square, squareEmail) = signedUp("waon")
        val (wester, westerEmail) = signedUp("wester")
        owner.use {
            square.use {
                wester.use {
                    val code = assertNotNull(owner.app.points().createFamily().group).inviteCode
                    sandbox.setLoginKind("waon", squareEmail, "square_member")
                    val e = assertFailsWith<TamaruException.SquareMemberCannotJoin> {
                        runBlocking { square.app.points().joinFamilyByCode(code) }
                    }
                    assertEquals("square_member_cannot_join", errorCode(e))
                    assertNotNull(square.app.points().createFamily().group)

                    sandbox.awardPoints("wester", westerEmail, 100, today.toString(), "Osaka")
                    val refused = assertFailsWith<TamaruException.PointsNeedLinkedId> {
                        runBlocking { wester.app.points().usePoints(10uL, "") }
                    }
                    assertTrue(refused.url.startsWith("https://"))
                    assertIs<TamaruException.FamilyNotAvailable>(
                        runCatching { wester.app.points().family() }.exceptionOrNull(),
                    )
                    sandbox.linkExternalId("wester", westerEmail, true)
                    assertEquals(-10L, wester.app.points().usePoints(10uL, "").points)
                }
            }
        }
    }
}
