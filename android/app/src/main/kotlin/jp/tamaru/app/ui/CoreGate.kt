package jp.tamaru.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.unit.dp
import jp.tamaru.MemberApp
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.CoreText
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.core.TamaruException

/** The process's one [MemberApp], for the screens under [CoreGate]. */
val LocalMemberApp = staticCompositionLocalOf<MemberApp> { error("no MemberApp: draw screens inside CoreGate") }

private sealed interface Gate {
    data object Loading : Gate

    data class Ready(val app: MemberApp) : Gate

    data class Failed(val error: TamaruException) : Gate
}

/**
 * Waits for the core (built once, off the main thread: loading the library costs 100–600 ms)
 * and then draws [content] with it. A core that cannot be built (an unwritable data folder)
 * shows the core's own sentence for why, and an icon to try again: there is no screen object
 * yet to word a button.
 */
@Composable
fun CoreGate(core: TamaruCore, content: @Composable () -> Unit) {
    var attempt by remember { mutableIntStateOf(0) }
    var gate by remember { mutableStateOf<Gate>(Gate.Loading) }
    LaunchedEffect(attempt) {
        gate = Gate.Loading
        gate = try {
            Gate.Ready(core.app())
        } catch (e: TamaruException) {
            Gate.Failed(e)
        }
    }
    when (val g = gate) {
        Gate.Loading -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
            CircularProgressIndicator()
        }
        is Gate.Ready -> CompositionLocalProvider(LocalMemberApp provides g.app) { content() }
        is Gate.Failed -> Column(
            modifier = Modifier.fillMaxSize().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            val sentence = g.error.text(CoreText.language())
            Text(sentence, style = MaterialTheme.typography.bodyLarge)
            IconButton(onClick = { attempt++ }) {
                Icon(painterResource(R.drawable.ic_retry), contentDescription = sentence)
            }
        }
    }
}
