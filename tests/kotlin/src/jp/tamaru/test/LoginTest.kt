package jp.tamaru.test

import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import jp.tamaru.core.PasswordViolationCode
import jp.tamaru.core.TamaruException
import jp.tamaru.core.Language
import jp.tamaru.errorMessage
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** Login rules from Kotlin: the violation list, lockout, password change, withdrawal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    /** The policy check of [program]'s app: offline, no account needed. */
    private fun checkPassword(program: String, password: String) =
        sandbox.phone(program).use { it.app.account().checkPassword(password) }

    @Test
    fun everyViolationAtOnceWithCharacterAndPosition() {
        val check = checkPassword("wester", " Ｐass1")
        assertFalse(check.valid)
        val codes = check.violations.map { it.code }
        assertEquals(
            listOf(
                PasswordViolationCode.TOO_SHORT,
                PasswordViolationCode.MISSING_UPPER,
                PasswordViolationCode.MISSING_SYMBOL,
                PasswordViolationCode.LEADING_OR_TRAILING_SPACE,
                PasswordViolationCode.FULL_WIDTH_CHARACTER,
            ),
            codes,
        )
        val fullWidth = check.violations.first { it.code == PasswordViolationCode.FULL_WIDTH_CHARACTER }
        assertEquals("Ｐ", fullWidth.character)
        assertEquals(1u, fullWidth.position)
        assertContains(fullWidth.messageJa, "全角")
        // waon: symbols optional, a letter and a digit are enough.
        assertTrue(checkPassword("waon", "waonpass1").valid)
        assertFalse(checkPassword("wester", "waonpass1").valid)
    }

    @Test
    fun lockoutCarriesWhenToTryAgain() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            phone.app.account().logOut()
            repeat(4) {
                assertFailsWith<TamaruException.WrongPassword> { runBlocking { phone.app.account().logIn(email, "Wrong#Pass1") } }
            }
            val locked = assertFailsWith<TamaruException.AccountLocked> {
                runBlocking { phone.app.account().logIn(email, "Wrong#Pass1") }
            }
            assertEquals(900uL, locked.retryAfterSeconds)
            assertContains(errorMessage(locked, Language.EN), "Japan time")
            assertFailsWith<TamaruException.AccountLocked> { runBlocking { phone.app.account().logIn(email, "Tamaru#2026") } }
            sandbox.advanceClock(901)
            phone.app.account().logIn(email, "Tamaru#2026")
            assertTrue(phone.app.isSignedIn())
        }
    }

    @Test
    fun passwordChangeIsPolicyCheckedFirst() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            val policy = assertFailsWith<TamaruException.PasswordPolicy> {
                runBlocking { phone.app.account().changePassword("Tamaru#2026", "short") }
            }
            assertTrue(policy.violations.any { it.code == PasswordViolationCode.TOO_SHORT })
            assertFailsWith<TamaruException.WrongOldPassword> {
                runBlocking { phone.app.account().changePassword("Other#Pass99", "Brand#New2026") }
            }
            phone.app.account().changePassword("Tamaru#2026", "Brand#New2026")
            phone.app.account().logOut()
            phone.app.account().logIn(email, "Brand#New2026")
        }
    }

    /** Many calls waiting on an expired access token share exactly one refresh. */
    @Test
    fun oneRefreshServesEveryWaitingCall() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val before = refreshes()
            sandbox.advanceClock(15 * 60 + 1)
            val accounts = (1..16).map { async(Dispatchers.IO) { phone.app.account().details() } }.awaitAll()
            assertEquals(1, accounts.map { it.memberId }.distinct().size)
            assertEquals(before + 1, refreshes(), "exactly one refresh for 16 waiting calls")
        }
    }

    private fun refreshes(): Long =
        Regex("\"refreshes\":(\\d+)").find(sandbox.stats())!!.groupValues[1].toLong()

    @Test
    fun passwordResetByACodeFromTheMailbox() = runBlocking<Unit> {
        sandbox.phone("waon").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "waonpass2026", null)
            phone.app.account().logOut()
            phone.app.account().requestPasswordReset(email)
            val code = Regex("reset code: (\\d{6})").find(sandbox.mailbox(email))!!.groupValues[1]
            val wrong = if (code == "000000") "111111" else "000000"
            val e = assertFailsWith<TamaruException.InvalidResetCode> {
                runBlocking { phone.app.account().confirmPasswordReset(email, wrong, "newpass2026") }
            }
            assertEquals(4u, e.attemptsLeft)
            phone.app.account().confirmPasswordReset(email, code, "newpass2026")
            phone.app.account().logIn(email, "newpass2026")
            assertTrue(phone.app.isSignedIn())
        }
    }

    @Test
    fun linkedAccountsAreSentToTheExternalPage() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            sandbox.linkExternalId("wester", email, true)
            val e = assertFailsWith<TamaruException.ExternalSupportPage> {
                runBlocking { phone.app.account().withdraw("Tamaru#2026") }
            }
            assertEquals(phone.app.profile().externalId?.supportPage, e.url)
            val preview = phone.app.account().withdrawalPreview()
            assertFalse(preview.possibleInApp)
            assertEquals(listOf("SMART ICOCA", "モバイルICOCA", "J-WESTカード"), preview.blockers)
        }
    }

    @Test
    fun withdrawalListsConsequencesThenEndsTheAccount() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            val preview = phone.app.account().withdrawalPreview()
            assertTrue(preview.possibleInApp)
            assertEquals(listOf("points_deleted", "cards_withdrawn", "postal_mail"), preview.consequences.map { it.code })
            phone.app.account().withdraw("Tamaru#2026")
            assertFalse(phone.app.isSignedIn())
            assertTrue(phone.store.entries.isEmpty(), "secrets wiped")
            assertFailsWith<TamaruException.AccountWithdrawn> { runBlocking { phone.app.account().logIn(email, "Tamaru#2026") } }
        }
    }
}
