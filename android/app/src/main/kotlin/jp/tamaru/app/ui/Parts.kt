package jp.tamaru.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.DatePicker
import androidx.compose.material3.DatePickerDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.rememberDatePickerState
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import jp.tamaru.android.screens.pickerDay
import jp.tamaru.android.screens.pickerMillis
import jp.tamaru.core.ButtonView
import jp.tamaru.core.ChecklistItem
import jp.tamaru.core.FieldView
import jp.tamaru.core.OptionView
import jp.tamaru.core.ProblemView
import jp.tamaru.core.QuestionView
import jp.tamaru.core.SecretFieldView

// How the core's view records are drawn. Every word comes from the record; the only thing
// decided here is the widget.

/** A screen: its title, a busy bar, then its content, scrolling. */
@Composable
fun ScreenColumn(
    title: String,
    busy: Boolean,
    modifier: Modifier = Modifier,
    content: @Composable ColumnScope.() -> Unit,
) {
    Column(
        modifier = modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(title, style = MaterialTheme.typography.headlineSmall)
        if (busy) LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
        content()
    }
}

/**
 * A text field. What is typed is held here too (so the cursor never waits for a state to
 * come back) and sent to the core on every change; the problems are the core's.
 */
@Composable
fun CoreField(
    field: FieldView,
    onChange: (String) -> Unit,
    keyboardType: KeyboardType = KeyboardType.Text,
) {
    var text by rememberSaveable { mutableStateOf(field.value) }
    OutlinedTextField(
        value = text,
        onValueChange = {
            text = it
            onChange(it)
        },
        label = { Text(field.label) },
        isError = field.problems.isNotEmpty(),
        supportingText = problemsOrNull(field.problems),
        keyboardOptions = KeyboardOptions(keyboardType = keyboardType),
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
}

/** A password or PIN: its text stays in this field and the core, never in a state. */
@Composable
fun SecretField(
    field: SecretFieldView,
    onChange: (String) -> Unit,
    keyboardType: KeyboardType = KeyboardType.Password,
) {
    var text by rememberSaveable { mutableStateOf("") }
    OutlinedTextField(
        value = text,
        onValueChange = {
            text = it
            onChange(it)
        },
        label = { Text(field.label) },
        isError = field.problems.isNotEmpty(),
        supportingText = problemsOrNull(field.problems),
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = keyboardType),
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
}

private fun problemsOrNull(problems: List<String>): (@Composable () -> Unit)? {
    if (problems.isEmpty()) return null
    return { Text(problems.joinToString("\n")) }
}

/** A button as the core labels and enables it; nothing when the screen has none now. */
@Composable
fun CoreButton(button: ButtonView?, onClick: () -> Unit, primary: Boolean = true) {
    if (button == null) return
    if (primary) {
        Button(onClick = onClick, enabled = button.enabled, modifier = Modifier.fillMaxWidth()) {
            Text(button.label)
        }
    } else {
        OutlinedButton(onClick = onClick, enabled = button.enabled, modifier = Modifier.fillMaxWidth()) {
            Text(button.label)
        }
    }
}

/** A refusal or failure, in the core's words. */
@Composable
fun Problem(problem: ProblemView?) {
    if (problem == null) return
    Text(problem.text, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyMedium)
}

/** A sentence the screen shows when it has one. */
@Composable
fun Note(text: String?, emphasis: Boolean = false) {
    if (text.isNullOrEmpty()) return
    Text(
        text,
        style = if (emphasis) MaterialTheme.typography.titleMedium else MaterialTheme.typography.bodyMedium,
    )
}

/** The live password checklist: each rule with whether what is typed meets it. */
@Composable
fun Checklist(items: List<ChecklistItem>) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        items.forEach { item ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = item.met, onCheckedChange = null)
                Text(item.label, style = MaterialTheme.typography.bodyMedium)
            }
        }
    }
}

/** Options to choose one of (card types, recipients), by the option's id. */
@Composable
fun Choices(options: List<OptionView>, onChoose: (String) -> Unit) {
    Column {
        options.forEach { option ->
            Row(
                modifier = Modifier
                    .fillMaxWidth()
                    .selectable(selected = option.chosen, onClick = { onChoose(option.id) }, role = Role.RadioButton)
                    .padding(vertical = 4.dp),
                verticalAlignment = Alignment.CenterVertically,
            ) {
                RadioButton(selected = option.chosen, onClick = null)
                Text(option.label)
            }
        }
    }
}

/** A yes/no question; its options' ids are the core's `yes` and `no`. */
@Composable
fun Question(question: QuestionView?, onAnswer: (Boolean) -> Unit) {
    if (question == null) return
    Text(question.label, style = MaterialTheme.typography.bodyLarge)
    Choices(question.options) { id -> onAnswer(id == YES) }
    question.problems.forEach { Text(it, color = MaterialTheme.colorScheme.error) }
}

/** The id of a question's "yes" option (`OptionView.id`). */
private const val YES = "yes"

/**
 * A web page the core sends the member to (a linked account's support page), shown as its
 * address and opened in the browser when pressed.
 */
@Composable
fun ExternalPage(url: String?) {
    if (url.isNullOrEmpty()) return
    val uriHandler = LocalUriHandler.current
    TextButton(onClick = { uriHandler.openUri(url) }) { Text(url) }
}

/**
 * A day chosen with the platform's date picker: [label] and [text] are the core's, [day] the
 * `YYYY-MM-DD` it holds; the picked day goes back to the core the same way. The dialog's
 * buttons are the platform's own ("OK", "Cancel" in the phone's language).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun DayPicker(label: String, text: String, day: String?, onPick: (String) -> Unit) {
    var showing by rememberSaveable { mutableStateOf(false) }
    OutlinedButton(onClick = { showing = true }, modifier = Modifier.fillMaxWidth()) {
        Column {
            Text(label, style = MaterialTheme.typography.labelMedium)
            if (text.isNotEmpty()) Text(text)
        }
    }
    if (!showing) return
    val picker = rememberDatePickerState(initialSelectedDateMillis = pickerMillis(day))
    DatePickerDialog(
        onDismissRequest = { showing = false },
        confirmButton = {
            TextButton(onClick = {
                showing = false
                picker.selectedDateMillis?.let { onPick(pickerDay(it)) }
            }) { Text(stringResource(android.R.string.ok)) }
        },
        dismissButton = {
            TextButton(onClick = { showing = false }) { Text(stringResource(android.R.string.cancel)) }
        },
    ) {
        DatePicker(state = picker)
    }
}
