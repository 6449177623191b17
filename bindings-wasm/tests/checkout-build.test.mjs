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
const CHECKOUT_FUNCTIONS = ['CodeList', 'checkFormat', 'init', 'normalize', 'previewIncentive', 'previewIncentiveOrder'];
/** What lib/errors.js exports besides the classes: the code -> class map. */
const ERROR_MODULE_EXTRAS = ['ERRORS_BY_CODE'];

const TEN_PERCENT = { discount: { type: 'percent_off', percent: '10' } };
/** TEN_PERCENT as the core writes it. */
const TEN_PERCENT_WRITTEN = { ...TEN_PERCENT, min_order: null, expires_at: null };
const NOW = T(1, 10, 0, { month: 5 });

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
      'Money', 'Plan', 'Program', 'allocate', 'bucketOf', 'bucketsBetween', 'canonicalCode', 'checkSymbol', 'currency',
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

  test('commission quotes are in the full build only', () => {
    assert.equal('Plan' in checkout, false);
    assert.equal(full.Plan.fromJson(fixtureText('quickstart-plan.json')).currency, 'EUR');
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

  test('checkFormat crosses any text in the module memory: non-ASCII, long, and short after long', () => {
    // The problem's strings are counted in UTF-16 units: an emoji is two, the position is in characters.
    assert.deepEqual(same((api) => api.checkFormat('ab😀=c:')), { value: { verdict: 'invalid', problem: { type: 'invalid_character', character: '😀', position: 2 } } });
    assert.deepEqual(same((api) => api.checkFormat(' x:1')), { value: { verdict: 'invalid', problem: { type: 'invalid_character', character: ':', position: 2 } } });
    assert.deepEqual(same((api) => api.checkFormat('=')), { value: { verdict: 'invalid', problem: { type: 'invalid_character', character: '=', position: 0 } } });
    assert.deepEqual(same((api) => api.checkFormat('')), { value: { verdict: 'invalid', problem: { type: 'empty' } } });
    const long = 'ab-'.repeat(400); // 1 200 characters: more room than any answer before
    assert.deepEqual(same((api) => api.checkFormat(long)), { value: { verdict: 'invalid', problem: { type: 'too_long', length: 800, max: 32 } } });
    assert.deepEqual(same((api) => api.checkFormat('ÄBC')), { value: { verdict: 'invalid', problem: { type: 'invalid_character', character: 'Ä', position: 0 } } });
    assert.deepEqual(same((api) => api.checkFormat('john-25')), { value: { verdict: 'vanity', code: 'JOHN25' } });
  });

  test('checkFormat answers each problem as a new object, however often and in whatever order problems recur', () => {
    // The module sends a problem met lately as its slot (16 of them) and the page keeps what it read.
    const first = checkout.checkFormat('ab');
    first.problem.length = 99; // the caller's object: changing it changes no later answer
    const again = checkout.checkFormat('ab');
    assert.deepEqual(again, { verdict: 'invalid', problem: { type: 'too_short', length: 2, min: 3 } });
    assert.notEqual(again.problem, checkout.checkFormat('ab').problem);
    // 40 different problems (more than the slots), then again in reverse order, then interleaved.
    const typed = Array.from({ length: 40 }, (_, k) => `${'a'.repeat(k)}_`);
    const expected = (k) => ({ verdict: 'invalid', problem: { type: 'invalid_character', character: '_', position: k } });
    for (const order of [[...typed.keys()], [...typed.keys()].reverse(), [...typed.keys()].map((k) => (k * 7) % 40)]) {
      for (const k of order) {
        assert.deepEqual(same((api) => api.checkFormat(typed[k])), { value: expected(k) }, `position ${k}`);
        assert.deepEqual(same((api) => api.checkFormat('a-b')), { value: { verdict: 'invalid', problem: { type: 'too_short', length: 2, min: 3 } } });
      }
    }
    // A code typed as it normalizes comes back as the very string typed.
    assert.deepEqual(same((api) => api.checkFormat('JOHN25')), { value: { verdict: 'vanity', code: 'JOHN25' } });
    assert.deepEqual(same((api) => api.checkFormat('1VXSNZGEY')), { value: { verdict: 'generated', code: '1VXSNZGEY' } });
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

  test('CodeList.validate, every verdict', () => {
    const spring = { code: 'Spring', affiliate_id: 'aff_1', incentive: TEN_PERCENT, expires_at: T(1, 0, 0, { month: 6 }) };
    const listed = [spring, { code: 'alice-10', affiliate_id: 'aff_1' }, { code: 'samsusp', affiliate_id: 'aff_2', active: false },
      { code: '1vxs-nzgey', affiliate_id: 'aff_3' }];
    const verdict = (code, at = NOW) => same((api) => {
      const list = new api.CodeList(listed);
      try {
        return list.validate(code, at);
      } finally {
        list.free();
      }
    }).value;
    assert.deepEqual(verdict(' spring '), { valid: true, reason: 'valid', code: 'SPRING', affiliate_id: 'aff_1', incentive: TEN_PERCENT_WRITTEN });
    assert.deepEqual(verdict('SPRING', T(1, 0, 0, { month: 6 })), { valid: false, reason: 'expired', code: 'SPRING', affiliate_id: 'aff_1', incentive: null });
    assert.deepEqual(verdict('ALICE10'), { valid: true, reason: 'valid', code: 'ALICE10', affiliate_id: 'aff_1', incentive: null });
    assert.equal(verdict('sam-susp').reason, 'affiliate_not_active');
    assert.deepEqual(verdict('1VXSNZGEY'), { valid: true, reason: 'valid', code: '1VXSNZGEY', affiliate_id: 'aff_3', incentive: null });
    assert.deepEqual(verdict('ZVXSNZGEY'), { valid: false, reason: 'likely_typo', code: 'ZVXSNZGEY', affiliate_id: null, incentive: null });
    assert.deepEqual(verdict('NOBODY1'), { valid: false, reason: 'unknown', code: 'NOBODY1', affiliate_id: null, incentive: null });
    assert.deepEqual(verdict('a!'), { valid: false, reason: 'malformed', code: null, affiliate_id: null, incentive: null });
  });

  test('CodeList refuses a code twice, an impossible code, a bad incentive or policy', () => {
    const list = new checkout.CodeList([{ code: 'ALICE10', affiliate_id: 'aff_1' }]);
    throwsCore(() => list.add({ code: 'alice-10', affiliate_id: 'aff_2' }), checkout.ConflictError,
      { code: 'CONFLICT', message: 'conflict: code "ALICE10" is listed twice' });
    throwsCore(() => list.add({ code: 'a!', affiliate_id: 'aff_2' }), checkout.InvalidCodeError, { code: 'INVALID_CODE' });
    throwsCore(() => list.add({ code: 'NEW1', affiliate_id: 'aff_2', incentive: { discount: { type: 'percent_off', percent: '150' } } }),
      checkout.InvalidAmountError, { code: 'INVALID_AMOUNT' });
    assert.equal(list.size, 1);
    list.free();
    const policy = same((api) => new api.CodeList([], { generated_length: 0 })).error;
    assert.deepEqual([policy.class, policy.message], [checkout.InvalidPolicyError, 'invalid code policy: generated_length must be at least 1']);
    throwsType(() => new checkout.CodeList([{ code: 'A1B2', affiliate: 'aff_1' }]), 'codes[0].affiliate is not a field');
  });

  test('errors from the checkout build are the core errors', () => {
    const error = throwsCore(() => checkout.previewIncentive({ discount: { type: 'percent_off', percent: '-1' } }, eur('10.00'), NOW),
      checkout.InvalidAmountError, { code: 'INVALID_AMOUNT', message: 'invalid amount "-1": percent off must be between 0 and 100' });
    assert.ok(error instanceof full.InvalidAmountError);
    assert.ok(error instanceof full.AffiliateKitError);
  });

  test('the same TypeErrors, before the module', () => {
    throwsType(() => checkout.previewIncentive(TEN_PERCENT, { amount: 30 }, NOW), 'subtotal.amount must be a decimal string');
    throwsType(() => checkout.previewIncentive(TEN_PERCENT, eur('30.00'), new Date(NaN)), 'at: an invalid Date');
    throwsType(() => checkout.previewIncentiveOrder(TEN_PERCENT, order('o1', [line('l1', 'p', 10)]), NOW), 'order.lines[0].unit_price must be a decimal string');
    throwsType(() => checkout.previewIncentive({ discount: { type: 'percent_off', percent: '10' }, min: '1' }, eur('30.00'), NOW), 'incentive.min is not a field');
    throwsType(() => checkout.checkFormat('ABC', { min_length: -1 }), 'policy.min_length must be a whole number');
    throwsType(() => checkout.normalize(42), 'code must be a string, not number');
  });
});
