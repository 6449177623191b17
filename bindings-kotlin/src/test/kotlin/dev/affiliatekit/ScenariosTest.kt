package dev.affiliatekit

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import java.io.File
import java.math.BigDecimal
import java.nio.file.Files
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows

/**
 * The shared scenarios (every JSON file of core/tests/scenarios) run through the typed Kotlin API, one dynamic test
 * per file. The format and the matching rules are those of core/tests/scenarios/README.md; this runner
 * follows the Rust one (core/tests/scenarios.rs), the Python and the JS ones:
 *
 * - a command verb calls its typed Program method (`program.trackOrder(order, visitorId, at)`), its
 *   structured arguments read with the binding's `<type>FromJson` ([Runner.command]);
 * - a read verb calls the typed read (`sign_webhook` / `verify_webhook` the module functions;
 *   `verify_webhook` takes the headers and body of the last `sign_webhook` step unless given); `restore`
 *   replaces the program by `Program.restore(program.snapshot())`;
 * - the typed answer is written as the core's JSON (`<type>ToJson`) and `expect` is matched partially
 *   against it (decimal strings by value unless SCENARIO_STRICT_DECIMALS=1);
 * - `error` is matched against the exception: exactly the class of that code; the snapshot and the
 *   command log must then be unchanged. A read must leave the snapshot unchanged too. Anything thrown
 *   that is not an AffiliateKitException (uniffi's InternalException included) fails the step;
 * - the final checks: final.balances, final.event_types, money conservation, every event reading back
 *   from its JSON and through a signed webhook as itself, Program.restore, Program.replay and a re-run
 *   of the command log through the typed methods giving the same snapshot and answers.
 *
 * A failure names the file, the step (1-based) and its verb, and shows the expected and actual JSON. A
 * file stops at its first failing step. `SCENARIO=<part of a file name>` runs only the matching files.
 */
