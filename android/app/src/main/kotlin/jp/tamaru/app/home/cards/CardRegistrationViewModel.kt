package jp.tamaru.app.home.cards

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.CardRegistration
import jp.tamaru.Cards
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.CardInput
import jp.tamaru.core.CardInputException
import jp.tamaru.core.CardTypeRule
import jp.tamaru.core.PinRule
import jp.tamaru.core.RegisteredCard
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

/**
 * Registering a card. Which questions appear (PIN, member registration) comes from the card
 * type in the program's profile; the core pre-checks every keystroke (full-width digits and
 * hyphens are fine, it normalises them) and names each problem. One registration attempt is
 * kept while the input is unchanged, so a retry after a lost answer never registers twice.
 */
class CardRegistrationViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val types: List<CardTypeRule> = emptyList(),
        val type: CardTypeRule? = null,
        val number: String = "",
        val hasPin: Boolean? = null,
        val pin: String = "",
        val memberRegistered: Boolean? = null,
        /** The core's offline pre-check of what is typed now. */
        val problems: List<CardInputException> = emptyList(),
        val busy: Boolean = false,
        val error: TamaruException? = null,
        val registered: RegisteredCard? = null,
    ) {
        val asksPin: Boolean get() = type?.pin == PinRule.MEMBER_STATES
        val asksMemberRegistered: Boolean get() = type?.asksMemberRegistered == true
        val canSubmit: Boolean get() = !busy && type != null && number.isNotBlank() && problems.isEmpty()
    }

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var cards: Cards? = null
    private var attempt: CardRegistration? = null

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
                    _state.update { it.copy(types = r.value.second, type = r.value.second.singleOrNull()) }
                }
            }
        }
    }

    fun onType(type: CardTypeRule) = edit { it.copy(type = type, hasPin = null, pin = "", memberRegistered = null) }

    fun onNumber(value: String) = edit { it.copy(number = value) }

    fun onHasPin(value: Boolean) = edit { it.copy(hasPin = value, pin = if (value) it.pin else "") }

    fun onPin(value: String) = edit { it.copy(pin = value) }

    fun onMemberRegistered(value: Boolean) = edit { it.copy(memberRegistered = value) }

    fun submit() {
        val s = _state.value
        val c = cards ?: return
        val input = s.input() ?: return
        if (!s.canSubmit) return
        _state.update { it.copy(busy = true, error = null) }
        viewModelScope.launch {
            val r = coreCall {
                val a = attempt ?: c.prepareRegistration(input).also { attempt = it }
                a.submit()
            }
            _state.update {
                when (r) {
                    is CoreResult.Ok -> it.copy(busy = false, registered = r.value)
                    is CoreResult.Failed -> it.copy(busy = false, error = r.error)
                }
            }
        }
    }

    /** Any change of input is a new attempt; the live check runs on what is typed now. */
    private fun edit(change: (UiState) -> UiState) {
        attempt?.close()
        attempt = null
        _state.update { old ->
            val new = change(old).copy(error = null)
            val input = new.input()
            new.copy(problems = if (input == null || new.number.isBlank()) emptyList() else cards?.check(input).orEmpty())
        }
    }

    private fun UiState.input(): CardInput? = type?.let {
        CardInput(
            cardType = it.id,
            number = number,
            hasPin = if (asksPin) hasPin else null,
            pin = pin.ifEmpty { null },
            memberRegistered = if (asksMemberRegistered) memberRegistered else null,
        )
    }

    override fun onCleared() {
        attempt?.close()
        cards?.close()
    }
}
