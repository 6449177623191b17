package dev.affiliatekit

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

/** Commission plans: loading and validation, JSON round trips, quotes and their explanations (which rule
 * won, what it beat, base and rate), tiers and levels on the shared quickstart fixtures, batches, order
 * validation (ported from bindings-python/tests/test_plans.py and bindings-wasm/tests/plans.test.mjs). */
class PlansTest {
    companion object {
        /** The instant of the quickstart (inside the course-launch window of May 2026). */
        val QUICKSTART_AT = T(14, 9, 30, month = 5)

        /** A one-rule plan: 15 % of everything. */
        const val SMALL_PLAN =
            """{"currency": "EUR", "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "15"}]}"""

        fun quickstartPlan() = Plan.fromJson(fixtureText("quickstart-plan.json"))

        /** The quickstart orders of the shared fixture, read with `orderFromJson`. */
        fun quickstartOrders(): List<Order> = fixture("quickstart-orders.json").map { orderFromJson(it.toString()) }

        /** The quickstart's context: Alice, with Bob and Carol above her. */
        fun alice() = quoteContext("aff_alice", QUICKSTART_AT).copy(parents = listOf("aff_bob", "aff_carol"))

        fun oneLine(price: String, currency: String = "EUR") = orderOf("o1", line("l1", "p1", price), currency = currency)

        fun smallPlanWithRate(rate: String) = SMALL_PLAN.replace("\"rate\": \"15\"", "\"rate\": \"$rate\"")
    }

    // ---- loading ------------------------------------------------------------------------------------

    @Test
    fun `the plan JSON round-trips`() {
        val plan = quickstartPlan()
        val doc = plan.toJson()
        assertEquals(doc, Plan(doc).toJson())
        assertEquals("EUR", plan.currency())
        val tree = parse(doc)
        assertEquals(listOf("default", "books", "course-launch", "gold-volume"), tree["rules"].map { it["id"].asText() })
        assertEquals(fixture("quickstart-plan.json")["rules"].map { it["id"] }, tree["rules"].map { it["id"] })
        assertEquals(parse("""[{"rate": "2", "of": "sale"}, {"rate": "1", "of": "sale"}]"""), tree["levels"])
        assertEquals(parse("""{"window": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}"""),
            tree["rules"][2]["conditions"])
        assertEquals(parse("""[{"threshold": "0", "rate": "12"}, {"threshold": "10", "rate": "15"}]"""), tree["rules"][3]["tiers"])
        plan.close()
    }

    @Test
    fun `a plan fills the defaults`() {
        val plan = Plan(SMALL_PLAN)
        assertEquals("EUR", plan.currency())
        assertEquals(parse("""{"currency": "EUR", "base": {"include_tax": false, "include_shipping": false}, "period": "month",
            "rules": [{"id": "default", "target": {"type": "program"}, "priority": 0, "commission": "percentage", "rate": "15"}]}"""),
            parse(plan.toJson()))
    }

    @Test
    fun `an invalid plan names the path`() {
        throwsCore<AffiliateKitException.InvalidPlan>("invalid plan at rules[0].rate: rate -1 is outside 0..=100") {
            Plan(smallPlanWithRate("-1"))
        }
        throwsCore<AffiliateKitException.InvalidPlan>("invalid plan at rules[0].rate: rate 100.01 is outside 0..=100") {
            Plan.fromJson(smallPlanWithRate("100.01"))
        }
        throwsCore<AffiliateKitException.InvalidPlan>(contains = "invalid plan at rules[0].rate: ") { Plan(smallPlanWithRate("abc")) }
        throwsCore<AffiliateKitException.InvalidPlan>("invalid plan at rules: a plan needs at least one rule") {
            Plan("""{"currency": "EUR", "rules": []}""")
        }
        throwsCore<AffiliateKitException.InvalidPlan>(
            "invalid plan at rules[0].tiers[1].threshold: thresholds must ascend: 5 is not above 10",
        ) {
            Plan("""{"currency": "EUR", "rules": [{"id": "t", "target": {"type": "program"}, "commission": "tiered",
                "metric": "revenue", "tiers": [{"threshold": "10", "rate": "5"}, {"threshold": "5", "rate": "6"}]}]}""")
        }
        throwsCore<AffiliateKitException.InvalidPlan> { Plan("""{"currency": "EUR", "rules": [""") }
    }

    // ---- quotes -------------------------------------------------------------------------------------

