package dev.affiliatekit

import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

/** Every verb and read of Program, on one scripted month of the shared month-config.json program (EUR,
 * Europe/Paris, 14 holding days, 50.00 minimum payout, 10 % default, 20 % books, level 2: 5 % of the
 * sale), with hand-computed amounts and the exact event stream (ported from
 * bindings-python/tests/test_program.py and bindings-wasm/tests/program.test.mjs). */
class ProgramTest {
    companion object {
        val TEN_PERCENT = Incentive(Discount.PercentOff(dec("10")))

        /** Every event of the month, in order (see [Month] for what causes each). */
        val MONTH_EVENTS = listOf(
            "affiliate.registered", "affiliate.updated", // Alice, then her group
            "invitation.created", "invitation.created", // Bob and Carol (not-an-email is an error)
            "affiliate.joined", "affiliate.updated", "affiliate.updated", // Bob joins, gets a code; Alice's 2nd code
            "order.tracked", "commission.created", // o-1 (Alice)
            "order.tracked", "commission.created", "commission.created", // o-2 (Bob, Alice at level 2)
            "order.updated", "commission.created", // the second payment of o-1
            "order.updated", "commission.reversed", "commission.reversed", // refund r1
            "order.updated", "commission.reversed", "commission.reversed", // chargeback cb1
            "commission.rejected", // com_4
            "affiliate.registered", "affiliate.status_changed", "affiliate.deleted", // Dave
            "commission.approved", "commission.approved", "commission.approved", // com_1..3
            "payout.threshold_reached", "payout.created", // Alice: 60.00 >= 50.00
            "payout.marked_paid", "invitation.expired", // pay_1; Carol's invitation
        )
    }

