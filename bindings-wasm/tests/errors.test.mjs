// Every error kind, raised by a real bad input through the public API: its class (the subclass,
// AffiliateKitError and Error), code, name, the core's message and path; a rejected Program command
// changes nothing (the snapshot is byte-identical). Then the wrapper's own checks: numbers where
// decimals go, invalid Dates, wrong types (ported from bindings-python/tests/test_errors.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AffiliateKitError,
  ArithmeticOverflowError,
  ConflictError,
  CurrencyMismatchError,
  ERRORS_BY_CODE,
  InvalidAllocationError,
  InvalidAmountError,
  InvalidCodeError,
  InvalidConfigError,
  InvalidCurrencyError,
  InvalidInputError,
  InvalidOrderError,
  InvalidPlanError,
  InvalidPolicyError,
  InvalidSignatureError,
  InvalidSnapshotError,
  InvalidStateError,
  LimitExceededError,
  Money,
  NotFoundError,
  Plan,
  Program,
  UnsupportedVersionError,
  allocate,
  generateCode,
  parseDecimal,
  verifyPayload,
} from 'affiliate-kit';

import { T, aliceProgram, eur, line, loadFixture, order, throwsCore, throwsType, unchanged } from './support/helpers.mjs';

/** o2 of 500.00 brings Alice to 10.00 + 50.00 = 60.00; approved, paid out, the payout failed. */
function failedPayout(p) {
  p.trackOrder({ order: order('o2', [line('l1', 'p', '500.00')], { code: 'ALICE' }), at: T(2) });
  p.approveDue({ at: T(20) });
  p.createPayouts({ at: T(20) });
  p.markPayoutFailed({ payout_id: 'pay_1', reason: 'bank rejected', at: T(21) });
}

function withSchemaVersion(p, version) {
  const snapshot = JSON.parse(p.snapshot());
  snapshot.schema_version = version;
  return JSON.stringify(snapshot);
}

function config(change = {}) {
  return { ...loadFixture('month-config.json'), ...change };
}

const SMALL_PLAN = { currency: 'EUR', rules: [{ id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '15' }] };

/** The reference test vector of Standard Webhooks (core/tests/webhook.rs), with the body tampered. */
const REFERENCE_HEADERS = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };

const noSetup = () => {};

