package jp.tamaru.android.screens

import java.util.Locale
import jp.tamaru.core.Language

/**
 * The language the core words every screen in, from the phone's locale, chosen once when the
 * core is built: Japanese for a Japanese locale, English for every other (the programs' two
 * languages).
 */
fun coreLanguage(locale: Locale = Locale.getDefault()): Language =
    if (locale.language == Locale.JAPANESE.language) Language.JA else Language.EN
