// Referral codes: normalization, generation with a check symbol, format verdicts, vanity codes,
// policies and the customer incentive of a code (ported from bindings-python/tests/test_codes.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CurrencyMismatchError,
  InvalidAmountError,
  InvalidCodeError,
  InvalidInputError,
  InvalidPolicyError,
  canonicalCode,
  checkFormat,
  checkSymbol,
  defaultCodePolicy,
  emailKey,
  generateCode,
  generateCodes,
  hasValidCheck,
  normalize,
  parseGenerated,
  previewIncentive,
  previewIncentiveOrder,
  validateIncentive,
  validateVanity,
} from 'affiliate-kit';

import { T, eur, line, order, throwsCore, throwsType } from './support/helpers.mjs';

/** Crockford base32, the alphabet of generated codes. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The code of seed 42 under the default policy, pinned by core/tests/codes.rs and the Python suite
 * (generation_is_deterministic_and_pinned): states 1, 25, 10, 13, 15, 1, 18, 15; check 2 x 15 = 30 = 'Y'. */
const SEED_42 = '1VXSNZGEY';

describe('normalization', () => {
  test('normalize trims, removes separators and upper-cases', () => {
    assert.equal(normalize(' ab-c 12 '), 'ABC12');
    assert.equal(normalize('\tjohn-25\n'), 'JOHN25');
    assert.equal(normalize('ab-c', null), 'ABC');
  });

  test('normalize names a look-alike and its position', () => {
    // 'А' is U+0410 CYRILLIC CAPITAL LETTER A, at position 6 counting the two leading spaces.
    const error = throwsCore(() => normalize('  JOHN\u041025'), InvalidCodeError, { code: 'INVALID_CODE', path: undefined });
    assert.match(error.message, /U\+0410/);
    assert.match(error.message, /position 6/);
    assert.deepEqual(error.details, { problem: { type: 'invalid_character', character: '\u0410', position: 6 } });
  });

  test('canonicalCode is the storage key', () => {
    for (const typed of ['1vxs-nzgey', 'IVXSNZGEY', ' l-vxs nzgey ']) {
      // I and l read as 1 in generated codes
      assert.equal(canonicalCode(typed), SEED_42);
    }
    assert.equal(canonicalCode(' John-25 '), 'JOHN25');
    assert.equal(canonicalCode('lolipop'), 'LOLIPOP'); // vanity codes keep O, I and L
    assert.equal(canonicalCode('lol-ivxs-nzgey', { prefix: 'LOL' }), `LOL${SEED_42}`);
  });

  test('a code that is not a string is a TypeError', () => {
    throwsType(() => normalize(12345), 'code must be a string, not number');
    throwsType(() => canonicalCode(undefined), 'code must be a string, not undefined');
    throwsType(() => normalize('abc', 5), 'policy must be an object, not number');
  });
});

describe('generation', () => {
  test('generateCode is deterministic and pinned (the same as Rust and Python)', () => {
    assert.equal(generateCode(42), SEED_42);
    assert.equal(generateCode(42), generateCode(42));
    assert.notEqual(generateCode(43), SEED_42);
    assert.equal(generateCodes(42, 3)[0], SEED_42);
  });

  test('a BigInt seed works, up to the full u64 range', () => {
    assert.equal(generateCode(42n), SEED_42);
    assert.deepEqual(generateCodes(42n, 3), generateCodes(42, 3));
    const max = generateCode(2n ** 64n - 1n);
    assert.equal(max.length, 9);
    assert.ok(hasValidCheck(max));
    assert.equal(generateCode(2n ** 53n + 1n), generateCode(9007199254740993n));
  });

  test('a seed that is not a u64 is a TypeError', () => {
    throwsType(() => generateCode(-1), 'seed must be a non-negative integer');
    throwsType(() => generateCode(4.2), 'seed must be a non-negative integer');
    throwsType(() => generateCode('42'), 'seed must be a non-negative integer');
    throwsType(() => generateCode(2 ** 53), 'seed must be a non-negative integer');
    throwsType(() => generateCodes(42, 1.5), 'count must be a non-negative integer');
    throwsType(() => generateCodes(42, -1), 'count must be a non-negative integer');
  });

  test('generated codes are distinct and valid', () => {
    const codes = generateCodes(7, 50);
    assert.equal(codes.length, 50);
    assert.equal(new Set(codes).size, 50);
    for (const code of codes) {
      assert.equal(code.length, 9);
      assert.ok([...code].every((c) => ALPHABET.includes(c)), code);
      assert.equal(hasValidCheck(code), true);
      assert.equal(parseGenerated(code), code);
      assert.deepEqual(checkFormat(code), { verdict: 'generated', code });
    }
    assert.deepEqual(generateCodes(7, 0), []);
  });

  test('checkSymbol values', () => {
    assert.equal(checkSymbol('0'), '0');
    assert.equal(checkSymbol('1'), '2'); // state 1 -> check 2 x 1 = 2
    assert.equal(checkSymbol('00000001'), '2');
    assert.equal(checkSymbol('U'), undefined); // not a Crockford symbol
    assert.equal(hasValidCheck('12'), true);
    assert.equal(hasValidCheck(''), false);
    assert.equal(hasValidCheck('1U'), false);
  });

  test('every substitution of a generated code is detected', () => {
    let typos = 0;
    for (let index = 0; index < SEED_42.length; index += 1) {
      for (const other of ALPHABET.replace(SEED_42[index], '')) {
        const typo = SEED_42.slice(0, index) + other + SEED_42.slice(index + 1);
        assert.equal(hasValidCheck(typo), false, typo);
        typos += 1;
      }
    }
    assert.equal(typos, 9 * 31);
  });
});

