package jp.tamaru.app.account

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.PasswordChangeScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Checklist
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.ExternalPage
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** Changing the password (a linked account is sent to its support page instead). */
@Composable
fun PasswordChangeRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("password-change", { it.passwordChangeScreen() }, PasswordChangeScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        SecretField(state.current, { model.act { screen.setCurrent(it) } })
        SecretField(state.newPassword, { model.act { screen.setNewPassword(it) } })
        Checklist(state.checklist)
        Problem(state.error)
        ExternalPage(state.externalPage)
        CoreButton(state.submit, { model.launch { screen.submit() } })
        Note(state.done, emphasis = true)
    }
}
