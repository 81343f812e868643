package jp.tamaru.app.login

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.app.ui.rememberCoreLanguage
import jp.tamaru.core.TamaruException

/**
 * This phone was signed out because another one signed in beyond the program's device cap.
 * The explanation is the core's own text for that error, so both apps say the same thing.
 */
@Composable
fun SignedOutElsewhereScreen(onLogIn: () -> Unit) {
    val lang = rememberCoreLanguage()
    val explanation = remember(lang) { TamaruException.SignedInElsewhere().text(lang) }
    Column(
        modifier = Modifier.fillMaxSize().safeDrawingPadding().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
    ) {
        Text(stringResource(R.string.signed_out_elsewhere_title), style = MaterialTheme.typography.headlineSmall)
        Text(explanation, style = MaterialTheme.typography.bodyLarge)
        Button(onClick = onLogIn, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.action_log_in))
        }
    }
}
