package jp.tamaru.app.home

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.PointsScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.DayPicker
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination
import jp.tamaru.core.HistoryRow

/**
 * Points: the balance and what expires soon, "as of" when offline, and the history with the
 * core's kind and date filters, a page at a time. Pull to refresh.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun PointsTab(onNavigate: (Destination) -> Unit, modifier: Modifier = Modifier) {
    val vm = rememberScreen("points", { it.pointsScreen() }, PointsScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.refresh() } }
    PullToRefreshBox(
        isRefreshing = state.refreshing,
        onRefresh = { model.launch { screen.refresh() } },
        modifier = modifier.fillMaxSize(),
    ) {
        ScreenColumn(state.title, busy = false) {
            Text(state.balanceLabel, style = MaterialTheme.typography.labelLarge)
            Note(state.balance, emphasis = true)
            Note(state.notLoaded)
            Note(state.expiringSoon)
            Note(state.nextExpiry)
            state.breakdown.forEach { line ->
                Row(modifier = Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
                    Text(line.until, color = if (line.expiringSoon) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface)
                    Text(line.points)
                }
            }
            Note(state.asOf)
            Note(state.updated)
            Problem(state.error)
            HorizontalDivider()

            Row(
                modifier = Modifier.horizontalScroll(rememberScrollState()),
                horizontalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                state.kinds.forEach { kind ->
                    FilterChip(
                        selected = kind.chosen,
                        onClick = { model.act { screen.toggleKindId(kind.id) } },
                        label = { Text(kind.label) },
                    )
                }
            }
            DayPicker(state.from.label, state.from.text, state.from.value) { day ->
                model.act { screen.setDates(day, state.to.value) }
            }
            DayPicker(state.to.label, state.to.text, state.to.value) { day ->
                model.act { screen.setDates(state.from.value, day) }
            }
            state.filterProblem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            CoreButton(state.clearFilters, { model.act { screen.clearFilters() } }, primary = false)

            state.history.forEach { HistoryLine(it) }
            Note(state.historyEmpty)
            CoreButton(state.loadMore, { model.act { screen.loadMore() } }, primary = false)
        }
    }
}

@Composable
private fun HistoryLine(row: HistoryRow) {
    Column(modifier = Modifier.fillMaxWidth()) {
        Row(modifier = Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
            Text(row.date, style = MaterialTheme.typography.bodySmall)
            Text(
                row.points,
                style = MaterialTheme.typography.titleMedium,
                color = if (row.credit) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.onSurface,
            )
        }
        Text(row.kindLabel, style = MaterialTheme.typography.labelMedium)
        row.store?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
        if (row.text.isNotEmpty()) Text(row.text, style = MaterialTheme.typography.bodySmall)
        HorizontalDivider()
    }
}
