package jp.tamaru.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import jp.tamaru.app.nav.TamaruNavHost
import jp.tamaru.app.ui.TamaruTheme

/** The single activity: every screen is a Compose destination in [TamaruNavHost]. */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        setContent {
            TamaruTheme {
                TamaruNavHost()
            }
        }
    }
}
