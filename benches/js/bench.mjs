// JavaScript benchmark, in one run: the hand-written decimal.js implementation (hand-written.mjs)
// versus the affiliate-kit WASM module (Node entries: `checkout` for code checking, the full build for
// one-order quoting). Checks first that both agree on every input (exit 1 otherwise), then prints
// one JSON line per measurement on stdout; a summary of the inputs goes to stderr.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Decimal from 'decimal.js';
import { checkFormat as wasmCheckFormat } from 'affiliate-kit/checkout';
import { Plan, generateCodes } from 'affiliate-kit';
import * as hand from './hand-written.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const emit = (bench, value, unit) => console.log(JSON.stringify({ bench, value, unit }));

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] };
}

// ---- inputs ------------------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VANITY = ['JOHN25', 'john-25', 'summer sale', 'BESTDEALS2024', 'HELLOUSER', 'maria', 'SAVE10', 'bob',
  'anna-k', 'TEAM-UNICORN', ' Lisa 2024 ', 'admin', 'Test', 'undefined', 'null', 'JOHNSMITH', 'bestprice'];
const GARBAGE = ['', '   ', 'ab', 'x', '---', 'a_b_c', 'héllo', 'code😀', 'АБВГД', '\u200bJOHN25', 'JOHN\t25',
  '\u00a0JOHN25\u00a0', '\ufeffJOHN25', '\u0085JOHN25', 'x'.repeat(40), '1VXS_NZGEY', 'ß', '<script>',
  'DROP TABLE;', '12', 'a-', 'ﬁx', 'https://shop.example/?ref=JOHN25'];

/** A realistic mix: 40 % valid generated codes in various spellings, 20 % one-symbol typos or swaps,
 * 20 % vanity codes (reserved words and 9-letter names included), 20 % garbage. */
function codeInputs(count) {
  const r = prng(7);
  const codes = generateCodes(42n, Math.ceil(count / 2));
  const spell = (code) => r.pick([
    (c) => c,
    (c) => c.toLowerCase(),
    (c) => `${c.slice(0, 4)}-${c.slice(4)}`,
    (c) => ` ${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)} `,
    (c) => c.replace(/0/g, 'O').replace(/1/g, 'l'),
  ])(code);
  const typo = (code) => {
    const s = [...code];
    const i = r.int(s.length - 1);
    if (r.next() < 0.5 && s[i] !== s[i + 1]) [s[i], s[i + 1]] = [s[i + 1], s[i]];
    else s[i] = ALPHABET[(ALPHABET.indexOf(s[i]) + 1 + r.int(31)) % 32];
    return s.join('');
  };
  const randomText = () => Array.from({ length: r.int(14) }, () => String.fromCodePoint(32 + r.int(r.next() < 0.9 ? 95 : 1000))).join('');
  return Array.from({ length: count }, (_, i) => {
    const kind = r.next();
    if (kind < 0.4) return spell(codes[i % codes.length]);
    if (kind < 0.6) return spell(typo(codes[i % codes.length]));
    if (kind < 0.8) return r.pick(VANITY);
    return r.next() < 0.5 ? r.pick(GARBAGE) : randomText();
  });
}

/** A price with 2 decimals mostly, sometimes 0, 1 or 3. */
function price(r) {
  const cents = 1 + r.int(50000);
  const style = r.next();
  if (style < 0.85) return (cents / 100).toFixed(2);
  if (style < 0.92) return String(Math.ceil(cents / 100));
  if (style < 0.97) return (cents / 100).toFixed(1);
  return (cents / 1000).toFixed(3);
}

/** Deterministic orders (1 to 5 lines, varied products, categories, prices and discounts), each
 * with one of a few contexts (tiers crossed or not, group or not, 0 to 2 parents). */
function quoteInputs(count) {
  const r = prng(11);
  const base = fixture('context.json');
  const contexts = [base, { ...base, period_sales_count: 12 }, { ...base, group: undefined },
    { ...base, parents: ['aff_0'] }, { affiliate: 'aff_9', at: base.at }];
  const line = (id, product, quantity, unit_price, extra) => ({ id, product, quantity, unit_price, ...extra });
  const inputs = [{ order: fixture('order.json'), ctx: base }, // and two orders with bases of zero:
    { order: { id: 'free', currency: 'EUR', discount: '45.00', lines: [line('a', 'sku-3', 1, '40.00'), line('b', 'x', 1, '5')] }, ctx: base },
    { order: { id: 'gift', currency: 'EUR', discount: '0.10', lines: [line('a', 'sku-9', 2, '1.005', { discount: '2.01' }), line('b', 'x', 3, '0.125', { category: 'cat-7' })] }, ctx: base }];
  while (inputs.length < count) {
    const lines = Array.from({ length: 1 + r.int(5) }, (_, i) => {
      const line = { id: `l${i}`, product: r.next() < 0.8 ? `sku-${r.int(12)}` : 'other', quantity: 1 + r.int(5), unit_price: price(r) };
      if (r.next() < 0.7) line.category = `cat-${r.int(10)}`;
      if (r.next() < 0.1) line.discount = new Decimal(line.unit_price).mul(line.quantity).mul(r.int(50)).div(100).toFixed(2, Decimal.ROUND_DOWN);
      return line;
    });
    const order = { id: `o${inputs.length}`, currency: 'EUR', lines };
    if (r.next() < 0.5) {
      const net = lines.reduce((a, l) => a.plus(new Decimal(l.unit_price).mul(l.quantity).minus(l.discount ?? 0)), new Decimal(0));
      order.discount = net.mul(r.int(21)).div(100).toFixed(2, Decimal.ROUND_DOWN);
    }
    inputs.push({ order, ctx: r.pick(contexts) });
  }
  return inputs;
}

