package jp.tamaru.app.ui

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import jp.tamaru.android.text
import jp.tamaru.core.TamaruException

/** The core's sentence for [error] in the app's language (a lockout says when to retry). */
@Composable
fun CoreErrorText(error: TamaruException, modifier: Modifier = Modifier) {
    val lang = rememberCoreLanguage()
    val text = remember(error, lang) { error.text(lang) }
    Text(text, color = MaterialTheme.colorScheme.error, modifier = modifier)
}
