package dev.affiliatekit

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import java.math.BigDecimal

// The matching rules of the shared scenarios (core/tests/scenarios/README.md), as in the Rust runner
// (core/tests/scenarios.rs): `expect` is a partial match of the answer's JSON; decimal strings match by
// value (unless SCENARIO_STRICT_DECIMALS=1); other scalars must be equal.

/** A scenario does not hold; the message names the step and shows expected vs actual. */
class ScenarioFailure(message: String) : AssertionError(message)

private val DECIMAL = Regex("-?[0-9]+(\\.[0-9]+)?")

/** A strictly written decimal string (`-12.50`, `3`), as the library writes amounts. */
fun asDecimal(node: JsonNode?): BigDecimal? =
    if (node != null && node.isTextual && DECIMAL.matches(node.asText())) BigDecimal(node.asText()) else null

fun strictDecimals(): Boolean = System.getenv("SCENARIO_STRICT_DECIMALS") == "1"

/** Whether two JSON scalars are equal (integral numbers by value, whatever node type holds them). */
private fun scalarEquals(a: JsonNode, b: JsonNode): Boolean =
    if (a.isIntegralNumber && b.isIntegralNumber) a.bigIntegerValue() == b.bigIntegerValue() else a == b

/** Partial match: every key of [expected] must be in [actual] and match; arrays match element-wise with
 * the same length; decimal strings match when numerically equal; other scalars must be equal. */
fun compare(expected: JsonNode, actual: JsonNode?, path: String, diffs: MutableList<String>) {
    when {
        expected.isObject && actual != null && actual.isObject -> for ((key, value) in expected.properties()) {
            val sub = "$path.$key"
            if (actual.has(key)) compare(value, actual[key], sub, diffs) else diffs.add("$sub: expected $value, but the key is absent")
        }
        expected.isArray && actual != null && actual.isArray -> {
            if (expected.size() != actual.size()) diffs.add("$path: expected ${expected.size()} elements, got ${actual.size()}")
            for (i in 0 until minOf(expected.size(), actual.size())) compare(expected[i], actual[i], "$path[$i]", diffs)
        }
        else -> {
            val e = asDecimal(expected)
            val a = asDecimal(actual)
            val equal = if (e != null && a != null && !strictDecimals()) e.compareTo(a) == 0
            else actual != null && scalarEquals(expected, actual)
            if (!equal) diffs.add("$path: expected $expected, got $actual")
        }
    }
}

/** Every path where two JSON values differ at all (decimal strings included: `"0"` is not `"0.00"`). */
fun exactDiffs(a: JsonNode, b: JsonNode, path: String, out: MutableList<String>) {
    when {
        a.isObject && b.isObject -> {
            for ((key, value) in a.properties()) {
                if (b.has(key)) exactDiffs(value, b[key], "$path.$key", out) else out.add("$path.$key: $value vs absent")
            }
            for (key in b.fieldNames()) if (!a.has(key)) out.add("$path.$key: absent vs ${b[key]}")
        }
        a.isArray && b.isArray && a.size() == b.size() -> for (i in 0 until a.size()) exactDiffs(a[i], b[i], "$path[$i]", out)
        a != b -> out.add("$path: $a vs $b")
    }
}

/** [actual] cut down to the keys [expected] names (for readable failure messages). */
fun project(expected: JsonNode, actual: JsonNode): JsonNode = when {
    expected.isObject && actual.isObject -> JSON.createObjectNode().also { out ->
        for ((key, value) in expected.properties()) if (actual.has(key)) out.set<ObjectNode>(key, project(value, actual[key]))
    }
    expected.isArray && actual.isArray && expected.size() == actual.size() ->
        JSON.createArrayNode().also { out -> for (i in 0 until expected.size()) out.add(project(expected[i], actual[i])) }
    else -> actual
}

fun pretty(node: JsonNode): String = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).replace("\n", "\n      ")
