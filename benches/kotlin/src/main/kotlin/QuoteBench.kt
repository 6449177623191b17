// Quote through JNA, per call and per batch: the benchmark plan (10 rules) and order from
// benches/fixtures, the same work as the Rust, Python and JavaScript benches. Prints JSON lines.
import dev.affiliatekit.Plan
import dev.affiliatekit.QuoteRequest
import dev.affiliatekit.hasValidCheck
import dev.affiliatekit.normalize
import dev.affiliatekit.orderFromJson
import dev.affiliatekit.quoteContextFromJson
import java.io.File

/** Best of `rounds` timings of `block` (which does `ops` operations), in nanoseconds per operation. */
fun bestNsPerOp(rounds: Int, ops: Int, block: () -> Unit): Double =
    (1..rounds).minOf {
        val start = System.nanoTime()
        block()
        (System.nanoTime() - start).toDouble() / ops
    }

fun main(args: Array<String>) {
    val fixtures = File(args.getOrElse(0) { "benches/fixtures" })
    val plan = Plan(File(fixtures, "plan-10-rules.json").readText())
    val order = orderFromJson(File(fixtures, "order.json").readText())
    val context = quoteContextFromJson(File(fixtures, "context.json").readText())
    val batch = List(System.getenv("BATCH")?.toInt() ?: 10_000) { QuoteRequest(order.copy(id = "o$it"), context) }
    val calls = System.getenv("CALLS")?.toInt() ?: 20_000

    val one = plan.quote(order, context)
    val many = plan.quoteMany(batch)
    check(many.all { it.quote?.total == one.total }) { "batch and per-call quotes differ" }
    check(plan.quote(order, context, explain = false).total == one.total) { "the quote of amounts differs" }

    repeat(3) { // warm up the JIT and the library
        repeat(calls / 10) { plan.quote(order, context); plan.quote(order, context, explain = false) }
        plan.quoteMany(batch.subList(0, batch.size / 10))
    }
    // The quote of amounts (the explanation on request, as issue 21's goal says), then the explained one.
    val perCall = bestNsPerOp(5, calls) { repeat(calls) { plan.quote(order, context, explain = false) } }
    val perCallExplained = bestNsPerOp(5, calls) { repeat(calls) { plan.quote(order, context) } }
    val perBatchOrder = bestNsPerOp(5, batch.size) { plan.quoteMany(batch) }
    // What any call costs through uniffi's JNA path, whatever it does: a text in and a yes or no
    // out, then a text in and out that may fail (the quote's shape, without the records).
    var valid = 0
    val textToBoolean = bestNsPerOp(5, calls) { repeat(calls) { if (hasValidCheck("1VXSNZGEY")) valid++ } }
    val textToText = bestNsPerOp(5, calls) { repeat(calls) { normalize("1vxs-nzgey", null) } }
    check(valid > 0)
    println("""{"bench": "kotlin/quote_one", "value": ${"%.0f".format(perCall)}, "unit": "ns/op", "total": "${one.total.amount}"}""")
    println("""{"bench": "kotlin/quote_one_explained", "value": ${"%.0f".format(perCallExplained)}, "unit": "ns/op"}""")
    println("""{"bench": "kotlin/quote_many", "value": ${"%.0f".format(perBatchOrder)}, "unit": "ns/order", "batch": ${batch.size}}""")
    println("""{"bench": "kotlin/one_vs_many", "value": ${"%.2f".format(perCallExplained / perBatchOrder)}, "unit": "x"}""")
    println("""{"bench": "kotlin/call_text_to_boolean", "value": ${"%.0f".format(textToBoolean)}, "unit": "ns/op"}""")
    println("""{"bench": "kotlin/call_text_to_text", "value": ${"%.0f".format(textToText)}, "unit": "ns/op"}""")
}