    @Test
    fun `a quote explains every amount`() {
        val quote = Plan(SMALL_PLAN).quote(oneLine("199.99"), quoteContext("aff_1", T(1)))
        assertEquals("o1" to "EUR", quote.orderId to quote.currency)
        assertEquals(eur("30.00"), quote.total) // 15 % of 199.99 = 29.9985 -> 30.00 half up
        val only = quote.lines.single()
        assertEquals(listOf("aff_1", 1u, "default", listOf("l1")), listOf(only.beneficiary, only.level, only.ruleId, only.orderLines))
        assertEquals(eur("199.99") to eur("30.00"), only.base to only.amount)
        val calc = only.explanation.calculation
        assertEquals(listOf(Method.PERCENTAGE, dec("15"), RoundingMode.HALF_UP, dec("29.9985")),
            listOf(calc.method, calc.rate, calc.rounding, calc.exact))
        assertEquals(eur("199.99"), calc.base)
        assertNull(calc.flat)
        assertNull(calc.tier)
        assertEquals("rule \"default\" (program, priority 0) applied: 15% of 199.99 EUR = 30.00 EUR", only.explanation.summary)
        val decision = only.explanation.decisions.single()
        assertEquals(LineDecision("l1", eur("199.99"), eur("30.00"), "default", TargetKind.PROGRAM, 0, listOf(), listOf()), decision)
        assertEquals(listOf<UnmatchedLine>(), quote.unmatched)
        assertEquals(listOf<CapApplied>(), only.explanation.caps)
    }

    @Test
    fun `a quote reads back as the core's JSON`() {
        val quote = Plan(SMALL_PLAN).quote(oneLine("199.99"), quoteContext("aff_1", T(1)))
        val json = parse(quoteToJson(quote))
        assertEquals("30.00", json["total"]["amount"].asText())
        assertEquals("percentage", json["lines"][0]["explanation"]["calculation"]["method"].asText())
        assertEquals("29.9985", json["lines"][0]["explanation"]["calculation"]["exact"].asText())
        assertEquals("program", json["lines"][0]["explanation"]["decisions"][0]["target"].asText())
    }

    @Test
    fun `rounding and yen`() {
        val yen = Plan("""{"currency": "JPY", "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]}""")
        assertEquals("JPY", yen.currency())
        val context = quoteContext("aff_1", T(1))
        // 10 % of 1005 = 100.5 -> 101 half up, 100 half even (JPY has no minor units).
        assertEquals(money("101", "JPY"), yen.quote(oneLine("1005", "JPY"), context).total)
        assertEquals(money("100", "JPY"), yen.quote(oneLine("1005", "JPY"), context.copy(rounding = RoundingMode.HALF_EVEN)).total)
    }

    @Test
    fun `the quickstart order with levels and precedence`() {
        // As core/tests/plan_serde.rs: bases after the 10.00 discount (shares 6.96 / 2.78 / 0.26) are
        // 193.03 / 77.02 / 7.24 = 277.29. l1 course-launch 50 % of 193.03 = 96.515 -> 96.52; l2 books 20 %
        // of 77.02 = 15.404 -> 15.40; l3 default 10 % of 7.24 = 0.724 -> 0.72. Level 2 (bob): 2 % of
        // 277.29 = 5.5458 -> 5.55; level 3 (carol): 1 % of 277.29 = 2.7729 -> 2.77. Total 120.96.
        val quote = quickstartPlan().quote(quickstartOrders()[0], alice())
        assertEquals(
            listOf(listOf("aff_alice", 1u, "course-launch", "96.52"), listOf("aff_alice", 1u, "books", "15.40"),
                listOf("aff_alice", 1u, "default", "0.72"), listOf("aff_bob", 2u, "levels[0]", "5.55"),
                listOf("aff_carol", 3u, "levels[1]", "2.77")),
            quote.lines.map { listOf(it.beneficiary, it.level, it.ruleId, it.amount.text) },
        )
        assertEquals(listOf("193.03", "77.02", "7.24", "277.29", "277.29"), quote.lines.map { it.base.text })
        assertEquals(listOf(dec("50"), dec("20"), dec("10"), dec("2"), dec("1")), quote.lines.map { it.explanation.calculation.rate })
        assertEquals(Method.LEVEL_OF_SALE, quote.lines[3].explanation.calculation.method)
        assertEquals(eur("120.96"), quote.total)
        assertEquals("order-1001", quote.orderId)
        // course-launch (a product rule) beat the program default on l1; books (a category rule) on l2.
        val l1 = quote.lines[0].explanation.decisions.single()
        assertEquals(TargetKind.PRODUCT to 0, l1.target to l1.priority)
        assertEquals(listOf(Beaten("default", TargetKind.PROGRAM, 0, BeatReason.LESS_SPECIFIC_TARGET)), l1.beaten)
        val l2 = quote.lines[1].explanation.decisions.single()
        assertEquals(listOf("books" to TargetKind.CATEGORY), listOf(l2.ruleId to l2.target))
        assertEquals(listOf("default" to BeatReason.LESS_SPECIFIC_TARGET), l2.beaten.map { it.ruleId to it.reason })
        // Levels explain no per-line decisions.
        assertEquals(listOf<LineDecision>(), quote.lines[3].explanation.decisions)
    }