describe('verdicts', () => {
  test('checkFormat verdicts', () => {
    const code = generateCode(9);
    assert.deepEqual(checkFormat(code), { verdict: 'generated', code });
    const typo = (code[0] === 'Z' ? 'Y' : 'Z') + code.slice(1);
    assert.deepEqual(checkFormat(typo), { verdict: 'likely_typo', code: typo });
    assert.deepEqual(checkFormat('OVXSNZGEY'), { verdict: 'likely_typo', code: '0VXSNZGEY' });
    assert.deepEqual(checkFormat('john-25'), { verdict: 'vanity', code: 'JOHN25' });
    assert.deepEqual(checkFormat('SUPERUSER'), { verdict: 'vanity', code: 'SUPERUSER' }); // a U cannot be generated
    assert.deepEqual(checkFormat('!!'), {
      verdict: 'invalid', problem: { type: 'invalid_character', character: '!', position: 0 } });
    assert.deepEqual(checkFormat(' admin '), { verdict: 'invalid', problem: { type: 'reserved', word: 'ADMIN' } });
    assert.deepEqual(checkFormat('a-b'), { verdict: 'invalid', problem: { type: 'too_short', length: 2, min: 3 } });
    assert.deepEqual(checkFormat('A'.repeat(33)), { verdict: 'invalid', problem: { type: 'too_long', length: 33, max: 32 } });
  });

  test('parseGenerated and its errors', () => {
    assert.equal(parseGenerated('oOoO-000-l2'), '000000012'); // O -> 0, l -> 1; check of 00000001 is 2
    const typo = `Z${SEED_42.slice(1)}`;
    let error = throwsCore(() => parseGenerated(typo), InvalidCodeError, { code: 'INVALID_CODE' });
    assert.deepEqual(error.details, { problem: { type: 'bad_check_symbol' } });
    const summer = { prefix: 'summer' };
    const code = generateCode(1, summer);
    assert.ok(code.startsWith('SUMMER'));
    assert.equal(code.length, 15); // prefix + 8 payload symbols + check
    assert.equal(hasValidCheck(code.slice('SUMMER'.length)), true);
    assert.equal(parseGenerated(code.toLowerCase(), summer), code);
    error = throwsCore(() => parseGenerated('WINTER12345678', summer), InvalidCodeError, { code: 'INVALID_CODE' });
    assert.deepEqual(error.details, { problem: { type: 'prefix_mismatch', expected: 'SUMMER' } });
    error = throwsCore(() => parseGenerated('SUMMER123', summer), InvalidCodeError);
    assert.deepEqual(error.details, { problem: { type: 'not_generated' } });
  });

  test('validateVanity', () => {
    assert.equal(validateVanity(' john-25 '), 'JOHN25');
    const error = throwsCore(() => validateVanity('Support'), InvalidCodeError, {
      code: 'INVALID_CODE', message: 'invalid code "Support": SUPPORT is a reserved word' });
    assert.deepEqual(error.details, { problem: { type: 'reserved', word: 'SUPPORT' } });
    assert.equal(validateVanity('SUPPORTME'), 'SUPPORTME'); // a reserved word as a prefix is fine
    for (const shaped of ['BESTPRICE', 'JOHNSMITH', SEED_42]) {
      // 9 readable symbols look generated
      const shapedError = throwsCore(() => validateVanity(shaped), InvalidCodeError);
      assert.deepEqual(shapedError.details, { problem: { type: 'generated_shape' } });
    }
    // A prefix for generated codes frees every vanity shape.
    assert.equal(validateVanity('JOHNSMITH', { prefix: 'R' }), 'JOHNSMITH');
  });
});

