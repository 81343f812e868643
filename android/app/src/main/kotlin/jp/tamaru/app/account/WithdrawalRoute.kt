package jp.tamaru.app.account

import androidx.compose.foundation.layout.Row
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.WithdrawalScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.ExternalPage
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/**
 * Withdrawal: what it means (points and cards lost, postal mail), what blocks it, then the
 * confirmation and the password. Withdrawn, the core says to start over at the welcome.
 */
@Composable
fun WithdrawalRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("withdrawal", { it.withdrawalScreen() }, WithdrawalScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.load() } }
    ScreenColumn(state.title, state.loading || state.busy) {
        state.consequences.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
        Note(state.pointsLost, emphasis = true)
        state.blockers.forEach { Text(it, color = MaterialTheme.colorScheme.error) }
        ExternalPage(state.externalPage)
        state.understood?.let { understood ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = understood, onCheckedChange = { model.act { screen.setUnderstood(it) } })
                Text(state.understoodLabel)
            }
        }
        state.password?.let { field -> SecretField(field, { model.act { screen.setPassword(it) } }) }
        Problem(state.error)
        CoreButton(state.withdraw, { model.launch { screen.withdraw() } })
        Note(state.done, emphasis = true)
    }
}
