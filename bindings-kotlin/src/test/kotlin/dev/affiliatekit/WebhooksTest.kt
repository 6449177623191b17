package dev.affiliatekit

import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Standard Webhooks: the reference test vector, tampering, timestamps, secrets, and program events
 * signed and verified (ported from bindings-python/tests/test_webhooks.py and
 * bindings-wasm/tests/webhooks.test.mjs). */
class WebhooksTest {
    companion object {
        // The test vector of the standard-webhooks reference libraries, as in core/tests/webhook.rs.
        const val SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        const val MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        const val TIMESTAMP = 1614265330L
        const val BODY = """{"test": 2432232314}"""
        const val SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        val REFERENCE = WebhookHeaders(MSG_ID, TIMESTAMP, SIGNATURE)

        fun at(seconds: Long): Instant = Instant.ofEpochSecond(seconds)
    }

    /** The reason after "invalid webhook signature: " of a verification that must fail. */
    private fun signatureReason(headers: WebhookHeaders, body: String, now: Long, tolerance: Long? = null): String {
        val e = throwsCore<AffiliateKitException.InvalidSignature>(contains = "invalid webhook signature: ") {
            verifyPayload(headers, body, SECRET, at(now), tolerance)
        }
        return e.message!!.removePrefix("invalid webhook signature: ")
    }

    @Test
    fun `signPayload reproduces the reference signature`() {
        assertEquals(REFERENCE, signPayload(MSG_ID, at(TIMESTAMP), BODY, SECRET))
        assertEquals(REFERENCE, signPayload(MSG_ID, Instant.parse("2021-02-25T15:02:10Z"), BODY, SECRET))
        // Sub-second time is truncated; the bare base64 secret (without whsec_) is the same key.
        assertEquals(REFERENCE, signPayload(MSG_ID, at(TIMESTAMP).plusMillis(999), BODY, SECRET))
        assertEquals(SIGNATURE, signPayload(MSG_ID, at(TIMESTAMP), BODY, SECRET.removePrefix("whsec_")).signature)
        assertEquals(parse("""{"id": "$MSG_ID", "timestamp": $TIMESTAMP, "signature": "$SIGNATURE"}"""), parse(webhookHeadersToJson(REFERENCE)))
        assertEquals(REFERENCE, webhookHeadersFromJson(webhookHeadersToJson(REFERENCE)))
    }

