// Money: strict parsing, currencies, checked arithmetic, the one rounding function, allocation
// (ported from bindings-python/tests/test_money.py). Amounts are decimal strings; a JS number where a
// decimal is expected is a TypeError naming the argument and never reaches the module.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ArithmeticOverflowError,
  CurrencyMismatchError,
  InvalidAllocationError,
  InvalidAmountError,
  InvalidCurrencyError,
  InvalidInputError,
  Money,
  allocate,
  currency,
  parseDecimal,
  parseNonNegative,
  roundToMinorUnits,
} from 'affiliate-kit';

import { amounts, eur, throwsCore, throwsType } from './support/helpers.mjs';

const jpy = (amount) => ({ amount, currency: 'JPY' });
const usd = (amount) => ({ amount, currency: 'USD' });

/** A decimal string as an exact integer of 10^-12 units (for sums without floats). */
function units(text) {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(whole + frac.padEnd(12, '0'));
  return negative ? -value : value;
}

describe('parsing', () => {
  for (const [text, expected] of [
    ['12', '12'], ['12.50', '12.50'], ['-3.10', '-3.10'], ['00012.50', '12.50'], ['-0', '0'], ['0.001', '0.001'],
  ]) {
    test(`parseDecimal("${text}") keeps the scale: ${expected}`, () => {
      assert.equal(parseDecimal(text), expected);
    });
  }

  const strict = ['1e3', '1E3', 'NaN', 'inf', '', ' 1', '1 ', '1,50', '+1', '--1', '.5', '5.', '1.2.3', '0x10', '-',
    '12345678901234567890123456789']; // the last one: 29 significant digits, one too many
  test('parseDecimal is strict', () => {
    for (const text of strict) {
      const error = throwsCore(() => parseDecimal(text), InvalidAmountError, { code: 'INVALID_AMOUNT', path: undefined });
      assert.ok(error.message.startsWith(`invalid amount "${text}": `), error.message);
    }
  });

  test('parseDecimal takes only a string', () => {
    throwsType(() => parseDecimal(5), 'value must be a string, not number');
    throwsType(() => parseDecimal(5n), 'value must be a string, not bigint');
  });

  test('parseNonNegative', () => {
    assert.equal(parseNonNegative('0.50'), '0.50');
    assert.equal(parseNonNegative('0'), '0');
    throwsCore(() => parseNonNegative('-1'), InvalidAmountError, {
      code: 'INVALID_AMOUNT', message: 'invalid amount "-1": must not be negative' });
  });
});

describe('currencies', () => {
  test('currency() of a code', () => {
    assert.deepEqual(currency('EUR'), { code: 'EUR', minor_units: 2, name: 'Euro' });
    assert.deepEqual(currency('JPY'), { code: 'JPY', minor_units: 0, name: 'Japanese yen' });
    const kwd = currency('KWD');
    assert.deepEqual([kwd.code, kwd.minor_units], ['KWD', 3]);
  });

  test('bad currency codes', () => {
    for (const code of ['eur', ' EUR', 'EURO', 'EU', '', 'ZZZ']) {
      const error = throwsCore(() => currency(code), InvalidCurrencyError, { code: 'INVALID_CURRENCY' });
      assert.ok(error.message.includes(`"${code}"`), error.message);
    }
    throwsCore(() => currency('eur'), InvalidCurrencyError, {
      message: 'invalid currency "eur": expected three upper-case letters (ISO 4217), e.g. "EUR"' });
  });
});

