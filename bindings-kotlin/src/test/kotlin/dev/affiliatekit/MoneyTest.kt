package dev.affiliatekit

import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/** Money: strict parsing, currencies, checked arithmetic, the one rounding function, allocation (ported
 * from bindings-python/tests/test_money.py and bindings-wasm/tests/money.test.mjs). */
class MoneyTest {
    private fun jpy(amount: String) = money(amount, "JPY")

    private fun usd(amount: String) = money(amount, "USD")

    // ---- parsing ------------------------------------------------------------------------------------

    @Test
    fun `parseDecimal accepts plain decimals and keeps the scale`() {
        val cases = listOf("12" to "12", "12.50" to "12.50", "-3.10" to "-3.10", "00012.50" to "12.50", "-0" to "0",
            "0.001" to "0.001")
        for ((text, expected) in cases) assertEquals(expected, parseDecimal(text).toPlainString(), text)
    }

    @ParameterizedTest
    @ValueSource(strings = ["1e3", "1E3", "NaN", "inf", "", " 1", "1 ", "1,50", "+1", "--1", ".5", "5.", "1.2.3", "0x10",
        "-", "12345678901234567890123456789"]) // the last one: 29 significant digits, one too many
    fun `parseDecimal is strict`(text: String) {
        val e = throwsCore<AffiliateKitException.InvalidAmount> { parseDecimal(text) }
        assertTrue(e.message!!.startsWith("invalid amount \"$text\": "), e.message)
    }

    @Test
    fun `parseNonNegative`() {
        assertEquals("0.50", parseNonNegative("0.50").toPlainString())
        assertEquals("0", parseNonNegative("0").toPlainString())
        throwsCore<AffiliateKitException.InvalidAmount>("invalid amount \"-1\": must not be negative") {
            parseNonNegative("-1")
        }
    }

    // ---- currencies ---------------------------------------------------------------------------------

    @Test
    fun `currencyInfo of a code`() {
        assertEquals(CurrencyInfo("EUR", 2u, "Euro"), currencyInfo("EUR"))
        assertEquals(CurrencyInfo("JPY", 0u, "Japanese yen"), currencyInfo("JPY"))
        val kwd = currencyInfo("KWD")
        assertEquals("KWD" to 3u, kwd.code to kwd.minorUnits)
    }

    @Test
    fun `bad currency codes are InvalidCurrency naming the code`() {
        for (code in listOf("eur", " EUR", "EURO", "EU", "", "ZZZ")) {
            throwsCore<AffiliateKitException.InvalidCurrency>(contains = "\"$code\"") { currencyInfo(code) }
        }
        throwsCore<AffiliateKitException.InvalidCurrency>(
            "invalid currency \"eur\": expected three upper-case letters (ISO 4217), e.g. \"EUR\"",
        ) { currencyInfo("eur") }
    }

    // ---- arithmetic ---------------------------------------------------------------------------------

    @Test
    fun `moneyParse and moneyZero`() {
        assertEquals(eur("19.99"), moneyParse("19.99", "EUR"))
        assertEquals(jpy("5"), moneyParse("5", "JPY"))
        assertEquals(eur("0.00"), moneyZero("EUR"))
        assertEquals(jpy("0"), moneyZero("JPY"))
        throwsCore<AffiliateKitException.InvalidCurrency> { moneyParse("1", "eur") }
        throwsCore<AffiliateKitException.InvalidAmount>(contains = "invalid amount \"1e2\": ") { moneyParse("1e2", "EUR") }
    }

    @Test
    fun `adds money exactly`() {
        assertEquals(eur("0.30"), moneyAdd(eur("0.10"), eur("0.20")))
        assertEquals(eur("11.05"), moneyAdd(eur("10.10"), eur("0.95"))) // 10.10 + 0.95
        assertEquals(eur("-0.05"), moneySub(eur("10.10"), eur("10.15"))) // 10.10 - 10.15
        // A BigDecimal in exponent notation crosses as plain digits: 1E+2 + 0.50 = 100.50.
        assertEquals(eur("100.50"), moneyAdd(Money(BigDecimal("1E+2"), "EUR"), eur("0.50")))
    }

