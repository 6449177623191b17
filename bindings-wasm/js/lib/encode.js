// JS values to the text the WebAssembly module reads. Money and other decimals must be strings
// ("30.00"): a number where a decimal is expected is a TypeError naming the argument. Datetimes are
// ISO-8601 strings or Date objects. Nothing here rounds or decides: it converts and refuses.
import { INTEGER_FIELDS } from './integer-fields.js';

const BIG = '\u0000bigint:';

function kind(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** An ISO-8601 timestamp from a string or a valid Date; anything else is a TypeError naming `name`. */
export function instant(name, value) {
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${name}: an invalid Date`);
    return value.toISOString();
  }
  throw new TypeError(`${name} must be an ISO-8601 string or a Date, not ${kind(value)}`);
}

/** A decimal amount as text; a number is a TypeError naming `name`. */
export function decimal(name, value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    throw new TypeError(`${name} must be a decimal string such as "30.00", not a number (${value}): money never crosses as a float`);
  }
  throw new TypeError(`${name} must be a decimal string such as "30.00", not ${kind(value)}`);
}

/** A string argument; anything else is a TypeError naming `name`. */
export function text(name, value) {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, not ${kind(value)}`);
  return value;
}

/** An optional string argument (undefined or null for none). */
export function optionalText(name, value) {
  return value === undefined || value === null ? undefined : text(name, value);
}

/** An unsigned 64-bit integer argument (a seed, a sequence number) as a BigInt. */
export function u64(name, value) {
  if (typeof value === 'bigint') return value;
  if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new TypeError(`${name} must be a non-negative integer (a safe integer or a BigInt), not ${String(value)}`);
}

/** A money value `{amount, currency}` with a decimal-string amount. */
export function money(name, value) {
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be {amount, currency}, not ${kind(value)}`);
  return { amount: decimal(`${name}.amount`, value.amount), currency: text(`${name}.currency`, value.currency) };
}

/** Checks and converts a structured argument into plain JSON values (Dates to ISO strings, BigInts
 * to exact integers, numbers only at integer fields). */
function plain(name, value, field) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (INTEGER_FIELDS.has(field) && Number.isSafeInteger(value)) return value;
    if (Number.isSafeInteger(value) && !INTEGER_FIELDS.has(field)) {
      throw new TypeError(`${name} must be a decimal string such as "30.00", not a number (${value}): money and rates never cross as floats (or ${field} is not a field of the core's JSON)`);
    }
    throw new TypeError(`${name} must be ${INTEGER_FIELDS.has(field) ? 'a safe integer' : 'a decimal string such as "30.00"'}, not the number ${value}`);
  }
  if (typeof value === 'bigint') {
    if (INTEGER_FIELDS.has(field)) return `${BIG}${value}`;
    throw new TypeError(`${name} must be a decimal string, not a BigInt`);
  }
  if (value instanceof Date) return instant(name, value);
  if (Array.isArray(value)) return value.map((item, i) => plain(`${name}[${i}]`, item, field));
  if (typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = plain(`${name}.${key}`, item, key);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  throw new TypeError(`${name}: ${typeof value} is not a JSON value`);
}

/** A structured argument (a plan, an order, a command, ...) as JSON text; a string is taken as
 * JSON text already. */
export function json(name, value) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be an object, not ${kind(value)}`);
  const textual = JSON.stringify(plain(name, value, name));
  // JSON.stringify writes the marker's NUL as the six characters \u0000.
  return textual.includes('\\u0000bigint:') ? textual.replace(/"\\u0000bigint:(\d+)"/g, '$1') : textual;
}

/** An optional structured argument. */
export function optionalJson(name, value) {
  return value === undefined || value === null ? undefined : json(name, value);
}

/** Parses the module's JSON keeping integers beyond 2^53 (seeds in a command log) exact, as BigInt. */
export function parseExact(textual) {
  if (!/\d{16}/.test(textual)) return JSON.parse(textual);
  const marked = textual.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.eE\d])/g,
    (token) => (token.startsWith('"') ? token : `"\\u0000bigint:${token}"`));
  return JSON.parse(marked, (_key, value) =>
    typeof value === 'string' && value.startsWith(BIG) ? BigInt(value.slice(BIG.length)) : value);
}

/** An optional decimal amount (undefined or null for none). */
export function optionalDecimal(name, value) {
  return value === undefined || value === null ? undefined : decimal(name, value);
}

/** An optional instant (undefined or null for none). */
export function optionalInstant(name, value) {
  return value === undefined || value === null ? undefined : instant(name, value);
}

/** The fields of a structured argument given as an object or as JSON text, refusing a key that is
 * not one of `keys` (the checkout module takes the fields one by one, so nothing else would read it). */
export function fieldsOf(name, value, keys) {
  const object = typeof value === 'string' ? parsedText(name, value) : value;
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    throw new TypeError(`${name} must be an object, not ${kind(object)}`);
  }
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) throw new TypeError(`${name}.${key} is not a field (expected one of ${keys.join(', ')})`);
  }
  return object;
}

function parsedText(name, textual) {
  try {
    return JSON.parse(textual);
  } catch (error) {
    throw new TypeError(`${name} is not JSON text: ${error.message}`);
  }
}

/** An optional boolean argument (undefined or null for none). */
export function optionalBoolean(name, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw new TypeError(`${name} must be a boolean, not ${kind(value)}`);
}

/** An optional whole number from 0 to 2^32 - 1 (a length, a quantity). */
export function optionalU32(name, value) {
  if (value === undefined || value === null) return undefined;
  if (Number.isSafeInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  throw new TypeError(`${name} must be a whole number from 0 to 4294967295, not ${String(value)}`);
}
