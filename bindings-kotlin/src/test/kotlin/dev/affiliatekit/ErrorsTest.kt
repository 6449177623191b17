package dev.affiliatekit

import com.fasterxml.jackson.databind.node.ObjectNode
import java.math.BigDecimal
import java.time.Instant
import kotlin.reflect.KClass
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import org.opentest4j.AssertionFailedError

/** Every one of the 21 exception classes (BUSY aside: see below), raised by a real bad input through the Kotlin API: the exact
 * class, an AffiliateKitException, the core's message; a rejected Program command changes nothing (the
 * snapshot is byte-identical). Then the Kotlin-specific bad inputs (BigDecimals beyond 28 digits,
 * malformed currencies in records, instants beyond the core's range, ...) and the proof that none of
 * them reaches uniffi's internal-error path (ported from bindings-python/tests/test_errors.py and
 * bindings-wasm/tests/errors.test.mjs). */
class ErrorsTest {
    /** One bad input: the class it must throw, how to set the program up, the call, whether it is a
     * Program command, and the core's message (exactly, or the start of it when [prefix]). */
    class Case(
        val expected: KClass<out AffiliateKitException>,
        val call: (Program) -> Any?,
        val message: String,
        val command: Boolean = false,
        val prefix: Boolean = false,
        val setup: (Program) -> Unit = {},
    )

