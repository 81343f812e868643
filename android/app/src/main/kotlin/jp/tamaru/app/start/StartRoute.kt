package jp.tamaru.app.start

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
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
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.core.StartScreen

/** A spinner while the core loads, then straight on to the screen the core chose. */
@Composable
fun StartRoute(
    onStartScreen: (StartScreen) -> Unit,
    vm: StartViewModel = viewModel(factory = coreViewModel { StartViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    Column(
        modifier = Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.Center,
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        when (val s = state) {
            is StartViewModel.State.Loading -> CircularProgressIndicator()
            is StartViewModel.State.Ready -> {
                LaunchedEffect(s) { onStartScreen(s.screen) }
                CircularProgressIndicator()
            }
            is StartViewModel.State.Failed -> {
                CoreErrorText(s.error)
                Button(onClick = vm::load, modifier = Modifier.padding(top = 16.dp)) {
                    Text(stringResource(R.string.action_retry))
                }
            }
        }
    }
}