    @Test
    fun `verifyPayload accepts the reference signature`() {
        verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP))
        for (now in listOf(TIMESTAMP - 300, TIMESTAMP + 300)) verifyPayload(REFERENCE, BODY, SECRET, at(now)) // the edges of 300 s
        // Any matching entry of a space-separated list passes.
        verifyPayload(REFERENCE.copy(signature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= $SIGNATURE"), BODY, SECRET, at(TIMESTAMP))
        assertEquals("no matching signature", signatureReason(REFERENCE.copy(signature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), BODY, TIMESTAMP))
    }

    @Test
    fun `tampering is detected`() {
        assertEquals("no matching signature", signatureReason(REFERENCE, """{"test": 2432232315}""", TIMESTAMP))
        assertEquals("no matching signature", signatureReason(REFERENCE, """{"test":2432232314}""", TIMESTAMP)) // whitespace
        assertEquals("no matching signature", signatureReason(REFERENCE.copy(id = MSG_ID.dropLast(1) + "l"), BODY, TIMESTAMP))
        assertEquals("no matching signature", signatureReason(REFERENCE.copy(timestamp = TIMESTAMP + 1), BODY, TIMESTAMP))
        assertEquals("no matching signature", signatureReason(REFERENCE.copy(signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE"), BODY, TIMESTAMP))
        assertEquals("no matching signature", signatureReason(REFERENCE.copy(signature = ""), BODY, TIMESTAMP))
    }

    @Test
    fun `stale and future timestamps`() {
        assertEquals("timestamp too old", signatureReason(REFERENCE, BODY, TIMESTAMP + 301))
        assertEquals("timestamp too new", signatureReason(REFERENCE, BODY, TIMESTAMP - 301))
        verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP + 10), 10L)
        assertEquals("timestamp too old", signatureReason(REFERENCE, BODY, TIMESTAMP + 11, 10L))
        throwsCore<AffiliateKitException.InvalidInput>("invalid input at tolerance_seconds: tolerance must not be negative") {
            verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP), -1L)
        }
        // Extreme timestamps saturate instead of overflowing.
        assertEquals("timestamp too old", signatureReason(REFERENCE.copy(timestamp = Long.MIN_VALUE), BODY, TIMESTAMP))
        assertEquals("timestamp too new", signatureReason(REFERENCE.copy(timestamp = Long.MAX_VALUE), BODY, TIMESTAMP))
    }

    @Test
    fun `bad secrets and ids are invalid input`() {
        for (secret in listOf("whsec_", "", "whsec_not base64!", "%%%%")) {
            throwsCore<AffiliateKitException.InvalidInput>(contains = "invalid input at secret: ") {
                signPayload(MSG_ID, at(TIMESTAMP), BODY, secret)
            }
        }
        throwsCore<AffiliateKitException.InvalidInput>(contains = "invalid input at msg_id: ") { signPayload("", at(TIMESTAMP), BODY, SECRET) }
        throwsCore<AffiliateKitException.InvalidSignature> { verifyPayload(REFERENCE.copy(id = ""), BODY, SECRET, at(TIMESTAMP)) }
    }

    @Test
    fun `an event signs and verifies`() {
        val program = aliceProgram()
        val event = program.eventsSince(0uL).last() // commission.created of o1
        assertEquals("commission.created", eventType(event))
        assertEquals(eur("10.00"), (event.data as EventData.CommissionCreated).commission.amount)
        val signed = signWebhook(event, SECRET, T(2, 0, 5))
        assertEquals(eventToJson(event), signed.body) // the core's exact bytes
        assertEquals("10.00", parse(signed.body)["data"]["commission"]["amount"]["amount"].asText())
        assertEquals(event.id to T(2, 0, 5).epochSecond, signed.headers.id to signed.headers.timestamp)
        assertTrue(signed.headers.signature.startsWith("v1,"), signed.headers.signature)
        // The same bytes signed as a payload give the same headers.
        assertEquals(signed.headers, signPayload(event.id, T(2, 0, 5), signed.body, SECRET))
        assertEquals(event, verifyWebhook(signed.headers, signed.body, SECRET, T(2, 0, 6)))
        // The core's JSON of the signed webhook: the headers, and the body as a string.
        val json = parse(signedWebhookToJson(signed))
        assertEquals(parse("""{"id": "evt_3", "timestamp": ${T(2, 0, 5).epochSecond}, "signature": "${signed.headers.signature}"}"""),
            json["headers"])
        assertEquals(signed.body, parse(signedWebhookToJson(signed))["body"].asText())
        val tampered = signed.body.replace("\"10.00\"", "\"99.00\"")
        assertNotEquals(signed.body, tampered)
        throwsCore<AffiliateKitException.InvalidSignature>("invalid webhook signature: no matching signature") {
            verifyWebhook(signed.headers, tampered, SECRET, T(2, 0, 6))
        }
        throwsCore<AffiliateKitException.InvalidSignature>("invalid webhook signature: timestamp too old") {
            verifyWebhook(signed.headers, signed.body, SECRET, T(2, 0, 11).plusSeconds(1))
        }
    }

    @Test
    fun `every event of a month signs and verifies as itself`() {
        val p = monthProgram()
        p.registerAffiliate(Registration(name = "Alice", email = "alice@example.com", code = "ALICE"), T(1))
        p.invite(listOf("bob@example.com"), "aff_1", T(1, 1))
        p.acceptInvitation("inv_1", Acceptance(name = "Bob", code = "BOBBY"), T(1, 2))
        // Bob 10 % of 600.00 = 60.00, Alice 5 % = 30.00.
        p.trackOrder(orderOf("o1", line("l1", "p", "600.00"), code = "BOBBY"), at = T(2))
        p.refund(Refund("r1", "o1", amount = dec("100.00")), T(3))
        // The refund of 100.00 of 600.00 reverses 1/6: Bob 10.00, Alice 5.00; left Bob 50.00, Alice 25.00.
        assertEquals(listOf(listOf("aff_2", "60.00", "10.00"), listOf("aff_1", "30.00", "5.00")),
            p.approveDue(T(20)).map { listOf(it.affiliateId, it.amount.text, it.reversed.text) })
        // Only Bob reaches the 50.00 minimum.
        assertEquals(listOf(listOf("pay_1", "aff_2", "50.00")), p.createPayouts(T(20, 1)).map { listOf(it.id, it.affiliateId, it.amount.text) })
        p.markPayoutPaid("pay_1", "sepa-1", T(21))
        val events = p.eventsSince(0uL)
        assertEquals(listOf("affiliate.registered", "invitation.created", "affiliate.joined", "order.tracked", "commission.created",
            "commission.created", "order.updated", "commission.reversed", "commission.reversed", "commission.approved",
            "commission.approved", "payout.threshold_reached", "payout.created", "payout.marked_paid"), events.map(::eventType))
        for (event in events) {
            val signed = signWebhook(event, SECRET, T(22))
            assertEquals(eventToJson(event), signed.body, eventType(event))
            assertEquals(event, verifyWebhook(signed.headers, signed.body, SECRET, T(22)))
            assertEquals(event, eventFromJson(signed.body))
        }
        assertEquals(EventData.PayoutThresholdReached("aff_2", eur("50.00"), eur("50.00")), events[11].data)
        throwsCore<AffiliateKitException.InvalidInput>(contains = "invalid input at event") { eventFromJson("""{"id": "evt_1"}""") }
    }
}
