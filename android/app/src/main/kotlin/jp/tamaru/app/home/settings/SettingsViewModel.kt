package jp.tamaru.app.home.settings

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.Mail
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.Account
import jp.tamaru.core.MailSetting
import jp.tamaru.core.MailSettingsView
import jp.tamaru.core.Profile
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The account, the mail settings and log-out. Mail switches work offline: the core queues the
 * change, marks it pending and sends it later exactly once; the screen shows what it says.
 */
class SettingsViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val profile: Profile? = null,
        val account: Account? = null,
        val mail: MailSettingsView? = null,
        val busy: Boolean = false,
        val error: TamaruException? = null,
        val loggedOut: Boolean = false,
    )

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var mail: Mail? = null

    init {
        viewModelScope.launch {
            val r = coreCall { core.app() }
            if (r is CoreResult.Failed) {
                _state.update { it.copy(error = r.error) }
                return@launch
            }
            val app = (r as CoreResult.Ok).value
            val m = app.mail().also { mail = it }
            val cached = coreCall { withContext(Dispatchers.IO) { m.cachedSettings() } }
            _state.update { it.copy(profile = app.profile(), mail = (cached as? CoreResult.Ok)?.value) }
            launch {
                when (val a = coreCall { app.account() }) {
                    is CoreResult.Ok -> _state.update { it.copy(account = a.value) }
                    is CoreResult.Failed -> _state.update { it.copy(error = a.error) }
                }
            }
            when (val fresh = coreCall { m.settings() }) {
                is CoreResult.Ok -> _state.update { it.copy(mail = fresh.value) }
                is CoreResult.Failed -> _state.update { it.copy(error = fresh.error) }
            }
        }
    }

    fun setMail(setting: MailSetting, on: Boolean) {
        val m = mail ?: return
        viewModelScope.launch {
            when (val r = coreCall { m.set(setting, on) }) {
                is CoreResult.Ok -> _state.update { it.copy(mail = r.value.settings, error = null) }
                is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
            }
        }
    }

    fun logOut() {
        _state.update { it.copy(busy = true) }
        viewModelScope.launch {
            // Log-out wipes the tokens even offline, so it ends here whatever the answer.
            coreCall { core.app().logOut() }
            _state.update { it.copy(busy = false, loggedOut = true) }
        }
    }

    override fun onCleared() {
        mail?.close()
    }
}