// [code, class, setup, call, is a Program command, message (exact, or a RegExp), path]
const CASES = [
  ['INVALID_AMOUNT', InvalidAmountError, noSetup,
    (p) => p.refund({ refund: { id: 'r1', order_id: 'o1', amount: '0' }, at: T(3) }), true,
    'invalid amount "0": a refund is positive, with at most 12 decimals', undefined],
  ['INVALID_AMOUNT', InvalidAmountError, noSetup, () => parseDecimal('1,50'), false, /^invalid amount "1,50": /, undefined],
  ['INVALID_CURRENCY', InvalidCurrencyError, noSetup, (p) => p.balance('aff_1', 'eur'), false,
    'invalid currency "eur": expected three upper-case letters (ISO 4217), e.g. "EUR"', undefined],
  ['CURRENCY_MISMATCH', CurrencyMismatchError, noSetup,
    (p) => p.trackOrder({ order: order('o2', [line('l1', 'p', '1.00')], { currency: 'USD', code: 'ALICE' }), at: T(3) }), true,
    'currency mismatch: expected EUR, found USD', undefined],
  // 7922816251426433759354395033 (28 digits, ~7.9e27) x 100 = ~7.9e29: beyond 96 bits (~7.9e28).
  ['OVERFLOW', ArithmeticOverflowError, noSetup, () => Money.checkedMul(eur('7922816251426433759354395033'), '100'), false,
    'arithmetic overflow in money multiplication', undefined],
  ['INVALID_ALLOCATION', InvalidAllocationError, noSetup, () => allocate(eur('1.00'), ['0', '0']), false,
    'invalid allocation: weights sum to zero', undefined],
  ['INVALID_CODE', InvalidCodeError, noSetup,
    (p) => p.registerAffiliate({ registration: { name: 'Bob', email: 'bob@example.com', code: 'ADMIN' }, at: T(3) }), true,
    'invalid code "ADMIN": ADMIN is a reserved word', undefined],
  ['INVALID_POLICY', InvalidPolicyError, noSetup, () => generateCode(1, { generated_length: 0 }), false,
    'invalid code policy: generated_length must be at least 1', undefined],
  ['INVALID_PLAN', InvalidPlanError, noSetup,
    () => Plan.fromJson({ ...SMALL_PLAN, rules: [{ ...SMALL_PLAN.rules[0], rate: '-1' }] }), false,
    'invalid plan at rules[0].rate: rate -1 is outside 0..=100', 'rules[0].rate'],
  ['INVALID_PLAN', InvalidPlanError, noSetup, () => new Program(config({ plan: { currency: 'EUR', rules: [] } })), false,
    'invalid plan at plan.rules: a plan needs at least one rule', 'plan.rules'],
  ['INVALID_ORDER', InvalidOrderError, noSetup,
    (p) => p.trackOrder({ order: order('o2', [line('l1', 'p', '1.00', { quantity: 0 })]), at: T(3) }), true,
    'invalid order at lines[0].quantity: must be at least 1', 'lines[0].quantity'],
  ['NOT_FOUND', NotFoundError, noSetup, (p) => p.setAffiliateStatus({ affiliate_id: 'aff_9', status: 'active', at: T(3) }), true,
    'affiliate not found: "aff_9"', undefined],
  ['NOT_FOUND', NotFoundError, noSetup, (p) => p.recordClick({ visitor_id: 'v1', code: 'NOPE', at: T(3) }), true,
    'code not found: "NOPE"', undefined],
  ['CONFLICT', ConflictError, noSetup,
    (p) => p.registerAffiliate({ registration: { name: 'Alice 2', email: 'ALICE@EXAMPLE.COM' }, at: T(3) }), true,
    'conflict: e-mail "ALICE@EXAMPLE.COM" belongs to another affiliate', undefined],
  ['CONFLICT', ConflictError, noSetup, // o1 again with another payload
    (p) => p.trackOrder({ order: order('o1', [line('l1', 'p', '200.00')], { code: 'ALICE' }), at: T(2) }), true,
    'conflict: order "o1" was already tracked with a different payload', undefined],
  ['LIMIT_EXCEEDED', LimitExceededError, noSetup,
    (p) => p.invite({ emails: Array.from({ length: 26 }, (_, i) => `friend${i}@example.com`), at: T(3) }), true,
    'limit exceeded: 26 e-mails in one invitation batch; the limit is 25', undefined],
  ['LIMIT_EXCEEDED', LimitExceededError, noSetup,
    (p) => p.refund({ refund: { id: 'r1', order_id: 'o1', amount: '100.01' }, at: T(3) }), true,
    'limit exceeded: refund of 100.01 EUR is more than the 100.00 EUR left on order "o1"', undefined],
  ['INVALID_STATE', InvalidStateError, failedPayout, (p) => p.markPayoutPaid({ payout_id: 'pay_1', at: T(22) }), true,
    'invalid state: payout pay_1 is already failed', undefined],
  ['INVALID_INPUT', InvalidInputError, noSetup,
    (p) => p.registerAffiliate({ registration: { name: 'Bob', email: 'bob@' }, at: T(3) }), true,
    'invalid input at email: "bob@" is not an e-mail address: the domain must be labels separated by dots, e.g. example.com', 'email'],
  ['INVALID_INPUT', InvalidInputError, noSetup, (p) => p.recordClick({ visitor_id: '', code: 'ALICE', at: T(3) }), true,
    'invalid input at visitor_id: "" must be 1 to 320 visible ASCII characters', 'visitor_id'],
  ['INVALID_CONFIG', InvalidConfigError, noSetup, () => new Program(config({ timezone: 'Mars/Olympus' })), false,
    /^invalid config at timezone: unknown timezone "Mars\/Olympus": /, 'timezone'],
  ['INVALID_SNAPSHOT', InvalidSnapshotError, noSetup, (p) => Program.restore(p.snapshot().slice(0, 50)), false,
    /^invalid snapshot: /, undefined],
  ['INVALID_SNAPSHOT', InvalidSnapshotError, noSetup,
    () => Program.replay(config(), [{ verb: 'delete_affiliate', affiliate_id: 'aff_9', at: '2026-03-01T00:00:00Z' }]), false,
    'invalid snapshot: command 0 (delete_affiliate) was rejected: affiliate not found: "aff_9"', undefined],
  ['UNSUPPORTED_VERSION', UnsupportedVersionError, noSetup, (p) => Program.restore(withSchemaVersion(p, 99)), false,
    'unsupported snapshot schema_version 99 (this library reads up to 3)', undefined],
  ['INVALID_SIGNATURE', InvalidSignatureError, noSetup,
    () => verifyPayload(REFERENCE_HEADERS, '{"test": 2432232315}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', new Date(1614265330 * 1000)), false,
    'invalid webhook signature: no matching signature', undefined],
];

