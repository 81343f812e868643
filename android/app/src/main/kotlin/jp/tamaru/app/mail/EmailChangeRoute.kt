package jp.tamaru.app.mail

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.EmailChangeScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** A new e-mail address, confirmed with the code mailed to it (picked up after a restart). */
@Composable
fun EmailChangeRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("email-change", { it.emailChangeScreen() }, EmailChangeScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.resume() } }
    ScreenColumn(state.title, state.busy) {
        CoreField(state.email, { model.act { screen.setEmail(it) } }, KeyboardType.Email)
        CoreButton(state.request, { model.launch { screen.request() } }, primary = state.sent == null)
        Note(state.sent)
        state.code?.let { code -> CoreField(code, { model.act { screen.setCode(it) } }, KeyboardType.Number) }
        Problem(state.error)
        CoreButton(state.confirm, { model.launch { screen.confirm() } })
        Note(state.done, emphasis = true)
    }
}
