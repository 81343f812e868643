package jp.tamaru.android.screens

import jp.tamaru.core.Destination
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.launch

/**
 * One core screen object as a [StateFlow] of its state record, for a view model (Android) or
 * a test (JVM). The core decides and words everything; this only carries states and actions.
 *
 * - [state] is every state the core's listener tells, in the core's order. Actions never set
 *   it themselves: the listener already did, on the thread that made the change, so a slow
 *   action finishing late cannot put an older state over a newer one.
 * - [navigation] is where the core says to go, once per decision: a new `navigate` in a told
 *   state, or an action (pressing "Mail does not arrive" again) whose state says to go again.
 *   A screen left on the back stack keeps its last `navigate`; coming back to it must not
 *   navigate again, which a plain "navigate when the state says so" would.
 * - [act] for quick actions (typing, choosing: microseconds in the core), [launch] for the
 *   suspending ones (submit, refresh), in [scope] (a view model's scope).
 *
 * Closing stops the listener and closes the core's screen object (and its timers).
 */
class ScreenModel<S : Any>(
    private val scope: CoroutineScope,
    initial: S,
    private val navigateOf: (S) -> Destination?,
    subscribe: suspend (emit: (S) -> Unit) -> (() -> Unit),
    private val closeScreen: () -> Unit,
) : AutoCloseable {
    private val mutableState = MutableStateFlow(initial)
    val state: StateFlow<S> = mutableState.asStateFlow()

    private val events = Channel<Destination>(Channel.UNLIMITED)
    val navigation: Flow<Destination> = events.receiveAsFlow()

    private val lock = Any()
    private var lastNavigate: Destination? = null
    private var decisions = 0L
    private var stop: (() -> Unit)? = null
    private var closed = false

    // Undispatched: a plain `subscribe` is registered before the constructor returns.
    private val subscribing: Job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
        val stopIt = subscribe(::deliver)
        val kept = synchronized(lock) {
            if (!closed) stop = stopIt
            !closed
        }
        if (!kept) stopIt()
    }

    private fun deliver(told: S) {
        synchronized(lock) {
            if (closed) return
            mutableState.value = told
            val next = navigateOf(told)
            if (next != null && next != lastNavigate) decide(next)
            lastNavigate = next
        }
    }

    private fun decide(destination: Destination) {
        events.trySend(destination)
        decisions++
    }

    private fun afterAction(decisionsBefore: Long, result: S) {
        synchronized(lock) {
            if (closed) return
            val next = navigateOf(result) ?: return
            if (decisions == decisionsBefore) decide(next)
        }
    }

    /** A quick action; its state, also told to [state]. */
    fun act(action: () -> S): S {
        val before = synchronized(lock) { decisions }
        return action().also { afterAction(before, it) }
    }

    /** A suspending action in [scope]. */
    fun launch(action: suspend () -> S): Job = scope.launch {
        val before = synchronized(lock) { decisions }
        afterAction(before, action())
    }

    /** Stops the listener and closes the core's screen object. Idempotent. */
    override fun close() {
        val stopIt = synchronized(lock) {
            if (closed) return
            closed = true
            stop.also { stop = null }
        }
        subscribing.cancel()
        stopIt?.invoke()
        events.close()
        closeScreen()
    }
}
