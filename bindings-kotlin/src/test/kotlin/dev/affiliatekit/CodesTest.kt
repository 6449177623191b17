package dev.affiliatekit

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Referral codes: normalization, generation with a check symbol, format verdicts, vanity codes,
 * policies and the customer incentive of a code (ported from bindings-python/tests/test_codes.py and
 * bindings-wasm/tests/codes.test.mjs). */
class CodesTest {
    companion object {
        /** Crockford base32, the alphabet of generated codes. */
        const val ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

        /** The code of seed 42 under the default policy, pinned by core/tests/codes.rs: states 1, 25, 10,
         * 13, 15, 1, 18, 15; check 2 x 15 = 30 = 'Y'. */
        const val SEED_42 = "1VXSNZGEY"

        val TEN_PERCENT = Incentive(Discount.PercentOff(dec("10")))
        val NOW = T(1, 10, month = 5)
    }

    private fun policy(
        prefix: String? = null,
        minLength: UInt? = null,
        maxLength: UInt? = null,
        generatedLength: UInt? = null,
        reserved: List<String>? = null,
    ): CodePolicy {
        val d = defaultCodePolicy()
        return d.copy(prefix = prefix ?: d.prefix, minLength = minLength ?: d.minLength, maxLength = maxLength ?: d.maxLength,
            generatedLength = generatedLength ?: d.generatedLength, reserved = reserved ?: d.reserved)
    }

    // ---- normalization ------------------------------------------------------------------------------

    @Test
    fun `normalize trims, removes separators and upper-cases`() {
        assertEquals("ABC12", normalize(" ab-c 12 "))
        assertEquals("JOHN25", normalize("\tjohn-25\n"))
        assertEquals("ABC", normalize("ab-c", null))
    }

    @Test
    fun `normalize names a look-alike and its position`() {
        // 'А' is U+0410 CYRILLIC CAPITAL LETTER A, at position 6 counting the two leading spaces.
        val e = throwsCore<AffiliateKitException.InvalidCode> { normalize("  JOHN\u041025") }
        assertTrue(e.message!!.contains("U+0410"), e.message)
        assertTrue(e.message!!.contains("position 6"), e.message)
        assertEquals(CodeFormat.Invalid(CodeProblem.InvalidCharacter("\u0410", 6u)), checkFormat("  JOHN\u041025"))
    }

    @Test
    fun `canonicalCode is the storage key`() {
        for (typed in listOf("1vxs-nzgey", "IVXSNZGEY", " l-vxs nzgey ")) { // I and l read as 1 in generated codes
            assertEquals(SEED_42, canonicalCode(typed))
        }
        assertEquals("JOHN25", canonicalCode(" John-25 "))
        assertEquals("LOLIPOP", canonicalCode("lolipop")) // vanity codes keep O, I and L
        assertEquals("LOL$SEED_42", canonicalCode("lol-ivxs-nzgey", policy(prefix = "LOL")))
    }

    // ---- generation ---------------------------------------------------------------------------------

    @Test
    fun `generateCode is deterministic and pinned (the same as Rust, Python and JS)`() {
        assertEquals(SEED_42, generateCode(42uL))
        assertNotEquals(SEED_42, generateCode(43uL))
        assertEquals(SEED_42, generateCodes(42uL, 3u)[0])
        val max = generateCode(ULong.MAX_VALUE)
        assertEquals(9, max.length)
        assertTrue(hasValidCheck(max))
    }

    @Test
    fun `generateCodeFromSeedBytes takes exactly 32 bytes`() {
        val a = generateCodeFromSeedBytes(ByteArray(32) { it.toByte() })
        assertEquals(a, generateCodeFromSeedBytes(ByteArray(32) { it.toByte() }))
        assertEquals(9, a.length)
        assertTrue(hasValidCheck(a))
        assertEquals(a, parseGenerated(a))
        throwsCore<AffiliateKitException.InvalidInput>(contains = "31 bytes given; a seed is exactly 32 bytes") {
            generateCodeFromSeedBytes(ByteArray(31))
        }
    }

