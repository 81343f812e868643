package jp.tamaru.bench

import java.io.File
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import jp.tamaru.core.HistoryQuery
import jp.tamaru.groupedDigits
import jp.tamaru.historyPageLimit
import jp.tamaru.test.Sandbox
import jp.tamaru.test.uniqueEmail
import kotlinx.coroutines.runBlocking

/**
 * The cost of a round trip from Kotlin into the core and back on the JVM (JNA, the generated
 * UniFFI bindings), per call: a small call (`groupedDigits` of a 16-digit code: a string in,
 * a string out), a primitive-only call (`historyPageLimit`: nothing in, an integer out, the
 * floor of a call through JNA) and a page of 20 history entries from the on-device cache (a list of records
 * back). Run by scripts/kotlin-bench.sh against the release-mobile library; the result goes
 * to the file named by the first argument and to stdout, and `tamaru-qa bench` reads it.
 *
 * Method: a two-second warm-up (so the JIT has compiled the bindings), then 31 batches of
 * calls (each about 20 ms) timed as a whole; the median of the batches' per-call means is
 * reported. A benchmark, not a test: it
 * asserts only that the calls answer what they should.
 */
fun main(args: Array<String>) {
    val out = File(args.firstOrNull() ?: "build/kotlin/bench.json")
    val small = measure {
        check(groupedDigits("1091234567891234") == "1091 2345 6789 1234")
    }
    // The same round trip with nothing to convert: no RustBuffer to allocate, fill or free,
    // only JNA's call and the call status. The difference to `small` is the strings' cost.
    val primitive = measure {
        check(historyPageLimit() == 200u)
    }
    // Diagnostics beside them (JnaFloor.kt): JNA's own floor, and the primitive call straight
    // through JNA with one status structure reused (what the bindings' pooled status costs).
    val floor = measure {
        check(JnaFloor.contractVersion() > 0)
    }
    val reusedStatus = measure {
        check(JnaFloor.historyPageLimitReused() == 200)
    }
    val page = Sandbox().use { sandbox ->
        val phone = sandbox.phone("waon")
        phone.use {
            val email = uniqueEmail()
            runBlocking { phone.app.account().signUp(email, "Tamaru#2026", null) }
            val today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString()
            repeat(30) { i -> sandbox.awardPoints("waon", email, 10L + i, today, "Store $i") }
            val points = phone.app.points()
            runBlocking { points.refresh() }
            val query = HistoryQuery(emptyList(), null, null, null, 20u)
            measure {
                check(points.history(query).entries.size == 20)
            }
        }
    }
    val json = """{"measured_at":"${Instant.now()}","jvm":"${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}",""" +
        """"small_call":{"call":"groupedDigits(String): String","median_us":${fmt(small.medianUs)},"calls":${small.calls}},""" +
        """"primitive_call":{"call":"historyPageLimit(): UInt","median_us":${fmt(primitive.medianUs)},"calls":${primitive.calls}},""" +
        """"jna_floor":{"call":"ffi_tamaru_ffi_uniffi_contract_version(): Int, JNA direct, no call status","median_us":${fmt(floor.medianUs)},"calls":${floor.calls}},""" +
        """"primitive_call_reused_status":{"call":"historyPageLimit through JNA direct with one call status reused","median_us":${fmt(reusedStatus.medianUs)},"calls":${reusedStatus.calls}},""" +
        """"history_page":{"call":"Points.history(HistoryQuery limit 20): HistoryPage","median_us":${fmt(page.medianUs)},"calls":${page.calls}}}"""
    out.parentFile?.mkdirs()
    out.writeText(json + "\n")
    println(json)
}

class Result(val medianUs: Double, val calls: Long)

/**
 * Warms up for [warmUpMs] (the JIT compiles the bindings' call path), sizes a batch to take
 * about [batchMs], then times [batches] batches and returns the median per-call mean.
 */
fun measure(batches: Int = 31, warmUpMs: Long = 2_000, batchMs: Long = 20, call: () -> Unit): Result {
    var perBatch = 1L
    val warmUpEnd = System.nanoTime() + warmUpMs * 1_000_000
    while (System.nanoTime() < warmUpEnd) {
        val start = System.nanoTime()
        for (i in 0 until perBatch) call()
        val took = System.nanoTime() - start
        if (took < batchMs * 1_000_000) perBatch = (perBatch * 2).coerceAtMost(1_000_000)
    }
    val perCall = (1..batches).map {
        val start = System.nanoTime()
        for (i in 0 until perBatch) call()
        (System.nanoTime() - start) / 1000.0 / perBatch
    }.sorted()
    return Result(perCall[perCall.size / 2], batches * perBatch)
}

fun fmt(us: Double): String = String.format(java.util.Locale.ROOT, "%.3f", us)
