package jp.tamaru.app.login

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

/**
 * Log-in, also the way in on a new phone. A refusal is kept as the core's typed error and
 * shown with the core's sentence: wrong password with the attempts left, a lockout with the
 * time to try again, an unknown account, no connection.
 */
class LoginViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val loginId: String = "",
        val password: String = "",
        val busy: Boolean = false,
        val error: TamaruException? = null,
        val loggedIn: Boolean = false,
    ) {
        val canSubmit: Boolean
            get() = !busy && loginId.isNotBlank() && password.isNotEmpty()
    }

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    fun onLoginIdChange(value: String) = _state.update { it.copy(loginId = value, error = null) }

    fun onPasswordChange(value: String) = _state.update { it.copy(password = value, error = null) }

    fun submit() {
        val s = _state.value
        if (!s.canSubmit) return
        _state.update { it.copy(busy = true, error = null) }
        viewModelScope.launch {
            val result = coreCall { core.app().logIn(s.loginId, s.password) }
            _state.update {
                when (result) {
                    is CoreResult.Ok -> it.copy(busy = false, loggedIn = true)
                    is CoreResult.Failed -> it.copy(busy = false, password = "", error = result.error)
                }
            }
        }
    }
}
