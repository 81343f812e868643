package jp.tamaru.test

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import jp.tamaru.errorCode
import jp.tamaru.core.Language
import jp.tamaru.errorMessage
import jp.tamaru.core.CardInput
import jp.tamaru.core.CardInputException
import jp.tamaru.core.CardMismatch
import jp.tamaru.core.CardNoticeKind
import jp.tamaru.core.MergeRequest
import jp.tamaru.core.PersonalDetails
import jp.tamaru.core.TamaruException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * Point cards from Kotlin (SPEC §4), against the real sandbox: registration and each of its
 * refusals as its own exception, the limits, the e-money link, the life cycle, the retry of
 * a lost answer, and the account merge with its errors. Cards are issued through the
 * sandbox's admin endpoints ([Sandbox.issueCard]).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardsTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    private val hanako = PersonalDetails("山田 花子", "1990-04-01")

    /** A signed-up member on a new phone, and their login ID. */
    private suspend fun member(program: String): Pair<Phone, String> {
        val phone = sandbox.phone(program)
        val loginId = uniqueEmail()
        phone.app.account().signUp(loginId, "Tamaru#2026", null)
        return phone to loginId
    }

    /** What the member types for an issued card: its number, PIN and the right answers. */
    /** What the member types: for an sc_point_card the PIN and the member-registration answer too. */
    private fun typed(card: IssuedCard, type: String, memberRegistered: Boolean? = null) =
        CardInput(
            type,
            card.number,
            if (type == "sc_point_card") card.pin != null else null,
            card.pin,
            memberRegistered ?: if (type == "sc_point_card") card.memberRegistered else null,
        )

    private fun registrations(program: String, loginId: String): Int =
        Regex("\"id\":\"card_").findAll(sandbox.accountCards(program, loginId)).count()

    @Test
    fun registersACardAndKeepsTheListOffline() = runBlocking<Unit> {
        val (phone, _) = member("wester")
        phone.use {
            val issued = sandbox.issueCard("wester", "sc_point_card", pin = "4321", memberRegistered = true)
            val wide = issued.number.map { (it - '0' + 0xFF10).toChar() }.joinToString("")
            val input = CardInput("sc_point_card", "${wide.take(8)}ー${wide.drop(8)}", true, "４３２１", true)
            val cards = phone.app.cards()
            assertTrue(cards.check(input).isEmpty())
            val registered = cards.register(input)
            assertEquals(false, registered.alreadyRegistered)
            assertEquals(issued.number, registered.card.number)
            assertEquals(issued.number.chunked(4).joinToString(" "), registered.card.displayNumber)
            val list = cards.list()
            assertEquals(listOf(registered.card), list.cards)
            assertNull(list.syncedAt, "never fetched whole yet")
            val refresh = cards.refresh()
            assertEquals(listOf(registered.card), refresh.cards)
            assertEquals(refresh.syncedAt, cards.list().syncedAt)
        }
    }

    @Test
    fun eachRejectionIsItsOwnException() = runBlocking<Unit> {
        val (phone, _) = member("wester")
        phone.use {
            val cards = phone.app.cards()
            // Offline pre-check: every problem at once, nothing sent.
            val issued = sandbox.issueCard("wester", "sc_point_card", pin = "1234", memberRegistered = true)
            val badDigit = issued.number.dropLast(1) + ((issued.number.last() - '0' + 1) % 10)
            val input = CardInput("sc_point_card", badDigit, true, "12", null)
            val offline = assertFailsWith<TamaruException.CardInput> { cards.register(input) }
            assertIs<CardInputException.BadCheckDigit>(offline.errors[0])
            assertIs<CardInputException.PinWrongDigitCount>(offline.errors[1])
            assertEquals(2, cards.check(input).size)
            assertEquals("card_input", errorCode(offline))

            // Details that do not match the card.
            val wrongPin = assertFailsWith<TamaruException.CardDetailsMismatch> {
                cards.register(CardInput("sc_point_card", issued.number, true, "9999", false))
            }
            assertEquals(listOf(CardMismatch.PIN, CardMismatch.MEMBER_REGISTRATION), wrongPin.mismatches)
            val noPin = assertFailsWith<TamaruException.CardDetailsMismatch> {
                cards.register(CardInput("sc_point_card", issued.number, false, null, true))
            }
            assertEquals(listOf(CardMismatch.PIN_PRESENCE), noPin.mismatches)
            assertTrue(errorMessage(noPin, Language.JA).contains("PIN番号の有無"))

            // Expired, invalid.
            val expired = sandbox.issueCard("wester", "sc_point_card", status = "expired")
            val e = assertFailsWith<TamaruException.CardExpiredOrInvalid> { cards.register(typed(expired, "sc_point_card")) }
            assertEquals(expired.expiresOn, e.expiredOn)
            val invalid = sandbox.issueCard("wester", "sc_point_card", status = "invalid")
            assertNull(assertFailsWith<TamaruException.CardExpiredOrInvalid> { cards.register(typed(invalid, "sc_point_card")) }.expiredOn)

            // Someone else's card (after the member's own first card fixed whose account it is).
            cards.register(typed(issued, "sc_point_card", true))
            val suzuki = sandbox.issueCard("wester", "sc_point_card", holderName = "鈴木 一郎", holderBirthDate = "1985-10-10")
            val other = assertFailsWith<TamaruException.CardOfAnotherPerson> { cards.register(typed(suzuki, "sc_point_card")) }
            assertEquals("card_of_another_person", errorCode(other))
            assertTrue(errorMessage(other, Language.JA).contains("ご本人様以外"))

            // Registered to another account.
            val (second, _) = member("wester")
            second.use {
                assertFailsWith<TamaruException.CardRegisteredToAnotherAccount> {
                    second.app.cards().register(typed(issued, "sc_point_card", true))
                }
            }
            assertEquals(1, cards.refresh().cards.size)
        }
    }

    @Test
    fun fiftyCardsThenTheLimit() = runBlocking<Unit> {
        val (phone, loginId) = member("wester")
        phone.use {
            val cards = phone.app.cards()
            repeat(50) { cards.register(typed(sandbox.issueCard("wester", "sc_point_card"), "sc_point_card")) }
            val one = sandbox.issueCard("wester", "sc_point_card")
            val e = assertFailsWith<TamaruException.CardLimitReached> { cards.register(typed(one, "sc_point_card")) }
            assertEquals(50u, e.limit)
            assertEquals(50, registrations("wester", loginId))
        }
    }

    @Test
    fun anAeonCardBringsItsEmoneyCardAndOnlyOneIsAllowed() = runBlocking<Unit> {
        val (phone, loginId) = member("waon")
        phone.use {
            val aeon = sandbox.issueCard("waon", "aeon_card")
            val registered = phone.app.cards().register(typed(aeon, "aeon_card"))
            assertNull(registered.card.number, "a credit card's number is never kept")
            assertEquals("**** **** **** ${aeon.number.takeLast(4)}", registered.card.displayNumber)
            assertEquals(aeon.pointAccount, registered.card.pointAccount)
            assertEquals(1, registered.linked.size)
            assertEquals("waon_emoney", registered.linked[0].cardType)
            assertEquals(aeon.builtInEmoney, registered.linked[0].number)
            assertEquals(registered.card.id, registered.linked[0].linkedTo)

            val second = sandbox.issueCard("waon", "aeon_card")
            val offline = assertFailsWith<TamaruException.SecondCreditCard> { phone.app.cards().register(typed(second, "aeon_card")) }
            assertNull(offline.serverCode, "known on the phone: the number was not sent")
            // Another phone of the member, without the list: the server's 6213.
            sandbox.phone("waon").use { other ->
                other.app.account().logIn(loginId, "Tamaru#2026")
                val server = assertFailsWith<TamaruException.SecondCreditCard> { other.app.cards().register(typed(second, "aeon_card")) }
                assertEquals("6213", server.serverCode)
                assertTrue(errorMessage(server, Language.JA).contains("(6213)"))
            }
            assertFailsWith<TamaruException.BuiltInEmoneyCard> {
                phone.app.cards().register(CardInput("waon_emoney", second.builtInEmoney!!, null, null, null))
            }
        }
    }

    @Test
    fun aLostAnswerIsSentAgainWithTheSameKeyAndRegistersOnce() = runBlocking<Unit> {
        val (phone, loginId) = member("waon")
        phone.use {
            val card = sandbox.issueCard("waon", "waon_point_card")
            sandbox.dropCardAnswers("/waon/v1/cards", 10)
            val attempt = phone.app.cards().prepareRegistration(typed(card, "waon_point_card"))
            assertFailsWith<TamaruException.Network> { attempt.submit() }
            sandbox.dropCardAnswers("/waon/v1/cards", 0)
            val registered = attempt.submit()
            assertEquals(false, registered.alreadyRegistered, "the first answer, replayed")
            assertEquals(1, registrations("waon", loginId))
            assertEquals(1, phone.app.cards().refresh().cards.size)
        }
    }

    @Test
    fun reissuedAndLapsedCardsAfterARefresh() = runBlocking<Unit> {
        val (phone, _) = member("wester")
        phone.use {
            val cards = phone.app.cards()
            val reissued = sandbox.issueCard("wester", "sc_point_card")
            val lapsing = sandbox.issueCard("wester", "sc_point_card")
            val kept = cards.register(typed(reissued, "sc_point_card")).card
            cards.register(typed(lapsing, "sc_point_card"))
            val replacement = sandbox.reissueCard("wester", reissued.number)
            sandbox.setCardStatus("wester", lapsing.number, "lapsed")
            val refresh = cards.refresh()
            assertEquals(1, refresh.cards.size)
            assertEquals(kept.id, refresh.cards[0].id)
            assertEquals(replacement.number, refresh.cards[0].number)
            assertEquals(setOf(CardNoticeKind.REISSUED, CardNoticeKind.LAPSED), refresh.notices.map { it.kind }.toSet())
            val lapse = refresh.notices.first { it.kind == CardNoticeKind.LAPSED }
            assertEquals(lapsing.number.takeLast(4), lapse.last4)
            assertTrue(lapse.textJa.contains("お問い合わせください"))
            assertTrue(cards.refresh().notices.isEmpty(), "told once")
        }
    }

    @Test
    fun mergeAndEachMergeError() = runBlocking<Unit> {
        val (a, aLogin) = member("waon")
        val (b, bLogin) = member("waon")
        val (c, cLogin) = member("waon")
        val (d, dLogin) = member("waon")
        listOf(a, b, c, d).zip(listOf(aLogin, bLogin, cLogin, dLogin)).forEachIndexed { i, (_, login) ->
            sandbox.setCardHolder("waon", login, hanako.name, hanako.birthDate, if (i == 0) "2020-09-10" else "2021-04-05")
        }
        try {
            a.app.cards().register(typed(sandbox.issueCard("waon", "waon_point_card"), "waon_point_card"))
            val bAeon = sandbox.issueCard("waon", "aeon_card")
            b.app.cards().register(typed(bAeon, "aeon_card"))

            // Wrong personal details.
            assertFailsWith<TamaruException.MergeDetailsMismatch> {
                a.app.cards().merge(MergeRequest("aeon_card", bAeon.number, PersonalDetails("山田 花子", "1990-04-02")))
            }
            // Success: the signed-in account keeps its start month.
            val merged = a.app.cards().merge(MergeRequest("aeon_card", bAeon.number, hanako))
            assertEquals(2u, merged.mergedCards)
            assertEquals(3, merged.cards.size)
            assertEquals("2020-09-10", merged.firstAwardDate)
            assertEquals("2020-10", merged.accrualStartMonth)
            assertEquals(0, registrations("waon", bLogin))

            // A second AEON card in the result: the server's 6213.
            val cAeon = sandbox.issueCard("waon", "aeon_card")
            c.app.cards().register(typed(cAeon, "aeon_card"))
            val second = assertFailsWith<TamaruException.SecondCreditCard> {
                a.app.cards().merge(MergeRequest("aeon_card", cAeon.number, hanako))
            }
            assertEquals("6213", second.serverCode)

            // More than 50 cards in the result: 3 + 48.
            val dCards = (1..48).map { sandbox.issueCard("waon", "waon_point_card") }
            dCards.forEach { d.app.cards().register(typed(it, "waon_point_card")) }
            val tooMany = assertFailsWith<TamaruException.MergeCardLimitExceeded> {
                a.app.cards().merge(MergeRequest("waon_point_card", dCards[0].number, hanako))
            }
            assertEquals(50u, tooMany.limit)
            assertEquals(51u, tooMany.total)
            assertEquals("merge_card_limit_exceeded", errorCode(tooMany))

            // Bad details never leave the phone.
            val invalid = assertFailsWith<TamaruException.InvalidPersonalDetails> {
                a.app.cards().merge(MergeRequest("waon_point_card", dCards[0].number, PersonalDetails(" ", "1990-04-01")))
            }
            assertNotNull(invalid.problems.firstOrNull())
            assertEquals(3, a.app.cards().refresh().cards.size, "no refused merge moved anything")
        } finally {
            listOf(a, b, c, d).forEach { it.close() }
        }

        // Merging is not offered on wester.
        val (w, _) = member("wester")
        w.use {
            val card = sandbox.issueCard("wester", "sc_point_card")
            assertFailsWith<TamaruException.MergeNotOffered> {
                w.app.cards().merge(MergeRequest("sc_point_card", card.number, hanako))
            }
        }
    }
}
