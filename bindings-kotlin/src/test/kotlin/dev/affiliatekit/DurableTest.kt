package dev.affiliatekit

import java.io.File
import java.nio.file.Files
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Programs kept in a file (`Program.open`): what an Android or JVM app relies on when the process is
 * killed and started again. The month config: 10 %, 14 holding days, 50.00 EUR minimum payout. */
class DurableTest {
    private fun tempFile(): File = Files.createTempDirectory("akit-durable").resolve("program.db").toFile()

    @Test
    fun `a program reopens from its file with every command, its events and cursors`() {
        val file = tempFile()
        val p = Program.open(file.path, fixtureText("month-config.json"))
        assertTrue(p.isDurable())
        p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        // 10 % of 100.00 = 10.00, pending for 14 days.
        assertEquals(dec("10.00"), p.trackOrder(orderOf("o1", line("l1", "p", "100.00"), code = "ALICE"), at = T(2)).total.amount)
        assertEquals(2uL, p.head())
        assertEquals(listOf(1uL, 2uL), p.pendingEvents("mailer", 2uL).map { it.sequence })
        p.ackEvents("mailer", 2uL)
        p.close() // uniffi's: frees the native object, which closes the file

        val again = Program.open(file.path) // the stored config
        assertEquals(2uL, again.head())
        assertEquals(dec("10.00"), again.balance("aff_1", "EUR").pending.amount)
        assertEquals(listOf("affiliate.registered", "order.tracked", "commission.created"), again.eventsSince(0uL).map(::eventType))
        assertEquals(2uL, again.cursor("mailer"))
        assertEquals(listOf(3uL), again.pendingEvents("mailer").map { it.sequence })
        assertEquals(listOf("register_affiliate", "track_order"), parse(again.commandLogJson()).map { it["verb"].asText() })
        val info = again.checkpoint()
        assertEquals(2uL, info.seq)
        assertTrue(info.storedBytes in 1uL until info.rawBytes)
        // Approved after 14 days: 10.00 is under the 50.00 minimum, so no payout yet.
        assertEquals(1, again.approveDue(T(17)).size)
        assertEquals(0, again.createPayouts(T(17)).size)
        assertEquals(dec("10.00"), Program.open(file.path).balance("aff_1", "EUR").payable.amount)
        // The replica equals the journal's replay, events aside (the file keeps them).
        val replayed = Program.replay(fixtureText("month-config.json"), again.commandLogJson())
        assertEquals(parse(replayed.snapshot())["state"]["sales"], parse(again.snapshot())["state"]["sales"])
        assertEquals(replayed.balance("aff_1", "EUR"), again.balance("aff_1", "EUR"))
        file.parentFile.deleteRecursively()
    }

    @Test
    fun `a rejected command writes nothing and two handles see each other`() {
        val file = tempFile()
        val a = Program.open(file.path, fixtureText("month-config.json"))
        val b = Program.open(file.path)
        a.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        assertThrows<AffiliateKitException.Conflict> {
            b.registerAffiliate(Registration(name = "Alice", email = "alice@example.com"), T(1))
        }
        b.trackOrder(orderOf("o1", line("l1", "p", "300.00"), code = "ALICE"), at = T(2))
        assertEquals(dec("30.00"), a.balance("aff_1", "EUR").pending.amount)
        assertEquals(2uL, a.head())
        assertEquals(a.snapshot(), b.snapshot())
        file.parentFile.deleteRecursively()
    }

    @Test
    fun `trackMany commits the accepted orders together and answers each row`() {
        val file = tempFile()
        val p = Program.open(file.path, fixtureText("month-config.json"), durability = "normal", checkpointEvery = 2uL)
        p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        val results = p.trackMany(listOf(
            TrackRequest(orderOf("o1", line("l1", "p", "200.00"), code = "ALICE")), // 10 % = 20.00
            TrackRequest(orderOf("o2", line("l1", "p", "1.00", quantity = 0u), code = "ALICE")), // rejected
            TrackRequest(orderOf("o3", line("l1", "rust-book", "50.00", category = "books"), code = "ALICE")), // 20 % = 10.00
        ), T(2))
        assertEquals(listOf(dec("20.00"), null, dec("10.00")), results.map { it.outcome?.total?.amount })
        assertEquals("INVALID_ORDER", results[1].error?.code)
        assertEquals(3uL, p.head()) // the registration and the two accepted orders
        assertEquals(dec("30.00"), Program.open(file.path).balance("aff_1", "EUR").pending.amount)
        file.parentFile.deleteRecursively()
    }

    @Test
    fun `opening checks the config and what only a file has is refused in memory`() {
        val file = tempFile()
        Program.open(file.path, fixtureText("month-config.json")).close()
        val other = fixtureText("month-config.json").replace("\"holding_days\": 14", "\"holding_days\": 30")
        assertThrows<AffiliateKitException.Conflict> { Program.open(file.path, other) }
        assertThrows<AffiliateKitException.InvalidInput> { Program.open(File(file.parentFile, "new.db").path) }
        assertEquals("invalid input at durability: \"sometimes\" is not \"full\" or \"normal\"",
            assertThrows<AffiliateKitException.InvalidInput> { Program.open(file.path, durability = "sometimes") }.message)
        val memory = monthProgram()
        assertFalse(memory.isDurable())
        assertEquals("invalid state: this program is in memory only: open one kept in a file or in PostgreSQL with Program.open",
            assertThrows<AffiliateKitException.InvalidState> { memory.pendingEvents("mailer") }.message)
        file.parentFile.deleteRecursively()
    }
}
