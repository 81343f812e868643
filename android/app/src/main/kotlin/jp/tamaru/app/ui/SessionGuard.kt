package jp.tamaru.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import jp.tamaru.core.TamaruException

/** Leaves the screen when [error] means the session is gone (see [endsSession]). */
@Composable
fun SessionGuard(error: TamaruException?, onSessionEnded: () -> Unit) {
    LaunchedEffect(error) {
        if (error?.endsSession() == true) onSessionEnded()
    }
}
