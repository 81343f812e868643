package jp.tamaru.app.cards

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.CardMergeScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Choices
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.DayPicker
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/** Merging another point account into this one (where the program offers it). */
@Composable
fun CardMergeRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("card-merge", { it.cardMergeScreen() }, CardMergeScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    ScreenColumn(state.title, state.busy) {
        Note(state.notOffered)
        if (state.notOffered == null) {
            Note(state.intro)
            Choices(state.types) { id -> model.act { screen.chooseType(id) } }
            state.number?.let { field -> CoreField(field, { model.act { screen.setNumber(it) } }, KeyboardType.Number) }
            CoreField(state.name, { model.act { screen.setName(it) } })
            DayPicker(state.birthDate.label, state.birthDate.value, state.birthDate.value.ifEmpty { null }) { day ->
                model.act { screen.setBirthDate(day) }
            }
            state.birthDate.problems.forEach { Note(it) }
            Problem(state.error)
            CoreButton(state.submit, { model.launch { screen.submit() } })
        }
        Note(state.done, emphasis = true)
    }
}
