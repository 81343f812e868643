package jp.tamaru.app.home

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.text.font.FontFamily
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.CardsScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.CardRow
import jp.tamaru.core.Destination

/**
 * The registered cards with their states and notices, and "Register a card" while the
 * program's limit allows (the core disables it and says why). Pull to refresh; back from a
 * registration the list reloads from the phone.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun CardsTab(onNavigate: (Destination) -> Unit, modifier: Modifier = Modifier) {
    val vm = rememberScreen("cards", { it.cardsScreen() }, CardsScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.refresh() } }
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { model.act { screen.reload() } }
    PullToRefreshBox(
        isRefreshing = state.refreshing,
        onRefresh = { model.launch { screen.refresh() } },
        modifier = modifier.fillMaxSize(),
    ) {
        ScreenColumn(state.title, busy = false) {
            state.notices.forEach { notice ->
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Text(notice.text, modifier = Modifier.weight(1f), style = MaterialTheme.typography.bodyMedium)
                    IconButton(onClick = { model.act { screen.dismissNotice(notice.id) } }) {
                        Icon(painterResource(R.drawable.ic_close), contentDescription = notice.text)
                    }
                }
            }
            state.cards.forEach { CardLine(it) }
            Note(state.empty)
            Note(state.synced)
            Problem(state.error)
            CoreButton(state.add, { model.act { screen.addCard() } })
            Note(state.limitNote)
        }
    }
}

@Composable
private fun CardLine(card: CardRow) {
    Column(modifier = Modifier.fillMaxWidth()) {
        Text(card.typeName, style = MaterialTheme.typography.titleMedium)
        Text(card.number, fontFamily = FontFamily.Monospace)
        Text(card.stateLabel, style = MaterialTheme.typography.labelLarge)
        card.expires?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        Text(card.registered, style = MaterialTheme.typography.bodySmall)
        card.issuer?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        card.linkedNote?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        HorizontalDivider()
    }
}
