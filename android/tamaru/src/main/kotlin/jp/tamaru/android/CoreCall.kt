package jp.tamaru.android

import jp.tamaru.core.TamaruException

/**
 * The outcome of a call into the core, for view models: the value, or the core's typed error.
 *
 * Why not `runCatching`: it would also catch `CancellationException` and keep a cancelled
 * screen's coroutine running; and only [TamaruException] is a member-facing outcome. Anything
 * else (a panic turned into an internal error by UniFFI) is a bug and should crash loudly.
 */
sealed interface CoreResult<out T> {
    data class Ok<out T>(val value: T) : CoreResult<T>

    data class Failed(val error: TamaruException) : CoreResult<Nothing>
}

/** Runs [block] and wraps its value or its [TamaruException]. */
suspend fun <T> coreCall(block: suspend () -> T): CoreResult<T> =
    try {
        CoreResult.Ok(block())
    } catch (e: TamaruException) {
        CoreResult.Failed(e)
    }