class ScenariosTest {
    companion object {
        val SCENARIOS_DIR = File(CORE_TESTS, "scenarios")
        val RUNNER_KEYS = setOf("expect", "error", "note")
        val BALANCE_FIELDS = listOf("pending", "held", "approved", "payable", "in_payout", "paid", "earned", "reversed")
        val TOP_LEVEL_KEYS = setOf("name", "description", "note", "config", "steps", "final")

        /** The secret the final checks sign every event with (to read it back as a webhook receiver does). */
        const val ROUND_TRIP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

        /** The command verbs run through their typed method so far (the last dynamic test checks all were). */
        val verbsRun: MutableSet<String> = java.util.Collections.synchronizedSet(mutableSetOf())

        fun explain(e: Throwable): String =
            if (e is AffiliateKitException) "${codeOf(e)} (${e::class.simpleName}: ${e.message})" else "${e::class.qualifiedName}: ${e.message}"

        /** The `*.json` files of the scenarios folder, sorted by name, filtered by the SCENARIO variable. */
        fun scenarioFiles(): List<File> {
            val filter = System.getenv("SCENARIO") ?: ""
            return (SCENARIOS_DIR.listFiles() ?: arrayOf()).filter { it.isFile && it.name.endsWith(".json") && filter in it.name }
                .sortedBy { it.name }
        }

        /** A step's or a log entry's arguments: everything but the verb and the runner keys. */
        fun arguments(step: JsonNode): ObjectNode = JSON.createObjectNode().also { out ->
            for ((key, value) in step.properties()) if (key != "verb" && key !in RUNNER_KEYS) out.set<ObjectNode>(key, value)
        }

        fun runStep(runner: Runner, number: Int, step: JsonNode) {
            val verb = step["verb"]?.takeIf { it.isTextual }?.asText() ?: "?"
            fun fail(message: String) = ScenarioFailure("step $number ($verb): $message")
            if (!step.isObject) throw fail("a step is a JSON object")
            val expect = step["expect"]
            val error = step["error"]?.let { if (it.isTextual) it.asText() else throw fail("\"error\" must be an error code string, not $it") }
            if (expect != null && error != null) throw fail("give \"expect\" or \"error\", not both")
            val args = arguments(step)
            val before = runner.program.snapshot()
            val logBefore = parse(runner.program.commandLogJson()).size()

            if (verb == "restore") {
                if (args.size() > 0) throw fail("restore takes no arguments")
                val restored = try {
                    Program.restore(before)
                } catch (e: Exception) {
                    throw fail("Program.restore failed: ${explain(e)}")
                }
                if (restored.snapshot() != before) throw fail("Program.restore(snapshot) gives a different snapshot")
                runner.earlierLog.addAll(parse(runner.program.commandLogJson()))
                runner.program.close()
                runner.program = restored
                return
            }
            val isCommand = verb in COMMAND_VERBS
            val call = try {
                if (isCommand) runner.command(verb, args) else runner.read(verb, args)
            } catch (e: ScenarioFailure) {
                throw fail(e.message!!)
            }
            if (isCommand) verbsRun.add(verb)
            var thrown: Throwable? = null
            val answer = try {
                call.invoke()
            } catch (e: ScenarioFailure) {
                throw fail(e.message!!)
            } catch (e: Throwable) {
                thrown = e
                null
            }
            if (!isCommand && runner.program.snapshot() != before) throw fail("a read changed the state (snapshot differs)")
            if (isCommand && thrown == null && verb != "drain_events") {
                runner.accepted.add(JSON.createObjectNode().put("verb", verb).also { it.setAll<JsonNode>(args) })
            }

            if (thrown != null) {
                if (thrown !is AffiliateKitException) {
                    throw fail("expected ${error?.let { "error $it" } ?: "success"}, but ${explain(thrown)} was thrown (not an AffiliateKitException)")
                }
                if (error == null) throw fail("expected success, got error ${explain(thrown)}")
                val expectedClass = EXCEPTION_OF_CODE[error] ?: throw fail("unknown error code $error")
                if (thrown::class != expectedClass) throw fail("expected error $error, got ${explain(thrown)}")
                if (runner.program.snapshot() != before) throw fail("error $error changed the state (snapshot differs)")
                if (parse(runner.program.commandLogJson()).size() != logBefore) throw fail("error $error was written to the command log")
                return
            }
            val actual = try {
                call.toJson(answer)
            } catch (e: Exception) {
                throw fail("the typed answer does not write as the core's JSON: ${explain(e)}")
            }
            if (error != null) throw fail("expected error $error, but it succeeded with\n      ${pretty(actual)}")
            if (expect != null) {
                val diffs = mutableListOf<String>()
                compare(expect, actual, "$", diffs)
                if (diffs.isNotEmpty()) {
                    throw fail("answer does not match\n    ${diffs.joinToString("\n    ")}\n    expected: ${pretty(expect)}\n    actual:   ${pretty(project(expect, actual))}")
                }
            }
        }

        /** The currencies the program accepts, its own first. */
        fun currencies(p: Program): List<String> {
            val config = parse(p.configJson())
            val own = config["currency"].asText()
            return listOf(own) + (config["currencies"]?.map { it.asText() } ?: listOf()).filter { it != own }
        }

        /** What the reads derived from the indices answer, in every currency; a restored or replayed program must answer the same. */
        fun derivedReads(p: Program, currencies: List<String>): JsonNode {
            val affiliates = p.affiliates()
            return JSON.createObjectNode().apply {
                set<ObjectNode>("affiliates", JSON.createArrayNode().also { out -> affiliates.forEach { out.add(parse(affiliateViewToJson(it))) } })
                set<ObjectNode>("stats", JSON.createArrayNode().also { out -> currencies.forEach { out.add(parse(programStatsToJson(p.stats(null, it)))) } })
                set<ObjectNode>("per_affiliate", JSON.createArrayNode().also { out ->
                    affiliates.forEach { a ->
                        currencies.forEach { currency ->
                            out.add(JSON.createObjectNode().apply {
                                set<ObjectNode>("stats", parse(programStatsToJson(p.stats(a.id, currency))))
                                set<ObjectNode>("balance", parse(balanceToJson(p.balance(a.id, currency))))
                            })
                        }
                    }
                })
            }
        }

        /** The problem with an event reading back from its JSON, as itself, and through a signed webhook. */
        fun eventRoundTrip(event: Event): String? {
            val label = "event ${event.id} (${eventType(event)})"
            return try {
                val text = eventToJson(event)
                val parsed = eventFromJson(text)
                val signed = signWebhook(event, ROUND_TRIP_SECRET, event.occurredAt)
                val received = verifyWebhook(signed.headers, signed.body, ROUND_TRIP_SECRET, event.occurredAt)
                when {
                    parsed != event || eventToJson(parsed) != text -> "$label does not read back from its JSON as itself: ${eventToJson(parsed)}"
                    signed.body != text -> "$label is signed with another body than its JSON"
                    received != event -> "$label does not read back from its webhook as itself"
                    else -> null
                }
            } catch (e: Exception) {
                "$label does not read back: ${explain(e)}"
            }
        }

        fun checkFinal(fin: JsonNode?, runner: Runner) {
            val p = runner.program
            val final = fin ?: JSON.createObjectNode()
            if (!final.isObject) throw ScenarioFailure("\"final\" must be an object, not $final")
            for (key in final.fieldNames()) if (key !in setOf("balances", "event_types", "note")) throw ScenarioFailure("final: unknown key \"$key\"")
            val problems = mutableListOf<String>()

            for (item in final["balances"] ?: JSON.createArrayNode()) {
                val id = item["affiliate_id"]?.asText() ?: throw ScenarioFailure("final.balances[].affiliate_id")
                val currency = item["currency"]?.asText() ?: throw ScenarioFailure("final.balances[].currency")
                val balance = try {
                    parse(balanceToJson(p.balance(id, currency)))
                } catch (e: AffiliateKitException) {
                    problems.add("final balance of $id: ${explain(e)}")
                    continue
                }
                for ((field, value) in item.properties()) {
                    if (field == "affiliate_id" || field == "currency") continue
                    if (field !in BALANCE_FIELDS) throw ScenarioFailure("final.balances: unknown field \"$field\"")
                    compare(value, balance[field]["amount"], "balance $id $currency $field", problems)
                }
            }

            val events = p.eventsSince(0uL)
            val types = events.map(::eventType)
            final["event_types"]?.let { node ->
                val expected = node.map { it.asText() }
                if (expected != types) {
                    val first = expected.zip(types).indexOfFirst { (e, a) -> e != a }.takeIf { it >= 0 } ?: minOf(expected.size, types.size)
                    problems.add("event types differ (first difference at index $first, sequence ${first + 1})\n    expected: $expected\n    actual:   $types")
                }
            }

            val currencies = currencies(p)
            for (affiliate in p.affiliates()) for (currency in currencies) {
                val b = p.balance(affiliate.id, currency)
                val left = b.earned.amount - b.reversed.amount
                val right = listOf(b.pending, b.held, b.payable, b.inPayout, b.paid).fold(BigDecimal.ZERO) { s, m -> s + m.amount }
                if (left.compareTo(right) != 0) {
                    problems.add("money is not conserved for ${affiliate.id} in $currency: earned - reversed = $left, pending + held + payable + in_payout + paid = $right")
                }
            }
            events.mapNotNullTo(problems, ::eventRoundTrip)

            val snapshot = p.snapshot()
            val reads = derivedReads(p, currencies)
            val log = runner.fullLog()
            val rebuilt: List<Pair<String, () -> Program>> = listOf(
                "Program.restore(snapshot)" to { Program.restore(snapshot) },
                "Program.replay(config, command log)" to { Program.replay(runner.configJson, log.toString()) },
                "Program(config) then every logged command through its typed method" to {
                    Program(runner.configJson).also { other ->
                        val typed = Runner(runner.configJson, other)
                        log.forEach { entry -> typed.command(entry["verb"].asText(), arguments(entry)).invoke() }
                    }
                },
            )
            for ((how, build) in rebuilt) {
                val other = try {
                    build()
                } catch (e: Exception) {
                    problems.add("$how failed: ${explain(e)}")
                    continue
                }
                other.use {
                    if (it.snapshot() != snapshot) {
                        problems.add("$how gives a different snapshot")
                    } else {
                        val diffs = mutableListOf<String>()
                        exactDiffs(reads, derivedReads(it, currencies), "$", diffs)
                        if (diffs.isNotEmpty()) problems.add("$how answers reads differently (live vs rebuilt):\n      ${diffs.take(8).joinToString("\n      ")}")
                    }
                }
            }
            if (problems.isNotEmpty()) throw ScenarioFailure("final checks:\n    ${problems.joinToString("\n    ")}")
        }

        /** Runs one scenario file; throws a ScenarioFailure (naming the file) at its first failing step. */
        fun runScenario(file: File) {
            var runner: Runner? = null
            try {
                val doc = try {
                    parse(file.readText())
                } catch (e: Exception) {
                    throw ScenarioFailure("not JSON: ${e.message}")
                }
                if (!doc.isObject) throw ScenarioFailure("a scenario is a JSON object")
                for (key in doc.fieldNames()) if (key !in TOP_LEVEL_KEYS) throw ScenarioFailure("unknown top-level key \"$key\"")
                for (key in listOf("name", "description")) if (doc[key]?.isTextual != true) throw ScenarioFailure("missing \"$key\" (a string)")
                val config = doc["config"]?.takeIf { it.isObject } ?: throw ScenarioFailure("missing \"config\" (an object)")
                val program = try {
                    Program(config.toString())
                } catch (e: Exception) {
                    throw ScenarioFailure("config rejected: ${explain(e)}")
                }
                runner = Runner(config.toString(), program)
                val steps = doc["steps"]?.takeIf { it.isArray } ?: throw ScenarioFailure("missing \"steps\" (an array)")
                steps.forEachIndexed { i, step -> runStep(runner, i + 1, step) }
                checkFinal(doc["final"], runner)
            } catch (e: ScenarioFailure) {
                throw ScenarioFailure("${file.name}: ${e.message}")
            } finally {
                runner?.program?.close()
            }
        }
    }

