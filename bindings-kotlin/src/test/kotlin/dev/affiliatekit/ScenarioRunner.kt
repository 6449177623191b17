package dev.affiliatekit

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ArrayNode
import com.fasterxml.jackson.databind.node.ObjectNode
import java.io.File
import java.time.Instant
import kotlin.reflect.KClass

// The verbs of the shared scenarios mapped onto the typed Kotlin API. A step's arguments are the core's
// JSON: structured ones (order, registration, refund, incentive, headers, ...) are read into the typed
// records with the binding's `<type>FromJson`, scalars are read here; the typed method is called; its
// typed answer is written back as the core's JSON with `<type>ToJson` and compared with `expect`. So the
// typed answer -> core JSON round trip is part of every step: a lossy mirror fails the scenario.

/** What the core describes of itself (schema/affiliate-kit.json, written by ./scripts/generate). */
val SCHEMA: JsonNode = JSON.readTree(File(CORE_TESTS.parentFile.parentFile, "schema/affiliate-kit.json"))

/** The verbs that are commands (they go into the command log; the core's `Command::VERBS`); every other verb is a read. */
val COMMAND_VERBS: List<String> = SCHEMA["command_verbs"].map { it.asText() }

/** The exception class of each error code: `AffiliateKitException.<name>` of each kind the core describes. */
val EXCEPTION_OF_CODE: Map<String, KClass<out AffiliateKitException>> = SCHEMA["errors"].associate { kind ->
    val named = Class.forName("dev.affiliatekit.AffiliateKitException\$${kind["name"].asText()}")
    kind["code"].asText() to named.asSubclass(AffiliateKitException::class.java).kotlin
}

/** A prepared call: the typed call, and how its typed answer is written as the core's JSON. */
class Call(val invoke: () -> Any?, val toJson: (Any?) -> JsonNode)

@Suppress("UNCHECKED_CAST")
fun <T> call(invoke: () -> T, toJson: (T) -> String) = Call(invoke) { parse(toJson(it as T)) }

@Suppress("UNCHECKED_CAST")
fun <T> listCall(invoke: () -> List<T>, toJson: (T) -> String) =
    Call(invoke) { answer -> JSON.createArrayNode().also { out -> (answer as List<T>).forEach { out.add(parse(toJson(it))) } } }

/** The arguments of one step: each read once; unknown or missing ones fail the step, as the Rust runner's
 * `deny_unknown_fields` does. */
class Args(private val what: String, private val verb: String, private val node: ObjectNode) {
    private val used = mutableSetOf<String>()

    private fun get(key: String): JsonNode? = node[key]?.takeUnless { it.isNull }.also { used.add(key) }

    private fun need(key: String): JsonNode = get(key) ?: throw ScenarioFailure("not a valid $what: missing argument \"$key\" of $verb")

    fun str(key: String): String = need(key).also { if (!it.isTextual) bad(key, "a string") }.asText()

    fun optStr(key: String): String? = if (get(key) == null) null else str(key)

    fun instant(key: String): Instant = convert(key) { Instant.parse(str(key)) }

    fun optInstant(key: String): Instant? = if (get(key) == null) null else instant(key)

    fun uLong(key: String): ULong = need(key).also { if (!it.isIntegralNumber) bad(key, "an integer") }.bigIntegerValue().toString().toULong()
    fun optULong(key: String): ULong? = if (get(key) == null) null else uLong(key)

    fun strings(key: String): List<String> = need(key).also { if (!it.isArray) bad(key, "an array") }.map { it.asText() }

    /** The JSON text of a structured argument, read into its typed record by [read] (a `<type>FromJson`). */
    fun <T> typed(key: String, read: (String) -> T): T = convert(key) { read(need(key).toString()) }

    fun <T> optTyped(key: String, read: (String) -> T): T? = if (get(key) == null) null else typed(key, read)

