package jp.tamaru.app.home.cards

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.Cards
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.Card
import jp.tamaru.core.CardNotice
import jp.tamaru.core.CardTypeRule
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The member's cards: the on-device list at once, then a refresh whose notices (a reissued
 * card's new number, a lapsed membership and whom to contact) come with the core's texts.
 * There is no "remove": a registered card cannot be removed (SPEC §4.4).
 */
class CardsViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val cards: List<Card> = emptyList(),
        val types: List<CardTypeRule> = emptyList(),
        val notices: List<CardNotice> = emptyList(),
        val syncedAt: String? = null,
        val refreshing: Boolean = false,
        val error: TamaruException? = null,
    )

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var cards: Cards? = null

    init {
        viewModelScope.launch {
            val r = coreCall {
                val app = core.app()
                app.cards() to app.profile().cards.types
            }
            when (r) {
                is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
                is CoreResult.Ok -> {
                    cards = r.value.first
                    _state.update { it.copy(types = r.value.second) }
                    loadCache(r.value.first)
                    refresh()
                }
            }
        }
    }

    /** Called when the tab shows again, e.g. after a registration. */
    fun reload() {
        cards?.let { c -> viewModelScope.launch { loadCache(c) } }
    }

    fun refresh() {
        val c = cards ?: return
        _state.update { it.copy(refreshing = true) }
        viewModelScope.launch {
            when (val r = coreCall { c.refresh() }) {
                is CoreResult.Ok -> _state.update {
                    it.copy(refreshing = false, cards = r.value.cards, notices = r.value.notices, syncedAt = r.value.syncedAt, error = null)
                }
                is CoreResult.Failed -> _state.update { it.copy(refreshing = false, error = r.error) }
            }
        }
    }

    fun dismissNotice(notice: CardNotice) = _state.update { it.copy(notices = it.notices - notice) }

    private suspend fun loadCache(c: Cards) {
        when (val r = coreCall { withContext(Dispatchers.IO) { c.list() } }) {
            is CoreResult.Ok -> _state.update { it.copy(cards = r.value.cards, syncedAt = r.value.syncedAt) }
            is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
        }
    }

    override fun onCleared() {
        cards?.close()
    }
}
