package jp.tamaru.app.home.barcode

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.MemberCodeSession
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.android.states
import jp.tamaru.core.BarcodeException
import jp.tamaru.core.MemberCodeState
import jp.tamaru.core.TamaruException
import jp.tamaru.renderBarcodePng
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The member-code tab over the core's member-code session. The core decides everything: which
 * code shows, when it is replaced, which symbology the till takes, why there is no code
 * offline, and the pixels (PNG with whole-pixel modules and quiet zones). The app draws the
 * PNG unscaled and counts the seconds the session reports.
 */
class BarcodeViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val code: MemberCodeState? = null,
        /** The core's PNG of what shows now (the code, or the registered card's barcode). */
        val png: ByteArray? = null,
        val secondsLeft: UInt = 0u,
        val error: TamaruException? = null,
    )

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var session: MemberCodeSession? = null
    private var widthPx: UInt = 0u

    init {
        viewModelScope.launch {
            when (val r = coreCall { core.app().memberCode().use { it.session() } }) {
                is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
                is CoreResult.Ok -> {
                    session = r.value
                    launch { r.value.states().collect { show(it) } }
                    launch { countDown(r.value) }
                    refresh()
                }
            }
        }
    }

    /** The width the barcode is drawn at, in pixels; the core renders for exactly this width. */
    fun onWidth(px: Int) {
        if (px <= 0 || px.toUInt() == widthPx) return
        widthPx = px.toUInt()
        _state.value.code?.let { code -> viewModelScope.launch { show(code) } }
    }

    /** Fetches codes now (server-issued programs); the listener brings the result. */
    fun refresh() {
        val s = session ?: return
        viewModelScope.launch {
            val r = coreCall { s.refresh() }
            if (r is CoreResult.Failed) _state.update { it.copy(error = r.error) }
        }
    }

    private suspend fun show(code: MemberCodeState) {
        val png = render(code)
        _state.update { it.copy(code = code, png = png, error = if (code is MemberCodeState.Ready) null else it.error) }
    }

    private suspend fun render(code: MemberCodeState): ByteArray? {
        val s = session ?: return null
        val width = widthPx.takeIf { it > 0u } ?: return null
        return withContext(Dispatchers.Default) {
            try {
                when (code) {
                    is MemberCodeState.Ready -> s.renderPng(null, width)
                    is MemberCodeState.Unavailable -> code.unavailable.staticCard?.let {
                        renderBarcodePng(it.symbology, it.cardNumber, width)
                    }
                }
            } catch (_: BarcodeException) {
                null // A width too narrow for the code: nothing drawn rather than a blurred code.
            }
        }
    }

    private suspend fun countDown(session: MemberCodeSession) {
        while (viewModelScope.isActive) {
            _state.update { it.copy(secondsLeft = session.secondsLeft()) }
            delay(1_000)
        }
    }

    override fun onCleared() {
        session?.close()
    }
}
