package jp.tamaru.test

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.util.concurrent.ConcurrentHashMap
import jp.tamaru.MemberApp
import jp.tamaru.SecureStore
import jp.tamaru.builtinProfile

/**
 * The real sandbox backend, started as `tamaru-qa serve` on a free loopback port, and the
 * admin calls tests use to move its clock and read its mailbox.
 */
class Sandbox : AutoCloseable {
    private val process: Process
    val url: String
    private val http = HttpClient.newHttpClient()

    init {
        val qa = System.getenv("TAMARU_QA") ?: "target/debug/tamaru-qa"
        process = ProcessBuilder(qa, "serve", "--port", "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        val first = process.inputStream.bufferedReader().readLine()
            ?: error("tamaru-qa serve printed nothing")
        url = Regex("\"url\":\"([^\"]+)\"").find(first)?.groupValues?.get(1)
            ?: error("no url in: $first")
    }

    fun programUrl(program: String) = "$url/$program/"

    fun advanceClock(seconds: Long): String =
        post("/admin/clock", "{\"advance_seconds\":$seconds}")

    fun stats(): String = get("/admin/stats")

    fun mailbox(address: String): String = get("/admin/mailbox/$address")

    fun linkExternalId(program: String, loginId: String, linked: Boolean): String =
        post("/admin/accounts/link", "{\"program\":\"$program\",\"login_id\":\"$loginId\",\"linked\":$linked}")

    fun get(path: String): String =
        http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body()

    fun post(path: String, json: String): String =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString(),
        ).body()

    /** A new install of the app on a new phone, with a Kotlin-implemented secure store. */
    fun phone(program: String, store: MapSecureStore = MapSecureStore()): Phone {
        val dir = Files.createTempDirectory("tamaru-kotlin-").toString()
        return Phone(MemberApp(builtinProfile(program), programUrl(program), dir, store), store, dir)
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }
}

/** One install: the app object, its secure store and its data directory. */
class Phone(val app: MemberApp, val store: MapSecureStore, val dataDir: String) : AutoCloseable {
    override fun close() = app.close()
}

/** The foreign SecureStore trait implemented in Kotlin, as an Android app would over the Keystore. */
class MapSecureStore : SecureStore {
    val entries = ConcurrentHashMap<String, String>()
    override fun get(key: String): String? = entries[key]
    override fun set(key: String, value: String) { entries[key] = value }
    override fun delete(key: String) { entries.remove(key) }
}

private var counter = 0
fun uniqueEmail(): String = "kotlin${System.nanoTime()}${counter++}@example.jp"