describe('policies', () => {
  test('the default policy and custom policies', () => {
    const policy = defaultCodePolicy();
    assert.deepEqual([policy.min_length, policy.max_length, policy.generated_length, policy.prefix], [3, 32, 8, '']);
    assert.ok(policy.reserved.includes('ADMIN'));
    assert.equal(normalize('ab-c', policy), 'ABC'); // the record read back is accepted as a policy
    let error = throwsCore(() => validateVanity('ABCD', { min_length: 5, reserved: ['acme'] }), InvalidCodeError);
    assert.deepEqual(error.details, { problem: { type: 'too_short', length: 4, min: 5 } });
    error = throwsCore(() => validateVanity('A-C-M-E-', { reserved: ['acme'] }), InvalidCodeError);
    assert.deepEqual(error.details, { problem: { type: 'reserved', word: 'ACME' } });
    assert.equal(generateCode(1, { generated_length: 12 }).length, 13);
    // A policy may be JSON text too.
    assert.equal(generateCode(1, '{"generated_length": 12}'), generateCode(1, { generated_length: 12 }));
  });

  for (const [policy, message] of [
    [{ generated_length: 0 }, 'invalid code policy: generated_length must be at least 1'],
    [{ min_length: 10, max_length: 5 }, 'invalid code policy: min_length 10 exceeds max_length 5'],
    [{ min_length: 0 }, 'invalid code policy: min_length must be at least 1'],
  ]) {
    test(`a bad policy: ${JSON.stringify(policy)}`, () => {
      throwsCore(() => generateCode(1, policy), InvalidPolicyError, { code: 'INVALID_POLICY', message });
    });
  }

  test('an unknown policy key is an invalid policy', () => {
    throwsCore(() => normalize('abc', { min_len: '3' }), InvalidPolicyError, { code: 'INVALID_POLICY', message: /unknown field `min_len`/ });
    // A number at a field the wrapper does not know as an integer never reaches the module.
    throwsType(() => normalize('abc', { min_len: 3 }), 'policy.min_len');
  });
});

