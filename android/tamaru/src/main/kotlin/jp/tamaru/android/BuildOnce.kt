package jp.tamaru.android

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * A value built at most once, on [dispatcher], by the first caller; later and concurrent
 * callers suspend (never block a thread) until it exists. A failed build leaves nothing
 * behind, so the next call tries again. Generic so it is tested without the native library.
 */
internal class BuildOnce<T : Any>(
    private val dispatcher: CoroutineDispatcher,
    private val build: () -> T,
) {
    private val mutex = Mutex()

    @Volatile
    var value: T? = null
        private set

    suspend fun get(): T =
        value ?: mutex.withLock {
            value ?: withContext(dispatcher) { build() }.also { value = it }
        }
}
