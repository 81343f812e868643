package jp.tamaru.app.home.points

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.Points
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.HistoryQuery
import jp.tamaru.core.PointBalance
import jp.tamaru.core.PointEntry
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Balance and recent history, shown at once from the core's on-device cache (offline too),
 * then brought up to date. Expiry dates, "expiring soon" and the breakdown are the core's.
 */
class PointsViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        /** None until the first sync on this install (the core's `PointsNotSynced`). */
        val balance: PointBalance? = null,
        val history: List<PointEntry> = emptyList(),
        val lastSynced: String? = null,
        val refreshing: Boolean = false,
        val error: TamaruException? = null,
    )

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var points: Points? = null

    init {
        viewModelScope.launch {
            when (val r = coreCall { core.app().points() }) {
                is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
                is CoreResult.Ok -> {
                    points = r.value
                    loadCache(r.value)
                    refresh()
                }
            }
        }
    }

    fun refresh() {
        val p = points ?: return
        _state.update { it.copy(refreshing = true) }
        viewModelScope.launch {
            val r = coreCall { p.refresh() }
            _state.update { it.copy(refreshing = false, error = (r as? CoreResult.Failed)?.error) }
            loadCache(p)
        }
    }

    /** Cache reads are quick but touch SQLite: off the main thread. */
    private suspend fun loadCache(p: Points) {
        val balance = coreCall { withContext(Dispatchers.IO) { p.balance() } }
        val page = coreCall {
            withContext(Dispatchers.IO) {
                p.history(HistoryQuery(kinds = emptyList(), from = null, to = null, cursor = null, limit = HISTORY_PAGE))
            }
        }
        _state.update {
            it.copy(
                balance = (balance as? CoreResult.Ok)?.value,
                history = (page as? CoreResult.Ok)?.value?.entries ?: it.history,
                lastSynced = (page as? CoreResult.Ok)?.value?.lastSynced?.takeIf(String::isNotEmpty),
            )
        }
    }

    override fun onCleared() {
        points?.close()
    }

    private companion object {
        const val HISTORY_PAGE = 30u
    }
}