    @TestFactory
    fun `every shared scenario`(): List<DynamicTest> {
        val files = scenarioFiles()
        val tests = files.map { file -> dynamicTest(file.name) { runScenario(file) } }
        if (System.getenv("SCENARIO") != null) return tests
        return listOf(dynamicTest("the scenario files are found (40 at least)") {
            assertTrue(files.size >= 40, "${files.size} scenario files in $SCENARIOS_DIR")
            assertEquals("01-register-and-track-by-code.json", files.first().name)
        }) + tests + dynamicTest("every command verb ran through its typed Program method") {
            assertEquals(listOf<String>(), COMMAND_VERBS.filter { it !in verbsRun })
        }
    }

    @Test
    fun `the partial matcher matches as documented`() {
        val actual = parse("""{"a": {"amount": "60.00", "currency": "EUR"}, "b": [1, 2], "c": "x", "d": null, "e": "60.00", "f": true, "g": "-0.50"}""")
        fun ok(expected: String) = mutableListOf<String>().also { compare(parse(expected), actual, "$", it) }.isEmpty()
        if (!strictDecimals()) {
            assertTrue(ok("""{"a": {"amount": "60"}, "b": [1, 2], "d": null, "e": "060.0"}"""))
            assertTrue(ok("""{"f": true, "g": "-0.5"}"""))
        }
        assertTrue(ok("""{"a": {"amount": "60.00"}}"""))
        for (bad in listOf("""{"a": {"amount": "9.9990"}}""", """{"a": {"amount": "60.01"}}""", """{"a": {"amount": "6e1"}}""",
            """{"a": {"amount": "60."}}""", """{"g": "0.5"}""", """{"b": [1]}""", """{"b": ["1", 2]}""", """{"c": "y"}""", """{"h": 1}""",
            """{"d": "x"}""", """{"d": {}}""", """{"f": 1}""", """{"b": [true, 2]}""")) {
            assertFalse(ok(bad), bad)
        }
        val diffs = mutableListOf<String>()
        exactDiffs(parse("""{"x": "0", "y": [1]}"""), parse("""{"x": "0.00", "y": [1], "z": 2}"""), "$", diffs)
        assertEquals(listOf("$.x: \"0\" vs \"0.00\"", "$.z: absent vs 2"), diffs)
    }

