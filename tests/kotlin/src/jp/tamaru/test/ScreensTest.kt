package jp.tamaru.test

import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import jp.tamaru.CardsListener
import jp.tamaru.MemberApp
import jp.tamaru.MemberCodeScreenListener
import jp.tamaru.SignUpListener
import jp.tamaru.builtinProfile
import jp.tamaru.sessionEnd
import jp.tamaru.core.CardsState
import jp.tamaru.core.Destination
import jp.tamaru.core.EntryChoice
import jp.tamaru.core.EntryKind
import jp.tamaru.core.Language
import jp.tamaru.core.MailSetting
import jp.tamaru.core.MemberCodeScreenState
import jp.tamaru.core.PointEntryKind
import jp.tamaru.core.SignUpState
import jp.tamaru.core.TamaruException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The core's screens from Kotlin, through the generated bindings, as a Compose shell would
 * hold them: the state as the core words it, actions returning the next state, and a
 * listener (the `StateFlow` source) told about every state until its subscription closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreensTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    private fun englishPhone(program: String): Phone {
        val store = MapSecureStore()
        val dir = Files.createTempDirectory("tamaru-kotlin-screens-").toString()
        val app = MemberApp.withLanguage(builtinProfile(program), sandbox.programUrl(program), dir, store, Language.EN)
        return Phone(app, store, dir)
    }


    @Test
    fun signUpWithTheLiveChecklistThenLogInAgain() = runBlocking<Unit> {
        sandbox.phone("wester").use { phone ->
            val entry = phone.app.entryScreen()
            assertEquals(EntryKind.FIRST_LAUNCH, entry.state().kind)
            assertEquals(Destination.SIGN_UP, entry.choose(EntryChoice.SIGN_UP).navigate)

            val screen = phone.app.signUpScreen()
            val seen = CopyOnWriteArrayList<SignUpState>()
            val subscription = screen.subscribe(object : SignUpListener {
                override fun onState(state: SignUpState) { seen.add(state) }
            })
            assertEquals("新規登録", screen.state().title)
            assertFalse(screen.state().submit.enabled)
            val email = uniqueEmail()
            screen.setLoginId(email)
            val weak = screen.setPassword("tamaru")
            assertEquals(listOf(false, false, false, true, false, true), weak.checklist.map { it.met })
            assertTrue(weak.password.problems.isNotEmpty())
            assertFalse(weak.submit.enabled)
            val strong = screen.setPassword("Tamaru#2026")
            assertTrue(strong.checklist.all { it.met })
            assertTrue(strong.submit.enabled)
            val done = screen.submit()
            assertNull(done.error)
            assertEquals(Destination.HOME, done.navigate)
            assertTrue(seen.any { it.busy }, "the listener saw the screen working")
            assertEquals(done, seen.last())
            subscription.close()
            screen.close()

            phone.app.account().logOut()
            assertEquals(Destination.LOG_IN, phone.app.entryScreen().state().navigate)
            val logIn = phone.app.logInScreen(false)
            logIn.setLoginId(email)
            logIn.setPassword("Wrong#2026x")
            val refused = logIn.submit()
            assertEquals("wrong_password", refused.error?.code)
            assertTrue(refused.error!!.text.contains("パスワード"), refused.error!!.text)
            assertNull(refused.navigate)
            logIn.setPassword("Tamaru#2026")
            assertEquals(Destination.HOME, logIn.submit().navigate)
        }
    }

    @Test
    fun registerACardAndSeeItListedInEnglish() = runBlocking<Unit> {
        englishPhone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val card = sandbox.issueCard("waon", "waon_point_card")
            val screen = phone.app.cardRegistrationScreen()
            assertEquals(phone.app.profile().cards.types.size, screen.state().types.size)
            assertNull(screen.state().number, "no number field before a type is chosen")
            screen.chooseType("waon_point_card")
            val short = screen.setNumber("1234")
            assertEquals(1, short.number!!.problems.size)
            assertFalse(short.submit.enabled)
            val typed = screen.setNumber(card.number.chunked(4).joinToString("-"))
            assertTrue(typed.number!!.problems.isEmpty())
            assertTrue(typed.submit.enabled)
            val done = screen.submit()
            assertEquals(Destination.CARDS, done.navigate)
            assertEquals("The WAON POINT card ending ${card.number.takeLast(4)} is registered.", done.registered)

            val list = phone.app.cardsScreen()
            val seen = CopyOnWriteArrayList<CardsState>()
            list.subscribe(object : CardsListener {
                override fun onState(state: CardsState) { seen.add(state) }
            }).use {
                val refreshed = list.refresh()
                assertNull(refreshed.error)
                assertEquals(1, refreshed.cards.size)
                assertEquals("WAON POINT card", refreshed.cards[0].typeName)
                assertEquals("Active", refreshed.cards[0].stateLabel)
                assertNotNull(refreshed.synced)
                assertTrue(seen.any { it.refreshing })
            }
        }
    }

    @Test
    fun theMemberCodeCountsDownThroughTheListener() = runBlocking<Unit> {
        sandbox.phone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val screen = phone.app.memberCodeScreen()
            val seen = CopyOnWriteArrayList<MemberCodeScreenState>()
            val subscription = screen.subscribe(object : MemberCodeScreenListener {
                override fun onState(state: MemberCodeScreenState) { seen.add(state) }
            })
            var waited = 0
            while (seen.size < 3 && waited < 100) { delay(50); waited++ }
            assertTrue(seen.size >= 3, "a state every second")
            val code = assertNotNull(seen.last().code)
            assertEquals(32, code.code.length)
            assertTrue(code.countdown.startsWith("残り "), code.countdown)
            assertNull(seen.last().nextCode, "derived codes have no next code on demand")
            assertTrue(screen.renderPng(600u).isNotEmpty())
            subscription.close()
            screen.close()
        }
    }

    @Test
    fun pointsShowTheBalanceAndSignedHistory() = runBlocking<Unit> {
        englishPhone("waon").use { phone ->
            val email = uniqueEmail()
            phone.app.account().signUp(email, "Tamaru#2026", null)
            sandbox.awardPoints("waon", email, 1200, japanToday().toString(), "AEON Makuhari")
            val screen = phone.app.pointsScreen()
            assertNotNull(screen.state().notLoaded)
            val state = screen.refresh()
            assertNull(state.error)
            assertEquals("1,200 pt", state.balance)
            assertEquals("+1,200 pt", state.history[0].points)
            assertEquals("Earned", state.history[0].kindLabel)
            assertEquals("AEON Makuhari", state.history[0].store)
            val uses = screen.toggleKind(PointEntryKind.USE)
            assertTrue(uses.history.isEmpty())
            assertEquals("No history matches these filters.", uses.historyEmpty)
            screen.close()
        }
    }

    @Test
    fun mailFamilyAndWithdrawalScreensWorkFromKotlin() = runBlocking<Unit> {
        englishPhone("waon").use { phone ->
            phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
            val mail = phone.app.mailSettingsScreen()
            val fresh = mail.refresh()
            assertNull(fresh.error)
            assertEquals(2, fresh.switches.size)
            val off = mail.set(MailSetting.NEWSLETTER, false)
            assertEquals(false, off.switches[0].on)
            assertEquals(Destination.DELIVERY_HELP, mail.openDeliveryHelp().navigate)
            mail.close()

            val family = phone.app.familyScreen()
            family.load()
            val created = family.create()
            assertEquals("Creator (you)", created.members.single().role)
            assertNotNull(created.inviteCode)
            family.leave()
            family.close()

            val withdrawal = phone.app.withdrawalScreen()
            val preview = withdrawal.load()
            assertEquals(3, preview.consequences.size)
            assertEquals(false, preview.withdraw?.enabled)
            withdrawal.setUnderstood(true)
            withdrawal.setPassword("Tamaru#2026")
            assertEquals(Destination.WELCOME, withdrawal.withdraw().navigate)
            assertFalse(phone.app.isSignedIn())
            withdrawal.close()
        }
    }

    @Test
    fun oneDecisionForTheErrorsThatEndASession() {
        assertEquals(Destination.WELCOME, sessionEnd(TamaruException.AccountWithdrawn()))
        assertEquals(Destination.SIGNED_OUT_ELSEWHERE, sessionEnd(TamaruException.SignedInElsewhere()))
        assertEquals(Destination.LOG_IN, sessionEnd(TamaruException.SessionExpired()))
        assertNull(sessionEnd(TamaruException.Network("offline")))
    }
}
