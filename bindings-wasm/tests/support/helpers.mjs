// Shared helpers of the node --test suites: the shared fixtures of core/tests/fixtures (always loaded,
// never copied), instants, money and order builders, the month program of month-config.json, and
// assertions for the core's errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { AffiliateKitError, Program } from 'affiliate-kit';

/** The directory of the shared fixtures. */
export const FIXTURES = fileURLToPath(new URL('../../../core/tests/fixtures/', import.meta.url));

/** The text of a shared fixture file. */
export function fixtureText(name) {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** A shared fixture file, parsed (a fresh copy on every call). */
export function loadFixture(name) {
  return JSON.parse(fixtureText(name));
}

const pad = (n) => String(n).padStart(2, '0');

/** A UTC instant as the core writes it ("2026-03-01T09:00:00Z"); by default in March 2026 (the month
 * of month-config.json). */
export function T(day, hour = 0, minute = 0, { month = 3, year = 2026 } = {}) {
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00Z`;
}

/** The same instant as a Date. */
export function D(day, hour = 0, minute = 0, { month = 3, year = 2026 } = {}) {
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}

/** Money in euros. */
export function eur(amount) {
  return { amount, currency: 'EUR' };
}

/** An order line. */
export function line(id, product, unitPrice, { quantity = 1, category } = {}) {
  const result = { id, product, quantity, unit_price: unitPrice };
  if (category !== undefined) result.category = category;
  return result;
}

/** An order (`extra`: code, discount, customer, currency, ...). */
export function order(id, lines, extra = {}) {
  return { id, currency: 'EUR', lines, ...extra };
}

/** An empty program of the month config (EUR, Europe/Paris, 14 holding days, 50.00 EUR minimum
 * payout, 10 % default, 20 % books, level 2 at 5 % of the sale). */
export function monthProgram() {
  return new Program(loadFixture('month-config.json'));
}

/** The month program with Alice (aff_1, code ALICE) and one tracked order o1 of 100.00 (10 % = 10.00
 * pending). */
export function aliceProgram() {
  const p = monthProgram();
  p.registerAffiliate({ registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: T(1) });
  p.trackOrder({ order: order('o1', [line('l1', 'p', '100.00')], { code: 'ALICE' }), at: T(2) });
  return p;
}

/** Runs `fn` and asserts it changed nothing: the snapshot byte-identical, the command log the same. */
export function unchanged(program, fn) {
  const snapshot = program.snapshot();
  const log = program.commandLog();
  const result = fn();
  assert.equal(program.snapshot(), snapshot);
  assert.deepEqual(program.commandLog(), log);
  return result;
}

/**
 * Asserts that `fn` throws the core error `Class` with `code`, and returns it. `message`: the exact
 * message, or a RegExp / a substring the message must contain; `path`: the path (undefined when the
 * core gives none).
 */
export function throwsCore(fn, Class, expected = {}) {
  const { code, message, path } = expected;
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error?.name}: ${error?.message}`);
  assert.ok(error instanceof AffiliateKitError);
  assert.ok(error instanceof Error);
  assert.equal(Object.getPrototypeOf(error), Class.prototype);
  assert.equal(error.name, Class.name);
  if (code !== undefined) assert.equal(error.code, code);
  if (message instanceof RegExp) assert.match(error.message, message);
  else if (typeof message === 'string') assert.equal(error.message, message);
  if ('path' in expected) assert.equal(error.path, path);
  return error;
}

/** Asserts that `fn` throws a plain TypeError (not a core error) whose message matches `message`. */
export function throwsType(fn, message) {
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return true;
  });
  assert.equal(Object.getPrototypeOf(error), TypeError.prototype, `expected a TypeError, got ${error?.name}: ${error?.message}`);
  assert.ok(!(error instanceof AffiliateKitError));
  if (message instanceof RegExp) assert.match(error.message, message);
  else assert.ok(error.message.includes(message), `"${error.message}" does not include "${message}"`);
  return error;
}

/** The amounts of a list of money values. */
export function amounts(list) {
  return list.map((m) => m.amount);
}