    @Test
    fun `a currency mismatch is its own exception and names both currencies`() {
        val operations: List<(Money, Money) -> Any> = listOf(::moneyAdd, ::moneySub, ::moneyCmp, ::moneyMin)
        for (operation in operations) {
            throwsCore<AffiliateKitException.CurrencyMismatch>("currency mismatch: expected EUR, found USD") {
                operation(eur("1.00"), usd("1.00"))
            }
        }
    }

    @Test
    fun `mul, percent, round, negated, cmp, min`() {
        assertEquals(eur("59.97"), moneyMul(eur("19.99"), dec("3"))) // 19.99 x 3
        assertEquals(eur("0.025"), moneyMul(eur("0.05"), dec("0.5"))) // exact, not rounded
        assertEquals(eur("29.9985"), moneyPercent(eur("199.99"), dec("15"))) // 199.99 x 15 / 100
        assertEquals(eur("30.00"), moneyRound(eur("29.9985"), RoundingMode.HALF_UP))
        assertEquals(eur("29.99"), moneyRound(eur("29.9985"), RoundingMode.TOWARD_ZERO))
        assertEquals(jpy("100"), moneyRound(jpy("100.5"), RoundingMode.HALF_EVEN))
        assertEquals(eur("-1.50"), moneyNegated(eur("1.50")))
        assertEquals(0, moneyCmp(eur("1"), eur("1.00")))
        assertEquals(-1, moneyCmp(eur("0.99"), eur("1")))
        assertEquals(1, moneyCmp(eur("2"), eur("1.99")))
        assertEquals(eur("1.99"), moneyMin(eur("2"), eur("1.99")))
        assertEquals(eur("-0.01"), moneyMin(eur("-0.01"), eur("0")))
    }

    @Test
    fun `overflow`() {
        // 7922816251426433759354395033 (28 digits, ~7.9e27) x 100 = ~7.9e29: beyond 96 bits (~7.9e28).
        throwsCore<AffiliateKitException.Overflow>("arithmetic overflow in money multiplication") {
            moneyMul(eur("7922816251426433759354395033"), dec("100"))
        }
    }

    @Test
    fun `a BigDecimal beyond 28 significant digits is InvalidAmount, not an internal error`() {
        for (amount in listOf(BigDecimal("12345678901234567890123456789"), BigDecimal.TEN.pow(30),
            BigDecimal("1E+30"), BigDecimal("-1E+29"))) {
            throwsCore<AffiliateKitException.InvalidAmount>(contains = "invalid amount \"") {
                moneyAdd(Money(amount, "EUR"), eur("1.00"))
            }
            throwsCore<AffiliateKitException.InvalidAmount> { moneyMul(eur("1.00"), amount) }
            throwsCore<AffiliateKitException.InvalidAmount> { roundToMinorUnits(amount, "EUR", RoundingMode.HALF_UP) }
        }
        // 28 significant digits are fine.
        assertEquals("7922816251426433759354395033", moneyAdd(eur("7922816251426433759354395033"), eur("0")).text)
    }

    @Test
    fun `a malformed currency in a record is InvalidCurrency, not an internal error`() {
        for (code in listOf("eur", " EUR", "EUR ", "EURO", "")) {
            throwsCore<AffiliateKitException.InvalidCurrency>(contains = "invalid currency") {
                moneyAdd(Money(BigDecimal("1"), code), eur("1"))
            }
        }
    }

    // ---- rounding -----------------------------------------------------------------------------------

