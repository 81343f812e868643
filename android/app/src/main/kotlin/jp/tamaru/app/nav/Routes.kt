package jp.tamaru.app.nav

import jp.tamaru.core.StartScreen

/** The app's destinations. Which one opens first is the core's choice ([forStartScreen]). */
object Routes {
    const val START = "start"
    const val WELCOME = "welcome"
    const val SIGN_UP = "sign-up"
    const val LOGIN = "login"
    const val SIGNED_OUT_ELSEWHERE = "signed-out-elsewhere"
    const val HOME = "home"
    const val CARD_REGISTRATION = "card-registration"

    /** The destination for the core's [StartScreen]. */
    fun forStartScreen(screen: StartScreen): String = when (screen) {
        is StartScreen.FirstLaunch -> WELCOME
        is StartScreen.SignedOut -> LOGIN
        is StartScreen.SignedOutElsewhere -> SIGNED_OUT_ELSEWHERE
        is StartScreen.SignedIn -> HOME
    }
}
