// What a JS shop would write instead of affiliate-kit: referral-code checking (Crockford base32 with
// the Damm check over GF(32), default policy) and one-order quoting of the benchmark plan's constructs
// with decimal.js. Same verdicts and amounts as the core (core/src/codes, core/src/plan).
import Decimal from 'decimal.js';

// ---- codes -------------------------------------------------------------------------------------

/** The Crockford base32 alphabet in value order (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The core's default code policy. */
const POLICY = {
  minLength: 3,
  maxLength: 32,
  generatedLength: 8,
  reserved: ['ADMIN', 'AFFILIATE', 'NULL', 'NONE', 'TEST', 'STAFF', 'SUPPORT', 'UNDEFINED'],
};

/** Symbol value of an upper-case character read leniently (O as 0, I and L as 1), else undefined. */
const VALUE = {};
for (let v = 0; v < 32; v++) VALUE[ALPHABET[v]] = v;
VALUE.O = 0;
VALUE.I = 1;
VALUE.L = 1;

/** Rust's `char::is_whitespace` (Unicode White_Space), which differs from JS `trim` (U+0085, U+FEFF). */
function isWhitespace(cp) {
  return (cp >= 9 && cp <= 13) || cp === 32 || cp === 0x85 || cp === 0xa0 || cp === 0x1680
    || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f
    || cp === 0x205f || cp === 0x3000;
}

function isAsciiAlphanumeric(c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/** Normalizes a typed code: `{ code }` or `{ problem }` (the core's CodeProblem as JSON). */
export function normalize(input) {
  const chars = Array.from(input); // code points: positions count characters, not UTF-16 units
  let start = 0;
  let end = chars.length;
  while (start < end && isWhitespace(chars[start].codePointAt(0))) start++;
  while (end > start && isWhitespace(chars[end - 1].codePointAt(0))) end--;
  let code = '';
  let length = 0;
  for (let i = start; i < end; i++) {
    const c = chars[i];
    if (c === ' ' || c === '-') continue;
    if (!isAsciiAlphanumeric(c)) return { problem: { type: 'invalid_character', character: c, position: i } };
    if (length <= POLICY.maxLength) code += c.toUpperCase();
    length++;
  }
  if (length === 0) return { problem: { type: 'empty' } };
  if (length < POLICY.minLength) return { problem: { type: 'too_short', length, min: POLICY.minLength } };
  if (length > POLICY.maxLength) return { problem: { type: 'too_long', length, max: POLICY.maxLength } };
  return { code };
}

/** Multiplication by x (value 2) in GF(32) = GF(2)[x] / (x^5 + x^2 + 1). */
function times2(s) {
  const x = s << 1;
  return x & 32 ? x ^ 0b100101 : x;
}

/** The offline verdict, as the core's CodeFormat JSON: generated, likely_typo, vanity or invalid. */
export function checkFormat(input) {
  const { code, problem } = normalize(input);
  if (problem) return { verdict: 'invalid', problem };
  if (code.length === POLICY.generatedLength + 1) {
    let state = 0;
    let canonical = '';
    for (const c of code) {
      const v = VALUE[c];
      if (v === undefined) { state = -1; break; }
      canonical += ALPHABET[v];
      state = times2(state) ^ v;
    }
    if (state === 0) return { verdict: 'generated', code: canonical };
    if (state > 0) return { verdict: 'likely_typo', code: canonical };
  }
  if (POLICY.reserved.includes(code)) return { verdict: 'invalid', problem: { type: 'reserved', word: code } };
  return { verdict: 'vanity', code };
}

// ---- quotes ------------------------------------------------------------------------------------

/** Exact decimals (40 digits never round for orders of up to 12 decimals), half-up at the end. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const ZERO = new D(0);
const HUNDRED = new D(100);
/** Target precedence: the most specific wins. */
const RANK = { program: 0, group: 1, affiliate: 2, category: 3, product: 4 };

/** Rounds to cents, half away from zero (the core's one rounding point). */
const cents = (d) => d.toDecimalPlaces(2, D.ROUND_HALF_UP);

/** Compiles a plan that uses only the benchmark plan's constructs (else throws). */
export function compilePlan(plan) {
  const unsupported = (what) => { throw new Error(`hand-written quote: unsupported ${what}`); };
  if (plan.base || plan.caps || plan.period) unsupported('base, caps or period');
  const rules = plan.rules.map((r, index) => {
    if (r.conditions || r.cap) unsupported(`conditions or cap in rule ${r.id}`);
    const t = r.target;
    const matches = {
      program: () => true,
      group: (line, ctx) => ctx.group === t.group,
      affiliate: (line, ctx) => ctx.affiliate === t.affiliate,
      category: (line) => line.category !== undefined && t.categories.includes(line.category),
      product: (line) => t.products.includes(line.product),
    }[t.type];
    let amount;
    if (r.commission === 'percentage') {
      const rate = new D(r.rate);
      amount = (base) => base.mul(rate).div(HUNDRED);
    } else if (r.commission === 'flat_per_order' && r.amount.currency === plan.currency) {
      const flat = new D(r.amount.amount);
      amount = () => flat;
    } else if (r.commission === 'tiered' && r.metric === 'sales_count' && r.tiers.every((x) => x.rate)) {
      const tiers = r.tiers.map((x) => ({ threshold: new D(x.threshold), rate: new D(x.rate) })).reverse();
      amount = (base, ctx) => {
        const tier = tiers.find((x) => x.threshold.lte(ctx.period_sales_count ?? 0));
        return tier ? base.mul(tier.rate).div(HUNDRED) : ZERO;
      };
    } else {
      unsupported(`commission of rule ${r.id}`);
    }
    return { index, rank: RANK[t.type], priority: r.priority ?? 0, matches, amount };
  });
  const levels = (plan.levels ?? []).map((l) => (l.of && l.of !== 'sale' ? unsupported('level of') : new D(l.rate)));
  return { currency: plan.currency, rules, levels };
}

/** Splits `total` in proportion to `weights` in units of 10^-scale, largest remainder first. */
function allocate(total, weights, scale) {
  const unit = new D(10).pow(scale);
  const units = total.mul(unit);
  const sum = weights.reduce((a, w) => a.plus(w), ZERO);
  const parts = weights.map((w, i) => {
    const product = units.mul(w);
    const floor = product.divToInt(sum);
    return { i, floor, rest: product.minus(floor.mul(sum)) };
  });
  let leftover = units.minus(parts.reduce((a, p) => a.plus(p.floor), ZERO)).toNumber();
  for (const p of [...parts].sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i)) {
    if (leftover-- <= 0) break;
    p.floor = p.floor.plus(1);
  }
  return parts.map((p) => p.floor.div(unit));
}

