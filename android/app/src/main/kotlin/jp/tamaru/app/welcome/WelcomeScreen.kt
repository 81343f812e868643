package jp.tamaru.app.welcome

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import jp.tamaru.app.R

/**
 * A new install (the core's FirstLaunch). A new phone needs no step on the old one: the
 * member picks the second button and logs in, and the core restores the rest (SPEC §3).
 */
@Composable
fun WelcomeScreen(onSignUp: () -> Unit, onHaveAccount: () -> Unit) {
    Column(
        modifier = Modifier.fillMaxSize().safeDrawingPadding().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
    ) {
        Text(
            stringResource(R.string.welcome_title),
            style = MaterialTheme.typography.headlineMedium,
            textAlign = TextAlign.Center,
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = onSignUp, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.welcome_sign_up))
        }
        OutlinedButton(onClick = onHaveAccount, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.welcome_have_account), textAlign = TextAlign.Center)
        }
    }
}
