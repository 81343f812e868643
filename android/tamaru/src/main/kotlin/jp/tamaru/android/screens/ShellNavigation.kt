package jp.tamaru.android.screens

import jp.tamaru.core.Destination
import jp.tamaru.core.HomeEntry

/**
 * The shell's places: one per core screen object the app opens (home holds the four tabs).
 * [path] is the Navigation Compose route.
 */
enum class Route(val path: String) {
    ENTRY("entry"),
    SIGN_UP("sign-up"),
    LOG_IN("log-in"),
    CHANGED_PHONES("changed-phones"),
    PASSWORD_RESET("password-reset"),
    HOME("home"),
    CARD_REGISTRATION("card-registration"),
    CARD_MERGE("card-merge"),
    MAIL_SETTINGS("mail-settings"),
    EMAIL_CHANGE("email-change"),
    DELIVERY_HELP("delivery-help"),
    PASSWORD_CHANGE("password-change"),
    WITHDRAWAL("withdrawal"),
    FAMILY("family"),
}

/** How the back stack moves to a place. */
sealed interface NavStep {
    val route: Route

    /** Nothing left behind: Back from home must not return to the log-in form. */
    data class Clear(override val route: Route) : NavStep

    /** On top of where the member is; Back returns. */
    data class Push(override val route: Route) : NavStep

    /** Back to [route] if it is on the stack (a form done), else like [Push]. */
    data class BackTo(override val route: Route) : NavStep
}

/**
 * The step for a core [Destination]. Where to go is the core's decision; this maps it onto a
 * back stack. The welcome and the signed-out explanation are the entry screen's two faces.
 */
fun navStep(destination: Destination): NavStep = when (destination) {
    Destination.WELCOME -> NavStep.Clear(Route.ENTRY)
    Destination.SIGNED_OUT_ELSEWHERE -> NavStep.Clear(Route.ENTRY)
    Destination.LOG_IN -> NavStep.Clear(Route.LOG_IN)
    Destination.HOME -> NavStep.Clear(Route.HOME)
    Destination.SIGN_UP -> NavStep.Push(Route.SIGN_UP)
    Destination.CHANGED_PHONES -> NavStep.Push(Route.CHANGED_PHONES)
    Destination.PASSWORD_RESET -> NavStep.Push(Route.PASSWORD_RESET)
    Destination.CARD_REGISTRATION -> NavStep.Push(Route.CARD_REGISTRATION)
    Destination.EMAIL_CHANGE -> NavStep.Push(Route.EMAIL_CHANGE)
    Destination.DELIVERY_HELP -> NavStep.Push(Route.DELIVERY_HELP)
    // The cards list is a home tab: back to home, which still shows it.
    Destination.CARDS -> NavStep.BackTo(Route.HOME)
    Destination.MAIL_SETTINGS -> NavStep.BackTo(Route.MAIL_SETTINGS)
}

/** The place a settings entry of home opens; `null` for the tabs, which home shows itself. */
fun routeOf(entry: HomeEntry): Route? = when (entry) {
    HomeEntry.MEMBER_CODE, HomeEntry.POINTS, HomeEntry.CARDS, HomeEntry.SETTINGS -> null
    HomeEntry.MAIL_SETTINGS -> Route.MAIL_SETTINGS
    HomeEntry.PASSWORD_CHANGE -> Route.PASSWORD_CHANGE
    HomeEntry.FAMILY -> Route.FAMILY
    HomeEntry.CARD_MERGE -> Route.CARD_MERGE
    HomeEntry.WITHDRAWAL -> Route.WITHDRAWAL
}
