package dev.affiliatekit

import java.io.File
import java.math.BigDecimal
import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The shared month config (10 % by default, 20 % on books, level 2 at 5 % of the sale) end to end. */
class SmokeTest {
    private val fixtures = File(System.getProperty("affiliatekit.fixtures"), "fixtures")

    @Test
    fun `registers an affiliate and credits an order by code`() {
        Program(File(fixtures, "month-config.json").readText()).use { program ->
            val alice = program.registerAffiliate(
                Registration(name = "Alice", email = "alice@example.com", code = "ALICE10"),
                Instant.parse("2026-01-01T00:00:00Z"),
            )
            assertEquals(AffiliateStatus.ACTIVE, alice.status)

            // One commission per winning rule: books, 1 x 50.00 at 20 % = 10.00; default, the mug,
            // 2 x 12.50 at 10 % = 2.50. Alice has no parent, so no level 2.
            val order = Order(
                id = "o1",
                currency = "EUR",
                lines = listOf(
                    OrderLine(id = "l1", product = "rust-book", category = "books", quantity = 1u,
                        unitPrice = BigDecimal("50.00"), discount = BigDecimal.ZERO, tax = BigDecimal.ZERO),
                    OrderLine(id = "l2", product = "mug", quantity = 2u,
                        unitPrice = BigDecimal("12.50"), discount = BigDecimal.ZERO, tax = BigDecimal.ZERO),
                ),
                discount = BigDecimal.ZERO,
                shipping = BigDecimal.ZERO,
                tax = BigDecimal.ZERO,
                code = "alice-10",
            )
            val outcome = program.trackOrder(order, at = Instant.parse("2026-01-05T10:00:00Z"))

            assertTrue(outcome.credited)
            assertEquals(alice.id, outcome.affiliateId)
            assertEquals(AttributionSource.CODE, outcome.attributedBy)
            assertEquals(
                listOf("books" to Money(BigDecimal("10.00"), "EUR"), "default" to Money(BigDecimal("2.50"), "EUR")),
                outcome.commissions.map { it.ruleId to it.amount },
            )
            assertEquals(Money(BigDecimal("12.50"), "EUR"), outcome.total)
        }
    }
}
