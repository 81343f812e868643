package jp.tamaru.app

import android.app.Application
import jp.tamaru.android.TamaruCore
import jp.tamaru.android.androidTamaruCore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

/**
 * Holds the one core of this process. Its build starts at launch on a background thread
 * (loading the library costs 100–600 ms), so the start screen usually finds it ready.
 */
class TamaruApplication : Application() {
    val core: TamaruCore by lazy {
        androidTamaruCore(this, program = BuildConfig.TAMARU_PROGRAM, baseUrl = BuildConfig.TAMARU_BASE_URL)
    }

    private val appScope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    override fun onCreate() {
        super.onCreate()
        core.warmUp(appScope)
    }
}
