package jp.tamaru.android

import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate

/**
 * A cold [Flow] over a listener foreign trait of the core (a Kotlin object the core calls
 * back, such as a balance or member-code listener).
 *
 * [subscribe] registers a listener that forwards each value to its argument, and returns
 * how to stop: typically cancelling and closing the handle the core returned. The flow calls
 * it when the collector goes away, so a screen that leaves stops the core's work too. It may
 * suspend (the core's `subscribe` calls are async so that they run on the core's runtime).
 *
 * Why [trySend] and [conflate]: the core calls listeners on its own worker threads, which must
 * never block on a slow collector; the values are snapshots (the latest balance, the current
 * code), so keeping only the newest is right.
 *
 * See [states] for the member-code session.
 */
fun <T> listenerFlow(subscribe: suspend (emit: (T) -> Unit) -> () -> Unit): Flow<T> =
    callbackFlow {
        val stop = subscribe { value -> trySend(value) }
        awaitClose { stop() }
    }.conflate()