    @Test
    fun `the quickstart order without explanation has the same amounts and no texts`() {
        val explained = quickstartPlan().quote(quickstartOrders()[0], alice())
        val amounts = quickstartPlan().quote(quickstartOrders()[0], alice(), explain = false)
        assertEquals(eur("120.96"), amounts.total)
        assertEquals(explained.lines.map { listOf(it.beneficiary, it.level, it.ruleId, it.amount, it.base) },
            amounts.lines.map { listOf(it.beneficiary, it.level, it.ruleId, it.amount, it.base) })
        assertEquals(explained.lines.map { it.explanation.calculation }, amounts.lines.map { it.explanation.calculation })
        // What the explanation alone holds is left out: the sentences, and the rules each winner beat.
        assertEquals(List(5) { "" }, amounts.lines.map { it.explanation.summary })
        assertEquals(listOf(Beaten("default", TargetKind.PROGRAM, 0, BeatReason.LESS_SPECIFIC_TARGET)),
            explained.lines[0].explanation.decisions.single().beaten)
        assertEquals(listOf<Beaten>(), amounts.lines[0].explanation.decisions.single().beaten)
    }

    @Test
    fun `the quickstart mug and the gold tier`() {
        val plan = quickstartPlan()
        val mug = quickstartOrders()[1]
        // Alice: 10 % of 199.99 = 19.999 -> 20.00; 2 % = 3.9998 -> 4.00; 1 % = 1.9999 -> 2.00. Total 26.00.
        assertEquals(eur("26.00"), plan.quote(mug, alice()).total)
        // Dave, gold, 12 sales this month, half even, no parents: tier 1 (>= 10) at 15 % of 199.99
        // = 29.9985 -> 30.00.
        val gold = quoteContext("aff_dave", QUICKSTART_AT).copy(group = "gold", periodSalesCount = 12u,
            rounding = RoundingMode.HALF_EVEN)
        val quote = plan.quote(mug, gold)
        val only = quote.lines.single()
        assertEquals("gold-volume", only.ruleId)
        assertEquals(Method.TIERED, only.explanation.calculation.method)
        assertEquals(TierChoice(TierMetric.SALES_COUNT, dec("12"), 1u, dec("10")), only.explanation.calculation.tier)
        assertEquals(dec("15"), only.explanation.calculation.rate)
        assertEquals(TargetKind.GROUP, only.explanation.decisions.single().target)
        assertEquals(eur("30.00"), quote.total)
        // With 9 sales the first tier (12 %) applies: 12 % of 199.99 = 23.9988 -> 24.00.
        assertEquals(eur("24.00"), plan.quote(mug, gold.copy(periodSalesCount = 9u)).total)
    }

    @Test
    fun `the course-launch window is half-open`() {
        val plan = quickstartPlan()
        val course = orderOf("o1", line("l1", "course-rust", "100.00", category = "courses"))
        // In the window [05-01, 06-01): 50 % of 100.00; at 06-01 the default 10 % applies.
        val inside = plan.quote(course, quoteContext("a", T(31, 23, 59, month = 5)))
        val after = plan.quote(course, quoteContext("a", T(1, month = 6)))
        assertEquals("50.00" to "10.00", inside.total.text to after.total.text)
        assertEquals(listOf(Skipped("course-launch", FailedCondition.WINDOW)), after.lines[0].explanation.decisions[0].skipped)
    }

