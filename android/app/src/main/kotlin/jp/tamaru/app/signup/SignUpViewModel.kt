package jp.tamaru.app.signup

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import jp.tamaru.MemberApp
import jp.tamaru.android.CoreResult
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.coreCall
import jp.tamaru.checkLoginId
import jp.tamaru.core.LoginIdCheck
import jp.tamaru.core.LoginIdKind
import jp.tamaru.core.PasswordCheck
import jp.tamaru.core.PasswordRuleStatus
import jp.tamaru.core.Profile
import jp.tamaru.core.TamaruException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

/**
 * Sign-up. Every keystroke asks the core: the login-ID check, the password checklist (one
 * tick per rule of this program's policy) and the full password check (which names each
 * offending character). These are pure, offline rule calls of a few microseconds, so they run
 * right here; the app itself knows no rule.
 */
class SignUpViewModel(private val core: TamaruCore) : ViewModel() {
    data class UiState(
        val loginId: String = "",
        val password: String = "",
        val email: String = "",
        /** The program also takes web IDs (profile data), so an address is asked for apart. */
        val asksEmail: Boolean = false,
        val loginIdCheck: LoginIdCheck? = null,
        val checklist: List<PasswordRuleStatus> = emptyList(),
        val passwordCheck: PasswordCheck? = null,
        val busy: Boolean = false,
        val error: TamaruException? = null,
        val signedUp: Boolean = false,
    ) {
        /** The core's verdicts, not the app's: both checks say `valid`. */
        val canSubmit: Boolean
            get() = !busy && loginIdCheck?.valid == true && passwordCheck?.valid == true
    }

    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state.asStateFlow()

    private var app: MemberApp? = null
    private var profile: Profile? = null

    init {
        viewModelScope.launch {
            when (val r = coreCall { core.app() }) {
                is CoreResult.Ok -> {
                    app = r.value
                    profile = r.value.profile()
                    _state.update {
                        it.copy(
                            asksEmail = profile?.login?.idKinds?.contains(LoginIdKind.WEB_ID) == true,
                            checklist = r.value.passwordChecklist(it.password),
                        )
                    }
                }
                is CoreResult.Failed -> _state.update { it.copy(error = r.error) }
            }
        }
    }

    fun onLoginIdChange(value: String) {
        val p = profile
        _state.update {
            it.copy(
                loginId = value,
                loginIdCheck = if (value.isEmpty() || p == null) null else checkLoginId(p, value),
                error = null,
            )
        }
    }

    fun onPasswordChange(value: String) {
        val a = app
        _state.update {
            it.copy(
                password = value,
                checklist = a?.passwordChecklist(value) ?: it.checklist,
                passwordCheck = if (value.isEmpty()) null else a?.checkPassword(value),
                error = null,
            )
        }
    }

    fun onEmailChange(value: String) = _state.update { it.copy(email = value, error = null) }

    fun submit() {
        val s = _state.value
        val a = app ?: return
        if (!s.canSubmit) return
        _state.update { it.copy(busy = true, error = null) }
        viewModelScope.launch {
            val result = coreCall { a.signUp(s.loginId, s.password, s.email.ifBlank { null }) }
            _state.update {
                when (result) {
                    is CoreResult.Ok -> it.copy(busy = false, signedUp = true)
                    is CoreResult.Failed -> it.copy(busy = false, error = result.error)
                }
            }
        }
    }
}