    /** The month run on a fresh program, with every answer by name. */
    class Month {
        val p = monthProgram()
        val alice = p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1, 9))
        val gold = p.updateAffiliate("aff_1", AffiliateUpdate(group = "gold"), T(1, 9, 1))
        val invite = p.invite(listOf("bob@example.com", "carol@example.com", "not-an-email"), "aff_1", T(1, 9, 5))
        val bob = p.acceptInvitation("inv_1", Acceptance(name = "Bob"), T(2, 18))
        val bobCode = p.generateCode("aff_2", 42uL, at = T(2, 18, 1))
        val vip = p.addCode("aff_1", "alice-vip", TEN_PERCENT, at = T(2, 19))
        val validation = unchanged(p) { p.validateCode("alice vip", T(2, 20)) }
        val click = p.recordClick("visitor-7", "1vxs-nzgey", T(3, 12))

        // o-1 by Alice's code: 10 % of 600.00 = 60.00 (com_1).
        val o1 = p.trackOrder(orderOf("o-1", line("l1", "course", "600.00", category = "course"), code = "ALICE"), at = T(3, 10))

        // o-2 by Bob's click: Bob 10 % of 300.00 = 30.00 (com_2), Alice 5 % of 300.00 = 15.00 (com_3).
        val o2 = p.trackOrder(orderOf("o-2", line("l1", "course", "300.00")), "visitor-7", T(4, 8))

        // A quote of a book by Bob's code: 20 % of 250.00 = 50.00 + Alice 5 % = 12.50 = 62.50; nothing written.
        val quote = unchanged(p) {
            p.quote(orderOf("o-3", line("l1", "rust-book", "250.00", category = "books"), code = "1VXSNZGEY"), at = T(5))
        }

        // The second payment of o-1 earns again (no payment condition): 60.00 (com_4).
        val payment = p.recordPayment(Payment("o-1-p2", "o-1"), T(5, 10))

        // Half of o-2 refunded: Bob 30.00 x 150 / 300 = 15.00, Alice 15.00 x 150 / 300 = 7.50.
        val refund = p.refund(Refund("r1", "o-2", amount = dec("150.00")), T(6))

        // The rest charged back: the remaining 15.00 and 7.50.
        val chargeback = p.chargeback(Refund("cb1", "o-2"), T(6, 1))
        val rejected = p.rejectCommission("com_4", "duplicate", T(6, 2))
        val dave = p.registerAffiliate(Registration(name = "Dave", email = "dave@example.com"), T(7))
        val suspended = p.setAffiliateStatus("aff_3", AffiliateStatus.SUSPENDED, T(7, 1))
        val deleted = p.deleteAffiliate("aff_3", T(7, 2))

        // 14 holding days before 03-20: commissions of 03-06 or before (com_1, com_2, com_3; com_4 is rejected).
        val approved = p.approveDue(T(20))

        // Alice: 60.00 + 15.00 - 7.50 - 7.50 = 60.00 >= 50.00 (4 entries); Bob: 30.00 - 30.00 = 0.00.
        val payouts = p.createPayouts(T(20, 1))
        val paid = p.markPayoutPaid("pay_1", "sepa-1", T(21))
        val expired = p.expireInvitations(T(31, 10)) // Carol's: created 03-01 09:05 + 30 days
    }

    @Test
    fun `affiliate verbs`() {
        val m = Month()
        val a = m.alice
        assertEquals(listOf("aff_1", "ALICE", AffiliateStatus.ACTIVE, null, listOf("ALICE")), listOf(a.id, a.code, a.status, a.group, a.codes))
        assertEquals(T(1, 9) to T(1, 9), a.createdAt to a.updatedAt)
        assertEquals("Alice" to "alice@example.com", a.name to a.email)
        assertEquals(AffiliateStats(0uL, 0uL, eur("0.00")), a.stats)
        assertEquals(dec("10"), a.commissionRate) // the plan's default rate
        assertEquals("gold" to T(1, 9, 1), m.gold.group to m.gold.updatedAt)
        assertEquals("aff_3", m.dave.id)
        assertEquals(AffiliateStatus.SUSPENDED, m.suspended.status)
        assertEquals(listOf(AffiliateStatus.DELETED, null, null), listOf(m.deleted.status, m.deleted.name, m.deleted.email))
        assertEquals(listOf("aff_1", "aff_2", "aff_3"), m.p.affiliates().map { it.id })
        assertEquals("aff_1", m.p.affiliate("aff_2").parent)
        assertEquals(m.p.affiliates()[0], m.p.affiliate("aff_1"))
        // Alice earned 60.00 + 15.00 + 60.00 - 7.50 - 7.50 - 60.00 = 60.00 net; her sales are o-1 and its
        // payment (o-2 is Bob's), her referrals the customer of o-1.
        val stats = m.p.affiliate("aff_1").stats
        assertEquals(eur("60.00"), stats.totalEarnings)
        assertEquals(2uL to 1uL, stats.totalSales to stats.totalReferrals)
        // The answer reads back as the core's JSON.
        val json = parse(affiliateViewToJson(m.alice))
        assertEquals("active", json["status"].asText())
        assertEquals("2026-03-01T09:00:00Z", json["created_at"].asText())
        assertEquals(parse("""{"total_referrals": 0, "total_sales": 0, "total_earnings": {"amount": "0.00", "currency": "EUR"}}"""), json["stats"])
    }

    @Test
    fun `codes in a program`() {
        val m = Month()
        assertEquals("1VXSNZGEY", m.bobCode.code) // seed 42, pinned by core/tests/codes.rs
        assertEquals(listOf("1VXSNZGEY"), m.bobCode.codes)
        assertEquals(listOf("ALICE", "ALICEVIP"), m.vip.codes)
        assertEquals(CodeValidation(true, CodeValidity.VALID, "ALICEVIP", "aff_1", TEN_PERCENT), m.validation)
        assertEquals(CodeValidity.MALFORMED, m.p.validateCode("!!", T(3)).reason)
        assertEquals(CodeValidation(false, CodeValidity.UNKNOWN, "NOPE", null, null), m.p.validateCode("nope", T(3)))
        assertEquals("aff_1", m.p.affiliateByCode("alice-vip").id)
        assertEquals("aff_2", m.p.affiliateByCode("IVXS-NZGEY").id)
        assertEquals(parse("""{"valid": true, "reason": "valid", "code": "ALICEVIP", "affiliate_id": "aff_1",
            "incentive": {"discount": {"type": "percent_off", "percent": "10"}, "min_order": null, "expires_at": null}}"""),
            parse(codeValidationToJson(m.validation)))
    }

    @Test
    fun `a code with an expiry, and a seed beyond 2^63`() {
        val p = aliceProgram()
        val vip = p.addCode("aff_1", "VIP", expiresAt = T(10), at = T(3))
        assertEquals(listOf("ALICE", "VIP"), vip.codes)
        assertEquals(CodeValidity.VALID, p.validateCode("vip", T(9, 23)).reason)
        assertEquals(CodeValidity.EXPIRED, p.validateCode("vip", T(10)).reason)
        val big = p.generateCode("aff_1", ULong.MAX_VALUE, at = T(3, 1))
        assertEquals(generateCode(ULong.MAX_VALUE), big.codes[2])
        // The command log gives the seed back exactly, so a replay makes the same program.
        assertEquals("18446744073709551615", parse(p.commandLogJson()).last()["seed"].asText())
        assertEquals(p.snapshot(), Program.replay(p.configJson(), p.commandLogJson()).snapshot())
    }

    @Test
    fun `invitations`() {
        val m = Month()
        assertEquals(listOf(listOf("inv_1", "bob@example.com", "aff_1", InvitationStatus.PENDING),
            listOf("inv_2", "carol@example.com", "aff_1", InvitationStatus.PENDING)),
            m.invite.invitations.map { listOf(it.id, it.email, it.invitedBy, it.status) })
        assertEquals(T(31, 9, 5), m.invite.invitations[0].expiresAt) // 30 days after 03-01 09:05
        assertEquals(listOf("not-an-email"), m.invite.errors.map { it.email })
        assertEquals(InviteSkipped(listOf(), listOf()), m.invite.skipped)
        assertEquals(listOf("aff_2", "Bob", "aff_1", AffiliateStatus.ACTIVE), listOf(m.bob.id, m.bob.name, m.bob.parent, m.bob.status))
        assertEquals(listOf("inv_2" to InvitationStatus.EXPIRED), m.expired.map { it.id to it.status })
        assertEquals(listOf(Triple("inv_1", InvitationStatus.ACCEPTED, "aff_2"), Triple("inv_2", InvitationStatus.EXPIRED, null)),
            m.p.invitations().map { Triple(it.id, it.status, it.affiliateId) })
        val again = m.p.invite(listOf("BOB@example.com", "dan@example.com"), at = T(31, 11))
        assertEquals(listOf("BOB@example.com"), again.skipped.alreadyAffiliate)
        assertEquals(listOf("inv_3"), again.invitations.map { it.id })
        assertEquals(listOf<Invitation>(), m.p.expireInvitations(T(31, 12)))
        val json = parse(inviteOutcomeToJson(m.invite))
        assertEquals(parse("""{"already_affiliate": [], "already_invited": []}"""), json["skipped"])
        assertEquals("not-an-email", json["errors"][0]["email"].asText())
        assertEquals("2026-03-31T09:05:00Z", parse(invitationToJson(m.invite.invitations[0]))["expires_at"].asText())
    }

    @Test
    fun `an invitation expiring after year 9999 reads and writes as the core's`() {
        val p = monthProgram()
        val at = Instant.parse("9999-12-31T00:00:00Z")
        p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com"), at)
        val invitation = p.invite(listOf("bob@example.com"), "aff_1", at).invitations.single()
        assertEquals(Instant.parse("+10000-01-30T00:00:00Z"), invitation.expiresAt) // 30 days later
        assertEquals("+10000-01-30T00:00:00Z", parse(invitationToJson(invitation))["expires_at"].asText())
        assertEquals(parse(p.snapshot())["state"]["invitations"][0]["expires_at"], parse(invitationToJson(invitation))["expires_at"])
        assertEquals(listOf("inv_1"), p.expireInvitations(invitation.expiresAt).map { it.id })
    }

    @Test
    fun `tracking, attribution and quote`() {
        val m = Month()
        assertEquals(Click("aff_2", "1VXSNZGEY", T(3, 12)), m.click)
        assertEquals(parse("""{"affiliate_id": "aff_2", "code": "1VXSNZGEY", "at": "2026-03-03T12:00:00Z"}"""), parse(clickToJson(m.click)))
        val o1 = m.o1
        assertEquals(listOf("o-1", "aff_1", AttributionSource.CODE, "ALICE", true), listOf(o1.saleId, o1.affiliateId, o1.attributedBy, o1.code, o1.credited))
        assertEquals(listOf("com_1" to "60.00"), o1.commissions.map { it.id to it.amount.text })
        assertEquals(eur("60.00"), o1.total)
        assertEquals(T(3, 10), o1.commissions[0].createdAt)
        assertNull(o1.reason)
        assertEquals(dec("10"), o1.quote!!.lines[0].explanation.calculation.rate)
        val o2 = m.o2
        assertEquals(listOf("aff_2", AttributionSource.CLICK, "45.00"), listOf(o2.affiliateId, o2.attributedBy, o2.total.text))
        assertEquals(listOf(listOf("com_2", "aff_2", 1u, "default", "30.00"), listOf("com_3", "aff_1", 2u, "levels[0]", "15.00")),
            o2.commissions.map { listOf(it.id, it.affiliateId, it.level, it.ruleId, it.amount.text) })
        val q = m.quote
        assertEquals("62.50" to AttributionSource.CODE, q.total.text to q.attributedBy)
        assertEquals(listOf("50.00", "12.50"), q.commissions.map { it.amount.text })
        assertEquals("books", q.quote!!.lines[0].ruleId)
        val pay = m.payment
        assertEquals(listOf("o-1-p2", 2u, AttributionSource.SUBSCRIPTION), listOf(pay.saleId, pay.paymentNumber, pay.attributedBy))
        assertEquals(listOf("com_4" to "60.00"), pay.commissions.map { it.id to it.amount.text })
        val sale = m.p.sale("o-2")
        assertEquals(listOf(SaleOrigin.ORDER, "300.00", "300.00", "visitor-7"),
            listOf(sale.origin, sale.gross.toPlainString(), sale.refunded.toPlainString(), sale.visitorId))
        assertEquals(T(4, 8), sale.at)
        assertEquals(m.o2.copy(), sale.outcome)
        // The explanation is rebuilt from what the sale keeps: the quote tracking answered.
        assertEquals(m.o2.quote, m.p.explain("o-2"))
        val why = m.p.explainCommission("com_3")
        assertEquals(listOf("aff_1", 2u, "levels[0]", "15.00"), listOf(why.beneficiary, why.level, why.ruleId, why.amount.text))
        assertEquals(m.o2.quote!!.lines[1], why)
        assertEquals("o-2", parse(saleToJson(sale))["order"]["id"].asText())
        // A quote by a visitor: Bob's click credits Bob 10 % of 100.00 = 10.00 and Alice 5 % = 5.00.
        val byVisitor = unchanged(m.p) { m.p.quote(orderOf("o-4", line("l1", "mug", "100.00")), "visitor-7", T(10)) }
        assertEquals(listOf("aff_2", AttributionSource.CLICK, "15.00"), listOf(byVisitor.affiliateId, byVisitor.attributedBy, byVisitor.total.text))
        // Not attributed: no code, no click, no lifetime link.
        val nobody = m.p.quote(orderOf("o-5", line("l1", "mug", "100.00")), at = T(10))
        assertEquals(listOf(false, NoCreditReason.NO_ATTRIBUTION, null), listOf(nobody.credited, nobody.reason, nobody.affiliateId))
        val json = parse(trackOutcomeToJson(o2))
        assertEquals("click", json["attributed_by"].asText())
        assertEquals("45.00", json["total"]["amount"].asText())
        assertEquals("levels[0]", json["commissions"][1]["rule_id"].asText())
    }

    @Test
    fun `refund and chargeback`() {
        val m = Month()
        val r = m.refund
        assertEquals(listOf("r1", "o-2", UpdateKind.REFUND, "150.00", "150.00"), listOf(r.refundId, r.orderId, r.kind, r.amount.text, r.remaining.text))
        assertEquals(listOf(Reversal("com_2", "aff_2", EntryKind.REVERSAL, eur("15.00")), Reversal("com_3", "aff_1", EntryKind.REVERSAL, eur("7.50"))),
            r.reversals)
        val cb = m.chargeback
        assertEquals(listOf(UpdateKind.CHARGEBACK, "150.00", "0.00"), listOf(cb.kind, cb.amount.text, cb.remaining.text))
        assertEquals(listOf("15.00", "7.50"), cb.reversals.map { it.amount.text })
        val json = parse(refundOutcomeToJson(cb))
        assertEquals("chargeback" to "reversal", json["kind"].asText() to json["reversals"][0]["kind"].asText())
    }

    @Test
    fun `settlement`() {
        val m = Month()
        assertEquals(listOf("com_4", CommissionStatus.REJECTED, "60.00"), listOf(m.rejected.id, m.rejected.status, m.rejected.reversed.text))
        assertEquals(listOf("com_1", "com_2", "com_3").map { it to CommissionStatus.APPROVED }, m.approved.map { it.id to it.status })
        assertEquals("rejected", parse(commissionViewToJson(m.rejected))["status"].asText())
        val payout = m.payouts.single()
        assertEquals(listOf("pay_1", "aff_1", "60.00", 4uL, PayoutStatus.CREATED),
            listOf(payout.id, payout.affiliateId, payout.amount.text, payout.entryCount, payout.status))
        assertEquals(listOf(PayoutStatus.PAID, "sepa-1", T(21)), listOf(m.paid.status, m.paid.reference, m.paid.settledAt))
        assertEquals(m.paid, m.p.payout("pay_1"))
        assertEquals(listOf(m.paid), m.p.payouts())
        assertEquals(parse("""{"id": "pay_1", "affiliate_id": "aff_1", "amount": {"amount": "60.00", "currency": "EUR"}, "status": "paid",
            "entry_count": 4, "created_at": "2026-03-20T01:00:00Z", "settled_at": "2026-03-21T00:00:00Z", "reference": "sepa-1"}"""),
            parse(payoutToJson(m.paid)))
        // Alice earned 60.00 + 15.00 + 60.00 = 135.00, reversed 7.50 + 7.50 + 60.00 = 75.00, paid 60.00.
        val b = m.p.balance("aff_1", "EUR")
        assertEquals(listOf("0.00", "0.00", "0.00", "0.00", "60.00", "135.00", "75.00"),
            amounts(listOf(b.pending, b.approved, b.payable, b.inPayout, b.paid, b.earned, b.reversed)))
        assertEquals("aff_1" to "EUR", b.affiliateId to b.currency)
        assertEquals(eur("30.00"), m.p.balance("aff_2", "EUR").reversed)
        assertEquals("135.00", parse(balanceToJson(b))["earned"]["amount"].asText())
    }

    @Test
    fun `a failed payout makes its entries payable again`() {
        val p = aliceProgram() // o1: 10.00 pending; o2: 10 % of 500.00 = 50.00, total 60.00
        p.trackOrder(orderOf("o2", line("l1", "p", "500.00"), code = "ALICE"), at = T(2))
        assertEquals(listOf("10.00", "50.00"), p.approveDue(T(20)).map { it.amount.text })
        val payout = p.createPayouts(T(20)).single()
        assertEquals(eur("60.00"), p.balance("aff_1", "EUR").inPayout)
        val failed = p.markPayoutFailed(payout.id, "bank rejected", T(21))
        assertEquals(listOf("pay_1", PayoutStatus.FAILED, "bank rejected", "60.00"),
            listOf(failed.id, failed.status, failed.failureReason, failed.amount.text))
        assertEquals(eur("60.00"), p.balance("aff_1", "EUR").payable)
        // The payable balance rises to the minimum again when the payout fails: a second threshold event.
        assertEquals(listOf("affiliate.registered", "order.tracked", "commission.created", "order.tracked", "commission.created",
            "commission.approved", "commission.approved", "payout.threshold_reached", "payout.created", "payout.failed",
            "payout.threshold_reached"), p.drainEvents().map(::eventType))
    }

    @Test
    fun `ledger reads`() {
        val m = Month()
        val c = m.p.commission("com_3")
        assertEquals(listOf("aff_1", 2u, CommissionStatus.PAID, "o-2"), listOf(c.affiliateId, c.level, c.status, c.saleId))
        assertEquals(listOf(LineShare("l1", dec("15.00"))), c.lineShares)
        assertEquals(listOf("com_1", "com_2", "com_3", "com_4"), m.p.commissions().map { it.id })
        assertEquals(parse("""[{"line_id": "l1", "amount": "15.00"}]"""), parse(commissionToJson(c))["line_shares"])
        val entries = m.p.entries()
        assertEquals(listOf(Triple(EntryKind.COMMISSION, "60.00", null), Triple(EntryKind.COMMISSION, "30.00", null),
            Triple(EntryKind.COMMISSION, "15.00", null), Triple(EntryKind.COMMISSION, "60.00", null),
            Triple(EntryKind.REVERSAL, "-15.00", "r1"), Triple(EntryKind.REVERSAL, "-7.50", "r1"),
            Triple(EntryKind.REVERSAL, "-15.00", "cb1"), Triple(EntryKind.REVERSAL, "-7.50", "cb1"),
            Triple(EntryKind.REJECTION, "-60.00", "duplicate")), entries.map { Triple(it.kind, it.amount.text, it.cause) })
        assertEquals(Settlement.Paid(1u), entries[0].settlement)
        assertEquals(Settlement.Approved, entries[1].settlement)
        assertEquals(parse("""{"state": "paid", "payout": 1}"""), parse(entryToJson(entries[0]))["settlement"])
        assertEquals(parse("""{"state": "approved"}"""), parse(entryToJson(entries[1]))["settlement"])
    }

    @Test
    fun `stats, report, config and plan`() {
        val m = Month()
        val s = m.p.stats()
        // Sales: o-1, o-2 and the payment; referrals: the two orders. Revenue 600 + 300 + 600 = 1500.00;
        // earned 60 + 30 + 15 + 60 = 165.00; reversed 30 + 15 + 60 = 105.00.
        assertEquals(listOf(3uL, 2uL, 3uL, 2uL), listOf(s.affiliates, s.activeAffiliates, s.sales, s.referrals))
        assertEquals(listOf("1500.00", "165.00", "105.00", "60.00"), amounts(listOf(s.revenue, s.earned, s.reversed, s.paid)))
        assertNull(s.affiliateId)
        val a = m.p.stats("aff_1")
        assertEquals(listOf("aff_1", 2uL, "135.00"), listOf(a.affiliateId, a.sales, a.earned.text))
        assertEquals("1500.00", parse(programStatsToJson(s))["revenue"]["amount"].asText())
        // [03-01, 04-01) UTC in Paris: all of March (from 02-28 23:00 UTC) and the first of April.
        val report = m.p.report(Granularity.MONTH, T(1), T(1, month = 4))
        assertEquals(listOf(listOf("2026-03", 3uL, "165.00", "105.00"), listOf("2026-04", 0uL, "0.00", "0.00")),
            report.rows.map { listOf(it.label, it.sales, it.earned.text, it.reversed.text) })
        assertEquals(T(28, 23, month = 2) to T(31, 22), report.rows[0].start to report.rows[0].end)
        assertEquals("month", parse(reportToJson(report))["granularity"].asText())
        val config = parse(m.p.configJson())
        assertEquals(listOf("EUR", "Europe/Paris", "14", "true"),
            listOf("currency", "timezone", "holding_days", "auto_approve").map { config[it].asText() })
        assertEquals(parse("""{"EUR": "50.00"}"""), config["minimum_payout"])
        assertEquals(parse(Plan(fixture("month-config.json")["plan"].toString()).toJson()), parse(m.p.planJson()))
        assertEquals(m.p.planJson(), m.p.plan().toJson())
        assertEquals(listOf("default" to "10", "books" to "20"), parse(m.p.planJson())["rules"].map { it["id"].asText() to it["rate"].asText() })
        // The program's plan quotes by hand: 20 % of 50.00 = 10.00 (no parents given, no level 2).
        assertEquals(eur("10.00"), m.p.plan().quote(orderOf("x", line("l1", "b", "50.00", category = "books")), quoteContext("aff_1", T(1))).total)
    }

    @Test
    fun `events - eventsSince and drainEvents`() {
        val m = Month()
        val events = m.p.eventsSince(0uL)
        assertEquals(MONTH_EVENTS, events.map(::eventType))
        assertEquals(MONTH_EVENTS.indices.map { (it + 1).toULong() }, events.map { it.sequence })
        assertEquals(listOf("evt_1", "evt_2"), events.take(2).map { it.id })
        assertEquals(T(1, 9), events[0].occurredAt)
        assertEquals(EventData.AffiliateRegistered(m.alice), events[0].data)
        assertEquals(EventData.AffiliateStatusChanged(m.suspended, AffiliateStatus.ACTIVE, AffiliateStatus.SUSPENDED), events[22].data)
        assertEquals(EventData.OrderUpdated("o-2", UpdateKind.REFUND, "r1", eur("150.00")), events[14].data)
        val json = parse(eventToJson(events[0]))
        assertEquals(listOf("id", "sequence", "occurred_at", "type", "data"), json.fieldNames().asSequence().toList())
        assertEquals("2026-03-01T09:00:00Z", json["occurred_at"].asText())
        assertEquals(parse("""{"amount": "0.00", "currency": "EUR"}"""), json["data"]["affiliate"]["stats"]["total_earnings"])
        assertEquals(listOf("payout.marked_paid", "invitation.expired"), m.p.eventsSince(29uL).map(::eventType))
        assertEquals(listOf<Event>(), m.p.eventsSince(31uL))
        for (event in events) assertEquals(event, eventFromJson(eventToJson(event)))
        val drained = m.p.drainEvents()
        assertEquals(events, drained)
        assertEquals(listOf<Event>(), m.p.drainEvents())
        assertEquals(MONTH_EVENTS.size, m.p.eventsSince(0uL).size) // draining keeps the history
        // drain_events is a command: it is in the log.
        assertEquals("drain_events", parse(m.p.commandLogJson()).last()["verb"].asText())
    }

    @Test
    fun `snapshot, restore and replay`() {
        val m = Month()
        val config = fixtureText("month-config.json")
        val snapshot = m.p.snapshot()
        assertEquals(2, parse(snapshot)["schema_version"].asInt())
        val restored = Program.restore(snapshot)
        assertEquals(snapshot, restored.snapshot())
        assertEquals("[]", restored.commandLogJson()) // a restored program's log starts empty
        assertEquals(m.p.balance("aff_1", "EUR"), restored.balance("aff_1", "EUR"))
        val log = parse(m.p.commandLogJson())
        assertEquals(listOf("register_affiliate", "update_affiliate", "invite", "accept_invitation", "generate_code", "add_code",
            "record_click", "track_order", "track_order", "record_payment", "refund", "chargeback", "reject_commission",
            "register_affiliate", "set_affiliate_status", "delete_affiliate", "approve_due", "create_payouts",
            "mark_payout_paid", "expire_invitations"), log.map { it["verb"].asText() }) // validateCode and quote are reads
        assertEquals(parse("""{"verb": "register_affiliate", "registration": {"name": "Alice", "email": "alice@example.com", "code": "ALICE"},
            "at": "2026-03-01T09:00:00Z"}"""), log[0])
        assertEquals(parse("""{"verb": "generate_code", "affiliate_id": "aff_2", "seed": 42, "at": "2026-03-02T18:01:00Z"}"""), log[4])
        val replayed = Program.replay(config, m.p.commandLogJson())
        assertEquals(snapshot, replayed.snapshot())
        assertEquals(m.p.commandLogJson(), replayed.commandLogJson())
        assertEquals(m.p.eventsSince(0uL), replayed.eventsSince(0uL))
        assertEquals(snapshot, Program.replay(m.p.configJson(), m.p.commandLogJson()).snapshot())
    }

    @Test
    fun `a restored program continues identically`() {
        val m = Month()
        val copy = Program.restore(m.p.snapshot())
        for (p in listOf(m.p, copy)) {
            p.trackOrder(orderOf("o-9", line("l1", "rust-book", "100.00", category = "books"), code = "ALICE"), at = T(31, 20))
        }
        assertEquals(m.p.snapshot(), copy.snapshot()) // books 20 % of 100.00 = 20.00 for both
        assertEquals(m.p.balance("aff_1", "EUR"), copy.balance("aff_1", "EUR"))
        assertEquals(eur("20.00"), copy.balance("aff_1", "EUR").pending)
        assertEquals(m.p.eventsSince(0uL), copy.eventsSince(0uL))
        copy.close()
    }

    @Test
    fun `idempotent retries, refund by lines and a weekly report`() {
        val p = monthProgram()
        p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        // 10 % of 100.00 + 50.00 = 15.00, one commission (one winning rule).
        val twoLines = orderOf("o1", line("l1", "p", "100.00"), line("l2", "q", "50.00"), code = "ALICE")
        val first = p.trackOrder(twoLines, at = T(2))
        assertEquals(eur("15.00"), first.total)
        assertEquals(1, first.commissions.size)
        // The same order again: the first answer, and the state does not change (the retry is logged).
        val snapshot = p.snapshot()
        assertEquals(first, p.trackOrder(twoLines, at = T(2, 5)))
        assertEquals(snapshot, p.snapshot())
        // Refunding line l2 reverses its share: 10 % of 50.00 = 5.00.
        val refund = p.refund(Refund("r1", "o1", lines = listOf("l2")), T(3))
        assertEquals("50.00" to "100.00", refund.amount.text to refund.remaining.text)
        assertEquals(listOf("5.00"), refund.reversals.map { it.amount.text })
        assertEquals(refund, p.refund(Refund("r1", "o1", lines = listOf("l2")), T(3)))
        assertEquals(eur("5.00"), p.balance("aff_1", "EUR").reversed) // reversed once
        assertEquals(listOf("l2"), p.sale("o1").refundedLines)
        // ISO weeks in Paris: W10 runs from Monday 03-02 00:00 local (03-01 23:00 UTC).
        val report = p.report(Granularity.WEEK, T(1), T(9), "aff_1")
        assertEquals(listOf(Granularity.WEEK, "aff_1", "Europe/Paris"), listOf(report.granularity, report.affiliateId, report.timezone))
        assertEquals(listOf(listOf("2026-W09", 0uL, "0.00", "0.00", "0.00"), listOf("2026-W10", 1uL, "150.00", "15.00", "5.00"),
            listOf("2026-W11", 0uL, "0.00", "0.00", "0.00")),
            report.rows.map { listOf(it.label, it.sales, it.revenue.text, it.earned.text, it.reversed.text) })
        assertEquals(T(1, 23), report.rows[1].start)
    }

    @Test
    fun `trackMany - a bad row in the middle is its error, the others are tracked`() {
        val p = aliceProgram()
        val good1 = TrackRequest(orderOf("o2", line("l1", "p", "200.00"), code = "ALICE")) // 10 % = 20.00
        val bad = TrackRequest(orderOf("o3", line("l1", "p", "1.00", quantity = 0u), code = "ALICE"))
        val good2 = TrackRequest(orderOf("o4", line("l1", "rust-book", "50.00", category = "books"), code = "ALICE")) // 20 % = 10.00
        val results = p.trackMany(listOf(good1, bad, good2), T(3))
        assertEquals(3, results.size)
        assertEquals(listOf("20.00", null, "10.00"), results.map { it.outcome?.total?.text })
        assertEquals(listOf(null, ErrorInfo("INVALID_ORDER", "invalid order at lines[0].quantity: must be at least 1", "lines[0].quantity"), null),
            results.map { it.error })
        assertEquals(listOf("com_2", "com_3"), results.mapNotNull { it.outcome?.commissions?.single()?.id })
        // The state is that of tracking the two good orders alone: the bad row changed nothing.
        val alone = aliceProgram()
        alone.trackOrder(good1.order, at = T(3))
        alone.trackOrder(good2.order, at = T(3))
        assertEquals(alone.snapshot(), p.snapshot())
        assertEquals(alone.commandLogJson(), p.commandLogJson())
        assertEquals(eur("40.00"), p.balance("aff_1", "EUR").pending) // 10.00 + 20.00 + 10.00
        // A row that conflicts with a tracked order, and one in another currency, are errors too.
        val again = p.trackMany(listOf(TrackRequest(orderOf("o2", line("l1", "p", "999.00"), code = "ALICE")),
            TrackRequest(orderOf("o5", line("l1", "p", "1.00"), currency = "USD", code = "ALICE"))), T(4))
        assertEquals(listOf("CONFLICT", "CURRENCY_MISMATCH"), again.map { it.error?.code })
        assertEquals(listOf<String?>(null, null), again.map { it.error?.path })
        assertEquals(alone.snapshot(), p.snapshot())
        assertEquals(listOf<TrackResult>(), p.trackMany(listOf(), T(4)))
    }

    @Test
    fun `inputs read from the core's JSON`() {
        val p = monthProgram()
        val alice = p.registerAffiliate(registrationFromJson("""{"name": "Alice", "email": "alice@example.com", "code": "ALICE", "group": "gold"}"""), T(1))
        assertEquals("gold", alice.group)
        assertEquals("Alicia", p.updateAffiliate("aff_1", affiliateUpdateFromJson("""{"name": "Alicia"}"""), T(1, 1)).name)
        p.invite(listOf("bob@example.com"), "aff_1", T(1, 2))
        val bob = p.acceptInvitation("inv_1", acceptanceFromJson("""{"id": "bob", "name": "Bob", "code": "BOBBY"}"""), T(1, 3))
        assertEquals("bob" to "BOBBY", bob.id to bob.code)
        val outcome = p.trackOrder(orderFromJson("""{"id": "o1", "currency": "EUR", "code": "BOBBY",
            "lines": [{"id": "l1", "product": "p", "quantity": 2, "unit_price": "100.00"}]}"""), at = T(2))
        assertEquals("30.00", outcome.total.text) // Bob 10 % of 200.00 = 20.00, Alice 5 % = 10.00
        assertEquals("2", p.recordPayment(paymentFromJson("""{"id": "o1-p2", "order_id": "o1"}"""), T(3)).paymentNumber.toString())
        val refund = p.refund(refundFromJson("""{"id": "r1", "order_id": "o1", "amount": "50.00"}"""), T(4))
        assertEquals(listOf("5.00", "2.50"), refund.reversals.map { it.amount.text }) // a quarter of 20.00 and 10.00
        assertEquals(listOf("ALICE", "VIP"), p.addCode("aff_1", "vip", incentiveFromJson("""{"discount": {"type": "amount_off", "amount": {"amount": "5.00", "currency": "EUR"}}}"""), at = T(5)).codes)
        assertEquals(Incentive(Discount.AmountOff(eur("5.00"))), p.validateCode("VIP", T(5)).incentive)
    }

    @Test
    fun `reads change nothing, commands change the state and grow the log`() {
        val p = aliceProgram()
        unchanged(p) {
            p.affiliate("aff_1"); p.affiliateByCode("alice"); p.affiliates(); p.balance("aff_1", "EUR"); p.commission("com_1")
            p.commissions(); p.entries(); p.sale("o1"); p.payouts(); p.invitations(); p.validateCode("ALICE", T(3))
            p.quote(orderOf("q", line("l1", "p", "1.00"), code = "ALICE"), at = T(3)); p.stats(); p.stats("aff_1")
            p.report(Granularity.DAY, T(1), T(3)); p.eventsSince(0uL); p.configJson(); p.planJson(); p.plan()
        }
        val before = p.snapshot()
        assertEquals(listOf("com_1"), p.approveDue(T(20)).map { it.id }) // 03-02 + 14 days <= 03-20
        assertNotEquals(before, p.snapshot())
        assertEquals(listOf("register_affiliate", "track_order", "approve_due"), parse(p.commandLogJson()).map { it["verb"].asText() })
        assertEquals(eur("10.00"), p.balance("aff_1", "EUR").payable)
    }
}
