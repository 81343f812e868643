package jp.tamaru.app.home

import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.HomeScreen
import jp.tamaru.android.screens.Route
import jp.tamaru.android.screens.model
import jp.tamaru.app.R
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination
import jp.tamaru.core.HomeEntry

/**
 * Home of a signed-in member: the tabs the core lists, in its order and words (the member
 * code first). Each tab is its own core screen; any of them can say the session ended.
 */
@Composable
fun HomeRoute(onNavigate: (Destination) -> Unit, onOpen: (Route) -> Unit) {
    val vm = rememberScreen("home", { it.homeScreen() }, HomeScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    var tab by rememberSaveable { mutableStateOf(HomeEntry.MEMBER_CODE.name) }
    Scaffold(
        bottomBar = {
            NavigationBar {
                state.tabs.forEach { link ->
                    NavigationBarItem(
                        selected = tab == link.entry.name,
                        onClick = { tab = link.entry.name },
                        icon = { Icon(painterResource(tabIcon(link.entry)), contentDescription = null) },
                        label = { Text(link.label) },
                    )
                }
            }
        },
    ) { padding ->
        val modifier = Modifier.padding(padding)
        when (HomeEntry.valueOf(tab)) {
            HomeEntry.POINTS -> PointsTab(onNavigate, modifier)
            HomeEntry.CARDS -> CardsTab(onNavigate, modifier)
            HomeEntry.SETTINGS -> SettingsTab(vm, onOpen, modifier)
            else -> MemberCodeTab(onNavigate, modifier)
        }
    }
}

/** The icon of a tab: app chrome. */
private fun tabIcon(entry: HomeEntry): Int = when (entry) {
    HomeEntry.POINTS -> R.drawable.ic_tab_points
    HomeEntry.CARDS -> R.drawable.ic_tab_cards
    HomeEntry.SETTINGS -> R.drawable.ic_tab_settings
    else -> R.drawable.ic_tab_barcode
}