    fun <E : Enum<E>> enum(key: String, values: List<E>): E =
        str(key).let { name -> values.firstOrNull { it.name == name.uppercase() } ?: bad(key, "one of ${values.map { it.name.lowercase() }}") }

    /** Fails on any argument not read. */
    fun done() {
        val unknown = node.fieldNames().asSequence().filter { it !in used }.toList()
        if (unknown.isNotEmpty()) throw ScenarioFailure("not a valid $what: unknown argument(s) $unknown of $verb")
    }

    private fun bad(key: String, expected: String): Nothing = throw ScenarioFailure("not a valid $what: \"$key\" of $verb must be $expected")

    private fun <T> convert(key: String, block: () -> T): T = try {
        block()
    } catch (e: ScenarioFailure) {
        throw e
    } catch (e: Exception) {
        throw ScenarioFailure("not a valid $what: argument \"$key\" of $verb does not convert: ${e::class.simpleName}: ${e.message}")
    }
}

/** The verbs that drop the command log (it held the personal data they erase). */
val ERASE_VERBS = setOf("erase_affiliate", "erase_customer")

/** The scenario's program, the last signed webhook and the commands accepted before a restore. */
class Runner(val configJson: String, var program: Program) {
    var lastSigned: SignedWebhook? = null
    val earlierLog: MutableList<JsonNode> = mutableListOf()
    /** The commands accepted, as the file gives them: the log to replay once an erasure has dropped the
     * program's (it held the personal data the erasure removes). */
    val accepted: MutableList<JsonNode> = mutableListOf()