/** The kinds of durable programs: the module keeps no file, so nothing here can raise them (store/
 * and the Python and Kotlin suites do); their classes exist so that every binding has every kind. */
const DURABLE_ONLY = ['STORAGE', 'BUSY', 'CORRUPT_JOURNAL'];

test('every error code has its class, and every one is covered here', () => {
  const codes = Object.keys(ERRORS_BY_CODE);
  assert.equal(codes.length, 21);
  assert.deepEqual(new Set(CASES.map((c) => c[0])), new Set(codes.filter((c) => !DURABLE_ONLY.includes(c))));
  assert.ok(Object.isFrozen(ERRORS_BY_CODE));
  for (const [code, Class, , , , ,] of CASES) {
    assert.equal(ERRORS_BY_CODE[code], Class);
    assert.ok(Class.prototype instanceof AffiliateKitError);
  }
  assert.ok(AffiliateKitError.prototype instanceof Error);
  assert.deepEqual(Object.values(ERRORS_BY_CODE).map((c) => c.name), [
    'InvalidAmountError', 'InvalidCurrencyError', 'CurrencyMismatchError', 'ArithmeticOverflowError',
    'InvalidAllocationError', 'InvalidCodeError', 'InvalidPolicyError', 'InvalidPlanError', 'InvalidOrderError',
    'NotFoundError', 'ConflictError', 'LimitExceededError', 'InvalidStateError', 'InvalidInputError',
    'InvalidConfigError', 'InvalidSnapshotError', 'UnsupportedVersionError', 'InvalidSignatureError',
    'StorageError', 'BusyError', 'CorruptJournalError']);
});

describe('every error kind from a real bad input', () => {
  CASES.forEach(([code, Class, setup, call, command, message, path], i) => {
    test(`${code} (${i})`, () => {
      const p = aliceProgram(); // Alice (aff_1, code ALICE) and o1 of 100.00
      setup(p);
      const before = p.snapshot();
      const log = p.commandLog();
      const error = throwsCore(() => call(p), Class, { code, message, path });
      assert.equal(error.name, Class.name);
      assert.equal(error.code, code);
      assert.ok(error instanceof Error);
      assert.ok(error instanceof AffiliateKitError);
      assert.equal(typeof error.stack, 'string');
      assert.ok(String(error).startsWith(`${Class.name}: `));
      // A rejected command (and any failure) leaves the program exactly as it was.
      assert.equal(p.snapshot(), before);
      assert.deepEqual(p.commandLog(), log);
      if (command) assert.ok(log.length >= 2);
    });
  });
});

test('structured details', () => {
  const program = new Program(config());
  const notFound = throwsCore(() => program.affiliate('aff_9'), NotFoundError, { code: 'NOT_FOUND', message: 'affiliate not found: "aff_9"' });
  assert.deepEqual(notFound.details, { entity: 'affiliate', id: 'aff_9' });
  const payout = throwsCore(() => program.payout('pay_7'), NotFoundError, { code: 'NOT_FOUND' });
  assert.deepEqual(payout.details, { entity: 'payout', id: 'pay_7' });
  const version = throwsCore(() => Program.restore(withSchemaVersion(program, 99)), UnsupportedVersionError, { code: 'UNSUPPORTED_VERSION' });
  assert.deepEqual(version.details, { document: 'snapshot schema_version', found: 99, supported: 3 });
  const mismatch = throwsCore(() => Money.checkedAdd(eur('1.00'), Money.parse('1.00', 'USD')), CurrencyMismatchError);
  assert.deepEqual(mismatch.details, { expected: 'EUR', found: 'USD' });
  const invalid = throwsCore(() => program.registerAffiliate({ registration: { name: 'Bob', email: 'bob@example.com', code: 'ADMIN' }, at: T(1) }),
    InvalidCodeError, { code: 'INVALID_CODE' });
  assert.deepEqual(invalid.details, { problem: { type: 'reserved', word: 'ADMIN' } });
  // Kinds without structured fields have empty details.
  const plain = throwsCore(() => parseDecimal('x'), InvalidAmountError);
  assert.deepEqual(plain.details, {});
});

