package jp.tamaru.android.screens

import java.util.Locale
import jp.tamaru.core.Destination
import jp.tamaru.core.HomeEntry
import jp.tamaru.core.Language
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

/** [ScreenModel]'s own logic against a stand-in screen (the real screens: tests/kotlin). */
class ScreenModelTest {
    private data class Fake(val text: String, val navigate: Destination? = null)

    /** Stands in for a core screen: a state, a listener it tells, and a close. */
    private class FakeScreen {
        var state = Fake("")
        var listener: ((Fake) -> Unit)? = null
        var stopped = false
        var closed = false

        fun change(next: Fake): Fake {
            state = next
            listener?.invoke(next)
            return next
        }
    }

    private fun model(screen: FakeScreen, scope: CoroutineScope) = ScreenModel(
        scope,
        screen.state,
        { it.navigate },
        { emit ->
            screen.listener = emit
            emit(screen.state)
            val stop: () -> Unit = { screen.stopped = true }
            stop
        },
        { screen.closed = true },
    )

    @Test
    fun statesComeFromTheListenerAndEachDecisionNavigatesOnce() = runBlocking<Unit> {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val screen = FakeScreen()
        val model = model(screen, scope)
        model.act { screen.change(Fake("typed")) }
        assertEquals("typed", model.state.value.text)

        // A decision told once navigates once, however often the state repeats it (a ticking
        // screen repeats its state every second).
        model.act { screen.change(Fake("help", Destination.DELIVERY_HELP)) }
        screen.change(Fake("help again", Destination.DELIVERY_HELP))
        assertEquals(Destination.DELIVERY_HELP, withTimeout(1_000) { model.navigation.first() })
        assertNull(withTimeoutOrNull(100) { model.navigation.first() })

        // Pressing the same button again (back on this screen) goes there again.
        model.act { screen.change(Fake("help", Destination.DELIVERY_HELP)) }
        assertEquals(Destination.DELIVERY_HELP, withTimeout(1_000) { model.navigation.first() })

        // A suspending action's decision arrives the same way.
        model.launch { screen.change(Fake("done", Destination.MAIL_SETTINGS)) }.join()
        assertEquals(Destination.MAIL_SETTINGS, withTimeout(1_000) { model.navigation.first() })

        model.close()
        model.close()
        assertTrue(screen.stopped)
        assertTrue(screen.closed)
        screen.change(Fake("after close"))
        assertEquals("a closed model hears nothing", "done", model.state.value.text)
        scope.cancel()
    }

    @Test
    fun navigationMapsEveryCoreDestinationAndSettingsEntry() {
        assertEquals(NavStep.Clear(Route.HOME), navStep(Destination.HOME))
        assertEquals(NavStep.Clear(Route.ENTRY), navStep(Destination.WELCOME))
        assertEquals(NavStep.Clear(Route.ENTRY), navStep(Destination.SIGNED_OUT_ELSEWHERE))
        assertEquals(NavStep.BackTo(Route.HOME), navStep(Destination.CARDS))
        assertEquals(NavStep.Push(Route.CARD_REGISTRATION), navStep(Destination.CARD_REGISTRATION))
        for (d in Destination.entries) navStep(d)
        assertNull(routeOf(HomeEntry.MEMBER_CODE))
        assertEquals(Route.WITHDRAWAL, routeOf(HomeEntry.WITHDRAWAL))
        val routes = Route.entries.map { it.path }
        assertEquals("every route has its own path", routes.size, routes.toSet().size)
    }

    @Test
    fun datePickerDaysRoundTripAsTheCoreWritesThem() {
        assertEquals("2026-12-01", pickerDay(pickerMillis("2026-12-01")!!))
        assertEquals("2027-02-28", pickerDay(pickerMillis("2027-02-28")!!))
        assertNull(pickerMillis(null))
        assertNull(pickerMillis("12/01/2026"))
    }

    @Test
    fun theCoreLanguageFollowsThePhone() {
        assertEquals(Language.JA, coreLanguage(Locale.JAPAN))
        assertEquals(Language.EN, coreLanguage(Locale.US))
        assertEquals(Language.EN, coreLanguage(Locale.FRANCE))
        assertFalse(coreLanguage(Locale.GERMANY) == Language.JA)
    }
}
