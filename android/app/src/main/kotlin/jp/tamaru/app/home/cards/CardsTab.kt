package jp.tamaru.app.home.cards

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.android.displayName
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.SessionGuard
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.app.ui.rememberCoreLanguage

@Composable
fun CardsTab(
    onSessionEnded: () -> Unit,
    onRegisterCard: () -> Unit,
    modifier: Modifier = Modifier,
    vm: CardsViewModel = viewModel(factory = coreViewModel { CardsViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val lang = rememberCoreLanguage()
    SessionGuard(state.error, onSessionEnded)
    LaunchedEffect(Unit) { vm.reload() }

    LazyColumn(
        modifier = modifier.fillMaxSize().padding(horizontal = 24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        item {
            Column(modifier = Modifier.padding(top = 16.dp)) {
                Button(onClick = onRegisterCard, modifier = Modifier.fillMaxWidth()) {
                    Text(stringResource(R.string.cards_register))
                }
                state.syncedAt?.let { Text(stringResource(R.string.last_synced, it), style = MaterialTheme.typography.bodySmall) }
                state.error?.let { CoreErrorText(it) }
                TextButton(onClick = vm::refresh, enabled = !state.refreshing) { Text(stringResource(R.string.action_refresh)) }
            }
        }
        items(state.notices, key = { "${it.kind}-${it.cardId}" }) { notice ->
            Card(modifier = Modifier.fillMaxWidth()) {
                Column(modifier = Modifier.padding(16.dp)) {
                    Text(notice.text(lang))
                    TextButton(onClick = { vm.dismissNotice(notice) }) { Text(stringResource(R.string.action_ok)) }
                }
            }
        }
        if (state.cards.isEmpty()) {
            item { Text(stringResource(R.string.cards_none), style = MaterialTheme.typography.bodyLarge) }
        }
        items(state.cards, key = { it.id }) { card ->
            val type = state.types.firstOrNull { it.id == card.cardType }
            Card(modifier = Modifier.fillMaxWidth()) {
                Column(modifier = Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Text(type?.displayName(lang) ?: card.cardType, style = MaterialTheme.typography.titleMedium)
                    Text(card.displayNumber, fontFamily = FontFamily.Monospace)
                    card.issuer?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                }
            }
        }
    }
}
