package dev.affiliatekit

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Programs kept in PostgreSQL (`Program.open("postgresql://...")`, the JVM build), on the server
 * `./scripts/test` starts (`AFFILIATE_KIT_POSTGRES_URL`; skipped without it, failed with `CI=true`).
 * The month config: 10 %, 14 holding days. */
class PostgresTest {
    private fun url(name: String): String {
        val server = System.getenv("AFFILIATE_KIT_POSTGRES_URL")
        if (server == null && System.getenv("CI") == "true") error("CI=true: AFFILIATE_KIT_POSTGRES_URL must be set")
        assumeTrue(server != null, "no AFFILIATE_KIT_POSTGRES_URL")
        return "$server?program=kt-$name-${ProcessHandle.current().pid()}-${System.nanoTime()}"
    }

    @Test
    fun `two handles share a program in PostgreSQL and a retry answers the first outcome`() {
        val url = url("shared")
        val a = Program.open(url, fixtureText("month-config.json"))
        val b = Program.open(url)
        assertTrue(a.isDurable())
        a.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        // 10 % of 300.00 = 30.00, seen by the other handle (another machine's replica).
        b.trackOrder(orderOf("o1", line("l1", "p", "300.00"), code = "ALICE"), at = T(2))
        assertEquals(dec("30.00"), a.balance("aff_1", "EUR").pending.amount)
        assertEquals(2uL, a.head())
        val command = """{"verb": "track_order", "at": "2026-03-03T00:00:00Z", "order": {"id": "o2", "currency": "EUR",
            "code": "ALICE", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "100.00"}]}}"""
        val first = a.executeOnce(command, "checkout-2")
        assertEquals(first, b.executeOnce(command, "checkout-2")) // the retry: nothing runs again
        assertEquals(dec("40.00"), b.balance("aff_1", "EUR").pending.amount)
        assertThrows<AffiliateKitException.Conflict> { a.executeOnce(command.replace("o2", "o3"), "checkout-2") }
        assertEquals(listOf(1uL, 2uL, 3uL), a.pendingEvents("crm", 3uL).map { it.sequence })
        a.ackEvents("crm", 3uL)
        assertEquals(3uL, b.cursor("crm"))
        assertEquals(3uL, a.checkpoint().seq)
        a.close()
        b.close()
        assertEquals(dec("40.00"), Program.open(url).balance("aff_1", "EUR").pending.amount)
    }
}