    @Test
    fun `quoteMany quotes each request in order, as one by one, a bad one failing alone`() {
        val plan = quickstartPlan()
        val (first, mug) = quickstartOrders()
        val gold = quoteContext("aff_dave", QUICKSTART_AT).copy(group = "gold", periodSalesCount = 12u)
        val requests = listOf(QuoteRequest(first, alice()), QuoteRequest(mug, alice()), QuoteRequest(mug, gold))
        val quotes = plan.quoteMany(requests).map { it.quote!! }
        assertEquals(listOf("120.96", "26.00", "30.00"), quotes.map { it.total.text })
        assertEquals(requests.map { plan.quote(it.order, it.context) }, quotes)
        assertEquals(listOf<QuoteResult>(), plan.quoteMany(listOf()))
        // A request that cannot be quoted is its row's error; the others are quoted.
        val bad = QuoteRequest(orderOf("o2", line("l1", "p", "1.00", quantity = 0u)), alice())
        val results = plan.quoteMany(listOf(requests[0], bad, requests[1]))
        assertEquals(listOf("120.96", null, "26.00"), results.map { it.quote?.total?.text })
        assertEquals(
            ErrorInfo("INVALID_ORDER", "invalid order at lines[0].quantity: must be at least 1", "lines[0].quantity"),
            results[1].error,
        )
    }

    @Test
    fun `a quote context from the core's JSON`() {
        val context = quoteContextFromJson("""{"affiliate": "aff_alice", "at": "2026-05-14T09:30:00Z", "parents": ["aff_bob", "aff_carol"]}""")
        assertEquals(alice(), context)
        assertEquals(dec("0") to 1u, context.periodRevenue to context.paymentNumber)
        assertEquals(RoundingMode.HALF_UP, context.rounding)
    }

    // ---- orders -------------------------------------------------------------------------------------

    @Test
    fun `orderTotals`() {
        // Lines 199.99 + 2 x 39.90 + 3 x 2.50 = 287.29; minus the 10.00 order discount = 277.29.
        val totals = orderTotals(quickstartOrders()[0])
        assertEquals("287.29" to "277.29", totals.linesNet.toPlainString() to totals.subtotal.toPlainString())
        assertEquals("order-1001", totals.order.id)
        assertEquals(dec("10.00"), totals.order.discount)
        assertEquals(listOf(1u, 2u, 3u), totals.order.lines.map { it.quantity })
        val small = orderTotals(oneLine("5"))
        assertEquals("5" to "5", small.linesNet.toPlainString() to small.subtotal.toPlainString())
    }

    @Test
    fun `an order reads and writes as the core's JSON`() {
        val first = quickstartOrders()[0]
        assertEquals(dec("4.90") to dec("21.00"), first.shipping to first.tax)
        assertEquals(fixture("quickstart-orders.json")[0], parse(orderToJson(first)))
        assertEquals(first, orderFromJson(orderToJson(first)))
        // A malformed field is InvalidOrder naming it, as in the other languages; text that is not JSON is InvalidInput.
        throwsCore<AffiliateKitException.InvalidOrder>(contains = "missing field `currency`") { orderFromJson("""{"id": "o1"}""") }
        throwsCore<AffiliateKitException.InvalidOrder>(contains = "invalid order at lines[0].unit_price: invalid amount \"1e3\"") {
            orderFromJson("""{"id": "o1", "currency": "EUR", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "1e3"}]}""")
        }
        throwsCore<AffiliateKitException.InvalidInput>(contains = "JSON: ") { orderFromJson("""{"id": "o1",""") }
    }

    @Test
    fun `an invalid order names the path`() {
        val plan = Plan(SMALL_PLAN)
        val context = quoteContext("aff_1", T(1))
        throwsCore<AffiliateKitException.InvalidOrder>("invalid order at lines[0].quantity: must be at least 1") {
            plan.quote(orderOf("o1", line("l1", "p", "1.00", quantity = 0u)), context)
        }
        throwsCore<AffiliateKitException.InvalidOrder>(contains = "invalid order at discount: ") {
            orderTotals(orderOf("o1", line("l1", "p", "100.00"), discount = "300"))
        }
        throwsCore<AffiliateKitException.InvalidOrder>(contains = "invalid order at context.affiliate: ") {
            plan.quote(oneLine("1.00"), context.copy(affiliate = ""))
        }
        throwsCore<AffiliateKitException.CurrencyMismatch>("currency mismatch: expected EUR, found USD") {
            plan.quote(oneLine("1.00", "USD"), context)
        }
        throwsCore<AffiliateKitException.InvalidCurrency> { plan.quote(oneLine("1.00", "usd"), context) }
    }
}
