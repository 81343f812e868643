package jp.tamaru.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalConfiguration
import jp.tamaru.android.CoreText

/**
 * The language (`ja`/`en`) to pick the core's texts in, following the app's current locale
 * (including Android 13's per-app language). View models keep the core's records, which carry
 * both languages, and screens pick at drawing time, so a language switch needs no reload.
 */
@Composable
fun rememberCoreLanguage(): String {
    val locale = LocalConfiguration.current.locales[0]
    return remember(locale) { CoreText.language(locale) }
}
