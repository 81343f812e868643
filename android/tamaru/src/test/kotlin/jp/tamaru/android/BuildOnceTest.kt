package jp.tamaru.android

import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class BuildOnceTest {
    @Test
    fun buildsOnceOnTheGivenDispatcherForManyWaiters() = runBlocking {
        val pool = Executors.newSingleThreadExecutor { Thread(it, "core-loader") }
        val builds = AtomicInteger()
        var builtOn = ""
        val once = BuildOnce(pool.asCoroutineDispatcher()) {
            builds.incrementAndGet()
            builtOn = Thread.currentThread().name
            Thread.sleep(50)
            Any()
        }
        assertNull(once.value)
        val results = (1..20).map { async { once.get() } }.awaitAll()
        assertEquals(1, builds.get())
        assertEquals("core-loader", builtOn)
        assertTrue(results.all { it === results[0] })
        assertSame(results[0], once.value)
        pool.shutdown()
    }

    @Test
    fun aFailedBuildIsTriedAgain() = runBlocking {
        val pool = Executors.newSingleThreadExecutor()
        var attempts = 0
        val once = BuildOnce(pool.asCoroutineDispatcher()) {
            attempts += 1
            if (attempts == 1) throw IllegalStateException("no data folder")
            "built"
        }
        try {
            once.get()
            fail("the first build fails")
        } catch (_: IllegalStateException) {
        }
        assertNull(once.value)
        assertEquals("built", once.get())
        assertEquals(2, attempts)
        pool.shutdown()
    }
}
