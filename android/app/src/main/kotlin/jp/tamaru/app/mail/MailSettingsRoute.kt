package jp.tamaru.app.mail

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.MailSettingsScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/**
 * The newsletter and postal-mail switches (a switch flipped offline waits and says so), the
 * e-mail change and the "mail does not arrive" help. Pull to refresh.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun MailSettingsRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("mail-settings", { it.mailSettingsScreen() }, MailSettingsScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.refresh() } }
    PullToRefreshBox(
        isRefreshing = state.refreshing,
        onRefresh = { model.launch { screen.refresh() } },
        modifier = Modifier.fillMaxSize(),
    ) {
        ScreenColumn(state.title, busy = false) {
            state.switches.forEach { switch ->
                Row(modifier = Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
                    Column(modifier = Modifier.weight(1f)) {
                        Text(switch.label)
                        switch.status?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                    }
                    Switch(
                        checked = switch.on == true,
                        onCheckedChange = { on -> model.launch { screen.set(switch.setting, on) } },
                        enabled = switch.on != null,
                    )
                }
            }
            state.notices.forEach { Note(it) }
            Note(state.synced)
            Note(state.postalNote)
            Problem(state.error)
            CoreButton(state.emailChange, { model.act { screen.openEmailChange() } }, primary = false)
            CoreButton(state.deliveryHelp, { model.act { screen.openDeliveryHelp() } }, primary = false)
        }
    }
}
