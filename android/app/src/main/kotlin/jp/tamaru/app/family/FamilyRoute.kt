package jp.tamaru.app.family

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.FamilyScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.Choices
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.CoreField
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.Destination

/**
 * Family sharing: the group and its members, invitations to accept, and what the member can
 * do now (create or join, invite, send points, leave), each only when the core offers it.
 */
@Composable
fun FamilyRoute(onNavigate: (Destination) -> Unit) {
    val vm = rememberScreen("family", { it.familyScreen() }, FamilyScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    val screen = vm.screen
    val model = vm.model
    LaunchedEffect(vm) { model.launch { screen.load() } }
    ScreenColumn(state.title, state.busy) {
        Note(state.notOffered)
        Note(state.notice, emphasis = true)
        state.members.forEach { member ->
            Column(modifier = Modifier.fillMaxWidth()) {
                Text(member.loginId, style = MaterialTheme.typography.bodyLarge)
                Text(member.role, style = MaterialTheme.typography.labelMedium)
                Text(member.joined, style = MaterialTheme.typography.bodySmall)
                HorizontalDivider()
            }
        }
        Note(state.capacity)
        state.inviteCode?.let { Text(it, style = MaterialTheme.typography.titleLarge, fontFamily = FontFamily.Monospace) }
        state.invitations.forEach { invitation ->
            Text(invitation.text)
            CoreButton(invitation.accept, { model.launch { screen.accept(invitation.id) } })
        }
        CoreButton(state.create, { model.launch { screen.create() } })
        state.joinCode?.let { field -> CoreField(field, { model.act { screen.setJoinCode(it) } }) }
        CoreButton(state.join, { model.launch { screen.join() } }, primary = false)
        state.inviteLoginId?.let { field ->
            CoreField(field, { model.act { screen.setInviteLoginId(it) } }, KeyboardType.Email)
        }
        CoreButton(state.invite, { model.launch { screen.invite() } })
        Choices(state.recipients) { id -> model.act { screen.chooseRecipient(id) } }
        state.sendPoints?.let { field -> CoreField(field, { model.act { screen.setPoints(it) } }, KeyboardType.Number) }
        CoreButton(state.send, { model.launch { screen.send() } })
        Problem(state.error)
        CoreButton(state.leave, { model.launch { screen.leave() } }, primary = false)
    }
}
