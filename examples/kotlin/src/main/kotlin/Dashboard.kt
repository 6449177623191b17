// An affiliate's dashboard, as a mobile app or a Kotlin back end would show it: codes, balance, the
// next payout, and recent commissions with why each was paid. Everything comes from the affiliate-kit
// jar (the native library is inside it); amounts are BigDecimal, instants java.time.Instant.
import dev.affiliatekit.AffiliateKitException
import dev.affiliatekit.Program
import dev.affiliatekit.Registration
import dev.affiliatekit.TrackRequest
import dev.affiliatekit.order
import dev.affiliatekit.orderLine
import java.io.File
import java.math.BigDecimal
import java.time.Instant
import java.time.temporal.ChronoUnit.DAYS

fun main(args: Array<String>) {
    // month-config.json: EUR, 10 % by default, 20 % on books, 14 days holding, payouts from 50.00 EUR.
    val config = File(args.getOrElse(0) { "core/tests/fixtures/month-config.json" }).readText()
    val program = Program(config)
    val start = Instant.parse("2026-03-02T09:00:00Z")

    val alice = program.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), start)
    program.generateCode(alice.id, 42uL, at = start)

    // A day of orders, tracked in one call; a bad row is reported, the others are tracked.
    val day = listOf(
        order("o1", "EUR", listOf(orderLine("l1", "novel", 2u, BigDecimal("24.50"), category = "books")), code = "ALICE"),
        order("o2", "EUR", listOf(orderLine("l1", "lamp", 1u, BigDecimal("410.00"))), code = "1VXS-NZGEY"),
        order("o2", "EUR", listOf(orderLine("l1", "lamp", 1u, BigDecimal("999.00"))), code = "ALICE"),
    )
    val tracked = program.trackMany(day.map { TrackRequest(it) }, start.plus(1, DAYS))

    val now = start.plus(16, DAYS)
    program.approveDue(now)
    val payouts = program.createPayouts(now)

    val me = program.affiliate(alice.id)
    val balance = program.balance(alice.id, "EUR")
    println("${me.name} (${me.id}), codes: ${me.codes.joinToString(", ")}")
    println("earned ${balance.earned.amount} EUR: pending ${balance.pending.amount}, in payout ${balance.inPayout.amount}, paid ${balance.paid.amount}")
    val next = payouts.firstOrNull { it.affiliateId == alice.id }
    println(if (next == null) "next payout: none yet" else "next payout: ${next.id} of ${next.amount.amount} ${next.amount.currency} (${next.status})")
    println("recent commissions:")
    for (row in tracked) {
        val outcome = row.outcome
        if (outcome == null) {
            println("  rejected: ${row.error?.code} ${row.error?.message}")
            continue
        }
        for (line in outcome.quote?.lines.orEmpty()) {
            println("  ${outcome.orderId} via ${outcome.code}: ${line.amount.amount} ${line.amount.currency}, ${line.explanation.summary}")
        }
    }
    try {
        program.balance("aff_404", "EUR")
    } catch (e: AffiliateKitException.NotFound) {
        println("unknown affiliate: ${e.message}")
    }
}