    @Test
    fun `generated codes are distinct and valid`() {
        val codes = generateCodes(7uL, 50u)
        assertEquals(50, codes.size)
        assertEquals(50, codes.toSet().size)
        for (code in codes) {
            assertEquals(9, code.length)
            assertTrue(code.all { it in ALPHABET }, code)
            assertTrue(hasValidCheck(code))
            assertEquals(code, parseGenerated(code))
            assertEquals(CodeFormat.Generated(code), checkFormat(code))
        }
        assertEquals(listOf<String>(), generateCodes(7uL, 0u))
    }

    @Test
    fun `checkSymbol values`() {
        assertEquals("0", checkSymbol("0"))
        assertEquals("2", checkSymbol("1")) // state 1 -> check 2 x 1 = 2
        assertEquals("2", checkSymbol("00000001"))
        assertNull(checkSymbol("U")) // not a Crockford symbol
        assertTrue(hasValidCheck("12"))
        assertFalse(hasValidCheck(""))
        assertFalse(hasValidCheck("1U"))
    }

    @Test
    fun `every substitution of a generated code is detected`() {
        var typos = 0
        for (index in SEED_42.indices) {
            for (other in ALPHABET.filter { it != SEED_42[index] }) {
                val typo = SEED_42.substring(0, index) + other + SEED_42.substring(index + 1)
                assertFalse(hasValidCheck(typo), typo)
                typos += 1
            }
        }
        assertEquals(9 * 31, typos)
    }

    // ---- verdicts -----------------------------------------------------------------------------------

    @Test
    fun `checkFormat verdicts`() {
        val code = generateCode(9uL)
        assertEquals(CodeFormat.Generated(code), checkFormat(code))
        val typo = (if (code[0] == 'Z') "Y" else "Z") + code.substring(1)
        assertEquals(CodeFormat.LikelyTypo(typo), checkFormat(typo))
        assertEquals(CodeFormat.LikelyTypo("0VXSNZGEY"), checkFormat("OVXSNZGEY"))
        assertEquals(CodeFormat.Vanity("JOHN25"), checkFormat("john-25"))
        assertEquals(CodeFormat.Vanity("SUPERUSER"), checkFormat("SUPERUSER")) // a U cannot be generated
        assertEquals(CodeFormat.Invalid(CodeProblem.InvalidCharacter("!", 0u)), checkFormat("!!"))
        assertEquals(CodeFormat.Invalid(CodeProblem.Reserved("ADMIN")), checkFormat(" admin "))
        assertEquals(CodeFormat.Invalid(CodeProblem.TooShort(2u, 3u)), checkFormat("a-b"))
        assertEquals(CodeFormat.Invalid(CodeProblem.TooLong(33u, 32u)), checkFormat("A".repeat(33)))
        assertEquals(CodeFormat.Invalid(CodeProblem.Empty), checkFormat(" - "))
    }

    @Test
    fun `parseGenerated and its errors`() {
        assertEquals("000000012", parseGenerated("oOoO-000-l2")) // O -> 0, l -> 1; check of 00000001 is 2
        throwsCore<AffiliateKitException.InvalidCode>(contains = "\"Z${SEED_42.substring(1)}\"") {
            parseGenerated("Z${SEED_42.substring(1)}")
        }
        val summer = policy(prefix = "summer")
        val code = generateCode(1uL, summer)
        assertTrue(code.startsWith("SUMMER"), code)
        assertEquals(15, code.length) // prefix + 8 payload symbols + check
        assertTrue(hasValidCheck(code.substring("SUMMER".length)))
        assertEquals(code, parseGenerated(code.lowercase(), summer))
        throwsCore<AffiliateKitException.InvalidCode>(contains = "SUMMER") { parseGenerated("WINTER12345678", summer) }
        throwsCore<AffiliateKitException.InvalidCode>(contains = "\"SUMMER123\"") { parseGenerated("SUMMER123", summer) }
    }

