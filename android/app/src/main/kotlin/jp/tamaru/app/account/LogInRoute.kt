package jp.tamaru.app.account

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.LogInScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/**
 * Log-in, and "I changed phones" ([changedPhones]): what comes back from the server and what
 * does not, then, after the log-in, what was restored and a button to go on.
 */
@Composable
fun LogInRoute(changedPhones: Boolean, onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen(
        if (changedPhones) "changed-phones" else "log-in",
        { it.logInScreen(changedPhones) },
        LogInScreen::model,
    )
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        if (state.restored.isEmpty()) {
            state.restoredFromServer.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
            state.notRestored.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
            CoreField(state.loginId, { model.act { screen.setLoginId(it) } }, KeyboardType.Email)
            SecretField(state.password, { model.act { screen.setPassword(it) } })
            Problem(state.error)
            CoreButton(state.submit, { model.launch { screen.submit() } })
            CoreButton(state.forgotPassword, { model.act { screen.forgotPassword() } }, primary = false)
        } else {
            state.restored.forEach { Text(it, style = MaterialTheme.typography.bodyLarge) }
            Problem(state.error)
        }
        CoreButton(state.goOn, { model.act { screen.goOn() } })
    }
}
