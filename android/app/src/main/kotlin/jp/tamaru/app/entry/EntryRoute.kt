package jp.tamaru.app.entry

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.EntryScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination
import jp.tamaru.core.EntryChoice

/**
 * The first screen: the welcome (sign up, or "I changed phones"), the "signed out elsewhere"
 * explanation, or straight on to the log-in or home, as the core decides.
 */
@Composable
fun EntryRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("entry", { it.entryScreen() }, EntryScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, busy = false) {
        Note(state.message)
        CoreButton(state.signUp, { model.act { screen.choose(EntryChoice.SIGN_UP) } })
        CoreButton(state.changedPhones, { model.act { screen.choose(EntryChoice.CHANGED_PHONES) } }, primary = false)
        CoreButton(state.logIn, { model.act { screen.choose(EntryChoice.LOG_IN) } })
        Problem(state.error)
        CoreButton(state.retry, { model.act { screen.retry() } })
    }
}
