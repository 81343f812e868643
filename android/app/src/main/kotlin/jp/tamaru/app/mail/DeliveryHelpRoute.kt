package jp.tamaru.app.mail

import androidx.compose.foundation.layout.Row
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.DeliveryHelpScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** "Mail does not arrive": what to check (ticked where the phone knows it is fine), the
 * domains to allow, and what the app can do about an item. */
@Composable
fun DeliveryHelpRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("delivery-help", { it.deliveryHelpScreen() }, DeliveryHelpScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.load() } }
    ScreenColumn(state.title, state.loading) {
        state.items.forEach { item ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = !item.needsAttention, onCheckedChange = null)
                Text(item.text, modifier = Modifier.weight(1f))
            }
            val action = item.action
            if (action != null) CoreButton(item.actionButton, { model.launch { screen.act(action) } }, primary = false)
        }
        state.senderDomains.forEach { Text(it, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodyMedium) }
        Problem(state.error)
    }
}
