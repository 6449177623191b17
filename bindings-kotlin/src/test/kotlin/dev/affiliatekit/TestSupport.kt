package dev.affiliatekit

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.io.File
import java.math.BigDecimal
import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail

// Shared helpers of the JUnit suites: the shared fixtures of core/tests/fixtures (always loaded, never
// copied), instants, money and order builders, the month program of month-config.json, and assertions
// for the core's errors (which also prove that no bad input reaches uniffi's internal-error path).

/** The folder `core/tests` (surefire passes it as the system property `affiliatekit.fixtures`). */
val CORE_TESTS: File = File(
    System.getProperty("affiliatekit.fixtures") ?: error("the system property affiliatekit.fixtures is not set"),
)

val JSON: ObjectMapper = ObjectMapper()

/** The text of a shared fixture file. */
fun fixtureText(name: String): String = File(CORE_TESTS, "fixtures/$name").readText()

/** A shared fixture file, parsed. */
fun fixture(name: String): JsonNode = JSON.readTree(fixtureText(name))

/** JSON text, parsed. */
fun parse(json: String): JsonNode = JSON.readTree(json)

/** A UTC instant; by default in March 2026 (the month of month-config.json). */
@Suppress("FunctionName")
fun T(day: Int, hour: Int = 0, minute: Int = 0, month: Int = 3, year: Int = 2026): Instant =
    Instant.parse("%04d-%02d-%02dT%02d:%02d:00Z".format(year, month, day, hour, minute))

fun dec(text: String): BigDecimal = BigDecimal(text)

fun eur(amount: String): Money = Money(BigDecimal(amount), "EUR")

fun money(amount: String, currency: String): Money = Money(BigDecimal(amount), currency)

/** An order line with no line discount or tax. */
fun line(id: String, product: String, unitPrice: String, quantity: UInt = 1u, category: String? = null): OrderLine =
    OrderLine(id = id, product = product, category = category, quantity = quantity, unitPrice = BigDecimal(unitPrice),
        discount = BigDecimal.ZERO, tax = BigDecimal.ZERO)

/** An order (EUR unless told) with no discount, shipping or tax unless told. */
fun orderOf(
    id: String,
    vararg lines: OrderLine,
    currency: String = "EUR",
    code: String? = null,
    discount: String = "0",
    customer: Customer = Customer(),
): Order = Order(id = id, currency = currency, lines = lines.toList(), discount = BigDecimal(discount),
    shipping = BigDecimal.ZERO, tax = BigDecimal.ZERO, customer = customer, code = code)

/** The amounts of a list of money values, as the core writes them. */
fun amounts(list: List<Money>): List<String> = list.map { it.amount.toPlainString() }

/** The amount of money as the core writes it. */
val Money.text: String get() = amount.toPlainString()

/** An empty program of the month config (EUR, Europe/Paris, 14 holding days, 50.00 EUR minimum
 * payout, 10 % default, 20 % books, level 2 at 5 % of the sale). */
fun monthProgram(): Program = Program(fixtureText("month-config.json"))

/** The month program with Alice (aff_1, code ALICE) and one tracked order o1 of 100.00 (10 % = 10.00
 * pending). */
fun aliceProgram(): Program = monthProgram().also { p ->
    p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
    p.trackOrder(orderOf("o1", line("l1", "p", "100.00"), code = "ALICE"), at = T(2))
}

/** Runs [block] and asserts it changed nothing: the snapshot byte-identical, the command log the same. */
fun <R> unchanged(program: Program, block: () -> R): R {
    val snapshot = program.snapshot()
    val log = program.commandLogJson()
    val result = block()
    assertEquals(snapshot, program.snapshot(), "the snapshot changed")
    assertEquals(log, program.commandLogJson(), "the command log changed")
    return result
}

/**
 * Runs [block], which must fail with an [AffiliateKitException]; anything else (no exception, uniffi's
 * [InternalException], any other throwable) fails the test. Returns the exception. Every expected
 * failure of the suites goes through here, so none of them may reach uniffi's internal-error path.
 */
fun typedFailure(block: () -> Any?): AffiliateKitException {
    val thrown = try {
        val answer = block()
        fail<Nothing>("expected an AffiliateKitException, but it succeeded with $answer")
    } catch (e: AffiliateKitException) {
        e
    } catch (e: InternalException) {
        fail<Nothing>("uniffi's internal error escaped (a conversion is not typed): ${e.message}", e)
    } catch (e: Throwable) {
        if (e is org.opentest4j.AssertionFailedError) throw e
        fail<Nothing>("expected an AffiliateKitException, got ${e::class.qualifiedName}: ${e.message}", e)
    }
    return thrown
}

/**
 * Asserts that [block] throws exactly the exception class [E] (an [AffiliateKitException]) whose
 * message is [message] (exactly) or contains [contains]; returns it.
 */
inline fun <reified E : AffiliateKitException> throwsCore(
    message: String? = null,
    contains: String? = null,
    noinline block: () -> Any?,
): E {
    val e = typedFailure(block)
    assertEquals(E::class, e::class, "expected ${E::class.simpleName}, got ${e::class.simpleName}: ${e.message}")
    assertEquals(AffiliateKitException::class.java, e.javaClass.superclass)
    if (message != null) assertEquals(message, e.message)
    if (contains != null) assertTrue(e.message!!.contains(contains), "\"${e.message}\" does not contain \"$contains\"")
    return e as E
}

/** The stable code of an exception class (`InvalidAmount` -> `INVALID_AMOUNT`). */
fun codeOf(e: AffiliateKitException): String =
    e::class.simpleName!!.replace(Regex("([a-z])([A-Z])"), "$1_$2").uppercase()
