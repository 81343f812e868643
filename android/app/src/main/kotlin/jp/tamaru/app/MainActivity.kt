package jp.tamaru.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import jp.tamaru.app.nav.TamaruNavHost
import jp.tamaru.app.ui.CoreGate
import jp.tamaru.app.ui.TamaruTheme

/**
 * The single activity: the core, once built, and every screen as a Compose destination of
 * [TamaruNavHost] over the core's screen objects.
 */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val core = (application as TamaruApplication).core
        setContent {
            TamaruTheme {
                CoreGate(core) {
                    TamaruNavHost()
                }
            }
        }
    }
}