    @Test
    fun `the runner fails on mutated copies of real scenarios`() {
        val dir = Files.createTempDirectory("affiliate-kit-mutants-").toFile()
        try {
            /** The failure message of scenario [name] changed by [mutate]. */
            fun failure(name: String, mutate: (ObjectNode) -> Unit): String {
                val doc = parse(File(SCENARIOS_DIR, name).readText()) as ObjectNode
                mutate(doc)
                val file = File(dir, name).also { it.writeText(doc.toString()) }
                return assertThrows<ScenarioFailure> { runScenario(file) }.message!!
            }
            val first = "01-register-and-track-by-code.json"
            fun ObjectNode.obj(vararg path: Any): ObjectNode =
                path.fold(this as JsonNode) { node, key -> if (key is Int) node[key] else node[key as String] } as ObjectNode

            var message = failure(first) { it.obj("steps", 1, "expect", "commissions", 0, "amount").put("amount", "6.01") }
            assertTrue(message.startsWith("$first: step 2 (track_order): answer does not match"), message)
            assertTrue(message.contains("$.commissions[0].amount.amount: expected \"6.01\", got \"6.00\""), message)
            message = failure(first) { it.obj("steps", 1, "expect", "commissions", 0).put("created_at", "2026-01-05T10:00:01Z") }
            assertTrue(message.contains("$.commissions[0].created_at: expected \"2026-01-05T10:00:01Z\", got \"2026-01-05T10:00:00Z\""), message)
            message = failure(first) { it.obj("steps", 1, "expect", "quote").put("order_id", "o2") }
            assertTrue(message.contains("$.quote.order_id: expected \"o2\", got \"o1\""), message)
            message = failure(first) { it.obj("final", "balances", 0).put("pending", "6.50") }
            assertTrue(message.startsWith("$first: final checks:"), message)
            assertTrue(message.contains("balance aff_1 EUR pending: expected \"6.50\", got \"6.00\""), message)
            message = failure(first) { (it.obj("final")["event_types"] as com.fasterxml.jackson.databind.node.ArrayNode).remove(2) }
            assertTrue(message.contains("event types differ (first difference at index 2, sequence 3)"), message)
            message = failure("27-bad-inputs-are-typed-errors.json") { it.obj("steps", 1).put("error", "INVALID_CODE") }
            assertTrue(message.contains("step 2 (register_affiliate): expected error INVALID_CODE, got INVALID_INPUT (InvalidInput: "), message)
            message = failure("02-click-attribution-window.json") { it.obj("steps", 2).remove("error") }
            assertTrue(message.contains("step 3 (record_click): expected success, got error "), message)
        } finally {
            dir.deleteRecursively()
        }
    }

