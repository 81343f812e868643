package jp.tamaru.app.nav

import androidx.compose.runtime.Composable
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import jp.tamaru.android.screens.NavStep
import jp.tamaru.android.screens.Route
import jp.tamaru.android.screens.navStep
import jp.tamaru.app.account.LogInRoute
import jp.tamaru.app.account.PasswordChangeRoute
import jp.tamaru.app.account.PasswordResetRoute
import jp.tamaru.app.account.SignUpRoute
import jp.tamaru.app.account.WithdrawalRoute
import jp.tamaru.app.cards.CardMergeRoute
import jp.tamaru.app.cards.CardRegistrationRoute
import jp.tamaru.app.entry.EntryRoute
import jp.tamaru.app.family.FamilyRoute
import jp.tamaru.app.home.HomeRoute
import jp.tamaru.app.mail.DeliveryHelpRoute
import jp.tamaru.app.mail.EmailChangeRoute
import jp.tamaru.app.mail.MailSettingsRoute
import jp.tamaru.core.Destination

/**
 * Every screen of the app, one destination per core screen object. Where to go next is the
 * core's (a state's `navigate`, through [navStep]); the graph starts at the entry screen,
 * which says whether this is a first launch, a returning member or a session. System back
 * pops the stack; the core's `Clear` steps leave nothing behind to go back to.
 */
@Composable
fun TamaruNavHost(nav: NavHostController = rememberNavController()) {
    val go: (Destination) -> Unit = { nav.go(navStep(it)) }
    val open: (Route) -> Unit = { nav.go(NavStep.Push(it)) }
    NavHost(navController = nav, startDestination = Route.ENTRY.path) {
        composable(Route.ENTRY.path) { EntryRoute(go) }
        composable(Route.SIGN_UP.path) { SignUpRoute(go) }
        composable(Route.LOG_IN.path) { LogInRoute(changedPhones = false, onNavigate = go) }
        composable(Route.CHANGED_PHONES.path) { LogInRoute(changedPhones = true, onNavigate = go) }
        composable(Route.PASSWORD_RESET.path) { PasswordResetRoute(go) }
        composable(Route.HOME.path) { HomeRoute(onNavigate = go, onOpen = open) }
        composable(Route.CARD_REGISTRATION.path) { CardRegistrationRoute(go) }
        composable(Route.CARD_MERGE.path) { CardMergeRoute(go) }
        composable(Route.MAIL_SETTINGS.path) { MailSettingsRoute(go) }
        composable(Route.EMAIL_CHANGE.path) { EmailChangeRoute(go) }
        composable(Route.DELIVERY_HELP.path) { DeliveryHelpRoute(go) }
        composable(Route.PASSWORD_CHANGE.path) { PasswordChangeRoute(go) }
        composable(Route.WITHDRAWAL.path) { WithdrawalRoute(go) }
        composable(Route.FAMILY.path) { FamilyRoute(go) }
    }
}

private fun NavHostController.go(step: NavStep) {
    when (step) {
        is NavStep.Clear -> navigate(step.route.path) {
            popUpTo(graph.id) { inclusive = true }
            launchSingleTop = true
        }
        is NavStep.Push -> navigate(step.route.path) { launchSingleTop = true }
        is NavStep.BackTo -> if (!popBackStack(step.route.path, inclusive = false)) {
            navigate(step.route.path) { launchSingleTop = true }
        }
    }
}
