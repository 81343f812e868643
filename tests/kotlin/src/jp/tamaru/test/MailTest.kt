package jp.tamaru.test

import java.net.ServerSocket
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.MemberApp
import jp.tamaru.builtinProfile
import jp.tamaru.errorCode
import jp.tamaru.core.Language
import jp.tamaru.errorMessage
import jp.tamaru.maskEmail
import jp.tamaru.core.DeliveryAction
import jp.tamaru.core.DeliveryCheck
import jp.tamaru.core.LoginIdViolationCode
import jp.tamaru.core.MailSetting
import jp.tamaru.core.TamaruException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Mail settings from Kotlin (SPEC §6), against the real sandbox.
 *
 * "Offline" is the same install (data directory and [MapSecureStore]) opened as a new
 * [MemberApp] whose API is a closed loopback port: requests fail with "connection refused",
 * as on a phone without network, and reopening it at the sandbox's URL is the app restarted
 * with the network back. The sandbox's 503 switch covers a server outage while the app runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    /** A loopback URL nothing listens on. */
    private fun closedPortUrl(program: String): String {
        val port = ServerSocket(0).use { it.localPort }
        return "http://127.0.0.1:$port/$program/"
    }

    /** One field of the sandbox's flat JSON answers. */
    private fun field(json: String, name: String): String =
        Regex("\"$name\":(\"[^\"]*\"|[^,}]+)").find(json)?.groupValues?.get(1)?.trim('"')
            ?: error("no $name in $json")

    private fun codeFromMailbox(address: String): String =
        Regex("確認コード: (\\d{6})").findAll(sandbox.mailbox(address)).lastOrNull()?.groupValues?.get(1)
            ?: error("no code mailed to $address")

    private fun newAddress() = "new${System.nanoTime()}@example.com"

    @Test
    fun settingsAreReadAndWritten() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val account = phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val view = phone.app.mail().settings()
            assertEquals(true, view.newsletter.on, "default on")
            assertEquals(true, view.postal.on, "default on")
            assertTrue(view.fromServer)
            assertNotNull(view.lastSyncedAt)

            val outcome = phone.app.mail().set(MailSetting.NEWSLETTER, false)
            assertEquals(1u, outcome.applied)
            assertEquals(0u, outcome.pending)
            assertEquals(false, outcome.settings.newsletter.on)
            assertFalse(outcome.settings.newsletter.pending)
            phone.app.mail().set(MailSetting.POSTAL, false)

            val admin = sandbox.mailAdmin(account.memberId)
            assertEquals("false", field(admin, "newsletter"))
            assertEquals("false", field(admin, "postal"))
            assertEquals("2", field(admin, "applied_changes"))
        }
    }

    @Test
    fun offlineChangeIsReplayedAfterARestartOfTheCore() = runBlocking<Unit> {
        val store = MapSecureStore()
        val phone = sandbox.phone("wester", store)
        val account = phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
        phone.app.mail().settings()
        phone.close()

        MemberApp(builtinProfile("wester"), closedPortUrl("wester"), phone.dataDir, store).use { offline ->
            val outcome = offline.mail().set(MailSetting.NEWSLETTER, false)
            assertTrue(outcome.offline)
            assertEquals(1u, outcome.pending)
            assertEquals(false, outcome.settings.newsletter.on, "the choice shows at once")
            assertTrue(outcome.settings.newsletter.pending)
            assertEquals(true, outcome.settings.newsletter.serverOn)
        }
        assertEquals("true", field(sandbox.mailAdmin(account.memberId), "newsletter"), "nothing sent yet")

        MemberApp(builtinProfile("wester"), sandbox.programUrl("wester"), phone.dataDir, store).use { online ->
            assertTrue(online.mail().cachedSettings().newsletter.pending, "kept across the restart")
            val outcome = online.mail().sync()
            assertEquals(1u, outcome.applied)
            assertEquals(0u, outcome.pending)
            assertFalse(outcome.offline)
            assertEquals(false, outcome.settings.newsletter.on)
            online.mail().sync()
        }
        val admin = sandbox.mailAdmin(account.memberId)
        assertEquals("false", field(admin, "newsletter"))
        assertEquals("1", field(admin, "applied_changes"), "applied exactly once")
    }

    @Test
    fun aLostAnswerIsAppliedExactlyOnce() = runBlocking<Unit> {
        sandbox.phone("waon").use { phone ->
            val account = phone.app.account().signUp(uniqueEmail(), "waon2026pass", null)
            phone.app.mail().settings()
            sandbox.mailFaults(account.memberId, dropAnswers = 1)

            val lost = phone.app.mail().set(MailSetting.POSTAL, false)
            assertTrue(lost.offline)
            assertEquals(1u, lost.pending)
            assertEquals("1", field(sandbox.mailAdmin(account.memberId), "applied_changes"), "committed")

            val retried = phone.app.mail().sync()
            assertEquals(1u, retried.applied)
            assertEquals(0u, retried.pending)
            assertTrue(retried.overridden.isEmpty())
            val admin = sandbox.mailAdmin(account.memberId)
            assertEquals("1", field(admin, "applied_changes"))
            assertEquals("1", field(admin, "replays"))
            assertEquals("false", field(admin, "postal"))
        }
    }

    @Test
    fun aServerOutageQueuesTheChange() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val account = phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            phone.app.mail().settings()
            sandbox.mailFaults(account.memberId, unavailable = true)
            val outcome = phone.app.mail().set(MailSetting.NEWSLETTER, false)
            assertTrue(outcome.offline)
            assertTrue(outcome.rejected.isEmpty())
            assertTrue(outcome.settings.newsletter.pending)
            assertFalse(phone.app.mail().settings().fromServer)

            sandbox.mailFaults(account.memberId)
            val view = phone.app.mail().settings()
            assertTrue(view.fromServer)
            assertEquals(0u, view.pendingChanges)
            assertEquals(false, view.newsletter.on)
            assertEquals("1", field(sandbox.mailAdmin(account.memberId), "applied_changes"))
        }
    }

    @Test
    fun theLatestChoiceWinsAndTheUiIsTold() = runBlocking<Unit> {
        val store = MapSecureStore()
        val phone = sandbox.phone("wester", store)
        val account = phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
        phone.app.mail().settings()
        phone.close()

        MemberApp(builtinProfile("wester"), closedPortUrl("wester"), phone.dataDir, store).use { offline ->
            offline.mail().set(MailSetting.NEWSLETTER, false)
            assertEquals(1u, offline.mail().set(MailSetting.NEWSLETTER, true).pending, "two taps, one queued change")
        }
        sandbox.changeMailElsewhere(account.memberId, newsletter = false)

        MemberApp(builtinProfile("wester"), sandbox.programUrl("wester"), phone.dataDir, store).use { online ->
            val outcome = online.mail().sync()
            assertEquals(1, outcome.overridden.size)
            val o = outcome.overridden[0]
            assertEquals(MailSetting.NEWSLETTER, o.setting)
            assertFalse(o.replaced)
            assertTrue(o.on)
            assertTrue(o.messageJa.contains("メルマガ"))
            assertEquals(true, outcome.settings.newsletter.on)
        }
        assertEquals("true", field(sandbox.mailAdmin(account.memberId), "newsletter"))
    }

    @Test
    fun theAddressChangesWithTheMailedCode() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val address = newAddress()
            val requested = phone.app.mail().requestEmailChange(address)
            assertEquals(address, requested.newEmail)
            assertEquals(5u, requested.attemptsLeft)
            assertEquals(address, phone.app.mail().pendingEmailChange()?.newEmail)

            val changed = phone.app.mail().confirmEmailChange(codeFromMailbox(address))
            assertEquals(address, changed.email)
            assertTrue(changed.loginIdChanged)
            assertEquals(address, phone.app.account().details().email)
            assertNull(phone.app.mail().pendingEmailChange())
        }
    }

    @Test
    fun anAddressOfAnotherMemberPointsToSupport() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val taken = uniqueEmail()
            sandbox.phone("wester").use { other -> other.app.account().signUp(taken, "Tamaru#2026", null) }

            val e = assertFailsWith<TamaruException.EmailTaken> {
                runBlocking { phone.app.mail().requestEmailChange(taken) }
            }
            assertEquals("0570-00-8999", e.support.phone)
            assertEquals("9:00-19:00", e.support.phoneHours)
            assertEquals(phone.app.profile().support.formUrl, e.support.formUrl)
            assertEquals("email_taken", errorCode(e))
            assertTrue(errorMessage(e, Language.JA).contains("0570-00-8999"))
        }
    }

    @Test
    fun aMalformedAddressIsRefusedOffline() = runBlocking<Unit> {
        val store = MapSecureStore()
        val phone = sandbox.phone("wester", store)
        phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
        phone.close()
        MemberApp(builtinProfile("wester"), closedPortUrl("wester"), phone.dataDir, store).use { offline ->
            val e = assertFailsWith<TamaruException.InvalidEmail> {
                runBlocking { offline.mail().requestEmailChange("taro@@example.jp") }
            }
            assertEquals(LoginIdViolationCode.INVALID_EMAIL, e.violations[0].code)
            assertTrue(e.violations[0].messageJa.contains("@"))
            val spaced = assertFailsWith<TamaruException.InvalidEmail> {
                runBlocking { offline.mail().requestEmailChange("taro@example.jp ") }
            }
            assertEquals(LoginIdViolationCode.LEADING_OR_TRAILING_SPACE, spaced.violations[0].code)
            assertTrue(offline.mail().checkEmail("taro@example.jp").valid)
        }
    }

    @Test
    fun wrongAndExpiredCodesAreTyped() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val address = newAddress()
            phone.app.mail().requestEmailChange(address)
            val code = codeFromMailbox(address)

            // Codes never start with 0: this one is always wrong.
            val wrong = assertFailsWith<TamaruException.WrongEmailCode> {
                runBlocking { phone.app.mail().confirmEmailChange("012345") }
            }
            assertEquals(4u, wrong.attemptsLeft)
            val notACode = assertFailsWith<TamaruException.WrongEmailCode> {
                runBlocking { phone.app.mail().confirmEmailChange("abc") }
            }
            assertNull(notACode.attemptsLeft)

            sandbox.advanceClock(601)
            assertFailsWith<TamaruException.EmailCodeExpired> {
                runBlocking { phone.app.mail().confirmEmailChange(code) }
            }
        }
    }

    @Test
    fun theDeliveryChecklistDiffersPerProfile() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            phone.app.account().signUp("kotlin${System.nanoTime()}@example.com", "Tamaru#2026", null)
            val help = phone.app.mail().deliveryHelp()
            assertEquals(listOf("jrw-sc.jp", "jr-odekake.net", "wester"), help.senderDomains)
            assertTrue(help.maskedAddress!!.matches(Regex("k\\*\\*\\*@example\\.com")), help.maskedAddress)
            assertEquals(DeliveryCheck.ALLOW_SENDER_DOMAINS, help.items[0].check)
            assertTrue(help.items[0].textJa.contains("「jr-odekake.net」"))

            phone.app.mail().set(MailSetting.NEWSLETTER, false)
            val off = phone.app.mail().deliveryHelp()
            assertEquals(false, off.newsletterOn)
            assertEquals(DeliveryAction.SWITCH_NEWSLETTER_ON, off.items.first { it.check == DeliveryCheck.NEWSLETTER }.action)
        }
        sandbox.phone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "waon2026pass", null)
            val help = phone.app.mail().deliveryHelp()
            assertEquals(listOf("aeon.co.jp"), help.senderDomains)
            assertEquals(true, help.newsletterOn)
        }
        assertEquals("t***@example.com", maskEmail("taro@example.com"))
    }
}
