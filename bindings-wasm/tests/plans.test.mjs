// Commission plans: loading and validation, JSON round trips, quotes and their explanations, tiers
// and levels on the shared quickstart fixtures, order validation (ported from
// bindings-python/tests/test_plans.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CurrencyMismatchError, InvalidInputError, InvalidOrderError, InvalidPlanError, Plan, orderTotals } from 'affiliate-kit';

import { D, T, eur, fixtureText, line, loadFixture, order, throwsCore, throwsType } from './support/helpers.mjs';

/** The instant of the quickstart (inside the course-launch window of May 2026). */
const QUICKSTART_AT = T(14, 9, 30, { month: 5 });

/** A one-rule plan: 15 % of everything. */
const smallPlanSpec = () => ({
  currency: 'EUR',
  rules: [{ id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '15' }],
});

/** The quickstart's context: Alice, with Bob and Carol above her. */
const alice = () => ({ affiliate: 'aff_alice', at: QUICKSTART_AT, parents: ['aff_bob', 'aff_carol'] });

const quickstartPlan = () => Plan.fromJson(fixtureText('quickstart-plan.json'));
const quickstartOrders = () => loadFixture('quickstart-orders.json');
const oneLine = (price, currency = 'EUR') => order('o1', [line('l1', 'p1', price)], { currency });

