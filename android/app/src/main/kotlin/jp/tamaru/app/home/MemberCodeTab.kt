package jp.tamaru.app.home

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper
import android.graphics.BitmapFactory
import android.view.WindowManager
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.platform.LocalView
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.tamaru.MemberCodeScreen
import jp.tamaru.android.screens.model
import jp.tamaru.app.ui.CoreButton
import jp.tamaru.app.ui.FollowNavigation
import jp.tamaru.app.ui.Note
import jp.tamaru.app.ui.Problem
import jp.tamaru.app.ui.ScreenColumn
import jp.tamaru.app.ui.rememberScreen
import jp.tamaru.core.BarcodeException
import jp.tamaru.core.Destination
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * The member code the till scans, counting down as the core ticks (the core's listener,
 * every second), or the point card where no code can be shown. The platform part is only
 * the window: full brightness, the screen kept on, and no screenshots while it shows.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun MemberCodeTab(onNavigate: (Destination) -> Unit, modifier: Modifier = Modifier) {
    val vm = rememberScreen("member-code", { it.memberCodeScreen() }, MemberCodeScreen::model)
    val state by vm.model.state.collectAsStateWithLifecycle()
    FollowNavigation(vm.model, onNavigate)
    MemberCodeWindow()
    val screen = vm.screen
    val model = vm.model
    PullToRefreshBox(
        isRefreshing = state.refreshing,
        onRefresh = { model.launch { screen.refresh() } },
        modifier = modifier.fillMaxSize(),
    ) {
        ScreenColumn(state.title, busy = false) {
            val shown = state.code?.code ?: state.pointCard?.number
            val spoken = state.code?.spoken ?: state.pointCard?.spoken
            BoxWithConstraints {
                val widthPx = with(LocalDensity.current) { maxWidth.roundToPx() }
                val bitmap by produceState<ImageBitmap?>(null, shown, widthPx) {
                    value = if (shown == null || widthPx <= 0) null else render(screen, widthPx)
                }
                bitmap?.let { CodeImage(it, spoken.orEmpty()) }
            }
            state.code?.let { code ->
                Text(code.grouped, style = MaterialTheme.typography.titleLarge, fontFamily = FontFamily.Monospace)
                Note(code.countdown, emphasis = true)
                Note(code.validUntil)
                Note(code.heldOffline)
            }
            Note(state.unavailable)
            state.pointCard?.let { card ->
                Text(card.grouped, style = MaterialTheme.typography.titleMedium, fontFamily = FontFamily.Monospace)
                Note(card.note)
            }
            CoreButton(state.nextCode, { model.launch { screen.nextCode() } })
            Problem(state.error)
            CoreButton(state.refresh, { model.launch { screen.refresh() } }, primary = false)
        }
    }
}

/**
 * The core's PNG of what shows now, for exactly this width (whole-pixel modules, quiet
 * zones); `null` when the width is too narrow for the code (nothing rather than a blur).
 */
private suspend fun render(screen: MemberCodeScreen, widthPx: Int): ImageBitmap? =
    withContext(Dispatchers.Default) {
        try {
            val png = screen.renderPng(widthPx.toUInt())
            BitmapFactory.decodeByteArray(png, 0, png.size)?.asImageBitmap()
        } catch (_: BarcodeException) {
            null
        }
    }

/** Drawn pixel for pixel: a smoothed module edge is what makes tills misread. */
@Composable
private fun CodeImage(bitmap: ImageBitmap, spoken: String) {
    Image(
        bitmap = bitmap,
        contentDescription = null,
        contentScale = ContentScale.None,
        filterQuality = FilterQuality.None,
        modifier = Modifier.semantics { contentDescription = spoken },
    )
}

/** Full brightness, screen kept on and screenshots blocked while the code shows. */
@Composable
private fun MemberCodeWindow() {
    val view = LocalView.current
    DisposableEffect(view) {
        val window = view.context.findActivity()?.window
        val brightnessBefore = window?.attributes?.screenBrightness
        window?.let {
            it.attributes = it.attributes.apply {
                screenBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
            }
            it.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
        }
        view.keepScreenOn = true
        onDispose {
            view.keepScreenOn = false
            window?.let {
                it.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
                it.attributes = it.attributes.apply {
                    screenBrightness = brightnessBefore ?: WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE
                }
            }
        }
    }
}

private tailrec fun Context.findActivity(): Activity? = when (this) {
    is Activity -> this
    is ContextWrapper -> baseContext.findActivity()
    else -> null
}
