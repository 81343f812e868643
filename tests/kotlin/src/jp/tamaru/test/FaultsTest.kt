package jp.tamaru.test

import java.time.LocalDate
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.builtinProfile
import jp.tamaru.core.TamaruException
import jp.tamaru.errorCode
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Writes through a flaky network from Kotlin (issue 14): the sandbox's fault layer loses
 * the answers of a point use, the app is told "not known yet" (never "failed"), keeps the
 * write with its key across a restart, and a second press applies it at most once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsTest {
    private val sandbox = Sandbox()
    private val today: LocalDate get() = japanToday()

    @AfterAll
    fun stop() = sandbox.close()

    /** The next [count] requests to [path] get [kind] (`POST /admin/faults`). */
    private fun faultNext(path: String, kind: String, count: Int) =
        sandbox.post("/admin/faults", "{\"targets\":[{\"path\":\"$path\",\"kind\":\"$kind\",\"count\":$count}]}")

    private fun held(loginId: String): Long {
        val ledger = sandbox.get("/admin/points/ledger?program=waon&login_id=" + java.net.URLEncoder.encode(loginId, "UTF-8"))
        return Regex("\"total\":(-?\\d+)").find(ledger)?.groupValues?.get(1)?.toLong()
            ?: error("no total in: $ledger")
    }

    @Test
    fun aUseWhoseAnswerWasLostIsPendingAndAPressAgainAppliesItOnce() = runBlocking<Unit> {
        val phone = sandbox.phone("waon")
        val email = uniqueEmail()
        phone.use {
            phone.app.account().signUp(email, "Tamaru#2026", null)
            sandbox.awardPoints("waon", email, 500, today.toString(), "AEON")
            // Every attempt of the first press reaches the server and loses its answer.
            faultNext("/v1/points/use", "drop_after", 4)
            val unknown = assertFailsWith<TamaruException.WriteOutcomeUnknown> {
                phone.app.points().usePoints(100uL, "交換")
            }
            assertEquals("write_outcome_unknown", errorCode(unknown))
            assertEquals(400L, held(email), "applied once on the server")
            val pending = phone.app.pendingWrites()
            assertEquals(listOf("points_use"), pending.map { it.kind })

            val again = phone.app.points().usePoints(100uL, "交換")
            assertEquals(-100L, again.points)
            assertEquals(400L, held(email), "the repeat is answered, not applied again")
            assertTrue(phone.app.pendingWrites().isEmpty())
        }
    }

    @Test
    fun aPendingWriteSurvivesARestartAndIsResolvedWithoutBeingSentAgain() = runBlocking<Unit> {
        val store = MapSecureStore()
        val phone = sandbox.phone("waon", store)
        val email = uniqueEmail()
        phone.app.account().signUp(email, "Tamaru#2026", null)
        sandbox.awardPoints("waon", email, 500, today.toString(), "AEON")
        faultNext("/v1/points/use", "drop_before", 4)
        assertFailsWith<TamaruException.WriteOutcomeUnknown> { phone.app.points().usePoints(70uL, "") }
        phone.close()
        // The app killed and started again: same data directory, same secure store.
        MemberApp(builtinProfile("waon"), sandbox.programUrl("waon"), phone.dataDir, store).use { app ->
            assertEquals(listOf("points_use"), app.pendingWrites().map { it.kind })
            val resolved = app.resolvePendingWrites()
            assertEquals(listOf("not_applied"), resolved.map { it.outcome })
            assertTrue(app.pendingWrites().isEmpty())
            assertEquals(500L, held(email), "never applied, and now it never will be")
            assertContains(sandbox.post("/admin/faults", "{}"), "\"rate\":0")
        }
    }
}