    @Test
    fun `a failure names the file and the step, and shows expected and actual`() {
        val scenario = parse("""{"name": "wrong on purpose", "description": "10% of 600.00 is 60.00, not 61.00",
            "config": {"currency": "EUR", "plan": {"currency": "EUR", "rules": [
                {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]}},
            "steps": [
                {"verb": "register_affiliate", "at": "2026-01-01T00:00:00Z", "registration": {"name": "Alice", "email": "alice@example.com", "code": "ALICE"}},
                {"verb": "track_order", "at": "2026-01-10T00:00:00Z", "order": {"id": "o1", "currency": "EUR", "code": "ALICE",
                    "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "600.00"}]},
                 "expect": {"credited": true, "total": {"amount": "61.00"}}}]}""") as ObjectNode
        val dir = Files.createTempDirectory("affiliate-kit-scenarios-").toFile()
        try {
            val file = File(dir, "99-wrong.json")
            fun failure(): String {
                file.writeText(scenario.toString())
                return assertThrows<ScenarioFailure> { runScenario(file) }.message!!
            }
            val message = failure()
            assertTrue(message.startsWith("99-wrong.json: step 2 (track_order): answer does not match"), message)
            assertTrue(message.contains("$.total.amount: expected \"61.00\", got \"60.00\""), message)
            assertTrue(message.contains("\"amount\" : \"61.00\"") && message.contains("\"amount\" : \"60.00\""), message)
            // An expected error that does not come, and an error code that differs, name the step as well.
            val track = scenario["steps"][1] as ObjectNode
            track.remove("expect")
            track.put("error", "NOT_FOUND")
            assertTrue(failure().startsWith("99-wrong.json: step 2 (track_order): expected error NOT_FOUND, but it succeeded"))
            (scenario["steps"] as com.fasterxml.jackson.databind.node.ArrayNode).set(1,
                parse("""{"verb": "refund", "at": "2026-01-12T00:00:00Z", "refund": {"id": "r1", "order_id": "nope"}, "error": "CONFLICT"}"""))
            assertTrue(failure().contains("step 2 (refund): expected error CONFLICT, got NOT_FOUND (NotFound: "))
            // An unknown argument is refused, as the Rust runner's deny_unknown_fields does.
            (scenario["steps"] as com.fasterxml.jackson.databind.node.ArrayNode).set(1,
                parse("""{"verb": "approve_due", "at": "2026-01-12T00:00:00Z", "when": "now"}"""))
            assertTrue(failure().contains("step 2 (approve_due): not a valid command: unknown argument(s) [when] of approve_due"))
        } finally {
            dir.deleteRecursively()
        }
    }
}
