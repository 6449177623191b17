// Matching JSON answers the way the shared scenarios do (core/tests/scenarios/README.md, "How `expect`
// matches"): a partial deep match where decimal strings compare by value, plus exact diffs, the
// projection of an answer onto the expected keys (for messages) and exact decimal arithmetic on the
// core's decimal strings. A port of the matcher of core/tests/scenarios.rs.

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** With SCENARIO_STRICT_DECIMALS=1, decimal strings must be written identically ("0" is not "0.00"). */
export function strictDecimals() {
  return process.env.SCENARIO_STRICT_DECIMALS === '1';
}

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

/** A strictly written decimal string ("-12.50", "3") in a canonical form (no leading zeros in the whole
 * part, no trailing zeros in the fraction, no sign on zero), or null when `value` is not one. */
export function asDecimal(value) {
  if (typeof value !== 'string') return null;
  const m = DECIMAL.exec(value);
  if (m === null) return null;
  const whole = m[1].replace(/^0+/, '') || '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const negative = value.startsWith('-') && (whole !== '0' || frac !== '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** JSON text of a value, on one line (as the messages quote scalars). */
export function quote(value) {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** JSON text of a value, indented to sit under a message line. */
export function pretty(value) {
  return (JSON.stringify(value, null, 2) ?? String(value)).replace(/\n/g, '\n      ');
}

/** Whether a JSON scalar of `expect` matches a scalar of the answer. */
export function scalarMatches(expected, actual) {
  if (typeof expected === 'string' && typeof actual === 'string' && !strictDecimals()) {
    const e = asDecimal(expected);
    const a = asDecimal(actual);
    if (e !== null && a !== null) return e === a;
  }
  return expected === actual;
}

/** Partial match: every key of `expected` must be in `actual` and match; arrays match element-wise with
 * the same length; decimal strings match when numerically equal; other scalars must be equal. Pushes one
 * line per mismatching path onto `diffs`. */
export function compare(expected, actual, path, diffs) {
  if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      const sub = `${path}.${key}`;
      if (Object.hasOwn(actual, key)) compare(value, actual[key], sub, diffs);
      else diffs.push(`${sub}: expected ${quote(value)}, but the key is absent`);
    }
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      diffs.push(`${path}: expected ${expected.length} elements, got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i += 1) compare(expected[i], actual[i], `${path}[${i}]`, diffs);
  } else if (!scalarMatches(expected, actual)) {
    diffs.push(`${path}: expected ${quote(expected)}, got ${quote(actual)}`);
  }
  return diffs;
}

/** `actual` cut down to the keys `expected` names (for readable failure messages). */
export function project(expected, actual) {
  if (isObject(expected) && isObject(actual)) {
    return Object.fromEntries(
      Object.entries(expected).filter(([k]) => Object.hasOwn(actual, k)).map(([k, v]) => [k, project(v, actual[k])]),
    );
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.map((e, i) => project(e, actual[i]));
  }
  return actual;
}

/** Every path where two JSON values differ at all (decimal text included: "0" is not "0.00"). */
export function exactDiffs(a, b, path, out) {
  if (isObject(a) && isObject(b)) {
    for (const [key, value] of Object.entries(a)) {
      if (Object.hasOwn(b, key)) exactDiffs(value, b[key], `${path}.${key}`, out);
      else out.push(`${path}.${key}: ${quote(value)} vs absent`);
    }
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key)) out.push(`${path}.${key}: absent vs ${quote(b[key])}`);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => exactDiffs(x, b[i], `${path}[${i}]`, out));
  } else if (isObject(a) || isObject(b) || Array.isArray(a) || Array.isArray(b) || a !== b) {
    out.push(`${path}: ${quote(a)} vs ${quote(b)}`);
  }
  return out;
}

/** Exact decimal arithmetic on decimal strings: `sum(terms)` where each term is [sign, "12.34"]; the
 * result as a decimal string. Throws on a string that is not a decimal. */
export function decimalSum(terms) {
  const parsed = terms.map(([sign, text]) => {
    const m = DECIMAL.exec(String(text));
    if (m === null) throw new TypeError(`not a decimal string: ${quote(text)}`);
    return { sign: (text.startsWith('-') ? -1n : 1n) * BigInt(sign), whole: m[1], frac: m[2] ?? '' };
  });
  const scale = Math.max(0, ...parsed.map((p) => p.frac.length));
  let total = 0n;
  for (const p of parsed) total += p.sign * BigInt(p.whole + p.frac.padEnd(scale, '0'));
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Whether two decimal strings are numerically equal. */
export function decimalEquals(a, b) {
  const x = asDecimal(a);
  return x !== null && x === asDecimal(b);
}
