package jp.tamaru.app.cards

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.CardRegistrationScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Choices
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.Question
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.SecretField
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/**
 * Registering a card: the type, the number checked as it is typed, and only the questions
 * the core asks for that type (a PIN, membership at the issuing shop). Sending again after a
 * failure is the same attempt (the core never registers twice).
 */
@Composable
fun CardRegistrationRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("card-registration", { it.cardRegistrationScreen() }, CardRegistrationScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        Choices(state.types) { id -> model.act { screen.chooseType(id) } }
        state.number?.let { field -> CoreField(field, { model.act { screen.setNumber(it) } }, KeyboardType.Number) }
        Question(state.hasPin) { yes -> model.act { screen.answerHasPin(yes) } }
        state.pin?.let { field -> SecretField(field, { model.act { screen.setPin(it) } }, KeyboardType.NumberPassword) }
        Question(state.memberRegistered) { yes -> model.act { screen.answerMemberRegistered(yes) } }
        Problem(state.error)
        CoreButton(state.submit, { model.launch { screen.submit() } })
        Note(state.registered, emphasis = true)
    }
}