    @Test
    fun `validateVanity`() {
        assertEquals("JOHN25", validateVanity(" john-25 "))
        throwsCore<AffiliateKitException.InvalidCode>("invalid code \"Support\": SUPPORT is a reserved word") {
            validateVanity("Support")
        }
        assertEquals("SUPPORTME", validateVanity("SUPPORTME")) // a reserved word as a prefix is fine
        for (shaped in listOf("BESTPRICE", "JOHNSMITH", SEED_42)) { // 9 readable symbols look generated
            throwsCore<AffiliateKitException.InvalidCode>(contains = "\"$shaped\"") { validateVanity(shaped) }
        }
        // A prefix for generated codes frees every vanity shape.
        assertEquals("JOHNSMITH", validateVanity("JOHNSMITH", policy(prefix = "R")))
    }

    // ---- policies -----------------------------------------------------------------------------------

    @Test
    fun `the default policy and custom policies`() {
        val p = defaultCodePolicy()
        assertEquals(listOf(3u, 32u, 8u), listOf(p.minLength, p.maxLength, p.generatedLength))
        assertEquals("", p.prefix)
        assertTrue("ADMIN" in p.reserved)
        assertEquals("ABC", normalize("ab-c", p))
        assertEquals(CodeFormat.Invalid(CodeProblem.TooShort(4u, 5u)), checkFormat("ABCD", policy(minLength = 5u)))
        throwsCore<AffiliateKitException.InvalidCode> { validateVanity("ABCD", policy(minLength = 5u)) }
        val acme = policy(reserved = listOf("acme"))
        assertEquals(CodeFormat.Invalid(CodeProblem.Reserved("ACME")), checkFormat("A-C-M-E-", acme))
        assertEquals(13, generateCode(1uL, policy(generatedLength = 12u)).length)
        // A policy from the core's JSON: absent fields take the defaults.
        assertEquals(policy(generatedLength = 12u), codePolicyFromJson("""{"generated_length": 12}"""))
        assertEquals(p, codePolicyFromJson(codePolicyToJson(p)))
        validateCodePolicy(p)
    }

    @Test
    fun `bad policies are InvalidPolicy`() {
        val cases = listOf(
            policy(generatedLength = 0u) to "invalid code policy: generated_length must be at least 1",
            policy(minLength = 10u, maxLength = 5u) to "invalid code policy: min_length 10 exceeds max_length 5",
            policy(minLength = 0u) to "invalid code policy: min_length must be at least 1",
        )
        for ((bad, message) in cases) {
            throwsCore<AffiliateKitException.InvalidPolicy>(message) { generateCode(1uL, bad) }
            throwsCore<AffiliateKitException.InvalidPolicy>(message) { validateCodePolicy(bad) }
            throwsCore<AffiliateKitException.InvalidPolicy>(message) { normalize("abc", bad) }
        }
        throwsCore<AffiliateKitException.InvalidInput>(contains = "unknown field `min_len`") {
            codePolicyFromJson("""{"min_len": 3}""")
        }
    }

    // ---- incentives ---------------------------------------------------------------------------------

    @Test
    fun `percent off`() {
        // 10 % of 80.00 = 8.00; 80.00 - 8.00 = 72.00.
        assertEquals(IncentivePreview(true, null, eur("8.00"), eur("72.00")),
            previewIncentive(TEN_PERCENT, eur("80.00"), NOW, RoundingMode.HALF_UP))
        // 12.5 % of 1.00 = 0.125: 0.13 half up, 0.12 half even.
        val eighth = Incentive(Discount.PercentOff(dec("12.5")))
        assertEquals(eur("0.13"), previewIncentive(eighth, eur("1.00"), NOW, RoundingMode.HALF_UP).discount)
        assertEquals(eur("0.12"), previewIncentive(eighth, eur("1.00"), NOW, RoundingMode.HALF_EVEN).discount)
        // JPY: 10 % of 1005 = 100.5 -> 101 half up; 1005 - 101 = 904.
        val yen = previewIncentive(TEN_PERCENT, money("1005", "JPY"), NOW, RoundingMode.HALF_UP)
        assertEquals(money("101", "JPY") to money("904", "JPY"), yen.discount to yen.total)
    }

