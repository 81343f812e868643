package jp.tamaru.test

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.time.LocalDate
import java.time.ZoneId
import java.time.ZonedDateTime
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
    // HTTP/1.1 only: the sandbox speaks nothing else, and a client that first offers an h2c
    // upgrade on a connection it later reuses is one more way for a test to fail on setup.
    private val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

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

    /** One member's mail settings and counters (`applied_changes`, `replays`, `api_calls`), as JSON. */
    fun mailAdmin(memberId: String): String = get("/admin/mail/$memberId")

    /** Changes mail settings as the member would on the web or another phone. */
    fun changeMailElsewhere(memberId: String, newsletter: Boolean? = null, postal: Boolean? = null): String {
        val fields = listOfNotNull(newsletter?.let { "\"newsletter\":$it" }, postal?.let { "\"postal\":$it" })
        return post("/admin/mail/$memberId/settings", fields.joinToString(",", "{", "}"))
    }

    /** Mail fault switches: every mail endpoint answering 503, and the next writes committed with their answer dropped. */
    fun mailFaults(memberId: String, unavailable: Boolean = false, dropAnswers: Int = 0): String =
        post("/admin/mail/$memberId/faults", "{\"unavailable\":$unavailable,\"drop_answers\":$dropAnswers}")

    fun linkExternalId(program: String, loginId: String, linked: Boolean): String =
        post("/admin/accounts/link", "{\"program\":\"$program\",\"login_id\":\"$loginId\",\"linked\":$linked}")

    // --- Cards (SPEC §4; endpoints in tests/sandbox/CONTRACT.md) ---------------------------

    /**
     * Issues a card into the sandbox's registry: `status` is `active`, `expired`, `invalid`
     * or `lapsed`; the holder defaults to 山田 花子 (1990-04-01), the card to no PIN.
     */
    fun issueCard(
        program: String,
        type: String,
        status: String = "active",
        pin: String? = null,
        memberRegistered: Boolean = false,
        holderName: String? = null,
        holderBirthDate: String = "1990-04-01",
    ): IssuedCard {
        val fields = mutableListOf("\"program\":\"$program\"", "\"card_type\":\"$type\"", "\"status\":\"$status\"")
        pin?.let { fields += "\"pin\":\"$it\"" }
        if (memberRegistered) fields += "\"member_registered\":true"
        holderName?.let { fields += "\"holder\":{\"name\":\"$it\",\"birth_date\":\"$holderBirthDate\"}" }
        return IssuedCard.parse(post("/admin/cards", fields.joinToString(",", "{", "}")))
    }

    /** Changes an issued card's state (`active`, `expired`, `invalid`, `lapsed`). */
    fun setCardStatus(program: String, number: String, status: String): String =
        post("/admin/cards/$program/$number/status", "{\"status\":\"$status\"}")

    /** Reissues a card: a new number; registrations follow it. */
    fun reissueCard(program: String, number: String): IssuedCard =
        IssuedCard.parse(post("/admin/cards/$program/$number/reissue", "{}"))

    /** Sets an account's personal details and first award date (as given at sign-up). */
    fun setCardHolder(program: String, loginId: String, name: String, birthDate: String, firstAwardDate: String? = null): String =
        put(
            "/admin/accounts/$program/$loginId/holder",
            "{\"name\":\"$name\",\"birth_date\":\"$birthDate\"" +
                (firstAwardDate?.let { ",\"first_award_date\":\"$it\"" } ?: "") + "}",
        )

    /** An account's card data on the server: holder, first award, registrations (JSON). */
    fun accountCards(program: String, loginId: String): String = get("/admin/accounts/$program/$loginId/cards")

    /** Card counters: `requests`, `registrations`, `replays`, `dropped_answers`, `merges` (JSON). */
    fun cardStats(): String = get("/admin/cards/stats")

    /** The next `count` answers to `path` (`/waon/v1/cards`, …) are committed, then dropped. */
    fun dropCardAnswers(path: String, count: Int = 1): String =
        post("/admin/cards/faults", "{\"path\":\"$path\",\"drop_answers\":$count}")

    fun put(path: String, json: String): String =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString(),
        ).body()

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

    // --- Points (SPEC §5; endpoints in tests/sandbox/CONTRACT.md) --------------------------

    /** Awards points on a Japan date (`YYYY-MM-DD`, not after the sandbox's today); the entry as JSON. */
    fun awardPoints(program: String, loginId: String, points: Long, date: String, store: String = ""): String =
        post(
            "/admin/points/award",
            "{\"program\":\"$program\",\"login_id\":\"$loginId\",\"points\":$points,\"date\":\"$date\",\"store\":\"$store\"}",
        )

    /** A till's use (`use`) or an operator's correction (`adjust`, signed) on the sandbox's today. */
    fun ledgerCall(call: String, program: String, loginId: String, points: Long, text: String): String =
        post(
            "/admin/points/$call",
            "{\"program\":\"$program\",\"login_id\":\"$loginId\",\"points\":$points,\"text\":\"$text\"}",
        )

    /** Sets how an account logs in (`square_member`, `web_id`, `email`). */
    fun setLoginKind(program: String, loginId: String, kind: String): String =
        post("/admin/accounts/login-kind", "{\"program\":\"$program\",\"login_id\":\"$loginId\",\"login_kind\":\"$kind\"}")

    /** An account's balance, entries and sync counters, as JSON. */
    fun pointsLedger(program: String, loginId: String): String =
        get("/admin/points/ledger?program=$program&login_id=$loginId")

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

/**
 * Today's date in Japan, for a test that dates points today and then asks about today. In
 * the last 30 s before Japan midnight it waits for the new day, so that the date cannot
 * change between the test's date and the sandbox's (a sandbox whose clock a test moved is
 * not for dated tests).
 */
fun japanToday(): LocalDate {
    val tokyo = ZoneId.of("Asia/Tokyo")
    val now = ZonedDateTime.now(tokyo)
    val midnight = now.toLocalDate().plusDays(1).atStartOfDay(tokyo)
    val left = java.time.Duration.between(now, midnight)
    if (left.seconds < 30) Thread.sleep(left.toMillis() + 1_000)
    return LocalDate.now(tokyo)
}

private var counter = 0
fun uniqueEmail(): String = "kotlin${System.nanoTime()}${counter++}@example.jp"

/** A card the sandbox issued (the fields tests type in), with the admin answer as [json]. */
data class IssuedCard(
    val number: String,
    val pin: String?,
    val expiresOn: String,
    val pointAccount: String?,
    val builtInEmoney: String?,
    val memberRegistered: Boolean,
    val json: String,
) {
    companion object {
        private fun field(json: String, name: String): String? =
            Regex("\"$name\":(null|\"([^\"]*)\")").find(json)?.let { m -> m.groupValues[2].takeIf { m.groupValues[1] != "null" } }

        fun parse(json: String): IssuedCard = IssuedCard(
            number = field(json, "number") ?: error("no card in: $json"),
            pin = field(json, "pin"),
            expiresOn = field(json, "expires_on") ?: error("no expiry in: $json"),
            pointAccount = field(json, "point_account"),
            builtInEmoney = field(json, "built_in_emoney"),
            memberRegistered = json.contains("\"member_registered\":true"),
            json = json,
        )
    }
}