    companion object {
        /** The reference test vector of Standard Webhooks (core/tests/webhook.rs). */
        val REFERENCE_HEADERS = WebhookHeaders("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        const val SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

        /** o2 of 500.00 brings Alice to 10.00 + 50.00 = 60.00; approved, paid out, the payout failed. */
        fun failedPayout(p: Program) {
            p.trackOrder(orderOf("o2", line("l1", "p", "500.00"), code = "ALICE"), at = T(2))
            p.approveDue(T(20))
            p.createPayouts(T(20))
            p.markPayoutFailed("pay_1", "bank rejected", T(21))
        }

        fun withSchemaVersion(p: Program, version: Int): String =
            (parse(p.snapshot()) as ObjectNode).put("schema_version", version).toString()

        /** The month config with one top-level field replaced by a JSON value. */
        fun config(field: String, json: String): String =
            (fixture("month-config.json") as ObjectNode).set<ObjectNode>(field, parse(json)).toString()

        const val SMALL_PLAN_BAD_RATE =
            """{"currency": "EUR", "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "-1"}]}"""

        /** One bad input per exception class at least, all from the core's checks. */
        val CORE_CASES: Map<String, Case> = linkedMapOf(
            "refund of zero" to Case(AffiliateKitException.InvalidAmount::class,
                { it.refund(Refund("r1", "o1", amount = dec("0")), T(3)) },
                "invalid amount \"0\": a refund is positive, with at most 12 decimals", command = true),
            "parseDecimal(1,50)" to Case(AffiliateKitException.InvalidAmount::class, { parseDecimal("1,50") },
                "invalid amount \"1,50\": ", prefix = true),
            "balance in eur" to Case(AffiliateKitException.InvalidCurrency::class, { it.balance("aff_1", "eur") },
                "invalid currency \"eur\": expected three upper-case letters (ISO 4217), e.g. \"EUR\""),
            "an order in USD" to Case(AffiliateKitException.CurrencyMismatch::class,
                { it.trackOrder(orderOf("o2", line("l1", "p", "1.00"), currency = "USD", code = "ALICE"), at = T(3)) },
                "currency mismatch: expected EUR, found USD", command = true),
            // 7922816251426433759354395033 (28 digits, ~7.9e27) x 100 = ~7.9e29: beyond 96 bits (~7.9e28).
            "money overflow" to Case(AffiliateKitException.Overflow::class,
                { moneyMul(eur("7922816251426433759354395033"), dec("100")) }, "arithmetic overflow in money multiplication"),
            "allocation by zero weights" to Case(AffiliateKitException.InvalidAllocation::class,
                { allocate(eur("1.00"), listOf(dec("0"), dec("0"))) }, "invalid allocation: weights sum to zero"),
            "a reserved code" to Case(AffiliateKitException.InvalidCode::class,
                { it.registerAffiliate(Registration(name = "Bob", email = "bob@example.com", code = "ADMIN"), T(3)) },
                "invalid code \"ADMIN\": ADMIN is a reserved word", command = true),
            "a policy generating nothing" to Case(AffiliateKitException.InvalidPolicy::class,
                { generateCode(1uL, defaultCodePolicy().copy(generatedLength = 0u)) },
                "invalid code policy: generated_length must be at least 1"),
            "a negative rate" to Case(AffiliateKitException.InvalidPlan::class, { Plan(SMALL_PLAN_BAD_RATE) },
                "invalid plan at rules[0].rate: rate -1 is outside 0..=100"),
            "a config without rules" to Case(AffiliateKitException.InvalidPlan::class,
                { Program(config("plan", """{"currency": "EUR", "rules": []}""")) },
                "invalid plan at plan.rules: a plan needs at least one rule"),
            "a quantity of zero" to Case(AffiliateKitException.InvalidOrder::class,
                { it.trackOrder(orderOf("o2", line("l1", "p", "1.00", quantity = 0u)), at = T(3)) },
                "invalid order at lines[0].quantity: must be at least 1", command = true),
            "an unknown affiliate" to Case(AffiliateKitException.NotFound::class,
                { it.setAffiliateStatus("aff_9", AffiliateStatus.ACTIVE, T(3)) }, "affiliate not found: \"aff_9\"", command = true),
            "a click through an unknown code" to Case(AffiliateKitException.NotFound::class,
                { it.recordClick("v1", "NOPE", T(3)) }, "code not found: \"NOPE\"", command = true),
            "an e-mail taken" to Case(AffiliateKitException.Conflict::class,
                { it.registerAffiliate(Registration(name = "Alice 2", email = "ALICE@EXAMPLE.COM"), T(3)) },
                "conflict: e-mail \"ALICE@EXAMPLE.COM\" belongs to another affiliate", command = true),
            "o1 again with another payload" to Case(AffiliateKitException.Conflict::class,
                { it.trackOrder(orderOf("o1", line("l1", "p", "200.00"), code = "ALICE"), at = T(2)) },
                "conflict: order \"o1\" was already tracked with a different payload", command = true),
            "26 invitations" to Case(AffiliateKitException.LimitExceeded::class,
                { p -> p.invite((0 until 26).map { "friend$it@example.com" }, at = T(3)) },
                "limit exceeded: 26 e-mails in one invitation batch; the limit is 25", command = true),
            "a refund above the order" to Case(AffiliateKitException.LimitExceeded::class,
                { it.refund(Refund("r1", "o1", amount = dec("100.01")), T(3)) },
                "limit exceeded: refund of 100.01 EUR is more than the 100.00 EUR left on order \"o1\"", command = true),
            "paying a failed payout" to Case(AffiliateKitException.InvalidState::class,
                { it.markPayoutPaid("pay_1", at = T(22)) }, "invalid state: payout pay_1 is already failed",
                command = true, setup = ::failedPayout),
            "a bad e-mail" to Case(AffiliateKitException.InvalidInput::class,
                { it.registerAffiliate(Registration(name = "Bob", email = "bob@"), T(3)) },
                "invalid input at email: \"bob@\" is not an e-mail address: the domain must be labels separated by dots, e.g. example.com",
                command = true),
            "an empty visitor id" to Case(AffiliateKitException.InvalidInput::class, { it.recordClick("", "ALICE", T(3)) },
                "invalid input at visitor_id: \"\" must be 1 to 320 visible ASCII characters", command = true),
            "setting the status DELETED" to Case(AffiliateKitException.InvalidInput::class,
                { it.setAffiliateStatus("aff_1", AffiliateStatus.DELETED, T(3)) }, "invalid input at status: ", command = true,
                prefix = true),
            "a timezone on Mars" to Case(AffiliateKitException.InvalidConfig::class,
                { Program(config("timezone", "\"Mars/Olympus\"")) },
                "invalid config at timezone: unknown timezone \"Mars/Olympus\": ", prefix = true),
            "a truncated snapshot" to Case(AffiliateKitException.InvalidSnapshot::class,
                { Program.restore(it.snapshot().take(50)) }, "invalid snapshot: ", prefix = true),
            "a log with a rejected command" to Case(AffiliateKitException.InvalidSnapshot::class,
                { Program.replay(fixtureText("month-config.json"),
                    """[{"verb": "delete_affiliate", "affiliate_id": "aff_9", "at": "2026-03-01T00:00:00Z"}]""") },
                "invalid snapshot: command 0 (delete_affiliate) was rejected: affiliate not found: \"aff_9\""),
            "a snapshot from the future" to Case(AffiliateKitException.UnsupportedVersion::class,
                { Program.restore(withSchemaVersion(it, 99)) }, "unsupported snapshot schema_version 99 (this library reads up to 3)"),
            "a tampered webhook" to Case(AffiliateKitException.InvalidSignature::class,
                { verifyPayload(REFERENCE_HEADERS, "{\"test\": 2432232315}", SECRET, Instant.ofEpochSecond(1614265330L)) },
                "invalid webhook signature: no matching signature"),
            "a program file in a missing folder" to Case(AffiliateKitException.Storage::class,
                { Program.open("/no/such/folder/program.db", fixtureText("month-config.json")) },
                "storage error in open: unable to open database file", prefix = true),
            "a text file opened as a program" to Case(AffiliateKitException.CorruptJournal::class,
                { Program.open(kotlin.io.path.createTempFile("notes", ".txt").toFile().apply { writeText("hello ".repeat(200)) }.path) },
                "corrupt journal: open: file is not a database", prefix = true),
        )

        /** BUSY needs a second SQLite client holding the write lock past the timeout, which a Kotlin
         * test cannot be without a JDBC driver: store/tests/durable.rs and the Python suite raise it. */
        val NOT_RAISED_HERE = setOf("Busy")

        /** Bad inputs only a Kotlin host can make: values the typed API lets through that the core refuses. */
        val KOTLIN_CASES: Map<String, Case> = linkedMapOf(
            "a unit price of 29 significant digits" to Case(AffiliateKitException.InvalidAmount::class,
                { it.trackOrder(orderOf("o2", line("l1", "p", "12345678901234567890123456789"), code = "ALICE"), at = T(3)) },
                "invalid amount \"12345678901234567890123456789\": ", command = true, prefix = true),
            "a refund of 10^30" to Case(AffiliateKitException.InvalidAmount::class,
                { it.refund(Refund("r1", "o1", amount = BigDecimal.TEN.pow(30)), T(3)) },
                "invalid amount \"1000000000000000000000000000000\": ", command = true, prefix = true),
            "a refund of 1E+30" to Case(AffiliateKitException.InvalidAmount::class,
                { it.refund(Refund("r1", "o1", amount = BigDecimal("1E+30")), T(3)) },
                "invalid amount \"1000000000000000000000000000000\": ", command = true, prefix = true),
            "a quote context of 29 digits" to Case(AffiliateKitException.InvalidAmount::class,
                { it.plan().quote(orderOf("o2", line("l1", "p", "1.00")),
                    quoteContext("aff_1", T(3)).copy(periodRevenue = BigDecimal("99999999999999999999999999999"))) },
                "invalid amount \"99999999999999999999999999999\": ", prefix = true),
            "a lower-case currency in an order" to Case(AffiliateKitException.InvalidCurrency::class,
                { it.trackOrder(orderOf("o2", line("l1", "p", "1.00"), currency = "eur", code = "ALICE"), at = T(3)) },
                "invalid currency \"eur\": ", command = true, prefix = true),
            "a padded currency in an incentive" to Case(AffiliateKitException.InvalidCurrency::class,
                { it.addCode("aff_1", "VIP", Incentive(Discount.AmountOff(Money(dec("5.00"), " EUR"))), at = T(3)) },
                "invalid currency \" EUR\": ", command = true, prefix = true),
            "a padded currency in a payout record" to Case(AffiliateKitException.InvalidCurrency::class,
                { payoutToJson(PayoutRecord("pay_1", "aff_1", Money(dec("1.00"), "EUR "), PayoutStatus.CREATED, 1uL, T(1), null, null, null)) },
                "invalid currency \"EUR \": ", prefix = true),
            "an unknown currency in a balance" to Case(AffiliateKitException.InvalidCurrency::class,
                { it.balance("aff_1", "ZZZ") }, "invalid currency \"ZZZ\": ", prefix = true),
            "an instant beyond the core's range" to Case(AffiliateKitException.InvalidInput::class,
                { it.approveDue(Instant.MAX) }, "invalid input at instant: ", command = true, prefix = true),
            "an instant before the core's range" to Case(AffiliateKitException.InvalidInput::class,
                { it.validateCode("ALICE", Instant.MIN) }, "invalid input at instant: ", prefix = true),
            "an unknown timezone" to Case(AffiliateKitException.InvalidConfig::class,
                { bucketOf(T(1), "Europe/Atlantis", Granularity.DAY) }, "invalid config at timezone: ", prefix = true),
            "a seed of 31 bytes" to Case(AffiliateKitException.InvalidInput::class,
                { generateCodeFromSeedBytes(ByteArray(31)) }, "invalid input at seed: 31 bytes given; a seed is exactly 32 bytes"),
            "an order that is not JSON" to Case(AffiliateKitException.InvalidInput::class,
                { orderFromJson("{") }, "JSON: ", prefix = true),
            "headers without a signature" to Case(AffiliateKitException.InvalidInput::class,
                { webhookHeadersFromJson("""{"id": "m", "timestamp": 1}""") }, "JSON: missing field `signature`", prefix = true),
        )

        val ALL_CASES: Map<String, Case> = CORE_CASES + KOTLIN_CASES

        /** Runs one case on Alice's program: the exact class and message, and nothing changed. */
        fun check(case: Case) {
            val p = aliceProgram()
            case.setup(p)
            val before = p.snapshot()
            val log = p.commandLogJson()
            val e = typedFailure { case.call(p) }
            assertEquals(case.expected, e::class, "expected ${case.expected.simpleName}, got ${e::class.simpleName}: ${e.message}")
            assertEquals(AffiliateKitException::class.java, e.javaClass.superclass) // one of the 21, an AffiliateKitException
            if (case.prefix) {
                assertTrue(e.message!!.startsWith(case.message), "\"${e.message}\" does not start with \"${case.message}\"")
            } else {
                assertEquals(case.message, e.message)
            }
            // A rejected command (and any failure) leaves the program exactly as it was.
            assertEquals(before, p.snapshot())
            assertEquals(log, p.commandLogJson())
            if (case.command) assertTrue(parse(log).size() >= 2)
        }
    }

    @TestFactory
    fun `every error kind from a real bad input`(): List<DynamicTest> =
        CORE_CASES.map { (name, case) -> dynamicTest("${case.expected.simpleName}: $name") { check(case) } }

    @TestFactory
    fun `Kotlin bad inputs are typed errors`(): List<DynamicTest> =
        KOTLIN_CASES.map { (name, case) -> dynamicTest("${case.expected.simpleName}: $name") { check(case) } }

    @Test
    fun `the 21 exception classes, every one covered`() {
        val classes = AffiliateKitException::class.java.declaredClasses
            .filter { AffiliateKitException::class.java.isAssignableFrom(it) && it != AffiliateKitException::class.java }
            .map { it.simpleName }.toSet()
        assertEquals(setOf("InvalidAmount", "InvalidCurrency", "CurrencyMismatch", "Overflow", "InvalidAllocation", "InvalidCode",
            "InvalidPolicy", "InvalidPlan", "InvalidOrder", "NotFound", "Conflict", "LimitExceeded", "InvalidState", "InvalidInput",
            "InvalidConfig", "InvalidSnapshot", "UnsupportedVersion", "InvalidSignature", "Storage", "Busy", "CorruptJournal"), classes)
        assertEquals(classes - NOT_RAISED_HERE, CORE_CASES.values.map { it.expected.simpleName }.toSet())
        assertTrue(Exception::class.java.isAssignableFrom(AffiliateKitException::class.java))
    }

    @Test
    fun `no bad input of the suite reaches uniffi's internal-error path`() {
        // The helper fails on uniffi's InternalException or any non-AffiliateKitException...
        assertThrows<AssertionFailedError> { typedFailure { throw InternalException("a lift panicked") } }
        assertThrows<AssertionFailedError> { typedFailure { throw IllegalStateException("not ours") } }
        assertThrows<AssertionFailedError> { typedFailure { "no failure" } }
        // ...and every bad input of this suite goes through it and comes out typed.
        val seen = ALL_CASES.values.map { case ->
            val p = aliceProgram()
            case.setup(p)
            typedFailure { case.call(p) }
        }
        assertEquals(ALL_CASES.values.map { it.expected }, seen.map { it::class })
    }

    @Test
    fun `a rejected command leaves reads and events unchanged too`() {
        val p = aliceProgram()
        val events = p.eventsSince(0uL)
        val balance = p.balance("aff_1", "EUR")
        unchanged(p) {
            throwsCore<AffiliateKitException.LimitExceeded> { p.refund(Refund("r1", "o1", amount = dec("100.01")), T(3)) }
            throwsCore<AffiliateKitException.NotFound>("commission not found: \"com_9\"") { p.rejectCommission("com_9", "x", T(3)) }
            throwsCore<AffiliateKitException.NotFound> { p.acceptInvitation("inv_9", Acceptance(name = "X"), T(3)) }
            throwsCore<AffiliateKitException.NotFound>("affiliate not found: \"aff_9\"") { p.affiliate("aff_9") }
            throwsCore<AffiliateKitException.NotFound>(contains = "pay_7") { p.payout("pay_7") }
            throwsCore<AffiliateKitException.NotFound>(contains = "nope") { p.sale("nope") }
        }
        assertEquals(events, p.eventsSince(0uL))
        assertEquals(balance, p.balance("aff_1", "EUR"))
    }

    @Test
    fun `codeOf names the stable code of each class`() {
        assertEquals("INVALID_AMOUNT", codeOf(AffiliateKitException.InvalidAmount("x")))
        assertEquals("OVERFLOW", codeOf(AffiliateKitException.Overflow("x")))
        assertEquals("UNSUPPORTED_VERSION", codeOf(AffiliateKitException.UnsupportedVersion("x")))
    }
}