    @Test
    fun `amount off is capped at the subtotal`() {
        val twenty = Incentive(Discount.AmountOff(eur("20.00")))
        val capped = previewIncentive(twenty, eur("15.00"), NOW, RoundingMode.HALF_UP)
        assertEquals(eur("15.00") to eur("0.00"), capped.discount to capped.total) // min(20.00, 15.00)
        val full = previewIncentive(twenty, eur("25.00"), NOW, RoundingMode.HALF_UP)
        assertEquals(eur("20.00") to eur("5.00"), full.discount to full.total) // 25.00 - 20.00
    }

    @Test
    fun `below the minimum and expired`() {
        val withMinimum = TEN_PERCENT.copy(minOrder = eur("50.00"))
        assertEquals(IncentivePreview(false, IneligibleReason.BelowMinimum(eur("50.00")), eur("0.00"), eur("49.99")),
            previewIncentive(withMinimum, eur("49.99"), NOW, RoundingMode.HALF_UP))
        assertEquals(eur("5.00"), previewIncentive(withMinimum, eur("50.00"), NOW, RoundingMode.HALF_UP).discount)
        val expiring = TEN_PERCENT.copy(expiresAt = NOW)
        val before = previewIncentive(expiring, eur("10.00"), NOW.minusSeconds(1), RoundingMode.HALF_UP)
        assertEquals(true to eur("1.00"), before.eligible to before.discount)
        assertEquals(IncentivePreview(false, IneligibleReason.Expired, eur("0.00"), eur("10.00")),
            previewIncentive(expiring, eur("10.00"), NOW, RoundingMode.HALF_UP))
    }

    @Test
    fun `the incentive of an order, validation, and its JSON`() {
        // The subtotal of 2 x 40.00 = 80.00; 10 % = 8.00.
        val twoBooks = orderOf("o1", line("l1", "book", "40.00", quantity = 2u))
        assertEquals(IncentivePreview(true, null, eur("8.00"), eur("72.00")),
            previewIncentiveOrder(TEN_PERCENT, twoBooks, NOW, RoundingMode.HALF_UP))
        validateIncentive(TEN_PERCENT)
        throwsCore<AffiliateKitException.InvalidAmount>(contains = "percent off must be between 0 and 100") {
            validateIncentive(Incentive(Discount.PercentOff(dec("100.5"))))
        }
        val usdOff = Incentive(Discount.AmountOff(money("5.00", "USD")))
        throwsCore<AffiliateKitException.CurrencyMismatch>("currency mismatch: expected EUR, found USD") {
            previewIncentive(usdOff, eur("10.00"), NOW, RoundingMode.HALF_UP)
        }
        assertEquals("""{"discount":{"type":"percent_off","percent":"10"},"min_order":null,"expires_at":null}""",
            incentiveToJson(TEN_PERCENT))
        assertEquals(TEN_PERCENT.copy(expiresAt = NOW),
            incentiveFromJson("""{"discount":{"type":"percent_off","percent":"10"},"expires_at":"2026-05-01T10:00:00Z"}"""))
        throwsCore<AffiliateKitException.InvalidInput>(contains = "JSON: ") {
            incentiveFromJson("""{"discount":{"type":"bogus"}}""")
        }
        assertEquals(parse("""{"eligible":true,"reason":null,"discount":{"amount":"8.00","currency":"EUR"},"total":{"amount":"72.00","currency":"EUR"}}"""),
            parse(incentivePreviewToJson(previewIncentiveOrder(TEN_PERCENT, twoBooks, NOW, RoundingMode.HALF_UP))))
    }

    @Test
    fun `emailKey`() {
        assertEquals("alice@example.com", emailKey("Alice@Example.COM"))
        throwsCore<AffiliateKitException.InvalidInput>(contains = "\"bob@\" is not an e-mail address") { emailKey("bob@") }
    }
}