describe('loading', () => {
  test('the plan JSON round-trips', () => {
    const plan = quickstartPlan();
    const doc = plan.toJson();
    const again = Plan.fromJson(doc);
    assert.deepEqual(again.toJson(), doc);
    assert.deepEqual(Plan.fromJson(JSON.stringify(doc)).toJson(), doc);
    assert.equal(plan.currency, 'EUR');
    // The fixture's content survives, rates as decimal strings.
    const fixture = loadFixture('quickstart-plan.json');
    assert.deepEqual(doc.rules.map((r) => r.id), fixture.rules.map((r) => r.id));
    assert.deepEqual(doc.rules.map((r) => r.id), ['default', 'books', 'course-launch', 'gold-volume']);
    assert.deepEqual(doc.levels, [{ rate: '2', of: 'sale' }, { rate: '1', of: 'sale' }]);
    assert.deepEqual(doc.rules[2].conditions, { window: { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' } });
    assert.deepEqual(doc.rules[3].tiers, [{ threshold: '0', rate: '12' }, { threshold: '10', rate: '15' }]);
    plan.free();
  });

  test('a plan from an object fills the defaults', () => {
    const plan = Plan.fromJson(smallPlanSpec());
    assert.equal(plan.currency, 'EUR');
    assert.deepEqual(plan.toJson(), {
      currency: 'EUR',
      base: { include_tax: false, include_shipping: false },
      period: 'month',
      rules: [{ id: 'default', target: { type: 'program' }, priority: 0, commission: 'percentage', rate: '15' }],
    });
    // An integer field may be a number: the priority.
    const withPriority = smallPlanSpec();
    withPriority.rules[0].priority = 3;
    assert.equal(Plan.fromJson(withPriority).toJson().rules[0].priority, 3);
  });

  test('a rate given as a number is a TypeError naming the path', () => {
    for (const rate of [15, 15.5]) {
      const spec = smallPlanSpec();
      spec.rules[0].rate = rate;
      throwsType(() => Plan.fromJson(spec), `plan.rules[0].rate must be a decimal string such as "30.00"`);
    }
    throwsType(() => Plan.fromJson(42), 'plan must be an object, not number');
  });

  for (const [rate, message] of [
    ['-1', 'invalid plan at rules[0].rate: rate -1 is outside 0..=100'],
    ['100.01', 'invalid plan at rules[0].rate: rate 100.01 is outside 0..=100'],
    ['abc', /^invalid plan at rules\[0\]\.rate: /],
  ]) {
    test(`an invalid plan names the path (rate ${rate})`, () => {
      const spec = smallPlanSpec();
      spec.rules[0].rate = rate;
      throwsCore(() => Plan.fromJson(spec), InvalidPlanError, { code: 'INVALID_PLAN', path: 'rules[0].rate', message });
    });
  }

  test('the paths of nested fields', () => {
    throwsCore(() => Plan.fromJson({ currency: 'EUR', rules: [] }), InvalidPlanError, {
      code: 'INVALID_PLAN', path: 'rules', message: 'invalid plan at rules: a plan needs at least one rule' });
    const tiers = [{ threshold: '10', rate: '5' }, { threshold: '5', rate: '6' }];
    throwsCore(() => Plan.fromJson({ currency: 'EUR', rules: [
      { id: 't', target: { type: 'program' }, commission: 'tiered', metric: 'revenue', tiers }] }), InvalidPlanError, {
      path: 'rules[0].tiers[1].threshold',
      message: 'invalid plan at rules[0].tiers[1].threshold: thresholds must ascend: 5 is not above 10',
    });
    throwsCore(() => Plan.fromJson('{"currency": "EUR", "rules": ['), InvalidPlanError, { code: 'INVALID_PLAN' });
  });
});

describe('quotes', () => {
  test('a quote explains every amount', () => {
    const quote = Plan.fromJson(smallPlanSpec()).quote(oneLine('199.99'), { affiliate: 'aff_1', at: T(1) });
    assert.equal(quote.order_id, 'o1');
    assert.equal(quote.currency, 'EUR');
    assert.deepEqual(quote.total, eur('30.00')); // 15 % of 199.99 = 29.9985 -> 30.00 half up
    assert.equal(quote.lines.length, 1);
    const [only] = quote.lines;
    assert.deepEqual([only.beneficiary, only.level, only.rule_id, only.order_lines], ['aff_1', 1, 'default', ['l1']]);
    assert.deepEqual(only.base, eur('199.99'));
    assert.deepEqual(only.amount, eur('30.00'));
    const calc = only.explanation.calculation;
    assert.deepEqual([calc.method, calc.rate, calc.rounding, calc.exact], ['percentage', '15', 'half_up', '29.9985']);
    assert.deepEqual(calc.base, eur('199.99'));
    assert.equal(only.explanation.summary, 'rule "default" (program, priority 0) applied: 15% of 199.99 EUR = 30.00 EUR');
    const decision = only.explanation.decisions[0];
    assert.deepEqual([decision.line_id, decision.rule_id, decision.target, decision.beaten ?? []], ['l1', 'default', 'program', []]);
    assert.deepEqual(quote.unmatched ?? [], []);
  });

  test('the context instant may be a Date; an invalid Date is a TypeError', () => {
    const plan = Plan.fromJson(smallPlanSpec());
    const viaString = plan.quote(oneLine('199.99'), { affiliate: 'aff_1', at: T(1) });
    assert.deepEqual(plan.quote(oneLine('199.99'), { affiliate: 'aff_1', at: D(1) }), viaString);
    throwsType(() => plan.quote(oneLine('1.00'), { affiliate: 'aff_1', at: new Date('2026-13-45') }), 'context.at: an invalid Date');
  });

  test('rounding and yen', () => {
    const yen = Plan.fromJson({ currency: 'JPY', rules: [
      { id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '10' }] });
    assert.equal(yen.currency, 'JPY');
    const context = { affiliate: 'aff_1', at: T(1) };
    // 10 % of 1005 = 100.5 -> 101 half up, 100 half even (JPY has no minor units).
    assert.deepEqual(yen.quote(oneLine('1005', 'JPY'), context).total, { amount: '101', currency: 'JPY' });
    assert.deepEqual(yen.quote(oneLine('1005', 'JPY'), { ...context, rounding: 'half_even' }).total, { amount: '100', currency: 'JPY' });
  });

  test('the quickstart order with levels', () => {
    // As core/tests/plan_serde.rs (quickstart_order_end_to_end): bases after the 10.00 discount
    // (shares 6.96 / 2.78 / 0.26) are 193.03 / 77.02 / 7.24 = 277.29.
    // l1 course-launch 50 % of 193.03 = 96.515 -> 96.52; l2 books 20 % of 77.02 = 15.404 -> 15.40;
    // l3 default 10 % of 7.24 = 0.724 -> 0.72. Level 2 (bob): 2 % of 277.29 = 5.5458 -> 5.55;
    // level 3 (carol): 1 % of 277.29 = 2.7729 -> 2.77. Total 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96.
    const quote = quickstartPlan().quote(quickstartOrders()[0], alice());
    assert.deepEqual(quote.lines.map((q) => [q.beneficiary, q.level, q.rule_id, q.amount.amount]), [
      ['aff_alice', 1, 'course-launch', '96.52'],
      ['aff_alice', 1, 'books', '15.40'],
      ['aff_alice', 1, 'default', '0.72'],
      ['aff_bob', 2, 'levels[0]', '5.55'],
      ['aff_carol', 3, 'levels[1]', '2.77'],
    ]);
    assert.deepEqual(quote.lines.map((q) => q.base.amount), ['193.03', '77.02', '7.24', '277.29', '277.29']);
    assert.equal(quote.lines[3].explanation.calculation.method, 'level_of_sale');
    assert.deepEqual(quote.total, eur('120.96'));
    assert.equal(quote.order_id, 'order-1001');
    const beaten = quote.lines[0].explanation.decisions[0].beaten;
    assert.deepEqual(beaten.map((b) => [b.rule_id, b.reason]), [['default', 'less_specific_target']]);
  });

  test('the quickstart order without explanation: the same amounts, no sentences, no beaten rules', () => {
    const plan = quickstartPlan();
    const explained = plan.quote(quickstartOrders()[0], alice());
    const amounts = plan.quote(quickstartOrders()[0], alice(), { explain: false });
    assert.deepEqual(amounts.total, eur('120.96'));
    assert.deepEqual(amounts.lines.map((q) => [q.beneficiary, q.level, q.rule_id, q.amount.amount]),
      explained.lines.map((q) => [q.beneficiary, q.level, q.rule_id, q.amount.amount]));
    assert.deepEqual(amounts.lines.map((q) => q.explanation.calculation), explained.lines.map((q) => q.explanation.calculation));
    assert.deepEqual(amounts.lines.map((q) => q.explanation.summary), ['', '', '', '', '']);
    assert.equal(amounts.lines[0].explanation.decisions[0].beaten, undefined); // left out, as the core writes it
    assert.deepEqual(plan.quote(quickstartOrders()[0], alice(), { explain: true }), explained);
    assert.deepEqual(plan.quote(quickstartOrders()[0], alice(), null), explained);
    assert.throws(() => plan.quote(quickstartOrders()[0], alice(), { explain: 'no' }), { name: 'TypeError', message: 'options.explain must be a boolean, not string' });
    assert.throws(() => plan.quote(quickstartOrders()[0], alice(), { explained: false }), { name: 'TypeError' });
  });

  test('the quickstart mug and the gold tier', () => {
    const plan = quickstartPlan();
    const mug = quickstartOrders()[1];
    // Alice: 10 % of 199.99 = 19.999 -> 20.00; 2 % = 3.9998 -> 4.00; 1 % = 1.9999 -> 2.00. Total 26.00.
    assert.deepEqual(plan.quote(mug, alice()).total, eur('26.00'));
    // Dave, gold, 12 sales this month, half even, no parents: tier 1 (>= 10) at 15 % of 199.99
    // = 29.9985 -> 30.00.
    const gold = { affiliate: 'aff_dave', at: QUICKSTART_AT, group: 'gold', period_sales_count: 12, rounding: 'half_even' };
    const quote = plan.quote(mug, gold);
    assert.equal(quote.lines.length, 1);
    assert.equal(quote.lines[0].rule_id, 'gold-volume');
    assert.deepEqual(quote.lines[0].explanation.calculation.tier, { metric: 'sales_count', volume: '12', index: 1, threshold: '10' });
    assert.deepEqual(quote.total, eur('30.00'));
    // With 9 sales the first tier (12 %) applies: 12 % of 199.99 = 23.9988 -> 24.00.
    assert.deepEqual(plan.quote(mug, { ...gold, period_sales_count: 9 }).total, eur('24.00'));
  });

  test('the course-launch window is half-open', () => {
    const plan = quickstartPlan();
    const course = order('o1', [line('l1', 'course-rust', '100.00', { category: 'courses' })]);
    // In the window [05-01, 06-01): 50 % of 100.00; at 06-01 the default 10 % applies.
    const inside = plan.quote(course, { affiliate: 'a', at: T(31, 23, 59, { month: 5 }) });
    const after = plan.quote(course, { affiliate: 'a', at: D(1, 0, 0, { month: 6 }) });
    assert.deepEqual([inside.total.amount, after.total.amount], ['50.00', '10.00']);
    assert.equal(after.lines[0].explanation.decisions[0].skipped[0].failed, 'window');
    assert.equal(after.lines[0].explanation.decisions[0].skipped[0].rule_id, 'course-launch');
  });
});

describe('many orders at once', () => {
  test('quoteMany groups rows into orders, each quoted or refused on its own', () => {
    const plan = Plan.fromJson(smallPlanSpec());
    const rows = plan.quoteMany({
      order_ids: ['o1', 'o1', 'o2', 'o2', 'o3'],
      affiliates: ['aff_1', 'aff_1', 'aff_2', 'aff_3', 'aff_1'],
      products: ['novel', 'mug', 'pen', 'pen', 'cup'],
      quantities: [2, 1, 1, 1, -1],
      unit_prices: ['19.99', '5.00', '1.00', '1.00', '2.00'],
    }, T(1));
    // o1: 15 % of 2 × 19.99 + 5.00 = 44.98 is 6.747, 6.75 half up.
    assert.deepEqual(rows[0], { order_id: 'o1', affiliate: 'aff_1', total: '6.75' });
    assert.deepEqual(rows.map((r) => [r.order_id, r.error?.constructor, r.error?.path]), [
      ['o1', undefined, undefined],
      ['o2', InvalidInputError, 'affiliates[3]'],
      ['o3', InvalidOrderError, 'rows[4].quantity'],
    ]);
    // A whole batch that cannot be read throws.
    throwsCore(() => plan.quoteMany({ order_ids: ['o1'], affiliates: [], products: ['p'], quantities: [1], unit_prices: ['1'] }, T(1)),
      InvalidInputError, { code: 'INVALID_INPUT', message: 'invalid input at affiliates: 0 values for 1 rows' });
  });
});

describe('orders', () => {
  test('orderTotals', () => {
    // Lines 199.99 + 2 x 39.90 + 3 x 2.50 = 287.29; minus the 10.00 order discount = 277.29.
    const totals = orderTotals(quickstartOrders()[0]);
    assert.deepEqual([totals.lines_net, totals.subtotal], ['287.29', '277.29']);
    assert.equal(totals.order.id, 'order-1001');
    assert.equal(totals.order.discount, '10.00');
    assert.deepEqual(totals.order.lines.map((l) => l.quantity), [1, 2, 3]);
    const small = orderTotals(oneLine('5'));
    assert.deepEqual([small.lines_net, small.subtotal], ['5', '5']);
  });

  test('an invalid order names the path', () => {
    const plan = Plan.fromJson(smallPlanSpec());
    const context = { affiliate: 'aff_1', at: T(1) };
    throwsCore(() => plan.quote(order('o1', [line('l1', 'p', '1.00', { quantity: 0 })]), context), InvalidOrderError, {
      code: 'INVALID_ORDER', path: 'lines[0].quantity', message: 'invalid order at lines[0].quantity: must be at least 1' });
    throwsCore(() => orderTotals(order('o1', [line('l1', 'p', '100.00')], { discount: '300' })), InvalidOrderError, {
      code: 'INVALID_ORDER', path: 'discount' });
    throwsCore(() => plan.quote(oneLine('1.00'), { affiliate: '', at: T(1) }), InvalidOrderError, {
      code: 'INVALID_ORDER', path: 'context.affiliate' });
    const mismatch = throwsCore(() => plan.quote(oneLine('1.00', 'USD'), context), CurrencyMismatchError, { code: 'CURRENCY_MISMATCH' });
    assert.deepEqual(mismatch.details, { expected: 'EUR', found: 'USD' });
  });

  test('a number where money is expected is a TypeError naming the path', () => {
    const plan = Plan.fromJson(smallPlanSpec());
    const context = { affiliate: 'aff_1', at: T(1) };
    for (const price of [10, 10.5, 1n]) {
      const bad = oneLine('1.00');
      bad.lines[0].unit_price = price;
      throwsType(() => plan.quote(bad, context), 'order.lines[0].unit_price must be a decimal string');
      throwsType(() => orderTotals(bad), 'order.lines[0].unit_price must be a decimal string');
    }
    throwsType(() => orderTotals({ ...oneLine('1.00'), discount: 1 }), 'order.discount must be a decimal string');
    throwsType(() => plan.quote(oneLine('1.00'), { ...context, period_revenue: 100 }), 'context.period_revenue must be a decimal string');
    // A quantity is an integer field: a fractional one is refused too, but a whole one goes through.
    const fractional = order('o1', [line('l1', 'p', '1.00', { quantity: 1.5 })]);
    throwsType(() => plan.quote(fractional, context), 'order.lines[0].quantity must be a safe integer');
    assert.deepEqual(plan.quote(order('o1', [line('l1', 'p', '10.00', { quantity: 2 })]), context).total, eur('3.00'));
  });
});
