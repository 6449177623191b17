// The checkout build ('affiliate-kit/checkout'): it exports exactly the checkout functions, init and
// the errors, not the Program nor the rest of the full API, and it answers exactly as the full build.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as checkout from 'affiliate-kit/checkout';
import * as full from 'affiliate-kit';

import { D, T, eur, fixtureText, line, loadFixture, order, throwsCore, throwsType } from './support/helpers.mjs';

const ERROR_CLASSES = [
  'AffiliateKitError', 'ArithmeticOverflowError', 'BusyError', 'ConflictError', 'CorruptJournalError',
  'CurrencyMismatchError', 'InvalidAllocationError', 'InvalidAmountError', 'InvalidCodeError', 'InvalidConfigError',
  'InvalidCurrencyError', 'InvalidInputError', 'InvalidOrderError', 'InvalidPlanError', 'InvalidPolicyError',
  'InvalidSignatureError', 'InvalidSnapshotError', 'InvalidStateError', 'LimitExceededError', 'NotFoundError',
  'StorageError', 'UnsupportedVersionError',
];
const CHECKOUT_FUNCTIONS = ['Plan', 'checkFormat', 'init', 'normalize', 'previewIncentive', 'previewIncentiveOrder'];
/** What lib/errors.js exports besides the classes: the code -> class map. */
const ERROR_MODULE_EXTRAS = ['ERRORS_BY_CODE'];

const TEN_PERCENT = { discount: { type: 'percent_off', percent: '10' } };
const NOW = T(1, 10, 0, { month: 5 });
const QUICKSTART_AT = T(14, 9, 30, { month: 5 });

/** Runs `fn` against both builds and asserts the same answer (or the same error); returns it. */
function same(fn) {
  const outcome = (api) => {
    try {
      return { value: fn(api) };
    } catch (error) {
      return { error: { class: error.constructor, name: error.name, code: error.code, message: error.message, path: error.path, details: error.details } };
    }
  };
  const a = outcome(checkout);
  const b = outcome(full);
  assert.deepEqual(a, b);
  return a;
}

describe('exports', () => {
  test('the checkout build exports exactly the checkout functions, init and the errors', () => {
    assert.deepEqual(Object.keys(checkout).sort(), [...CHECKOUT_FUNCTIONS, ...ERROR_CLASSES, ...ERROR_MODULE_EXTRAS].sort());
    for (const name of CHECKOUT_FUNCTIONS) assert.equal(typeof checkout[name], 'function', name);
  });

  test('Program and the rest of the full API are not exported there', () => {
    assert.equal('Program' in checkout, false);
    assert.equal(checkout.Program, undefined);
    const fullOnly = Object.keys(full).filter((name) => !(name in checkout)).sort();
    assert.deepEqual(fullOnly, [
      'Money', 'Program', 'allocate', 'bucketOf', 'bucketsBetween', 'canonicalCode', 'checkSymbol', 'currency',
      'defaultCodePolicy', 'emailKey', 'generateCode', 'generateCodes', 'hasValidCheck', 'nextBucket', 'orderTotals',
      'parseDecimal', 'parseGenerated', 'parseNonNegative', 'roundToMinorUnits', 'signPayload', 'signWebhook',
      'timezone', 'validateIncentive', 'validateVanity', 'verifyPayload', 'verifyWebhook']);
    // Every checkout export is in the full build too.
    assert.deepEqual(Object.keys(checkout).filter((name) => !(name in full)), []);
  });

  test('the error classes are the same classes in both builds', () => {
    for (const name of ERROR_CLASSES) assert.equal(checkout[name], full[name], name);
    assert.equal(checkout.ERRORS_BY_CODE, full.ERRORS_BY_CODE);
    assert.equal(Object.keys(checkout.ERRORS_BY_CODE).length, 21);
  });

  test('init resolves, in both builds, and may be called again', async () => {
    assert.equal(await checkout.init(), undefined);
    assert.equal(await checkout.init(), undefined);
    assert.equal(await full.init(), undefined);
  });

  test('the checkout Plan has no toJson (full build only)', () => {
    const plan = checkout.Plan.fromJson(fixtureText('quickstart-plan.json'));
    assert.ok(plan instanceof checkout.Plan);
    assert.equal(plan instanceof full.Plan, false);
    assert.equal(plan.toJson, undefined);
    assert.equal(typeof full.Plan.fromJson(fixtureText('quickstart-plan.json')).toJson, 'function');
    assert.equal(plan.currency, 'EUR');
    plan.free();
  });
});

