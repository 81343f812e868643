package jp.tamaru.app.start

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.StartScreen
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Waits for the core (built off the main thread) and asks it which screen comes first. */
class StartViewModel(private val core: TamaruCore) : ViewModel() {
    sealed interface State {
        data object Loading : State

        data class Ready(val screen: StartScreen) : State

        data class Failed(val error: TamaruException) : State
    }

    private val _state = MutableStateFlow<State>(State.Loading)
    val state: StateFlow<State> = _state.asStateFlow()

    init {
        load()
    }

    fun load() {
        _state.value = State.Loading
        viewModelScope.launch {
            // startScreen() reads the secure store and the data folder: not on the main thread.
            val result = coreCall { withContext(Dispatchers.IO) { core.app().startScreen() } }
            _state.value = when (result) {
                is CoreResult.Ok -> State.Ready(result.value)
                is CoreResult.Failed -> State.Failed(result.error)
            }
        }
    }
}
