package jp.tamaru.android

import jp.tamaru.MemberApp
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

/**
 * The app's one [MemberApp], built once, on first use, on [dispatcher] (IO by default).
 *
 * Why lazy and off the main thread: the first call into the core loads the library and
 * initialises JNA, which costs 100–600 ms on a phone; on the main thread that is a visible
 * freeze or an ANR. Why once: the core keeps one session, one cache connection and one
 * runtime per program; two instances would race each other's token refreshes.
 *
 * A build that fails (a bad base URL, an unwritable data folder) throws to the caller and is
 * tried again on the next call, so a screen can offer "try again".
 * The app object lives as long as the process, so it is never closed; the service objects
 * taken from it (`cards()`, `points()`, `mail()`) are, by whoever takes them.
 */
class TamaruCore(
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
    build: () -> MemberApp,
) {
    private val once = BuildOnce(dispatcher, build)

    /** The app if it is already built: for code that must not suspend (previews, logging). */
    val appOrNull: MemberApp?
        get() = once.value

    /** The app, building it the first time. Safe to call from any thread or coroutine. */
    suspend fun app(): MemberApp = once.get()

    /**
     * Starts building now (from `Application.onCreate`), so the first screen rarely waits.
     * A failure here is not lost: the screen's own [app] call builds again and shows it.
     */
    fun warmUp(scope: CoroutineScope): Job = scope.launch {
        try {
            app()
        } catch (e: CancellationException) {
            throw e
        } catch (_: Exception) {
            // Shown by the first screen that needs the core.
        }
    }
}
