package jp.tamaru.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberUpdatedState
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.MemberApp
import jp.tamaru.android.screens.ScreenModel
import jp.tamaru.core.Destination
import kotlinx.coroutines.CoroutineScope

/**
 * A view model is only this: one core screen object ([screen], for its actions) and its
 * [ScreenModel] (its states as a `StateFlow`, its navigation), closed with the view model.
 * Everything else is the core's.
 */
class ScreenViewModel<T : Any, S : Any>(
    val screen: T,
    makeModel: T.(CoroutineScope) -> ScreenModel<S>,
) : ViewModel() {
    val model: ScreenModel<S> = screen.makeModel(viewModelScope)

    override fun onCleared() {
        model.close()
    }
}

/**
 * The view model of one screen of the current destination, opened from the [MemberApp] the
 * first time ([key] tells two screens of one destination apart, such as home's tabs).
 */
@Composable
fun <T : Any, S : Any> rememberScreen(
    key: String,
    open: (MemberApp) -> T,
    makeModel: T.(CoroutineScope) -> ScreenModel<S>,
): ScreenViewModel<T, S> {
    val app = LocalMemberApp.current
    return viewModel(key = key) { ScreenViewModel(open(app), makeModel) }
}

/** Follows where the core says to go, once per decision. */
@Composable
fun <S : Any> FollowNavigation(model: ScreenModel<S>, onNavigate: (Destination) -> Unit) {
    val navigate by rememberUpdatedState(onNavigate)
    LaunchedEffect(model) {
        model.navigation.collect { navigate(it) }
    }
}
