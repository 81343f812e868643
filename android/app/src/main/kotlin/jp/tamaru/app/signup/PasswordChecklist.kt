package jp.tamaru.app.signup

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import jp.tamaru.android.label
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.core.PasswordCheck
import jp.tamaru.core.PasswordRuleStatus

/**
 * One line per rule of the program's password policy, ticked as the member types, then the
 * core's sentences about particular characters (a full-width "Ａ", a trailing space), which
 * a tick cannot say. All texts are the core's.
 */
@Composable
fun PasswordChecklist(
    checklist: List<PasswordRuleStatus>,
    check: PasswordCheck?,
    lang: String,
    modifier: Modifier = Modifier,
) {
    val met = stringResource(R.string.rule_met)
    val unmet = stringResource(R.string.rule_not_met)
    Column(modifier = modifier, verticalArrangement = Arrangement.spacedBy(4.dp)) {
        checklist.forEach { status ->
            val label = status.label(lang)
            Row(modifier = Modifier.semantics { contentDescription = "$label: ${if (status.met) met else unmet}" }) {
                Text(
                    if (status.met) "✓" else "・",
                    color = if (status.met) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.outline,
                    modifier = Modifier.padding(end = 8.dp),
                )
                Text(label, style = MaterialTheme.typography.bodySmall)
            }
        }
        check?.violations?.filter { it.character != null }?.forEach { violation ->
            Text(
                violation.text(lang),
                color = MaterialTheme.colorScheme.error,
                style = MaterialTheme.typography.bodySmall,
            )
        }
    }
}