describe('incentives', () => {
  const TEN_PERCENT = { discount: { type: 'percent_off', percent: '10' } };
  const NOW = T(1, 10, 0, { month: 5 });

  test('percent off', () => {
    // 10 % of 80.00 = 8.00; 80.00 - 8.00 = 72.00.
    const preview = previewIncentive(TEN_PERCENT, eur('80.00'), NOW);
    assert.equal(preview.eligible, true);
    assert.equal(preview.reason ?? null, null);
    assert.deepEqual([preview.discount, preview.total], [eur('8.00'), eur('72.00')]);
    // 12.5 % of 1.00 = 0.125: 0.13 half up, 0.12 half even.
    const eighth = { discount: { type: 'percent_off', percent: '12.5' } };
    assert.deepEqual(previewIncentive(eighth, eur('1.00'), NOW).discount, eur('0.13'));
    assert.deepEqual(previewIncentive(eighth, eur('1.00'), NOW, 'half_even').discount, eur('0.12'));
    // JPY: 10 % of 1005 = 100.5 -> 101 half up; 1005 - 101 = 904.
    const yen = previewIncentive(TEN_PERCENT, { amount: '1005', currency: 'JPY' }, NOW);
    assert.deepEqual([yen.discount, yen.total], [{ amount: '101', currency: 'JPY' }, { amount: '904', currency: 'JPY' }]);
  });

  test('amount off is capped at the subtotal', () => {
    const twenty = { discount: { type: 'amount_off', amount: eur('20.00') } };
    const capped = previewIncentive(twenty, eur('15.00'), NOW);
    assert.deepEqual([capped.discount, capped.total], [eur('15.00'), eur('0.00')]); // min(20.00, 15.00)
    const full = previewIncentive(twenty, eur('25.00'), NOW);
    assert.deepEqual([full.discount, full.total], [eur('20.00'), eur('5.00')]); // 25.00 - 20.00
  });

  test('below the minimum and expired', () => {
    const withMinimum = { ...TEN_PERCENT, min_order: eur('50.00') };
    const below = previewIncentive(withMinimum, eur('49.99'), NOW);
    assert.equal(below.eligible, false);
    assert.deepEqual(below.reason, { type: 'below_minimum', minimum: eur('50.00') });
    assert.deepEqual([below.discount, below.total], [eur('0.00'), eur('49.99')]);
    assert.deepEqual(previewIncentive(withMinimum, eur('50.00'), NOW).discount, eur('5.00'));
    const expiring = { ...TEN_PERCENT, expires_at: NOW };
    const before = previewIncentive(expiring, eur('10.00'), new Date(Date.parse(NOW) - 1000));
    assert.equal(before.eligible, true);
    assert.deepEqual(before.discount, eur('1.00'));
    const atExpiry = previewIncentive(expiring, eur('10.00'), NOW);
    assert.equal(atExpiry.eligible, false);
    assert.deepEqual(atExpiry.reason, { type: 'expired' });
    assert.deepEqual([atExpiry.discount, atExpiry.total], [eur('0.00'), eur('10.00')]);
    // expires_at given as a Date is the same instant.
    const asDate = previewIncentive({ ...TEN_PERCENT, expires_at: new Date(NOW) }, eur('10.00'), new Date(NOW));
    assert.deepEqual(asDate, atExpiry);
  });

  test('an instant may be a Date; an invalid Date or a number is a TypeError', () => {
    const viaDate = previewIncentive(TEN_PERCENT, eur('80.00'), new Date(Date.UTC(2026, 4, 1, 10)));
    assert.deepEqual(viaDate, previewIncentive(TEN_PERCENT, eur('80.00'), NOW));
    throwsType(() => previewIncentive(TEN_PERCENT, eur('80.00'), new Date('not a date')), 'at: an invalid Date');
    throwsType(() => previewIncentive(TEN_PERCENT, eur('80.00'), Date.parse(NOW)), 'at must be an ISO-8601 string or a Date, not number');
    throwsType(() => previewIncentiveOrder(TEN_PERCENT, order('o1', [line('l1', 'b', '1.00')]), new Date(NaN)), 'at: an invalid Date');
  });

  test('a number where money is expected is a TypeError naming the argument', () => {
    throwsType(() => previewIncentive(TEN_PERCENT, { amount: 30, currency: 'EUR' }, NOW), 'subtotal.amount must be a decimal string');
    throwsType(() => previewIncentive(TEN_PERCENT, { amount: 30 }, NOW), 'subtotal.amount');
    throwsType(() => previewIncentive(TEN_PERCENT, 30, NOW), 'subtotal must be {amount, currency}, not number');
    throwsType(() => previewIncentive({ discount: { type: 'percent_off', percent: 10 } }, eur('80.00'), NOW),
      'incentive.discount.percent must be a decimal string');
    throwsType(() => previewIncentive({ discount: { type: 'amount_off', amount: { amount: 2.5, currency: 'EUR' } } }, eur('80.00'), NOW),
      'incentive.discount.amount.amount');
    throwsType(() => previewIncentiveOrder(TEN_PERCENT, order('o1', [line('l1', 'book', 40)]), NOW), 'order.lines[0].unit_price');
  });

  test('the incentive of an order, and validation', () => {
    // The subtotal of 2 x 40.00 = 80.00; 10 % = 8.00.
    const twoBooks = order('o1', [line('l1', 'book', '40.00', { quantity: 2 })]);
    const preview = previewIncentiveOrder(TEN_PERCENT, twoBooks, NOW);
    assert.deepEqual([preview.discount, preview.total], [eur('8.00'), eur('72.00')]);
    assert.equal(preview.eligible, true);
    const read = validateIncentive(TEN_PERCENT);
    assert.deepEqual(read.discount, { type: 'percent_off', percent: '10' });
    assert.equal(read.min_order ?? null, null);
    assert.equal(read.expires_at ?? null, null);
    throwsCore(() => validateIncentive({ discount: { type: 'percent_off', percent: '100.5' } }), InvalidAmountError, {
      code: 'INVALID_AMOUNT', message: /percent off must be between 0 and 100/ });
    throwsCore(() => validateIncentive({ discount: { type: 'bogus' } }), InvalidInputError, {
      code: 'INVALID_INPUT', path: 'incentive.discount.type' });
    const usdOff = { discount: { type: 'amount_off', amount: { amount: '5.00', currency: 'USD' } } };
    const mismatch = throwsCore(() => previewIncentive(usdOff, eur('10.00'), NOW), CurrencyMismatchError, { code: 'CURRENCY_MISMATCH' });
    assert.deepEqual(mismatch.details, { expected: 'EUR', found: 'USD' });
  });
});

test('emailKey', () => {
  assert.equal(emailKey('Alice@Example.COM'), 'alice@example.com');
  throwsCore(() => emailKey('bob@'), InvalidInputError, { code: 'INVALID_INPUT', path: 'email', message: /"bob@" is not an e-mail address/ });
});