describe('the same answers as the full build', () => {
  test('normalize', () => {
    assert.deepEqual(same((api) => api.normalize(' ab-c 12 ')), { value: 'ABC12' });
    assert.deepEqual(same((api) => api.normalize('lol-ivxs-nzgey', { prefix: 'LOL' })), { value: 'LOLIVXSNZGEY' });
    // 'А' is U+0410 CYRILLIC CAPITAL LETTER A, at position 6.
    const { error } = same((api) => api.normalize('  JOHN\u041025'));
    assert.equal(error.class, checkout.InvalidCodeError);
    assert.equal(error.code, 'INVALID_CODE');
    assert.deepEqual(error.details, { problem: { type: 'invalid_character', character: '\u0410', position: 6 } });
    const policy = same((api) => api.normalize('abc', { generated_length: 0 })).error;
    assert.deepEqual([policy.class, policy.message], [checkout.InvalidPolicyError, 'invalid code policy: generated_length must be at least 1']);
  });

  test('checkFormat, on the code of seed 42 (the same as Rust and Python) and its typos', () => {
    assert.deepEqual(same((api) => api.checkFormat('1vxs-nzgey')), { value: { verdict: 'generated', code: '1VXSNZGEY' } });
    assert.deepEqual(same((api) => api.checkFormat('ZVXSNZGEY')), { value: { verdict: 'likely_typo', code: 'ZVXSNZGEY' } });
    assert.deepEqual(same((api) => api.checkFormat('OVXSNZGEY')), { value: { verdict: 'likely_typo', code: '0VXSNZGEY' } });
    assert.deepEqual(same((api) => api.checkFormat('john-25')), { value: { verdict: 'vanity', code: 'JOHN25' } });
    assert.deepEqual(same((api) => api.checkFormat(' admin ')), { value: { verdict: 'invalid', problem: { type: 'reserved', word: 'ADMIN' } } });
    assert.deepEqual(same((api) => api.checkFormat('a-b')), { value: { verdict: 'invalid', problem: { type: 'too_short', length: 2, min: 3 } } });
    assert.equal(full.generateCode(42), '1VXSNZGEY');
  });

  test('previewIncentive', () => {
    // 10 % of 80.00 = 8.00; 80.00 - 8.00 = 72.00.
    const { value } = same((api) => api.previewIncentive(TEN_PERCENT, eur('80.00'), NOW));
    assert.deepEqual([value.eligible, value.discount, value.total], [true, eur('8.00'), eur('72.00')]);
    // 12.5 % of 1.00 = 0.125: 0.13 half up, 0.12 half even; a Date for the instant.
    const eighth = { discount: { type: 'percent_off', percent: '12.5' } };
    assert.deepEqual(same((api) => api.previewIncentive(eighth, eur('1.00'), D(1, 10, 0, { month: 5 }))).value.discount, eur('0.13'));
    assert.deepEqual(same((api) => api.previewIncentive(eighth, eur('1.00'), NOW, 'half_even')).value.discount, eur('0.12'));
    // Below the minimum of 50.00: no discount.
    const below = same((api) => api.previewIncentive({ ...TEN_PERCENT, min_order: eur('50.00') }, eur('49.99'), NOW)).value;
    assert.deepEqual([below.eligible, below.reason, below.total], [false, { type: 'below_minimum', minimum: eur('50.00') }, eur('49.99')]);
    const mismatch = same((api) => api.previewIncentive({ discount: { type: 'amount_off', amount: { amount: '5.00', currency: 'USD' } } }, eur('10.00'), NOW)).error;
    assert.deepEqual([mismatch.class, mismatch.details], [checkout.CurrencyMismatchError, { expected: 'EUR', found: 'USD' }]);
  });

  test('previewIncentiveOrder on the quickstart order', () => {
    // Subtotal 287.29 - 10.00 = 277.29; 10 % = 27.729 -> 27.73; 277.29 - 27.73 = 249.56.
    const { value } = same((api) => api.previewIncentiveOrder(TEN_PERCENT, loadFixture('quickstart-orders.json')[0], NOW));
    assert.deepEqual([value.discount, value.total], [eur('27.73'), eur('249.56')]);
    const bad = same((api) => api.previewIncentiveOrder(TEN_PERCENT, order('o1', [line('l1', 'p', '1.00', { quantity: 0 })]), NOW)).error;
    assert.deepEqual([bad.class, bad.path], [checkout.InvalidOrderError, 'lines[0].quantity']);
  });

  test('Plan.quote on the quickstart fixtures', () => {
    const context = { affiliate: 'aff_alice', at: QUICKSTART_AT, parents: ['aff_bob', 'aff_carol'] };
    const orders = loadFixture('quickstart-orders.json');
    // 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96 (see plans.test.mjs for every amount).
    const { value } = same((api) => api.Plan.fromJson(fixtureText('quickstart-plan.json')).quote(orders[0], context));
    assert.deepEqual(value.total, eur('120.96'));
    assert.deepEqual(value.lines.map((q) => q.amount.amount), ['96.52', '15.40', '0.72', '5.55', '2.77']);
    // The mug: 20.00 + 4.00 + 2.00 = 26.00.
    assert.deepEqual(same((api) => api.Plan.fromJson(loadFixture('quickstart-plan.json')).quote(orders[1], context)).value.total, eur('26.00'));
    const invalid = same((api) => api.Plan.fromJson({ currency: 'EUR', rules: [] })).error;
    assert.deepEqual([invalid.class, invalid.path, invalid.message],
      [checkout.InvalidPlanError, 'rules', 'invalid plan at rules: a plan needs at least one rule']);
  });

  test('errors from the checkout build are the core errors', () => {
    const error = throwsCore(() => checkout.Plan.fromJson({ currency: 'EUR', rules: [
      { id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '-1' }] }), checkout.InvalidPlanError, {
      code: 'INVALID_PLAN', path: 'rules[0].rate', message: 'invalid plan at rules[0].rate: rate -1 is outside 0..=100' });
    assert.ok(error instanceof full.InvalidPlanError);
    assert.ok(error instanceof full.AffiliateKitError);
  });

  test('the same TypeErrors, before the module', () => {
    throwsType(() => checkout.previewIncentive(TEN_PERCENT, { amount: 30 }, NOW), 'subtotal.amount must be a decimal string');
    throwsType(() => checkout.previewIncentive(TEN_PERCENT, eur('30.00'), new Date(NaN)), 'at: an invalid Date');
    throwsType(() => checkout.previewIncentiveOrder(TEN_PERCENT, order('o1', [line('l1', 'p', 10)]), NOW), 'order.lines[0].unit_price must be a decimal string');
    const plan = checkout.Plan.fromJson(fixtureText('quickstart-plan.json'));
    throwsType(() => plan.quote(order('o1', [line('l1', 'p', 10.5)]), { affiliate: 'a', at: NOW }), 'order.lines[0].unit_price must be a decimal string');
    throwsType(() => checkout.normalize(42), 'code must be a string, not number');
  });
});
