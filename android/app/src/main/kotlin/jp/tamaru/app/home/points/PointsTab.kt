package jp.tamaru.app.home.points

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.SessionGuard
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.core.PointEntry

@Composable
fun PointsTab(
    onSessionEnded: () -> Unit,
    modifier: Modifier = Modifier,
    vm: PointsViewModel = viewModel(factory = coreViewModel { PointsViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    SessionGuard(state.error, onSessionEnded)

    LazyColumn(modifier = modifier.fillMaxSize().padding(horizontal = 24.dp)) {
        item {
            Column(modifier = Modifier.padding(vertical = 16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                val balance = state.balance
                if (balance == null) {
                    Text(stringResource(R.string.points_not_synced), style = MaterialTheme.typography.bodyLarge)
                } else {
                    Text(stringResource(R.string.points_total, balance.total.toLong()), style = MaterialTheme.typography.headlineMedium)
                    balance.nextExpiry?.let {
                        Text(stringResource(R.string.points_next_expiry, it.points.toLong(), it.expires))
                    }
                    if (balance.expiringSoon > 0u) {
                        Text(
                            stringResource(R.string.points_expiring_soon, balance.expiringSoon.toLong(), balance.expiringSoonDays.toInt()),
                            color = MaterialTheme.colorScheme.error,
                        )
                    }
                }
                state.lastSynced?.let { Text(stringResource(R.string.last_synced, it), style = MaterialTheme.typography.bodySmall) }
                state.error?.let { CoreErrorText(it) }
                TextButton(onClick = vm::refresh, enabled = !state.refreshing) { Text(stringResource(R.string.action_refresh)) }
            }
        }
        items(state.history, key = { it.id }) { entry -> HistoryRow(entry) }
    }
}

@Composable
private fun HistoryRow(entry: PointEntry) {
    Column(modifier = Modifier.padding(vertical = 8.dp)) {
        Row(modifier = Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
            Text(entry.date, style = MaterialTheme.typography.bodySmall)
            Text(if (entry.points > 0) "+${entry.points}" else entry.points.toString(), style = MaterialTheme.typography.titleMedium)
        }
        Text(entry.text, style = MaterialTheme.typography.bodyMedium)
        entry.store?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
    }
    HorizontalDivider()
}