    /** The typed call of a command verb (its arguments converted, nothing run yet). */
    fun command(verb: String, node: ObjectNode): Call {
        val a = Args("command", verb, node)
        val p = program
        val c = when (verb) {
            "register_affiliate" -> a.typed("registration", ::registrationFromJson).let { r -> val at = a.instant("at")
                call({ p.registerAffiliate(r, at) }, ::affiliateViewToJson) }
            "update_affiliate" -> Triple(a.str("affiliate_id"), a.typed("update", ::affiliateUpdateFromJson), a.instant("at"))
                .let { (id, u, at) -> call({ p.updateAffiliate(id, u, at) }, ::affiliateViewToJson) }
            "set_affiliate_status" -> Triple(a.str("affiliate_id"), a.enum("status", AffiliateStatus.entries), a.instant("at"))
                .let { (id, s, at) -> call({ p.setAffiliateStatus(id, s, at) }, ::affiliateViewToJson) }
            "delete_affiliate" -> (a.str("affiliate_id") to a.instant("at")).let { (id, at) -> call({ p.deleteAffiliate(id, at) }, ::affiliateViewToJson) }
            "add_code" -> {
                val (id, code) = a.str("affiliate_id") to a.str("code")
                val (incentive, expires) = a.optTyped("incentive", ::incentiveFromJson) to a.optInstant("expires_at")
                val at = a.instant("at")
                call({ p.addCode(id, code, incentive, expires, at) }, ::affiliateViewToJson)
            }
            "generate_code" -> {
                val (id, seed) = a.str("affiliate_id") to a.uLong("seed")
                val (incentive, expires) = a.optTyped("incentive", ::incentiveFromJson) to a.optInstant("expires_at")
                val at = a.instant("at")
                call({ p.generateCode(id, seed, incentive, expires, at) }, ::affiliateViewToJson)
            }
            "invite" -> Triple(a.strings("emails"), a.optStr("invited_by"), a.instant("at"))
                .let { (emails, by, at) -> call({ p.invite(emails, by, at) }, ::inviteOutcomeToJson) }
            "accept_invitation" -> Triple(a.str("invitation_id"), a.typed("acceptance", ::acceptanceFromJson), a.instant("at"))
                .let { (id, acceptance, at) -> call({ p.acceptInvitation(id, acceptance, at) }, ::affiliateViewToJson) }
            "expire_invitations" -> a.instant("at").let { at -> listCall({ p.expireInvitations(at) }, ::invitationToJson) }
            "record_click" -> Triple(a.str("visitor_id"), a.str("code"), a.instant("at"))
                .let { (visitor, code, at) -> call({ p.recordClick(visitor, code, at) }, ::clickToJson) }
            "track_order" -> Triple(a.typed("order", ::orderFromJson), a.optStr("visitor_id"), a.instant("at"))
                .let { (order, visitor, at) -> call({ p.trackOrder(order, visitor, at) }, ::trackOutcomeToJson) }
            "record_payment" -> (a.typed("payment", ::paymentFromJson) to a.instant("at"))
                .let { (payment, at) -> call({ p.recordPayment(payment, at) }, ::trackOutcomeToJson) }
            "refund" -> (a.typed("refund", ::refundFromJson) to a.instant("at"))
                .let { (refund, at) -> call({ p.refund(refund, at) }, ::refundOutcomeToJson) }
            "chargeback" -> (a.typed("refund", ::refundFromJson) to a.instant("at"))
                .let { (refund, at) -> call({ p.chargeback(refund, at) }, ::refundOutcomeToJson) }
            "approve_due" -> a.instant("at").let { at -> listCall({ p.approveDue(at) }, ::commissionViewToJson) }
            "reject_commission" -> Triple(a.str("commission_id"), a.str("reason"), a.instant("at"))
                .let { (id, reason, at) -> call({ p.rejectCommission(id, reason, at) }, ::commissionViewToJson) }
            "hold_affiliate" -> Triple(a.str("affiliate_id"), a.str("reason"), a.instant("at"))
                .let { (id, reason, at) -> call({ p.holdAffiliate(id, reason, at) }, ::affiliateViewToJson) }
            "release_affiliate" -> (a.str("affiliate_id") to a.instant("at"))
                .let { (id, at) -> call({ p.releaseAffiliate(id, at) }, ::affiliateViewToJson) }
            "reject_held" -> Triple(a.str("affiliate_id"), a.str("reason"), a.instant("at"))
                .let { (id, reason, at) -> listCall({ p.rejectHeld(id, reason, at) }, ::commissionViewToJson) }
            "hold_commission" -> Triple(a.str("commission_id"), a.str("reason"), a.instant("at"))
                .let { (id, reason, at) -> call({ p.holdCommission(id, reason, at) }, ::commissionViewToJson) }
            "release_commission" -> (a.str("commission_id") to a.instant("at"))
                .let { (id, at) -> call({ p.releaseCommission(id, at) }, ::commissionViewToJson) }
            "erase_affiliate" -> (a.str("affiliate_id") to a.instant("at"))
                .let { (id, at) -> call({ p.eraseAffiliate(id, at) }, ::affiliateViewToJson) }
            "erase_customer" -> (a.str("customer") to a.instant("at"))
                .let { (customer, at) -> call({ p.eraseCustomer(customer, at) }, ::customerErasureToJson) }
            "create_payouts" -> a.instant("at").let { at -> listCall({ p.createPayouts(at) }, ::payoutToJson) }
            "mark_payout_paid" -> Triple(a.str("payout_id"), a.optStr("reference"), a.instant("at"))
                .let { (id, reference, at) -> call({ p.markPayoutPaid(id, reference, at) }, ::payoutToJson) }
            "mark_payout_failed" -> Triple(a.str("payout_id"), a.str("reason"), a.instant("at"))
                .let { (id, reason, at) -> call({ p.markPayoutFailed(id, reason, at) }, ::payoutToJson) }
            "set_plan" -> Triple(a.typed("plan") { it }, a.instant("effective_from"), a.instant("at"))
                .let { (plan, from, at) -> call({ p.setPlan(plan, from, at) }, ::planVersionToJson) }
            "drain_events" -> listCall({ p.drainEvents() }, ::eventToJson)
            else -> throw ScenarioFailure("unknown command verb \"$verb\"")
        }
        a.done()
        return c
    }

