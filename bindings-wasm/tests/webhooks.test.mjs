// Standard Webhooks: the reference test vector, tampering, timestamps, secrets, and program events
// signed and verified (ported from bindings-python/tests/test_webhooks.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InvalidInputError, InvalidSignatureError, signPayload, signWebhook, verifyPayload, verifyWebhook } from 'affiliate-kit';

import { D, T, aliceProgram, line, monthProgram, order, throwsCore, throwsType } from './support/helpers.mjs';

// The test vector of the standard-webhooks reference libraries, as in core/tests/webhook.rs.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const REFERENCE = Object.freeze({ id: MSG_ID, timestamp: TIMESTAMP, signature: SIGNATURE });

/** An instant `seconds` after the epoch, as a Date. */
const at = (seconds) => new Date(seconds * 1000);

/** The reason after "invalid webhook signature: " of a verification that must fail. */
function signatureReason(headers, body, now, tolerance) {
  const error = throwsCore(() => verifyPayload(headers, body, SECRET, at(now), tolerance), InvalidSignatureError, {
    code: 'INVALID_SIGNATURE', message: /^invalid webhook signature: / });
  return error.message.slice('invalid webhook signature: '.length);
}

describe('signPayload and verifyPayload', () => {
  test('reproduces the reference signature', () => {
    assert.deepEqual(signPayload(MSG_ID, at(TIMESTAMP), BODY, SECRET), REFERENCE);
    // The instant as an RFC 3339 string is the same.
    assert.deepEqual(signPayload(MSG_ID, '2021-02-25T15:02:10Z', BODY, SECRET), REFERENCE);
    assert.deepEqual(signPayload(MSG_ID, '2021-02-25T16:02:10+01:00', BODY, SECRET), REFERENCE);
    // Sub-second time is truncated; the bare base64 secret (without whsec_) is the same key.
    assert.deepEqual(signPayload(MSG_ID, new Date(TIMESTAMP * 1000 + 999), BODY, SECRET), REFERENCE);
    assert.equal(signPayload(MSG_ID, at(TIMESTAMP), BODY, SECRET.slice('whsec_'.length)).signature, SIGNATURE);
  });

  test('verifies the reference signature', () => {
    assert.equal(verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP)), undefined);
    assert.equal(verifyPayload(REFERENCE, BODY, SECRET, '2021-02-25T15:02:10Z'), undefined);
    for (const now of [TIMESTAMP - 300, TIMESTAMP + 300]) {
      // the edges of the default tolerance (300 seconds)
      verifyPayload(REFERENCE, BODY, SECRET, at(now));
    }
    // Any matching entry of a space-separated list passes.
    const several = { ...REFERENCE, signature: `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${SIGNATURE}` };
    verifyPayload(several, BODY, SECRET, at(TIMESTAMP));
    // Headers as JSON text work too.
    verifyPayload(JSON.stringify(REFERENCE), BODY, SECRET, at(TIMESTAMP));
  });

  test('a BigInt timestamp in the headers works like a number', () => {
    verifyPayload({ ...REFERENCE, timestamp: BigInt(TIMESTAMP) }, BODY, SECRET, at(TIMESTAMP));
    assert.equal(signatureReason({ ...REFERENCE, timestamp: BigInt(TIMESTAMP) }, '{}', TIMESTAMP), 'no matching signature');
  });

  test('tampering is detected', () => {
    assert.equal(signatureReason(REFERENCE, '{"test": 2432232315}', TIMESTAMP), 'no matching signature');
    assert.equal(signatureReason(REFERENCE, '{"test":2432232314}', TIMESTAMP), 'no matching signature'); // whitespace
    assert.equal(signatureReason({ ...REFERENCE, id: `${MSG_ID.slice(0, -1)}l` }, BODY, TIMESTAMP), 'no matching signature');
    assert.equal(signatureReason({ ...REFERENCE, timestamp: TIMESTAMP + 1 }, BODY, TIMESTAMP), 'no matching signature');
    assert.equal(signatureReason({ ...REFERENCE, signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE' }, BODY, TIMESTAMP), 'no matching signature');
    assert.equal(signatureReason({ ...REFERENCE, signature: '' }, BODY, TIMESTAMP), 'no matching signature');
  });

  test('stale and future timestamps', () => {
    assert.equal(signatureReason(REFERENCE, BODY, TIMESTAMP + 301), 'timestamp too old');
    assert.equal(signatureReason(REFERENCE, BODY, TIMESTAMP - 301), 'timestamp too new');
    verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP + 10), 10);
    assert.equal(signatureReason(REFERENCE, BODY, TIMESTAMP + 11, 10), 'timestamp too old');
    throwsCore(() => verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP), -1), InvalidInputError, { code: 'INVALID_INPUT' });
    throwsType(() => verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP), 1.5), 'toleranceSeconds must be an integer');
    throwsType(() => verifyPayload(REFERENCE, BODY, SECRET, at(TIMESTAMP), '300'), 'toleranceSeconds must be an integer');
  });

  test('bad secrets and ids are invalid input', () => {
    for (const secret of ['whsec_', '', 'whsec_not base64!', '%%%%']) {
      throwsCore(() => signPayload(MSG_ID, at(TIMESTAMP), BODY, secret), InvalidInputError, { code: 'INVALID_INPUT', path: 'secret' });
    }
    throwsCore(() => signPayload('', at(TIMESTAMP), BODY, SECRET), InvalidInputError, { code: 'INVALID_INPUT', path: 'msg_id' });
    throwsCore(() => verifyPayload({ ...REFERENCE, id: '' }, BODY, SECRET, at(TIMESTAMP)), InvalidSignatureError, { code: 'INVALID_SIGNATURE' });
  });

  test('JS type checks', () => {
    throwsType(() => signPayload(MSG_ID, new Date(NaN), BODY, SECRET), 'at: an invalid Date');
    throwsType(() => signPayload(MSG_ID, TIMESTAMP, BODY, SECRET), 'at must be an ISO-8601 string or a Date, not number');
    throwsType(() => verifyPayload(REFERENCE, BODY, SECRET, new Date(NaN)), 'now: an invalid Date');
    throwsType(() => verifyPayload({ ...REFERENCE, timestamp: 1614265330.5 }, BODY, SECRET, at(TIMESTAMP)), 'headers.timestamp must be a safe integer');
    throwsType(() => signPayload(MSG_ID, at(TIMESTAMP), { test: 1 }, SECRET), 'body must be a string, not object');
  });
});

