package jp.tamaru.app.nav

import androidx.compose.runtime.Composable
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import jp.tamaru.app.home.HomeScreen
import jp.tamaru.app.home.cards.CardRegistrationScreen
import jp.tamaru.app.login.LoginScreen
import jp.tamaru.app.login.SignedOutElsewhereScreen
import jp.tamaru.app.signup.SignUpScreen
import jp.tamaru.app.start.StartRoute
import jp.tamaru.app.welcome.WelcomeScreen

/**
 * Every screen of the app. The graph starts at [Routes.START], which asks the core where to
 * go; any screen that loses the session comes back there, so that choice is made in one place.
 */
@Composable
fun TamaruNavHost(nav: NavHostController = rememberNavController()) {
    NavHost(navController = nav, startDestination = Routes.START) {
        composable(Routes.START) {
            StartRoute(onStartScreen = { screen -> nav.replaceAll(Routes.forStartScreen(screen)) })
        }
        composable(Routes.WELCOME) {
            WelcomeScreen(
                onSignUp = { nav.navigate(Routes.SIGN_UP) },
                onHaveAccount = { nav.navigate(Routes.LOGIN) },
            )
        }
        composable(Routes.SIGN_UP) {
            SignUpScreen(onSignedUp = { nav.replaceAll(Routes.HOME) })
        }
        composable(Routes.LOGIN) {
            LoginScreen(onLoggedIn = { nav.replaceAll(Routes.HOME) })
        }
        composable(Routes.SIGNED_OUT_ELSEWHERE) {
            SignedOutElsewhereScreen(onLogIn = { nav.navigate(Routes.LOGIN) })
        }
        composable(Routes.HOME) {
            HomeScreen(
                onSessionEnded = { nav.replaceAll(Routes.START) },
                onRegisterCard = { nav.navigate(Routes.CARD_REGISTRATION) },
            )
        }
        composable(Routes.CARD_REGISTRATION) {
            CardRegistrationScreen(
                onDone = { nav.popBackStack() },
                onSessionEnded = { nav.replaceAll(Routes.START) },
            )
        }
    }
}

/** Goes to [route] with nothing behind it: Back from home must not return to the login form. */
private fun NavHostController.replaceAll(route: String) {
    navigate(route) {
        popUpTo(graph.id) { inclusive = true }
        launchSingleTop = true
    }
}
