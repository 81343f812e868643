package jp.tamaru.app.home

import androidx.annotation.DrawableRes
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.res.stringResource
import jp.tamaru.app.R
import jp.tamaru.app.home.barcode.BarcodeTab
import jp.tamaru.app.home.cards.CardsTab
import jp.tamaru.app.home.points.PointsTab
import jp.tamaru.app.home.settings.SettingsTab

private enum class HomeTab(@StringRes val label: Int, @DrawableRes val icon: Int) {
    Barcode(R.string.tab_barcode, R.drawable.ic_tab_barcode),
    Points(R.string.tab_points, R.drawable.ic_tab_points),
    Cards(R.string.tab_cards, R.drawable.ic_tab_cards),
    Settings(R.string.tab_settings, R.drawable.ic_tab_settings),
}

/**
 * Home of a signed-in member: the member code first (what a member opens the app for at the
 * till), then points, cards and settings. [onSessionEnded] goes back to the start screen,
 * which asks the core where to go (log-in, or the "signed in elsewhere" explanation).
 */
@Composable
fun HomeScreen(onSessionEnded: () -> Unit, onRegisterCard: () -> Unit) {
    var tab by rememberSaveable { mutableIntStateOf(0) }
    Scaffold(
        bottomBar = {
            NavigationBar {
                HomeTab.entries.forEachIndexed { index, t ->
                    NavigationBarItem(
                        selected = tab == index,
                        onClick = { tab = index },
                        icon = { Icon(painterResource(t.icon), contentDescription = null) },
                        label = { Text(stringResource(t.label)) },
                    )
                }
            }
        },
    ) { padding ->
        val modifier = Modifier.padding(padding)
        when (HomeTab.entries[tab]) {
            HomeTab.Barcode -> BarcodeTab(onSessionEnded, modifier)
            HomeTab.Points -> PointsTab(onSessionEnded, modifier)
            HomeTab.Cards -> CardsTab(onSessionEnded, onRegisterCard, modifier)
            HomeTab.Settings -> SettingsTab(onSessionEnded, modifier)
        }
    }
}
