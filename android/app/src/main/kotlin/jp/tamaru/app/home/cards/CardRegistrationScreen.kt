package jp.tamaru.app.home.cards

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.android.displayName
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.SessionGuard
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.app.ui.rememberCoreLanguage

/** The card registration form; every question and every refusal text comes from the core. */
@Composable
fun CardRegistrationScreen(
    onDone: () -> Unit,
    onSessionEnded: () -> Unit,
    vm: CardRegistrationViewModel = viewModel(factory = coreViewModel { CardRegistrationViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val lang = rememberCoreLanguage()
    SessionGuard(state.error, onSessionEnded)
    LaunchedEffect(state.registered) { if (state.registered != null) onDone() }

    Column(
        modifier = Modifier
            .fillMaxSize()
            .safeDrawingPadding()
            .imePadding()
            .verticalScroll(rememberScrollState())
            .padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(stringResource(R.string.cards_register), style = MaterialTheme.typography.headlineSmall)

        if (state.types.size > 1) {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                state.types.forEach { type ->
                    FilterChip(
                        selected = state.type?.id == type.id,
                        onClick = { vm.onType(type) },
                        label = { Text(type.displayName(lang)) },
                    )
                }
            }
        }

        OutlinedTextField(
            value = state.number,
            onValueChange = vm::onNumber,
            label = { Text(stringResource(R.string.field_card_number)) },
            singleLine = true,
            isError = state.problems.isNotEmpty(),
            supportingText = { if (state.problems.isNotEmpty()) Text(state.problems.text(lang)) },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
            modifier = Modifier.fillMaxWidth(),
        )

        if (state.asksPin) {
            YesNo(stringResource(R.string.cards_has_pin), state.hasPin, vm::onHasPin)
            if (state.hasPin == true) {
                OutlinedTextField(
                    value = state.pin,
                    onValueChange = vm::onPin,
                    label = { Text(stringResource(R.string.field_pin)) },
                    singleLine = true,
                    visualTransformation = PasswordVisualTransformation(),
                    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
                    modifier = Modifier.fillMaxWidth(),
                )
            }
        }
        if (state.asksMemberRegistered) {
            YesNo(stringResource(R.string.cards_member_registered), state.memberRegistered, vm::onMemberRegistered)
        }

        state.error?.let { CoreErrorText(it) }

        Button(onClick = vm::submit, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.action_register))
        }
    }
}

/** A question the member answers yes or no; unanswered until they choose. */
@Composable
private fun YesNo(question: String, answer: Boolean?, onAnswer: (Boolean) -> Unit) {
    Column {
        Text(question, style = MaterialTheme.typography.bodyLarge)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            FilterChip(selected = answer == true, onClick = { onAnswer(true) }, label = { Text(stringResource(R.string.answer_yes)) })
            FilterChip(selected = answer == false, onClick = { onAnswer(false) }, label = { Text(stringResource(R.string.answer_no)) })
        }
    }
}
