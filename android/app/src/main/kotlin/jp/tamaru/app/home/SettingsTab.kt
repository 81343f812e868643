package jp.tamaru.app.home

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.HomeScreen
import jp.tamaru.android.screens.Route
import jp.tamaru.android.screens.routeOf
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.ScreenViewModel
import jp.tamaru.core.HomeEntry
import jp.tamaru.core.HomeState

/** The settings list home gives (only what the program offers) and log-out. */
@Composable
fun SettingsTab(
    home: ScreenViewModel<HomeScreen, HomeState>,
    onOpen: (Route) -> Unit,
    modifier: Modifier = Modifier,
) {
    val state by home.model.state.collectAsStateWithLifecycle()
    val title = state.tabs.firstOrNull { it.entry == HomeEntry.SETTINGS }?.label ?: state.title
    ScreenColumn(title, state.busy, modifier) {
        state.settings.forEach { link ->
            val route = routeOf(link.entry) ?: return@forEach
            Text(
                link.label,
                style = MaterialTheme.typography.bodyLarge,
                modifier = Modifier.fillMaxWidth().clickable { onOpen(route) }.padding(vertical = 12.dp),
            )
            HorizontalDivider()
        }
        Problem(state.error)
        CoreButton(state.logOut, { home.model.launch { home.screen.logOut() } }, primary = false)
    }
}