describe('Money arithmetic', () => {
  test('Money.parse', () => {
    assert.deepEqual(Money.parse('19.99', 'EUR'), eur('19.99'));
    assert.deepEqual(Money.parse('5', 'JPY'), jpy('5'));
    throwsCore(() => Money.parse('1', 'eur'), InvalidCurrencyError, { code: 'INVALID_CURRENCY' });
    throwsCore(() => Money.parse('1e2', 'EUR'), InvalidAmountError, { code: 'INVALID_AMOUNT', message: /^invalid amount "1e2": / });
  });

  test('add and sub are exact', () => {
    assert.deepEqual(Money.checkedAdd(eur('10.10'), eur('0.95')), eur('11.05')); // 10.10 + 0.95
    assert.deepEqual(Money.checkedSub(eur('10.10'), eur('10.15')), eur('-0.05')); // 10.10 - 10.15
    assert.deepEqual(Money.checkedAdd(eur('100'), eur('0.50')), eur('100.50'));
  });

  test('a currency mismatch names both currencies', () => {
    for (const operation of [Money.checkedAdd, Money.checkedSub, Money.checkedCmp, Money.checkedMin]) {
      const error = throwsCore(() => operation(eur('1.00'), usd('1.00')), CurrencyMismatchError, {
        code: 'CURRENCY_MISMATCH', message: 'currency mismatch: expected EUR, found USD', path: undefined });
      assert.deepEqual(error.details, { expected: 'EUR', found: 'USD' });
    }
  });

  test('mul, percent, round, negated, cmp, min', () => {
    assert.deepEqual(Money.checkedMul(eur('19.99'), '3'), eur('59.97')); // 19.99 x 3
    assert.deepEqual(Money.checkedMul(eur('0.05'), '0.5'), eur('0.025')); // exact, not rounded
    assert.deepEqual(Money.percent(eur('199.99'), '15'), eur('29.9985')); // 199.99 x 15 / 100
    assert.deepEqual(Money.round(eur('29.9985')), eur('30.00'));
    assert.deepEqual(Money.round(eur('29.9985'), 'toward_zero'), eur('29.99'));
    assert.deepEqual(Money.round(jpy('100.5'), 'half_even'), jpy('100'));
    assert.deepEqual(Money.negated(eur('1.50')), eur('-1.50'));
    assert.equal(Money.checkedCmp(eur('1'), eur('1.00')), 0);
    assert.equal(Money.checkedCmp(eur('0.99'), eur('1')), -1);
    assert.equal(Money.checkedCmp(eur('2'), eur('1.99')), 1);
    assert.deepEqual(Money.checkedMin(eur('2'), eur('1.99')), eur('1.99'));
    assert.deepEqual(Money.checkedMin(eur('-0.01'), eur('0')), eur('-0.01'));
    throwsCore(() => Money.round(eur('1'), 'bankers'), InvalidInputError, { code: 'INVALID_INPUT', path: 'mode' });
  });

  test('Money is frozen', () => {
    assert.ok(Object.isFrozen(Money));
    assert.deepEqual(Object.keys(Money).sort(),
      ['checkedAdd', 'checkedCmp', 'checkedMin', 'checkedMul', 'checkedSub', 'negated', 'parse', 'percent', 'round']);
  });

  test('overflow', () => {
    // 7922816251426433759354395033 (28 digits, ~7.9e27) x 100 = ~7.9e29: beyond 96 bits (~7.9e28).
    throwsCore(() => Money.checkedMul(eur('7922816251426433759354395033'), '100'), ArithmeticOverflowError, {
      code: 'OVERFLOW', message: 'arithmetic overflow in money multiplication', path: undefined });
  });

  test('a number where money or a decimal is expected is a TypeError naming the argument', () => {
    throwsType(() => Money.parse(30, 'EUR'), 'amount must be a decimal string such as "30.00", not a number (30)');
    throwsType(() => Money.parse(10.5, 'EUR'), 'amount must be a decimal string such as "30.00", not a number (10.5)');
    throwsType(() => Money.parse(30n, 'EUR'), 'amount must be a decimal string');
    throwsType(() => Money.parse('1', 978), 'currency must be a string, not number');
    throwsType(() => Money.checkedMul(eur('1.00'), 0.5), 'factor must be a decimal string');
    throwsType(() => Money.percent(eur('1.00'), 12.5), 'percent must be a decimal string');
    throwsType(() => Money.checkedAdd(eur('1.00'), { amount: 1, currency: 'EUR' }), 'b.amount must be a decimal string');
    throwsType(() => Money.checkedAdd({ amount: 10, currency: 'EUR' }, eur('1.00')), 'a.amount must be a decimal string');
    throwsType(() => Money.checkedAdd(eur('1.00'), '1.00'), 'b must be {amount, currency}, not string');
    throwsType(() => Money.round({ amount: '1.00' }), 'money.currency must be a string, not undefined');
    throwsType(() => Money.negated(null), 'money must be {amount, currency}, not null');
    throwsType(() => roundToMinorUnits(2.345, 'EUR'), 'amount must be a decimal string such as "30.00", not a number (2.345)');
    throwsType(() => allocate(eur('1.00'), ['1', 0.5]), 'weights[1] must be a decimal string');
    throwsType(() => allocate({ amount: 1, currency: 'EUR' }, ['1']), 'total.amount must be a decimal string');
    throwsType(() => allocate(eur('1.00'), '1'), 'weights must be an array of decimal strings');
  });
});

