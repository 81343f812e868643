package jp.tamaru.test

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import jp.tamaru.MemberApp
import jp.tamaru.android.screens.NavStep
import jp.tamaru.android.screens.Route
import jp.tamaru.android.screens.ScreenModel
import jp.tamaru.android.screens.model
import jp.tamaru.android.screens.navStep
import jp.tamaru.android.screens.routeOf
import jp.tamaru.builtinProfile
import jp.tamaru.core.EntryChoice
import jp.tamaru.core.EntryKind
import jp.tamaru.core.HomeEntry
import jp.tamaru.core.Language
import jp.tamaru.core.MailSetting
import jp.tamaru.core.PointEntryKind
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The Android shell's flows on the JVM: the core's screen objects through the generated
 * bindings, held by the same [ScreenModel] adapters the view models hold, against the real
 * sandbox. Each test presses what a member presses and follows the navigation the core
 * decides, as the Compose screens do (they only draw these states and forward these actions).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShellFlowsTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    private fun phone(program: String, language: Language): Phone {
        val store = MapSecureStore()
        val dir = Files.createTempDirectory("tamaru-kotlin-shell-").toString()
        val app = MemberApp.withLanguage(builtinProfile(program), sandbox.programUrl(program), dir, store, language)
        return Phone(app, store, dir)
    }

    /** A view model's scope stand-in. */
    private fun <T> shell(block: suspend CoroutineScope.() -> T): T = runBlocking {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            scope.block()
        } finally {
            scope.cancel()
        }
    }

    private suspend fun <S : Any> ScreenModel<S>.until(what: (S) -> Boolean): S =
        withTimeout(15_000) { state.first(what) }

    private suspend fun ScreenModel<*>.nextStep(): NavStep =
        navStep(withTimeout(15_000) { navigation.first() })

    private suspend fun ScreenModel<*>.noStep() {
        assertNull(withTimeoutOrNull(200) { navigation.first() }, "no navigation")
    }


    @Test
    fun firstLaunchSignsUpWithTheChecklistThenLogsOutAndInAgain() {
        shell {
            phone("wester", Language.JA).use { phone ->
                val entry = phone.app.entryScreen().model(this)
                assertEquals(EntryKind.FIRST_LAUNCH, entry.state.value.kind)
                assertNotNull(entry.state.value.signUp)
                entry.noStep()
                entry.close()

                val welcome = phone.app.entryScreen()
                val entryModel = welcome.model(this)
                entryModel.act { welcome.choose(EntryChoice.SIGN_UP) }
                assertEquals(NavStep.Push(Route.SIGN_UP), entryModel.nextStep())
                entryModel.close()

                val screen = phone.app.signUpScreen()
                val signUp = screen.model(this)
                val loginId = uniqueEmail()
                signUp.act { screen.setLoginId(loginId) }
                val weak = signUp.act { screen.setPassword("tamaru") }
                assertFalse(weak.checklist.all { it.met })
                assertTrue(weak.password.problems.isNotEmpty())
                assertFalse(signUp.state.value.submit.enabled, "the state flow has what the action returned")
                signUp.act { screen.setPassword("Tamaru#2026") }
                assertTrue(signUp.state.value.checklist.all { it.met })
                assertTrue(signUp.state.value.submit.enabled)
                signUp.launch { screen.submit() }
                assertEquals(NavStep.Clear(Route.HOME), signUp.nextStep())
                assertNull(signUp.state.value.error)
                signUp.close()

                val homeScreen = phone.app.homeScreen()
                val home = homeScreen.model(this)
                assertEquals(listOf("会員コード", "ポイント", "カード", "設定"), home.state.value.tabs.map { it.label })
                assertTrue(home.state.value.settings.map { it.entry }.all { routeOf(it) != null })
                home.launch { homeScreen.logOut() }
                assertEquals(NavStep.Clear(Route.LOG_IN), home.nextStep())
                home.close()

                // The entry screen says where a returning member goes, at once.
                val back = phone.app.entryScreen().model(this)
                assertEquals(NavStep.Clear(Route.LOG_IN), back.nextStep())
                back.close()

                val logInScreen = phone.app.logInScreen(false)
                val logIn = logInScreen.model(this)
                logIn.act { logInScreen.setLoginId(loginId) }
                logIn.act { logInScreen.setPassword("Wrong#2026x") }
                logIn.launch { logInScreen.submit() }
                val refused = logIn.until { it.error != null }
                assertEquals("wrong_password", refused.error!!.code)
                logIn.noStep()
                logIn.act { logInScreen.setPassword("Tamaru#2026") }
                logIn.launch { logInScreen.submit() }
                assertEquals(NavStep.Clear(Route.HOME), logIn.nextStep())
                logIn.close()
            }
        }
    }

    @Test
    fun aCardRegisteredFromTheCardsTabIsListedBackOnHome() {
        shell {
            phone("waon", Language.EN).use { phone ->
                phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
                val card = sandbox.issueCard("waon", "waon_point_card")

                val listScreen = phone.app.cardsScreen()
                val list = listScreen.model(this)
                list.launch { listScreen.refresh() }
                val empty = list.until { !it.refreshing && it.synced != null }
                assertNotNull(empty.empty)
                list.act { listScreen.addCard() }
                assertEquals(NavStep.Push(Route.CARD_REGISTRATION), list.nextStep())

                val formScreen = phone.app.cardRegistrationScreen()
                val form = formScreen.model(this)
                assertNull(form.state.value.number)
                form.act { formScreen.chooseType("waon_point_card") }
                val short = form.act { formScreen.setNumber("1234") }
                assertEquals(1, short.number!!.problems.size)
                assertFalse(short.submit.enabled)
                form.act { formScreen.setNumber(card.number) }
                assertTrue(form.state.value.submit.enabled)
                form.launch { formScreen.submit() }
                assertEquals(NavStep.BackTo(Route.HOME), form.nextStep())
                assertTrue(form.state.value.registered!!.endsWith("is registered."))
                form.close()

                // Back on the list: it reloads from the phone and shows the card.
                list.act { listScreen.reload() }
                val listed = list.state.value
                assertEquals(1, listed.cards.size)
                assertEquals("Active", listed.cards[0].stateLabel)
                list.close()
            }
        }
    }

    @Test
    fun theMemberCodeCountsDownInTheStateFlow() {
        shell {
            phone("waon", Language.EN).use { phone ->
                phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
                val screen = phone.app.memberCodeScreen()
                val code = screen.model(this)
                val first = code.until { it.code != null }.code!!
                val later = code.until { it.code != null && it.code!!.secondsLeft != first.secondsLeft }.code!!
                // The same code counts down, unless the first one was in its last seconds and
                // the next state is already its replacement (waon's codes change on the clock).
                if (later.code == first.code) {
                    assertTrue(later.secondsLeft < first.secondsLeft, "${first.secondsLeft} then ${later.secondsLeft}")
                } else {
                    assertTrue(first.secondsLeft <= 2u, "a new code only when the first ran out: ${first.secondsLeft} left")
                }
                assertTrue(later.countdown.isNotEmpty())
                assertTrue(screen.renderPng(600u).isNotEmpty())
                code.close()
                assertTrue(runCatching { screen.state() }.isFailure, "closing the model closes the screen")
            }
        }
    }

    @Test
    fun pointsHistoryFiltersAndPages() {
        shell {
            phone("waon", Language.EN).use { phone ->
                val email = uniqueEmail()
                phone.app.account().signUp(email, "Tamaru#2026", null)
                val today = japanToday()
                val day = today.toString()
                repeat(25) { sandbox.awardPoints("waon", email, 10L + it, day, "AEON Makuhari") }
                val screen = phone.app.pointsScreen()
                val points = screen.model(this)
                assertNotNull(points.state.value.notLoaded)
                points.launch { screen.refresh() }
                val loaded = points.until { !it.refreshing && it.balance != null }
                assertEquals("550 pt", loaded.balance)
                assertEquals(20, loaded.history.size, "one page")
                assertTrue(loaded.loadMore.enabled)
                val all = points.act { screen.loadMore() }
                assertEquals(25, all.history.size)
                assertFalse(all.loadMore.enabled)

                // The chips are the core's options; a chip is pressed by its id.
                val useChip = points.act { screen.toggleKind(PointEntryKind.USE) }.kinds.single { it.chosen }
                points.act { screen.clearFilters() }
                val uses = points.act { screen.toggleKindId(useChip.id) }
                assertTrue(uses.history.isEmpty())
                assertNotNull(uses.historyEmpty)
                assertEquals(useChip.id, uses.kinds.single { it.chosen }.id)
                assertEquals(uses, points.act { screen.toggleKindId("no-such-kind") }, "an unknown id changes nothing")
                points.act { screen.clearFilters() }
                assertEquals(20, points.state.value.history.size)

                val yesterday = today.minusDays(1).toString()
                val before = points.act { screen.setDates(null, yesterday) }
                assertTrue(before.history.isEmpty())
                assertEquals(yesterday, before.to.value)
                val backwards = points.act { screen.setDates(day, yesterday) }
                assertNotNull(backwards.filterProblem, "a range that ends before it starts is the core's to word")
                points.close()
            }
        }
    }

    @Test
    fun mailSettingsSwitchAndTheDeliveryHelpOpensEachTimeItIsPressed() {
        shell {
            phone("waon", Language.EN).use { phone ->
                phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
                val screen = phone.app.mailSettingsScreen()
                val mail = screen.model(this)
                mail.launch { screen.refresh() }
                val fresh = mail.until { !it.refreshing && it.switches.all { s -> s.on != null } }
                assertEquals(2, fresh.switches.size)
                mail.launch { screen.set(MailSetting.NEWSLETTER, false) }
                mail.until { it.switches.first { s -> s.setting == MailSetting.NEWSLETTER }.on == false }

                mail.act { screen.openDeliveryHelp() }
                assertEquals(NavStep.Push(Route.DELIVERY_HELP), mail.nextStep())
                val helpScreen = phone.app.deliveryHelpScreen()
                val help = helpScreen.model(this)
                help.launch { helpScreen.load() }
                val items = help.until { !it.loading && it.items.isNotEmpty() }
                assertTrue(items.senderDomains.isNotEmpty())
                help.close()
                // Back on mail settings, the same button opens the help again.
                mail.act { screen.openDeliveryHelp() }
                assertEquals(NavStep.Push(Route.DELIVERY_HELP), mail.nextStep())
                mail.act { screen.openEmailChange() }
                assertEquals(NavStep.Push(Route.EMAIL_CHANGE), mail.nextStep())
                mail.close()
            }
        }
    }

    @Test
    fun passwordChangeThenWithdrawalBackToTheWelcome() {
        shell {
            phone("waon", Language.EN).use { phone ->
                phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
                val changeScreen = phone.app.passwordChangeScreen()
                val change = changeScreen.model(this)
                assertFalse(change.state.value.submit.enabled)
                change.act { changeScreen.setCurrent("Tamaru#2026") }
                val weak = change.act { changeScreen.setNewPassword("short") }
                assertFalse(weak.submit.enabled)
                assertTrue(weak.newPassword.problems.isNotEmpty())
                change.act { changeScreen.setNewPassword("Kotlin#2027") }
                assertTrue(change.state.value.checklist.all { it.met })
                change.launch { changeScreen.submit() }
                val changed = change.until { !it.busy && it.done != null }
                assertNull(changed.error)
                change.close()

                val withdrawalScreen = phone.app.withdrawalScreen()
                val withdrawal = withdrawalScreen.model(this)
                withdrawal.launch { withdrawalScreen.load() }
                val preview = withdrawal.until { !it.loading && it.consequences.isNotEmpty() }
                assertEquals(false, preview.withdraw?.enabled)
                withdrawal.act { withdrawalScreen.setUnderstood(true) }
                withdrawal.act { withdrawalScreen.setPassword("Kotlin#2027") }
                assertEquals(true, withdrawal.state.value.withdraw?.enabled)
                withdrawal.launch { withdrawalScreen.withdraw() }
                assertEquals(NavStep.Clear(Route.ENTRY), withdrawal.nextStep())
                withdrawal.close()

                assertFalse(phone.app.isSignedIn())
                // The entry screen the shell opens for WELCOME is a first launch again: the
                // phone holds no member after a withdrawal, so it offers sign-up, not log-in.
                val entry = phone.app.entryScreen().model(this)
                assertEquals(EntryKind.FIRST_LAUNCH, entry.state.value.kind)
                entry.close()
            }
        }
    }

    @Test
    fun changedPhonesSaysWhatComesBackThenGoesHome() {
        shell {
            val email = uniqueEmail()
            phone("waon", Language.EN).use { old ->
                old.app.account().signUp(email, "Tamaru#2026", null)
            }
            sandbox.awardPoints("waon", email, 500, japanToday().toString(), "AEON Makuhari")
            phone("waon", Language.EN).use { phone ->
                val entryScreen = phone.app.entryScreen()
                val entry = entryScreen.model(this)
                entry.act { entryScreen.choose(EntryChoice.CHANGED_PHONES) }
                assertEquals(NavStep.Push(Route.CHANGED_PHONES), entry.nextStep())
                entry.close()

                val screen = phone.app.logInScreen(true)
                val logIn = screen.model(this)
                assertTrue(logIn.state.value.changedPhones)
                assertTrue(logIn.state.value.restoredFromServer.isNotEmpty())
                assertTrue(logIn.state.value.notRestored.isNotEmpty())
                logIn.act { screen.setLoginId(email) }
                logIn.act { screen.setPassword("Tamaru#2026") }
                logIn.launch { screen.submit() }
                val restored = logIn.until { !it.busy && it.restored.isNotEmpty() }
                assertTrue(restored.restored.any { it.contains("500 pt") }, restored.restored.toString())
                logIn.noStep()
                logIn.act { screen.goOn() }
                assertEquals(NavStep.Clear(Route.HOME), logIn.nextStep())
                logIn.close()
            }
        }
    }

    @Test
    fun aForgottenPasswordIsResetWithTheMailedCodeThenTheLogInOpens() {
        shell {
            phone("waon", Language.EN).use { phone ->
                val email = uniqueEmail()
                phone.app.account().signUp(email, "Tamaru#2026", null)
                phone.app.account().logOut()
                val logInScreen = phone.app.logInScreen(false)
                val logIn = logInScreen.model(this)
                logIn.act { logInScreen.forgotPassword() }
                assertEquals(NavStep.Push(Route.PASSWORD_RESET), logIn.nextStep())

                val screen = phone.app.passwordResetScreen()
                val reset = screen.model(this)
                assertNull(reset.state.value.code, "no code field before a code is sent")
                reset.act { screen.setLoginId(email) }
                reset.launch { screen.request() }
                val sent = reset.until { !it.busy && it.sent != null }
                assertNotNull(sent.code)
                val code = Regex("reset code: (\\d{6})").find(sandbox.mailbox(email))!!.groupValues[1]
                reset.act { screen.setCode(code) }
                val weak = reset.act { screen.setNewPassword("short") }
                assertFalse(weak.confirm!!.enabled)
                reset.act { screen.setNewPassword("Kotlin#2027") }
                assertTrue(reset.state.value.checklist.all { it.met })
                reset.launch { screen.confirm() }
                assertEquals(NavStep.Clear(Route.LOG_IN), reset.nextStep())
                reset.close()
                logIn.close()
                phone.app.account().logIn(email, "Kotlin#2027")
                assertTrue(phone.app.isSignedIn())
            }
        }
    }

    @Test
    fun familySharingOpensFromHomeWhereTheProgramHasIt() {
        shell {
            phone("waon", Language.EN).use { phone ->
                phone.app.account().signUp(uniqueEmail(), "Tamaru#2026", null)
                val home = phone.app.homeScreen().model(this)
                val family = home.state.value.settings.single { it.entry == HomeEntry.FAMILY }
                assertEquals(Route.FAMILY, routeOf(family.entry))
                assertEquals("Family sharing", family.label)
                home.close()

                val screen = phone.app.familyScreen()
                val model = screen.model(this)
                model.launch { screen.load() }
                val empty = model.until { !it.busy && it.create != null }
                assertTrue(empty.members.isEmpty())
                model.launch { screen.create() }
                val created = model.until { !it.busy && it.members.isNotEmpty() }
                assertEquals("Creator (you)", created.members.single().role)
                assertNotNull(created.inviteCode)
                assertNotNull(created.leave)
                model.launch { screen.leave() }
                val left = model.until { !it.busy && it.members.isEmpty() }
                assertNotNull(left.create, "after leaving the member can create or join again")
                model.close()
            }
            phone("wester", Language.EN).use { phone ->
                val home = phone.app.homeScreen().model(this)
                assertTrue(home.state.value.settings.none { it.entry == HomeEntry.FAMILY })
                home.close()
            }
        }
    }
}