    /** The typed call of a read verb. */
    fun read(verb: String, node: ObjectNode): Call {
        val a = Args("read", verb, node)
        val p = program
        val c = when (verb) {
            "affiliate" -> a.str("affiliate_id").let { id -> call({ p.affiliate(id) }, ::affiliateViewToJson) }
            "affiliate_by_code" -> a.str("code").let { code -> call({ p.affiliateByCode(code) }, ::affiliateViewToJson) }
            "affiliates" -> listCall({ p.affiliates() }, ::affiliateViewToJson)
            "validate_code" -> (a.str("code") to a.instant("at")).let { (code, at) -> call({ p.validateCode(code, at) }, ::codeValidationToJson) }
            "quote" -> Triple(a.typed("order", ::orderFromJson), a.optStr("visitor_id"), a.instant("at"))
                .let { (order, visitor, at) -> call({ p.quote(order, visitor, at) }, ::trackOutcomeToJson) }
            "balance" -> (a.str("affiliate_id") to a.str("currency")).let { (id, currency) -> call({ p.balance(id, currency) }, ::balanceToJson) }
            "stats" -> (a.optStr("affiliate_id") to a.optStr("currency")).let { (id, currency) -> call({ p.stats(id, currency) }, ::programStatsToJson) }
            "report" -> {
                val granularity = a.enum("granularity", Granularity.entries)
                val (from, to) = a.instant("from") to a.instant("to")
                val (id, currency) = a.optStr("affiliate_id") to a.optStr("currency")
                call({ p.report(granularity, from, to, id, currency) }, ::reportToJson)
            }
            "events_since" -> a.uLong("sequence").let { sequence -> listCall({ p.eventsSince(sequence) }, ::eventToJson) }
            "plans" -> listCall({ p.plans() }, ::planVersionToJson)
            "what_if" -> {
                val plan = a.typed("plan") { it }
                val (from, to) = a.instant("from") to a.instant("to")
                val largest = a.optULong("largest")?.toUInt() ?: 10u
                val currency = a.optStr("currency")
                call({ p.whatIf(plan, from, to, largest, currency) }, ::whatIfToJson)
            }
            "sign_webhook" -> Triple(a.uLong("sequence"), a.str("secret"), a.instant("at")).let { (sequence, secret, at) ->
                val event = (if (sequence > 0uL) p.eventsSince(sequence - 1uL) else listOf()).firstOrNull()?.takeIf { it.sequence == sequence }
                    ?: throw ScenarioFailure("sign_webhook: no event with sequence $sequence")
                call({ signWebhook(event, secret, at).also { lastSigned = it } }, ::signedWebhookToJson)
            }
            "verify_webhook" -> {
                val (secret, now) = a.str("secret") to a.instant("now")
                val headers = a.optTyped("headers", ::webhookHeadersFromJson) ?: lastSigned?.headers
                    ?: throw ScenarioFailure("verify_webhook: no headers and no earlier sign_webhook step")
                val body = a.optStr("body") ?: lastSigned?.body
                    ?: throw ScenarioFailure("verify_webhook: no body and no earlier sign_webhook step")
                call({ verifyWebhook(headers, body, secret, now) }, ::eventToJson)
            }
            else -> throw ScenarioFailure("unknown verb \"$verb\"")
        }
        a.done()
        return c
    }

    /** Every command accepted since the start, as the JSON array `Program.replay` takes. */
    fun fullLog(): ArrayNode = JSON.createArrayNode().also { log ->
        if (accepted.any { it["verb"].asText() in ERASE_VERBS }) {
            accepted.forEach { log.add(it) }
            return@also
        }
        earlierLog.forEach { log.add(it) }
        parse(program.commandLogJson()).forEach { log.add(it) }
    }
}