describe('rounding', () => {
  const MODES = ['half_up', 'half_even', 'toward_zero', 'away_from_zero'];
  const CASES = [
    // value, currency, [half_up, half_even, toward_zero, away_from_zero]
    ['2.345', 'EUR', ['2.35', '2.34', '2.34', '2.35']], // a tie: 4 is even
    ['-2.345', 'EUR', ['-2.35', '-2.34', '-2.34', '-2.35']], // ties go away from zero, by magnitude
    ['2.355', 'EUR', ['2.36', '2.36', '2.35', '2.36']], // a tie: 6 is even
    ['0.121', 'EUR', ['0.12', '0.12', '0.12', '0.13']], // not a tie: only away_from_zero goes up
    ['100.5', 'JPY', ['101', '100', '100', '101']], // no minor units
    ['101.5', 'JPY', ['102', '102', '101', '102']],
    ['1.2505', 'KWD', ['1.251', '1.250', '1.250', '1.251']], // three minor units
    ['30', 'EUR', ['30.00', '30.00', '30.00', '30.00']], // the scale is always the currency's
    ['-0.001', 'EUR', ['0.00', '0.00', '0.00', '-0.01']],
  ];
  for (const [value, code, expected] of CASES) {
    test(`roundToMinorUnits(${value} ${code}) in every mode`, () => {
      MODES.forEach((mode, i) => {
        assert.equal(roundToMinorUnits(value, code, mode), expected[i], `${value} ${code} ${mode}`);
        assert.deepEqual(Money.round({ amount: value, currency: code }, mode), { amount: expected[i], currency: code });
      });
    });
  }

  test('roundToMinorUnits defaults to half_up; a bad mode is INVALID_INPUT at mode', () => {
    assert.equal(roundToMinorUnits('30', 'EUR'), '30.00');
    assert.equal(roundToMinorUnits('0.125', 'EUR'), '0.13'); // half up
    throwsCore(() => roundToMinorUnits('1', 'EUR', 'bankers'), InvalidInputError, { code: 'INVALID_INPUT', path: 'mode' });
    throwsCore(() => roundToMinorUnits('1', 'eur'), InvalidCurrencyError, { code: 'INVALID_CURRENCY' });
  });
});

describe('allocation', () => {
  const CASES = [
    // 10000 cents / 3 = 3333.33 each: floors 3333 x 3 = 9999, the cent left goes to the first
    // (equal remainders: the earlier part wins).
    ['100.00', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
    // 5 cents 70/30 = 3.5 / 1.5: floors 3 / 1, the tie on .5 goes to the earlier part.
    ['0.05', ['70', '30'], ['0.04', '0.01']],
    // 1000 cents over 199.99 / 79.80 / 7.50 (sum 287.29): 696.13 / 277.77 / 26.10 -> the cent left
    // goes to the largest remainder (.77, the second).
    ['10.00', ['199.99', '79.80', '7.50'], ['6.96', '2.78', '0.26']],
    // Negative totals split like their absolute value.
    ['-0.05', ['70', '30'], ['-0.04', '-0.01']],
    // Zero weights take nothing.
    ['1.00', ['0', '1'], ['0.00', '1.00']],
    // Weights of different scales: 0.5 / 1.50 = 1 : 3.
    ['1.00', ['0.5', '1.50'], ['0.25', '0.75']],
  ];
  for (const [total, weights, expected] of CASES) {
    test(`allocate ${total} by ${weights.join(' / ')}`, () => {
      const parts = allocate(eur(total), weights);
      assert.deepEqual(amounts(parts), expected);
      assert.equal(parts.reduce((sum, p) => sum + units(p.amount), 0n), units(total));
      assert.ok(parts.every((p) => p.currency === 'EUR'));
    });
  }

  test('allocate in yen', () => {
    // 100 JPY 1:2 = 33.33 / 66.67 -> floors 33 / 66, the yen left to the larger remainder (.67).
    assert.deepEqual(allocate(jpy('100'), ['1', '2']), [jpy('33'), jpy('67')]);
  });

  for (const weights of [[], ['0', '0'], ['-1', '2']]) {
    test(`an impossible allocation: [${weights.join(', ')}]`, () => {
      throwsCore(() => allocate(eur('1.00'), weights), InvalidAllocationError, { code: 'INVALID_ALLOCATION', message: /^invalid allocation: / });
    });
  }

  test('the zero-sum allocation message', () => {
    throwsCore(() => allocate(eur('1.00'), ['0', '0']), InvalidAllocationError, { message: 'invalid allocation: weights sum to zero' });
  });
});