test('a rejected command leaves reads and events unchanged too', () => {
  const p = aliceProgram();
  const events = p.eventsSince(0);
  const balance = p.balance('aff_1', 'EUR');
  unchanged(p, () => {
    throwsCore(() => p.refund({ refund: { id: 'r1', order_id: 'o1', amount: '100.01' }, at: T(3) }), LimitExceededError);
    throwsCore(() => p.rejectCommission({ commission_id: 'com_9', reason: 'x', at: T(3) }), NotFoundError, {
      message: 'commission not found: "com_9"' });
    throwsCore(() => p.acceptInvitation({ invitation_id: 'inv_9', acceptance: { name: 'X' }, at: T(3) }), NotFoundError);
    throwsCore(() => p.execute({ verb: 'no_such_verb', at: T(3) }), InvalidInputError);
  });
  assert.deepEqual(p.eventsSince(0), events);
  assert.deepEqual(p.balance('aff_1', 'EUR'), balance);
});

describe("the wrapper's own checks: TypeErrors that never reach the module", () => {
  const floatLine = () => order('o2', [line('l1', 'p', 19.99)]);
  const CHECKS = [
    ['command.order.lines[0].unit_price must be a decimal string', (p) => p.trackOrder({ order: floatLine(), at: T(3) })],
    ['command.order.lines[0].unit_price must be a decimal string', (p) => p.trackOrder({ order: order('o2', [line('l1', 'p', 10)]), at: T(3) })],
    ['command.refund.amount must be a decimal string', (p) => p.refund({ refund: { id: 'r1', order_id: 'o1', amount: 5.0 }, at: T(3) })],
    ['command.incentive.discount.percent must be a decimal string',
      (p) => p.addCode({ affiliate_id: 'aff_1', code: 'VIP', incentive: { discount: { type: 'percent_off', percent: 10.0 } }, at: T(3) })],
    ['order.lines[0].unit_price must be a decimal string', (p) => p.quote(floatLine(), T(3))],
    ['command.at: an invalid Date', (p) => p.trackOrder({ order: order('o2', [line('l1', 'p', '1.00')]), at: new Date(NaN) })],
    ['command.expires_at: an invalid Date', (p) => p.addCode({ affiliate_id: 'aff_1', code: 'VIP', expires_at: new Date('x'), at: T(3) })],
    ['at: an invalid Date', (p) => p.validateCode('ALICE', new Date(NaN))],
    ['from: an invalid Date', (p) => p.report('day', new Date(NaN), T(2))],
    ['at must be an ISO-8601 string or a Date, not number', (p) => p.validateCode('ALICE', 1772323200000)],
    ["approveDue takes the command's fields as one object", (p) => p.approveDue(T(3))],
    ['affiliateId must be a string, not number', (p) => p.affiliate(5)],
    ['code must be a string, not null', (p) => p.validateCode(null, T(3))],
    ['command.seed must be a safe integer', (p) => p.generateCode({ affiliate_id: 'aff_1', seed: 4.2, at: T(3) })],
  ];
  for (const [message, call] of CHECKS) {
    test(message, () => {
      const p = aliceProgram();
      unchanged(p, () => throwsType(() => call(p), message));
    });
  }

  test('a number in a config is a TypeError naming the path', () => {
    throwsType(() => new Program(config({ minimum_payout: { EUR: 50.0 } })), 'config.minimum_payout.EUR must be a decimal string');
  });
});