describe('program events', () => {
  test('an event signs and verifies', () => {
    const program = aliceProgram();
    const event = program.eventsSince(0).at(-1); // commission.created of o1
    assert.equal(event.type, 'commission.created');
    assert.deepEqual(event.data.commission.amount, { amount: '10.00', currency: 'EUR' });
    const signed = signWebhook(event, SECRET, T(2, 0, 5));
    assert.equal(signed.body, JSON.stringify(event)); // the core's exact bytes
    assert.deepEqual(JSON.parse(signed.body), event);
    assert.equal(signed.headers.id, event.id);
    assert.equal(signed.headers.timestamp, Date.parse(T(2, 0, 5)) / 1000);
    assert.ok(signed.headers.signature.startsWith('v1,'));
    // The same bytes signed as a payload give the same headers.
    assert.deepEqual(signPayload(event.id, D(2, 0, 5), signed.body, SECRET), signed.headers);
    const received = verifyWebhook(signed.headers, signed.body, SECRET, T(2, 0, 6));
    assert.deepEqual(received, event);
    const tampered = signed.body.replace('"10.00"', '"99.00"');
    assert.notEqual(tampered, signed.body);
    throwsCore(() => verifyWebhook(signed.headers, tampered, SECRET, T(2, 0, 6)), InvalidSignatureError, {
      code: 'INVALID_SIGNATURE', message: 'invalid webhook signature: no matching signature' });
    throwsCore(() => verifyWebhook(signed.headers, signed.body, SECRET, new Date(Date.parse(T(2, 0, 11)) + 1000)), InvalidSignatureError, {
      message: 'invalid webhook signature: timestamp too old' });
  });

  test('every event of a month signs and verifies as itself', () => {
    const p = monthProgram();
    p.registerAffiliate({ registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: T(1) });
    p.invite({ emails: ['bob@example.com'], invited_by: 'aff_1', at: T(1, 1) });
    p.acceptInvitation({ invitation_id: 'inv_1', acceptance: { name: 'Bob', code: 'BOBBY' }, at: T(1, 2) });
    // Bob 10 % of 600.00 = 60.00, Alice 5 % = 30.00.
    p.trackOrder({ order: order('o1', [line('l1', 'p', '600.00', { quantity: 1 })], { code: 'BOBBY' }), at: T(2) });
    p.refund({ refund: { id: 'r1', order_id: 'o1', amount: '100.00' }, at: T(3) });
    // The refund of 100.00 of 600.00 reverses 1/6: Bob 10.00, Alice 5.00; left Bob 50.00, Alice 25.00.
    assert.deepEqual(p.approveDue({ at: T(20) }).map((c) => [c.affiliate_id, c.amount.amount, c.reversed.amount]), [
      ['aff_2', '60.00', '10.00'], ['aff_1', '30.00', '5.00']]);
    // Only Bob reaches the 50.00 minimum.
    assert.deepEqual(p.createPayouts({ at: T(20, 1) }).map((x) => [x.id, x.affiliate_id, x.amount.amount]), [['pay_1', 'aff_2', '50.00']]);
    p.markPayoutPaid({ payout_id: 'pay_1', reference: 'sepa-1', at: T(21) });
    const events = p.eventsSince(0);
    assert.deepEqual(events.map((e) => e.type), [
      'affiliate.registered', 'invitation.created', 'affiliate.joined', 'order.tracked', 'commission.created',
      'commission.created', 'order.updated', 'commission.reversed', 'commission.reversed', 'commission.approved',
      'commission.approved', 'payout.threshold_reached', 'payout.created', 'payout.marked_paid']);
    for (const event of events) {
      const signed = signWebhook(event, SECRET, T(22));
      assert.equal(signed.body, JSON.stringify(event), event.type);
      assert.deepEqual(verifyWebhook(signed.headers, signed.body, SECRET, T(22)), event);
    }
  });
});
