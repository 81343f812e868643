package jp.tamaru.android

import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class ListenerFlowTest {
    /** Stands in for a core object that calls a listener from its own thread. */
    private class FakeSource {
        @Volatile var stopped = false
        fun subscribe(listener: (Int) -> Unit): () -> Unit {
            val thread = Thread {
                var n = 0
                while (!stopped) {
                    listener(n++)
                    Thread.sleep(2)
                }
            }
            thread.start()
            return { stopped = true }
        }
    }

    @Test
    fun valuesFlowAndTheSubscriptionStopsWithTheCollector() = runBlocking {
        val source = FakeSource()
        val values = listenerFlow<Int> { emit -> source.subscribe(emit) }.take(3).toList()
        assertEquals(3, values.size)
        assertTrue("values arrive in order", values == values.sorted())
        assertTrue("leaving the flow stops the listener", source.stopped)
    }
}
