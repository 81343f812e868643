package jp.tamaru.app.home.barcode

import android.graphics.BitmapFactory
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import jp.tamaru.android.spoken
import jp.tamaru.android.text
import jp.tamaru.app.R
import jp.tamaru.app.ui.CoreErrorText
import jp.tamaru.app.ui.SessionGuard
import jp.tamaru.app.ui.coreViewModel
import jp.tamaru.app.ui.rememberCoreLanguage
import jp.tamaru.core.MemberCodeState

@Composable
fun BarcodeTab(
    onSessionEnded: () -> Unit,
    modifier: Modifier = Modifier,
    vm: BarcodeViewModel = viewModel(factory = coreViewModel { BarcodeViewModel(it) }),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val lang = rememberCoreLanguage()
    SessionGuard(state.error, onSessionEnded)

    BoxWithConstraints(modifier = modifier.fillMaxSize().padding(24.dp)) {
        val widthPx = with(LocalDensity.current) { maxWidth.roundToPx() }
        LaunchedEffect(widthPx) { vm.onWidth(widthPx) }

        Column(
            modifier = Modifier.fillMaxWidth(),
            verticalArrangement = Arrangement.spacedBy(12.dp),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            val spoken = when (val code = state.code) {
                is MemberCodeState.Ready -> code.code.spoken(lang)
                is MemberCodeState.Unavailable -> code.unavailable.staticCard?.spoken(lang)
                null -> null
            }
            state.png?.let { png -> CorePng(png, spoken.orEmpty()) }

            when (val code = state.code) {
                is MemberCodeState.Ready -> {
                    Text(code.code.grouped, style = MaterialTheme.typography.titleLarge, fontFamily = FontFamily.Monospace)
                    Text(stringResource(R.string.code_seconds_left, state.secondsLeft.toInt()))
                }
                is MemberCodeState.Unavailable -> {
                    Text(code.unavailable.text(lang), style = MaterialTheme.typography.bodyLarge)
                    code.unavailable.staticCard?.let {
                        Text(it.grouped, style = MaterialTheme.typography.titleMedium, fontFamily = FontFamily.Monospace)
                    }
                    TextButton(onClick = vm::refresh) { Text(stringResource(R.string.action_retry)) }
                }
                null -> Unit
            }
            state.error?.let { CoreErrorText(it) }
        }
    }
}

/**
 * The core's PNG drawn pixel for pixel: it was rendered for this width with whole-pixel
 * modules, so no smoothing (a blurred edge is what makes tills misread).
 */
@Composable
private fun CorePng(png: ByteArray, spoken: String) {
    val bitmap = remember(png) { BitmapFactory.decodeByteArray(png, 0, png.size)?.asImageBitmap() } ?: return
    Image(
        bitmap = bitmap,
        contentDescription = null,
        contentScale = ContentScale.None,
        filterQuality = FilterQuality.None,
        modifier = Modifier.semantics { contentDescription = spoken },
    )
}
