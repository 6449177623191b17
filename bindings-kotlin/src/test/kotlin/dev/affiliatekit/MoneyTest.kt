package dev.affiliatekit

import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class MoneyTest {
    @Test
    fun `adds money exactly`() {
        val sum = moneyAdd(Money(BigDecimal("0.10"), "EUR"), Money(BigDecimal("0.20"), "EUR"))
        assertEquals(Money(BigDecimal("0.30"), "EUR"), sum)
    }

    @Test
    fun `a currency mismatch is its own exception`() {
        val e = assertThrows<AffiliateKitException.CurrencyMismatch> {
            moneyAdd(Money(BigDecimal("1"), "EUR"), Money(BigDecimal("1"), "USD"))
        }
        assertEquals("currency mismatch: expected EUR, found USD", e.message)
    }

    @Test
    fun `a malformed currency in a record is InvalidCurrency, not an internal error`() {
        assertThrows<AffiliateKitException.InvalidCurrency> {
            moneyAdd(Money(BigDecimal("1"), "eur"), Money(BigDecimal("1"), "EUR"))
        }
    }

    @Test
    fun `rounds half up by default mode`() {
        assertEquals(BigDecimal("2.68"), roundToMinorUnits(BigDecimal("2.675"), "EUR", RoundingMode.HALF_UP))
    }
}
