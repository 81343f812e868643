package jp.tamaru.app.account

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.SignUpScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Checklist
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** Sign-up with the live password checklist; the core logs the new member in and says home. */
@Composable
fun SignUpRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("sign-up", { it.signUpScreen() }, SignUpScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        CoreField(state.loginId, { model.act { screen.setLoginId(it) } }, KeyboardType.Email)
        state.email?.let { email -> CoreField(email, { model.act { screen.setEmail(it) } }, KeyboardType.Email) }
        SecretField(state.password, { model.act { screen.setPassword(it) } })
        Checklist(state.checklist)
        Problem(state.error)
        CoreButton(state.submit, { model.launch { screen.submit() } })
    }
}
