package jp.tamaru.android

import java.util.Locale
import jp.tamaru.core.CardInputException
import jp.tamaru.core.CardNotice
import jp.tamaru.core.CardTypeRule
import jp.tamaru.core.DeliveryHelpItem
import jp.tamaru.core.Language
import jp.tamaru.core.LoginIdViolation
import jp.tamaru.core.MemberCodeUnavailable
import jp.tamaru.core.MemberCodeView
import jp.tamaru.core.PasswordRuleStatus
import jp.tamaru.core.PasswordViolation
import jp.tamaru.core.Profile
import jp.tamaru.core.StaticCardCode
import jp.tamaru.core.TamaruException
import jp.tamaru.errorMessage

/**
 * Picks among the texts the core writes. Every member-facing sentence about a rule or an
 * error comes from the core in Japanese and English; the app only chooses which to show, so
 * the two apps never word a rule differently from each other or from the core.
 */
object CoreText {
    /**
     * The core's language for [locale]: Japanese for Japanese, English for everything else.
     * Chosen once, into `AppOptions.language`; `MemberApp.errorMessage` words in it.
     */
    fun language(locale: Locale = Locale.getDefault()): Language =
        if (locale.language == Locale.JAPANESE.language) Language.JA else Language.EN
}

/** The core's sentence for this error (lockouts include when to try again). */
fun TamaruException.text(lang: Language): String = errorMessage(this, lang)

fun PasswordRuleStatus.label(lang: Language): String = if (lang == Language.JA) labelJa else labelEn

fun PasswordViolation.text(lang: Language): String = if (lang == Language.JA) messageJa else messageEn

fun LoginIdViolation.text(lang: Language): String = if (lang == Language.JA) messageJa else messageEn

fun Profile.displayName(lang: Language): String = if (lang == Language.JA) nameJa else name

fun MemberCodeView.spoken(lang: Language): String = if (lang == Language.JA) spokenJa else spokenEn

fun MemberCodeUnavailable.text(lang: Language): String = if (lang == Language.JA) messageJa else messageEn

fun StaticCardCode.spoken(lang: Language): String = if (lang == Language.JA) spokenJa else spokenEn

fun CardNotice.text(lang: Language): String = if (lang == Language.JA) textJa else textEn

fun CardTypeRule.displayName(lang: Language): String = if (lang == Language.JA) nameJa else name

fun DeliveryHelpItem.text(lang: Language): String = if (lang == Language.JA) textJa else textEn

/** The core's sentences for the problems its card pre-check found, in one text. */
fun List<CardInputException>.text(lang: Language): String =
    errorMessage(TamaruException.CardInput(this), lang)