/** Each line's base: net of its discount and of its share of the order discount. */
function lineBases(order) {
  const nets = order.lines.map((l) => new D(l.unit_price).mul(l.quantity).minus(l.discount ?? 0));
  const discount = new D(order.discount ?? 0);
  if (discount.isZero()) return nets;
  const weights = nets.every((n) => n.isZero()) ? nets.map(() => new D(1)) : nets;
  const scale = Math.max(2, discount.dp(), ...nets.map((n) => n.dp()));
  const shares = allocate(discount, weights, scale);
  return nets.map((n, i) => n.minus(shares[i]));
}

/** Quotes one order: `{ total, by: { beneficiary: amount } }`, amounts as strings with 2 decimals. */
export function quote(plan, order, ctx) {
  if (order.currency !== plan.currency) throw new Error('currency mismatch');
  const bases = lineBases(order);
  const groups = new Map(); // winning rule -> base of the lines it won
  order.lines.forEach((line, i) => {
    let winner;
    for (const r of plan.rules) {
      if (!r.matches(line, ctx)) continue;
      if (!winner || r.rank > winner.rank || (r.rank === winner.rank && r.priority > winner.priority)) winner = r;
    }
    if (winner) groups.set(winner, (groups.get(winner) ?? ZERO).plus(bases[i]));
  });
  if (groups.size === 0) return { total: '0.00', by: {} };
  let direct = ZERO;
  let saleBase = ZERO;
  for (const [rule, base] of groups) {
    if (base.gt(0)) {
      direct = direct.plus(cents(rule.amount(base, ctx)));
      saleBase = saleBase.plus(base);
    }
  }
  const by = { [ctx.affiliate]: direct.toFixed(2) };
  let total = direct;
  (ctx.parents ?? []).slice(0, plan.levels.length).forEach((parent, k) => {
    const amount = saleBase.gt(0) ? cents(saleBase.mul(plan.levels[k]).div(HUNDRED)) : ZERO;
    by[parent] = amount.toFixed(2);
    total = total.plus(amount);
  });
  return { total: total.toFixed(2), by };
}