    @TestFactory
    fun `roundToMinorUnits in every mode`(): List<DynamicTest> {
        val modes = listOf(RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.TOWARD_ZERO,
            RoundingMode.AWAY_FROM_ZERO)
        // value, currency, (half_up, half_even, toward_zero, away_from_zero)
        val cases = listOf(
            Triple("2.345", "EUR", listOf("2.35", "2.34", "2.34", "2.35")), // a tie: 4 is even
            Triple("-2.345", "EUR", listOf("-2.35", "-2.34", "-2.34", "-2.35")), // ties by magnitude
            Triple("2.355", "EUR", listOf("2.36", "2.36", "2.35", "2.36")), // a tie: 6 is even
            Triple("0.121", "EUR", listOf("0.12", "0.12", "0.12", "0.13")), // not a tie
            Triple("100.5", "JPY", listOf("101", "100", "100", "101")), // no minor units
            Triple("101.5", "JPY", listOf("102", "102", "101", "102")),
            Triple("1.2505", "KWD", listOf("1.251", "1.250", "1.250", "1.251")), // three minor units
            Triple("30", "EUR", listOf("30.00", "30.00", "30.00", "30.00")), // always the currency's scale
            Triple("-0.001", "EUR", listOf("0.00", "0.00", "0.00", "-0.01")),
            Triple("2.675", "EUR", listOf("2.68", "2.68", "2.67", "2.68")),
        )
        return cases.map { (value, currency, expected) ->
            dynamicTest("$value $currency") {
                modes.forEachIndexed { i, mode ->
                    assertEquals(expected[i], roundToMinorUnits(dec(value), currency, mode).toPlainString(), "$mode")
                    assertEquals(money(expected[i], currency), moneyRound(money(value, currency), mode), "$mode")
                }
            }
        }
    }

    @Test
    fun `rounding a bad currency is InvalidCurrency`() {
        throwsCore<AffiliateKitException.InvalidCurrency> { roundToMinorUnits(dec("1"), "eur", RoundingMode.HALF_UP) }
    }

    // ---- allocation ---------------------------------------------------------------------------------

    @TestFactory
    fun `allocate by largest remainder`(): List<DynamicTest> {
        val cases = listOf(
            // 10000 cents / 3 = 3333.33 each: floors 3333 x 3 = 9999, the cent left goes to the first.
            Triple("100.00", listOf("1", "1", "1"), listOf("33.34", "33.33", "33.33")),
            // 5 cents 70/30 = 3.5 / 1.5: floors 3 / 1, the tie on .5 goes to the earlier part.
            Triple("0.05", listOf("70", "30"), listOf("0.04", "0.01")),
            // 1000 cents over 199.99 / 79.80 / 7.50 (sum 287.29): 696.13 / 277.77 / 26.10 -> the cent
            // left goes to the largest remainder (.77, the second).
            Triple("10.00", listOf("199.99", "79.80", "7.50"), listOf("6.96", "2.78", "0.26")),
            // Negative totals split like their absolute value.
            Triple("-0.05", listOf("70", "30"), listOf("-0.04", "-0.01")),
            // Zero weights take nothing.
            Triple("1.00", listOf("0", "1"), listOf("0.00", "1.00")),
            // Weights of different scales: 0.5 / 1.50 = 1 : 3.
            Triple("1.00", listOf("0.5", "1.50"), listOf("0.25", "0.75")),
        )
        return cases.map { (total, weights, expected) ->
            dynamicTest("$total by $weights") {
                val parts = allocate(eur(total), weights.map(::dec))
                assertEquals(expected, amounts(parts))
                assertEquals(0, parts.fold(BigDecimal.ZERO) { s, p -> s + p.amount }.compareTo(dec(total)))
                assertEquals(listOf("EUR"), parts.map { it.currency }.distinct())
            }
        }
    }

    @Test
    fun `allocate in yen`() {
        // 100 JPY 1:2 = 33.33 / 66.67 -> floors 33 / 66, the yen left to the larger remainder (.67).
        assertEquals(listOf(jpy("33"), jpy("67")), allocate(jpy("100"), listOf(dec("1"), dec("2"))))
    }

    @Test
    fun `impossible allocations`() {
        for (weights in listOf(listOf(), listOf("0", "0"), listOf("-1", "2"))) {
            throwsCore<AffiliateKitException.InvalidAllocation>(contains = "invalid allocation: ") {
                allocate(eur("1.00"), weights.map(::dec))
            }
        }
        throwsCore<AffiliateKitException.InvalidAllocation>("invalid allocation: weights sum to zero") {
            allocate(eur("1.00"), listOf(dec("0"), dec("0")))
        }
    }

    @Test
    fun `money reads and writes as the core's JSON`() {
        assertEquals("""{"amount":"12.50","currency":"EUR"}""", moneyToJson(eur("12.50")))
        assertEquals(money("1000", "JPY"), moneyFromJson("""{"amount":"1000","currency":"JPY"}"""))
        throwsCore<AffiliateKitException.InvalidInput>(contains = "JSON: ") { moneyFromJson("""{"amount":12.5,"currency":"EUR"}""") }
    }
}
