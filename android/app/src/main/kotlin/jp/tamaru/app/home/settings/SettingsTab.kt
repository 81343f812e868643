package jp.tamaru.app.home.settings

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.android.displayName
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.SessionGuard
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.app.ui.rememberCoreLanguage
import jp.tamaru.core.MailSetting
import jp.tamaru.core.MailSettingState
import jp.tamaru.maskEmail

@Composable
fun SettingsTab(
    onSessionEnded: () -> Unit,
    modifier: Modifier = Modifier,
    vm: SettingsViewModel = viewModel(factory = coreViewModel { SettingsViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val lang = rememberCoreLanguage()
    SessionGuard(state.error, onSessionEnded)
    LaunchedEffect(state.loggedOut) { if (state.loggedOut) onSessionEnded() }

    Column(
        modifier = modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        state.profile?.let { Text(it.displayName(lang), style = MaterialTheme.typography.titleLarge) }
        state.account?.let { account ->
            Text(stringResource(R.string.settings_login_id, account.loginId))
            account.email?.let { Text(stringResource(R.string.settings_email, maskEmail(it))) }
        }
        HorizontalDivider()

        Text(stringResource(R.string.settings_mail), style = MaterialTheme.typography.titleMedium)
        state.mail?.let { mail ->
            MailSwitch(stringResource(R.string.settings_newsletter), mail.newsletter) { vm.setMail(MailSetting.NEWSLETTER, it) }
            MailSwitch(stringResource(R.string.settings_postal), mail.postal) { vm.setMail(MailSetting.POSTAL, it) }
            if (!mail.fromServer) {
                Text(stringResource(R.string.settings_mail_offline), style = MaterialTheme.typography.bodySmall)
            }
        }
        state.error?.let { CoreErrorText(it) }
        HorizontalDivider()

        OutlinedButton(onClick = vm::logOut, enabled = !state.busy, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.action_log_out))
        }
    }
}

/** One mail setting; "pending" while the core holds the change to send when back online. */
@Composable
private fun MailSwitch(label: String, setting: MailSettingState, onChange: (Boolean) -> Unit) {
    Row(modifier = Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
        Column(modifier = Modifier.weight(1f)) {
            Text(label)
            if (setting.pending) {
                Text(stringResource(R.string.settings_pending), style = MaterialTheme.typography.bodySmall)
            }
        }
        Switch(checked = setting.on == true, onCheckedChange = onChange, enabled = setting.on != null)
    }
}
