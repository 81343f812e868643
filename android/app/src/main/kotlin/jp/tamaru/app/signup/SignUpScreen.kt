package jp.tamaru.app.signup

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.app.ui.rememberCoreLanguage

@Composable
fun SignUpScreen(
    onSignedUp: () -> Unit,
    vm: SignUpViewModel = viewModel(factory = coreViewModel { SignUpViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val lang = rememberCoreLanguage()
    LaunchedEffect(state.signedUp) { if (state.signedUp) onSignedUp() }

    Column(
        modifier = Modifier
            .fillMaxSize()
            .safeDrawingPadding()
            .imePadding()
            .verticalScroll(rememberScrollState())
            .padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(stringResource(R.string.sign_up_title), style = MaterialTheme.typography.headlineSmall)

        OutlinedTextField(
            value = state.loginId,
            onValueChange = vm::onLoginIdChange,
            label = { Text(stringResource(R.string.field_login_id)) },
            singleLine = true,
            isError = state.loginIdCheck?.valid == false,
            supportingText = {
                state.loginIdCheck?.violations?.firstOrNull()?.let { Text(it.text(lang)) }
            },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Next),
            modifier = Modifier.fillMaxWidth(),
        )

        if (state.asksEmail) {
            OutlinedTextField(
                value = state.email,
                onValueChange = vm::onEmailChange,
                label = { Text(stringResource(R.string.field_email_optional)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Next),
                modifier = Modifier.fillMaxWidth(),
            )
        }

        OutlinedTextField(
            value = state.password,
            onValueChange = vm::onPasswordChange,
            label = { Text(stringResource(R.string.field_password)) },
            singleLine = true,
            visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = ImeAction.Done),
            modifier = Modifier.fillMaxWidth(),
        )
        PasswordChecklist(state.checklist, state.passwordCheck, lang)

        state.error?.let { CoreErrorText(it) }

        Button(onClick = vm::submit, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
            if (state.busy) {
                CircularProgressIndicator(modifier = Modifier.size(20.dp), strokeWidth = 2.dp)
            } else {
                Text(stringResource(R.string.action_sign_up))
            }
        }
    }
}