// ---- agreement ---------------------------------------------------------------------------------

function fail(what, input, hand, wasm) {
  console.error(`MISMATCH in ${what} for ${JSON.stringify(input)}:\n  hand: ${JSON.stringify(hand)}\n  wasm: ${JSON.stringify(wasm)}`);
  process.exit(1);
}

/** The WASM quote reduced to what the hand-written one returns: total and amount per beneficiary. */
function perBeneficiary(q) {
  const by = {};
  for (const line of q.lines) by[line.beneficiary] = new Decimal(by[line.beneficiary] ?? 0).plus(line.amount.amount).toFixed(2);
  return { total: q.total.amount, by };
}

// ---- timing ------------------------------------------------------------------------------------

let sink = 0;

/** Operations per second of `fn` over `inputs` for about `ms` milliseconds. */
function sample(inputs, fn, ms) {
  let ops = 0;
  const t0 = performance.now();
  let t;
  do {
    for (const x of inputs) sink += fn(x) ? 1 : 0;
    ops += inputs.length;
    t = performance.now();
  } while (t - t0 < ms);
  return ops / ((t - t0) / 1000);
}

/** Operations per second of each function over `inputs`: after a warm-up, 5 samples of ~0.4 s
 * each, taken in turns (so that a load change on the machine hits both), median per function. */
function opsPerSecond(inputs, ...fns) {
  for (const fn of fns) sample(inputs, fn, 300);
  const samples = fns.map(() => []);
  for (let round = 0; round < 5; round++) fns.forEach((fn, i) => samples[i].push(sample(inputs, fn, 400)));
  return samples.map((xs) => xs.sort((a, b) => a - b)[2]);
}

// ---- run ---------------------------------------------------------------------------------------

const codes = codeInputs(10000);
const verdicts = {};
for (const code of codes) {
  const h = hand.checkFormat(code);
  const w = wasmCheckFormat(code);
  if (!isDeepStrictEqual(h, w)) fail('checkFormat', code, h, w);
  verdicts[w.verdict] = (verdicts[w.verdict] ?? 0) + 1;
}
const AMOUNTS = { explain: false };
const planJson = readFileSync(new URL('../fixtures/plan-10-rules.json', import.meta.url), 'utf8');
const plan = Plan.fromJson(planJson);
const handPlan = hand.compilePlan(JSON.parse(planJson));
const orders = quoteInputs(1000);
for (const { order, ctx } of orders) {
  const h = hand.quote(handPlan, order, ctx);
  const w = perBeneficiary(plan.quote(order, ctx, AMOUNTS));
  if (!isDeepStrictEqual(h, w)) fail('quote', { order, ctx }, h, w);
  const explained = perBeneficiary(plan.quote(order, ctx));
  if (!isDeepStrictEqual(h, explained)) fail('quote (explained)', { order, ctx }, h, explained);
}
console.error(`checked: ${codes.length} codes agree (${JSON.stringify(verdicts)}), ${orders.length} quotes agree`);

const [cfWasm, cfHand] = opsPerSecond(codes, (c) => wasmCheckFormat(c).verdict, (c) => hand.checkFormat(c).verdict);
// The quote of amounts (the explanation on request, as the goal says), then the explained one.
const [qWasm, qHand, qExplained] = opsPerSecond(orders, ({ order, ctx }) => plan.quote(order, ctx, AMOUNTS).total,
  ({ order, ctx }) => hand.quote(handPlan, order, ctx).total, ({ order, ctx }) => plan.quote(order, ctx).total);
// The ceiling of a call that answers the quote as the module does today: parsing its JSON answer
// alone (the objects of the Quote: lines, explanations, calculations, decisions), nothing else.
const answers = orders.map(({ order, ctx }) => JSON.stringify(plan.quote(order, ctx, AMOUNTS)));
const [parseOnly] = opsPerSecond(answers, (text) => JSON.parse(text).total);
emit('js/check_format/wasm', Math.round(cfWasm), 'ops/s');
emit('js/check_format/hand', Math.round(cfHand), 'ops/s');
emit('js/check_format/wasm_vs_hand', Number((cfWasm / cfHand).toFixed(3)), 'x');
emit('js/quote/wasm', Math.round(qWasm), 'ops/s');
emit('js/quote/hand', Math.round(qHand), 'ops/s');
emit('js/quote/wasm_vs_hand', Number((qWasm / qHand).toFixed(3)), 'x');
emit('js/quote/wasm_explained', Math.round(qExplained), 'ops/s');
emit('js/quote/explained_vs_hand', Number((qExplained / qHand).toFixed(3)), 'x');
emit('js/quote/answer_parse', Math.round(parseOnly), 'ops/s');
emit('js/quote/answer_parse_vs_hand', Number((parseOnly / qHand).toFixed(3)), 'x');

const pkg = dirname(createRequire(import.meta.url).resolve('affiliate-kit/package.json'));
const sizes = JSON.parse(readFileSync(join(pkg, 'sizes.json'), 'utf8'));
for (const build of ['checkout', 'full']) {
  emit(`wasm/size/${build}/raw`, sizes[build].wasm_bytes, 'bytes');
  emit(`wasm/size/${build}/gzip`, sizes[build].wasm_gzip_bytes, 'bytes');
}
if (sink === 0.5) console.error(sink); // keeps results alive
