package jp.tamaru.app.account

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.PasswordResetScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Checklist
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.ExternalPage
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** A forgotten password: a code by mail, then the new password with its checklist. */
@Composable
fun PasswordResetRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("password-reset", { it.passwordResetScreen() }, PasswordResetScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        CoreField(state.loginId, { model.act { screen.setLoginId(it) } }, KeyboardType.Email)
        CoreButton(state.request, { model.launch { screen.request() } }, primary = state.sent == null)
        Note(state.sent)
        state.code?.let { code -> CoreField(code, { model.act { screen.setCode(it) } }, KeyboardType.Number) }
        state.newPassword?.let { field -> SecretField(field, { model.act { screen.setNewPassword(it) } }) }
        if (state.newPassword != null) Checklist(state.checklist)
        Problem(state.error)
        ExternalPage(state.externalPage)
        CoreButton(state.confirm, { model.launch { screen.confirm() } })
        Note(state.done, emphasis = true)
    }
}
