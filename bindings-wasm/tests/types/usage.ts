// A strict usage of the package's declarations: every export of both entry points, with the types a
// host relies on. Type-checked only (`npx tsc -p tests/tsconfig.json`), never run.

import {
  AffiliateKitError,
  ArithmeticOverflowError,
  ConflictError,
  CurrencyMismatchError,
  ERRORS_BY_CODE,
  InvalidAllocationError,
  InvalidAmountError,
  InvalidCodeError,
  InvalidConfigError,
  InvalidCurrencyError,
  InvalidInputError,
  InvalidOrderError,
  InvalidPlanError,
  InvalidPolicyError,
  InvalidSignatureError,
  InvalidSnapshotError,
  InvalidStateError,
  LimitExceededError,
  Money,
  NotFoundError,
  Plan,
  Program,
  UnsupportedVersionError,
  allocate,
  bucketOf,
  bucketsBetween,
  canonicalCode,
  checkFormat,
  checkSymbol,
  currency,
  defaultCodePolicy,
  emailKey,
  generateCode,
  generateCodes,
  hasValidCheck,
  init,
  nextBucket,
  normalize,
  orderTotals,
  parseDecimal,
  parseGenerated,
  parseNonNegative,
  previewIncentive,
  previewIncentiveOrder,
  roundToMinorUnits,
  signPayload,
  signWebhook,
  timezone,
  validateIncentive,
  validateVanity,
  verifyPayload,
  verifyWebhook,
} from 'affiliate-kit';
import type {
  AffiliateView,
  Balance,
  Bucket,
  CodeFormat,
  CodePolicy,
  CodeProblem,
  CodeValidation,
  Command,
  CommandOutcome,
  Commission,
  CommissionView,
  CurrencyInfo,
  ErrorCode,
  Event,
  EventOf,
  Incentive,
  IncentiveInput,
  IncentivePreview,
  Invitation,
  InviteOutcome,
  LedgerEntry,
  LoggedCommand,
  Order,
  OrderTotals,
  Payout,
  PlanDocument,
  PlanSpec,
  ProgramConfig,
  ProgramConfigInput,
  Quote,
  QuoteContext,
  RefundOutcome,
  Report,
  Sale,
  SignedPayload,
  SignedWebhook,
  Stats,
  TrackOutcome,
  Click,
  WebhookHeaders,
} from 'affiliate-kit';
// Names used only by the checks of the generated declarations (lib/types.d.ts).
import type {
  CommandFieldsByVerb,
  CommandVerb,
  EventType,
  LevelBase,
  PlanDocument as Document,
  ProgramConfigInput as ConfigInput,
  Target,
  TargetKind,
  TierSpec,
} from 'affiliate-kit';
import * as checkout from 'affiliate-kit/checkout';

// ---------------------------------------------------------------------------------------------------
// Inputs

const plan: PlanSpec = {
  currency: 'EUR',
  period: 'month',
  base: { include_shipping: false },
  rules: [
    { id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '10' },
    { id: 'books', target: { type: 'category', categories: ['books'] }, commission: 'percentage', rate: '20', priority: 1 },
    {
      id: 'course-launch',
      target: { type: 'product', products: ['course-rust'] },
      commission: 'percentage',
      rate: '50',
      conditions: {
        window: { from: '2026-05-01T00:00:00Z', to: new Date('2026-06-01T00:00:00Z') },
        countries: ['FR', 'DE'],
        payments: { type: 'first_n', count: 3 },
      },
      cap: { amount: '100.00', currency: 'EUR' },
    },
    {
      id: 'gold-volume',
      target: { type: 'group', group: 'gold' },
      commission: 'tiered',
      metric: 'sales_count',
      tiers: [
        { threshold: '0', rate: '12' },
        { threshold: '10', amount: { amount: '15.00', currency: 'EUR' } },
      ],
    },
    { id: 'vip', target: { type: 'affiliate', affiliate: 'aff_vip' }, commission: 'flat_per_unit', amount: { amount: '2.00', currency: 'EUR' } },
  ],
  caps: { per_order: { amount: '500.00', currency: 'EUR' } },
  levels: [{ rate: '2' }, { rate: '10', of: 'commission' }],
};

const order: Order = {
  id: 'order-1001',
  currency: 'EUR',
  discount: '10.00',
  shipping: '4.90',
  tax: '21.00',
  customer: { id: 'cust-7', email: 'buyer@example.com', country: 'FR' },
  code: 'alice',
  lines: [
    { id: 'l1', product: 'course-rust', category: 'courses', quantity: 1, unit_price: '199.99' },
    { id: 'l2', product: 'rust-book', category: 'books', quantity: 2, unit_price: '39.90', discount: '5.00' },
  ],
};

const at = new Date('2026-05-14T09:30:00Z');
const context: QuoteContext = { affiliate: 'aff_alice', at, parents: ['aff_bob'], period_sales_count: 12, rounding: 'half_even' };
const tenOff: IncentiveInput = { discount: { type: 'percent_off', percent: '10' }, min_order: { amount: '20.00', currency: 'EUR' } };
const config: ProgramConfigInput = {
  currency: 'EUR',
  plan,
  timezone: 'Europe/Paris',
  holding_days: 30,
  minimum_payout: { EUR: '50.00' },
  attribution: { window_days: 30, model: 'last_click' },
  code_policy: { prefix: 'R' },
};

// Type errors the declarations must catch.
// @ts-expect-error money never crosses as a number
const badMoney: Money = { amount: 30, currency: 'EUR' };
// @ts-expect-error a decimal rate is a string, not a number
const badRule: PlanSpec = { currency: 'EUR', rules: [{ id: 'x', target: { type: 'program' }, commission: 'percentage', rate: 10 }] };
// @ts-expect-error an order line needs its unit_price
const badLine: Order = { id: 'o', currency: 'EUR', lines: [{ id: 'l1', product: 'p', quantity: 1 }] };
// @ts-expect-error a percentage rule takes a rate, not an amount
const badKind: PlanSpec = { currency: 'EUR', rules: [{ id: 'x', target: { type: 'program' }, commission: 'percentage', amount: { amount: '1.00', currency: 'EUR' } }] };
// @ts-expect-error a quote context needs its instant
const badContext: QuoteContext = { affiliate: 'aff_alice' };
void [badMoney, badRule, badLine, badKind, badContext];

// ---------------------------------------------------------------------------------------------------
// The checkout build

await checkout.init();
await checkout.init(new URL('https://cdn.example.com/affiliate_kit_wasm_bg.wasm'));
const codes = new checkout.CodeList([{ code: 'SPRING', affiliate_id: 'aff_alice', incentive: tenOff, expires_at: at }], { prefix: 'R' });
codes.add({ code: 'ALICE25', affiliate_id: 'aff_alice', active: false });
const listedValidation: CodeValidation = codes.validate('spring', new Date());
if (listedValidation.valid) console.log(listedValidation.incentive?.discount.type, listedValidation.affiliate_id);
const listed: number = codes.size;
codes.free();
// @ts-expect-error a listed code names its affiliate
codes.add({ code: 'BOB' });
// @ts-expect-error the checkout build has no Plan: commission quotes are in the full build
void checkout.Plan;

const typed: string = checkout.normalize(' alice-25 ');
const verdict: CodeFormat = checkout.checkFormat('1VXS-NZGEY', { prefix: '' });
switch (verdict.verdict) {
  case 'generated':
  case 'vanity':
    console.log(`look ${verdict.code} up`);
    break;
  case 'likely_typo':
    console.log(`did you mean ${verdict.code}?`);
    break;
  case 'invalid': {
    const problem: CodeProblem = verdict.problem;
    if (problem.type === 'too_short') console.log(`${problem.length} < ${problem.min}`);
    else if (problem.type === 'invalid_character') console.log(problem.character, problem.position);
    break;
  }
}
const preview: IncentivePreview = checkout.previewIncentive(tenOff, { amount: '49.90', currency: 'EUR' }, at, 'half_up');
if (!preview.eligible && preview.reason?.type === 'below_minimum') console.log(preview.reason.minimum.amount);
const orderPreview: IncentivePreview = checkout.previewIncentiveOrder(tenOff, order, '2026-05-14T09:30:00Z');
void [listed, typed, orderPreview.total.amount];
// @ts-expect-error a subtotal is money, not a number
checkout.previewIncentive(tenOff, 49.9, at);
// @ts-expect-error the checkout build has no Program
void checkout.Program;

try {
  checkout.normalize('a!');
} catch (e) {
  if (e instanceof checkout.InvalidCodeError) console.log(e.code satisfies 'INVALID_CODE', e.message);
}

// ---------------------------------------------------------------------------------------------------
// The full build: plans, money, codes

await init();
const fullPlan = Plan.fromJson(JSON.stringify(plan));
const document: PlanDocument = fullPlan.toJson();
for (const rule of document.rules) {
  const priority: number = rule.priority;
  if (rule.commission === 'percentage') console.log(rule.id, rule.rate, priority);
  else if (rule.commission === 'tiered') console.log(rule.metric, rule.tiers.length);
  else console.log(rule.amount.amount);
  const from: string | undefined = rule.conditions?.window?.from;
  void from;
}
const fullQuote: Quote = fullPlan.quote(order, { affiliate: 'aff_alice', at: '2026-05-14T09:30:00Z' });
const amountsQuote: Quote = fullPlan.quote(order, { affiliate: 'aff_alice', at: '2026-05-14T09:30:00Z' }, { explain: false });
// @ts-expect-error explain is a boolean
fullPlan.quote(order, { affiliate: 'aff_alice', at: '2026-05-14T09:30:00Z' }, { explain: 'no' });
void amountsQuote.total;
void [fullPlan.currency, fullQuote.order_id, document.base.include_tax, document.period];
fullPlan.free();

const price = Money.parse('19.99', 'EUR');
const sum: Money = Money.checkedAdd(price, { amount: '0.01', currency: 'EUR' });
const difference: Money = Money.checkedSub(sum, price);
const tripled: Money = Money.checkedMul(price, '3');
const fifteenPercent: Money = Money.percent(price, '15');
const rounded: Money = Money.round(fifteenPercent, 'half_even');
const negated: Money = Money.negated(rounded);
const order_: -1 | 0 | 1 = Money.checkedCmp(price, sum);
const smaller: Money = Money.checkedMin(price, tripled);
void [difference, negated, order_, smaller];
// @ts-expect-error amounts are decimal strings
Money.parse(19.99, 'EUR');
// @ts-expect-error a factor is a decimal string
Money.checkedMul(price, 3);

const canonical: string = parseDecimal('-3.10');
const nonNegative: string = parseNonNegative('0.5');
const euro: CurrencyInfo = currency('EUR');
const minorUnits: number = euro.minor_units;
const roundedAmount: string = roundToMinorUnits('29.9985', 'EUR');
const parts: Money[] = allocate({ amount: '100.00', currency: 'EUR' }, ['1', '1', '1']);
void [canonical, nonNegative, minorUnits, roundedAmount, parts];

const policy: CodePolicy = defaultCodePolicy();
const generated: string = generateCode(42);
const generatedBig: string = generateCode(2n ** 60n, { ...policy, prefix: 'R' });
const batch: string[] = generateCodes(7, 10, { generated_length: 6 });
const key: string = canonicalCode('1vxs-nzgey');
const strict: string = parseGenerated(generated, policy);
const vanity: string = validateVanity('john-25');
const symbol: string | undefined = checkSymbol('1VXSNZGE');
const valid: boolean = hasValidCheck('1VXSNZGEY');
const incentive: Incentive = validateIncentive({ discount: { type: 'amount_off', amount: { amount: '5.00', currency: 'EUR' } }, expires_at: at });
const expiresAt: string | null = incentive.expires_at;
const fullPreview: IncentivePreview = previewIncentive(incentive, { amount: '30.00', currency: 'EUR' }, at);
const fullOrderPreview: IncentivePreview = previewIncentiveOrder(incentive, order, at, 'toward_zero');
const fullVerdict: CodeFormat = checkFormat(normalize(batch[0] ?? ''));
const emailLookup: string = emailKey('Alice@Example.com');
const totals: OrderTotals = orderTotals(order);
void [generatedBig, key, strict, vanity, symbol, valid, expiresAt, fullPreview, fullOrderPreview, fullVerdict, emailLookup];
void [totals.subtotal, totals.lines_net, totals.order.lines[0]?.unit_price];

// ---------------------------------------------------------------------------------------------------
// The Program

const program = new Program(config);
const alice: AffiliateView = program.registerAffiliate({
  registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' },
  at,
});
const bob: AffiliateView = program.execute({ verb: 'register_affiliate', registration: { name: 'Bob', email: 'bob@example.com', parent: alice.id }, at });
const renamed: AffiliateView = program.updateAffiliate({ affiliate_id: bob.id, update: { name: 'Bobby', group: 'gold' }, at });
const paused: AffiliateView = program.setAffiliateStatus({ affiliate_id: bob.id, status: 'inactive', at });
const withCode: AffiliateView = program.addCode({ affiliate_id: alice.id, code: 'SUMMER', incentive: tenOff, expires_at: '2026-09-01T00:00:00Z', at });
const withGenerated: AffiliateView = program.generateCode({ affiliate_id: alice.id, seed: 2n ** 40n, at });
const invited: InviteOutcome = program.invite({ emails: ['carol@example.com', 'not-an-email'], invited_by: alice.id, at });
const invitation: Invitation | undefined = invited.invitations[0];
const carol: AffiliateView = program.acceptInvitation({ invitation_id: invitation?.id ?? 'inv_1', acceptance: { name: 'Carol' }, at });
const expired: Invitation[] = program.expireInvitations({ at: new Date('2026-07-01T00:00:00Z') });
const click: Click = program.recordClick({ visitor_id: 'v-1', code: 'summer', at });
const wouldTrack: TrackOutcome = program.quote(order, at, 'v-1');
const tracked: TrackOutcome = program.trackOrder({ order, visitor_id: 'v-1', at });
// A batch: each row its outcome or its error (an AffiliateKitError, narrowed by instanceof).
for (const row of program.trackMany([order, order], at, ['v-1', null])) {
  const total: string = row instanceof AffiliateKitError ? row.code : row.total.amount;
  void total;
}
if (tracked.credited) {
  for (const c of tracked.commissions) console.log(c.id, c.level, c.amount.amount, c.status);
  const explained: string | undefined = tracked.quote?.lines[0]?.explanation.summary;
  void explained;
} else {
  console.log(tracked.reason, tracked.affiliate_status);
}
const payment: TrackOutcome = program.recordPayment({ payment: { id: 'pay-2', order_id: order.id }, at: '2026-06-14T09:30:00Z' });
const refunded: RefundOutcome = program.refund({ refund: { id: 'r-1', order_id: order.id, amount: '10.00' }, at });
const chargedBack: RefundOutcome = program.chargeback({ refund: { id: 'cb-1', order_id: 'pay-2' }, at });
const approved: CommissionView[] = program.approveDue({ at: '2026-07-01T00:00:00Z' });
const rejected: CommissionView = program.rejectCommission({ commission_id: 'com_1', reason: 'fraud', at });
const created: Payout[] = program.createPayouts({ at: '2026-07-01T00:00:00Z' });
const paid: Payout = program.markPayoutPaid({ payout_id: 'pay_1', reference: 'sepa-0001', at });
const failed: Payout = program.markPayoutFailed({ payout_id: 'pay_2', reason: 'bank refused', at });
const deleted: AffiliateView = program.deleteAffiliate({ affiliate_id: carol.id, at });
void [renamed, paused, withCode, withGenerated, expired, click, wouldTrack, payment, chargedBack, approved, rejected, created, paid, failed];
void [refunded.remaining.amount, refunded.reversals.map((r) => r.kind), deleted.name];

// execute answers the exact outcome of the verb.
const viaExecute: TrackOutcome = program.execute({ verb: 'track_order', order: { ...order, id: 'order-1002' }, at });
const drained: Event[] = program.execute({ verb: 'drain_events' });
const command: Command = { verb: 'approve_due', at };
const anyOutcome: CommandOutcome = program.execute(command);
void [viaExecute, drained, anyOutcome];
// @ts-expect-error a command needs its verb's fields: approve_due has no `order`
program.execute({ verb: 'approve_due', at, order });
// @ts-expect-error an unknown verb
program.execute({ verb: 'approve_all', at });
// @ts-expect-error a method takes the fields without `verb`
program.approveDue({ verb: 'approve_due', at });
// @ts-expect-error track_order needs its order
program.trackOrder({ at });
// @ts-expect-error a refund amount is a decimal string
program.refund({ refund: { id: 'r-2', order_id: order.id, amount: 5 }, at });
// @ts-expect-error outcomes are exact: approve_due answers commissions, not a payout
const wrongOutcome: Payout = program.execute({ verb: 'approve_due', at });
void wrongOutcome;

// Reads.
const snapshot: string = program.snapshot();
const restored: Program = Program.restore(snapshot);
const log: LoggedCommand[] = program.commandLog();
for (const entry of log) {
  if (entry.verb === 'track_order') console.log(entry.order.id, entry.at.toUpperCase());
  if (entry.verb === 'generate_code') console.log(typeof entry.seed === 'bigint' ? entry.seed.toString() : entry.seed.toFixed(0));
}
const replayed: Program = Program.replay(config, log);
const replayedFromText: Program = Program.replay(JSON.stringify(config), JSON.stringify(log));
// A host's own journal: each accepted command's journal text, then a checkpoint plus the texts after it.
const journaled = program.executeJournaled({ verb: 'approve_due', at: '2026-03-20T00:00:00Z' });
const approvedNow: CommissionView[] = journaled.answer;
const journalText: string = journaled.journal;
const resumed: Program = Program.resume(snapshot, [journalText]);
const resumedFromLog: Program = Program.resume(snapshot, log);
// @ts-expect-error a journal is texts or commands, not numbers
Program.resume(snapshot, [1, 2]);
const readConfig: ProgramConfig = program.config();
const readPlan: PlanDocument = program.plan();
const one: AffiliateView = program.affiliate(alice.id);
const byCode: AffiliateView = program.affiliateByCode('alice');
const all: AffiliateView[] = program.affiliates();
const balance: Balance = program.balance(alice.id, 'EUR');
const commission: Commission = program.commission('com_1');
const commissions: Commission[] = program.commissions();
const entries: LedgerEntry[] = program.entries();
for (const entry of entries) {
  if (entry.settlement.state === 'in_payout' || entry.settlement.state === 'paid') console.log(entry.settlement.payout);
}
const sale: Sale = program.sale(order.id);
const payout: Payout = program.payout('pay_1');
const payouts: Payout[] = program.payouts();
const invitations: Invitation[] = program.invitations();
const validation: CodeValidation = program.validateCode('summer', at);
if (validation.valid && validation.incentive !== null) console.log(validation.incentive.discount.type);
const stats: Stats = program.stats();
const aliceStats: Stats = program.stats(alice.id);
const usdStats: Stats = program.stats(null, 'USD');
const aliceUsdReport: Report = program.report('month', at, '2026-06-01T00:00:00Z', alice.id, 'USD');
const report: Report = program.report('month', '2026-01-01T00:00:00Z', new Date('2027-01-01T00:00:00Z'));
const aliceReport: Report = program.report('week', at, '2026-06-01T00:00:00Z', alice.id);
void [readConfig.code_policy.min_length, readConfig.minimum_payout?.['EUR'], readPlan.rules.length, one.stats.total_earnings];
void [byCode.codes, all.length, balance.payable.amount, commission.line_shares, commissions.length, sale.outcome.total];
void [payout.status, payouts.length, invitations.length, stats.revenue, aliceStats.affiliate_id, report.rows, aliceReport.granularity];
void [usdStats.earned, aliceUsdReport.rows];
// @ts-expect-error a granularity is one of the core's names
program.report('fortnight', at, at);

// Events: a union on `type`.
const events: Event[] = [...program.drainEvents(), ...program.eventsSince(0), ...program.eventsSince(3n)];
for (const event of events) {
  const sequence: number = event.sequence;
  switch (event.type) {
    case 'order.tracked':
      console.log(sequence, event.data.outcome.sale_id, event.data.outcome.total.amount);
      break;
    case 'commission.reversed':
    case 'commission.clawed_back':
      console.log(event.data.refund_id, event.data.amount.amount, event.data.commission.id);
      break;
    case 'affiliate.status_changed':
      console.log(event.data.from, '->', event.data.to);
      break;
    case 'payout.threshold_reached':
      console.log(event.data.payable.amount, event.data.minimum.amount);
      break;
    case 'order.updated':
      console.log(event.data.kind, event.data.id);
      break;
    default:
      console.log(event.type, event.occurred_at);
  }
}
const firstTracked = events.find((e): e is EventOf<'order.tracked'> => e.type === 'order.tracked');
void firstTracked?.data.outcome.affiliate_id;
restored.free();
replayed.free();
replayedFromText.free();
void approvedNow;
resumed.free();
resumedFromLog.free();

// ---------------------------------------------------------------------------------------------------
// The generated declarations (lib/types.d.ts, from the core's JSON Schemas): what they must keep

// Tagged enums are unions narrowed on their tag.
function describeTarget(target: Target): string {
  switch (target.type) {
    case 'program':
      return 'every line';
    case 'group':
      return `group ${target.group}`;
    case 'affiliate':
      return `affiliate ${target.affiliate}`;
    case 'category':
      return target.categories.join(', ');
    case 'product':
      return target.products.join(', ');
  }
}
const kinds: TargetKind[] = ['program', 'group', 'affiliate', 'category', 'product'];
// @ts-expect-error a program target has no categories
const strayCategories: Target = { type: 'program', categories: ['books'] };
// @ts-expect-error a tier has exactly one of rate and amount
const twoValues: TierSpec = { threshold: '0', rate: '5', amount: { amount: '1.00', currency: 'EUR' } };
// @ts-expect-error a threshold is a decimal string
const numericThreshold: TierSpec = { threshold: 10, rate: '5' };
void [describeTarget({ type: 'group', group: 'gold' }), kinds, strayCategories, twoValues, numericThreshold];

// Events: the data of each type, and only of it.
for (const event of events) {
  if (event.type === 'affiliate.joined') console.log(event.data.invitation_id, event.data.affiliate.id);
  if (event.type === 'payout.created') {
    const settled: string | undefined = event.data.payout.settled_at;
    // @ts-expect-error a payout event carries no outcome
    void event.data.outcome;
    void settled;
  }
}
const eventTypes: EventType[] = ['affiliate.registered', 'order.tracked', 'payout.failed'];
// @ts-expect-error not an event type
const notAnEvent: EventType = 'order.shipped';
void [eventTypes, notAnEvent];

// Commands: every verb, the inputs' forms (instants may be Dates, seeds BigInts).
const verbs: CommandVerb[] = ['register_affiliate', 'generate_code', 'mark_payout_failed', 'drain_events'];
const seeded: CommandFieldsByVerb['generate_code'] = { affiliate_id: 'aff_1', seed: 2n ** 63n, at: new Date() };
// @ts-expect-error not a verb of the core
const notAVerb: CommandVerb = 'ship_order';
void [verbs, seeded, notAVerb];

// Results: instants are strings, a key the core leaves out is absent (never null), a key it always
// writes is present (maybe null), defaults are filled in.
const createdAt: string = paid.created_at;
const reference: string | undefined = paid.reference;
const primary: string | null = alice.code;
// @ts-expect-error an instant coming out is a string, not a Date
const createdDate: Date = paid.created_at;
// @ts-expect-error an affiliate's code may be null
const primaryCode: string = alice.code;
const levelOf: LevelBase | undefined = readPlan.levels?.[0]?.of;
const windowDays: number = readConfig.attribution.window_days;
const readBack: Document = readConfig.plan;
const expiry: string | null = validation.incentive?.expires_at ?? null;
// @ts-expect-error results are read-only, nested ones too
readConfig.attribution.window_days = 7;
void [createdAt, reference, primary, createdDate, primaryCode, levelOf, windowDays, readBack, expiry];

// Inputs: keys with a default may be left out; the written form does not.
const smallest: ConfigInput = { currency: 'EUR', plan: { currency: 'EUR', rules: [{ id: 'all', target: { type: 'program' }, commission: 'percentage', rate: '5' }] } };
// @ts-expect-error the plan as written has its period and base
const incomplete: Document = { currency: 'EUR', rules: [] };
void [smallest, incomplete];

// ---------------------------------------------------------------------------------------------------
// Webhooks and report periods

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const headers: SignedPayload = signPayload('msg_1', at, '{"hello":"world"}', secret);
verifyPayload(headers, '{"hello":"world"}', secret, at);
verifyPayload({ id: 'msg_1', timestamp: 1_778_751_000, signature: 'v1,abc' }, '{}', secret, new Date(), 600);
const firstEvent: Event | undefined = events[0];
if (firstEvent !== undefined) {
  const delivery: SignedWebhook = signWebhook(firstEvent, secret, at);
  const received: WebhookHeaders = delivery.headers;
  const verified: Event = verifyWebhook(received, delivery.body, secret, at);
  void verified.id;
}
const zone: string = timezone('Europe/Paris');
const bucket: Bucket = bucketOf(at, zone, 'week');
const next: Bucket = nextBucket(bucket, zone, 'week');
const year: Bucket[] = bucketsBetween('2026-01-01T00:00:00Z', new Date('2027-01-01T00:00:00Z'), zone, 'quarter');
void [next.label, year.length];
program.free();

// ---------------------------------------------------------------------------------------------------
// Errors: by class, and by code

function describe(error: unknown): string {
  if (error instanceof NotFoundError) return `no ${error.details.entity} ${error.details.id}`;
  if (error instanceof CurrencyMismatchError) return `${error.details.expected} vs ${error.details.found}`;
  if (error instanceof InvalidCodeError) return `bad code: ${error.details.problem.type}`;
  if (error instanceof UnsupportedVersionError) return `snapshot v${error.details.found} > v${error.details.supported}`;
  if (
    error instanceof InvalidPlanError ||
    error instanceof InvalidOrderError ||
    error instanceof InvalidInputError ||
    error instanceof InvalidConfigError
  ) {
    return `bad field ${error.path}`;
  }
  if (
    error instanceof InvalidAmountError ||
    error instanceof InvalidCurrencyError ||
    error instanceof ArithmeticOverflowError ||
    error instanceof InvalidAllocationError ||
    error instanceof InvalidPolicyError ||
    error instanceof ConflictError ||
    error instanceof LimitExceededError ||
    error instanceof InvalidStateError ||
    error instanceof InvalidSnapshotError ||
    error instanceof InvalidSignatureError
  ) {
    return `${error.name} (${error.code}): ${error.message}`;
  }
  if (error instanceof AffiliateKitError) {
    switch (error.code) {
      case 'INVALID_PLAN':
        return `plan: ${error.path ?? ''}`;
      case 'INTERNAL':
        return 'internal';
      default: {
        const code: ErrorCode = error.code;
        const Class = ERRORS_BY_CODE[code];
        return `${Class.name}: ${error.details.entity ?? ''}`;
      }
    }
  }
  return error instanceof Error ? error.message : String(error);
}

try {
  new Program({ currency: 'EUR', plan, timezone: 'Mars/Olympus' });
} catch (error) {
  console.log(describe(error));
}
const made = new ERRORS_BY_CODE.LIMIT_EXCEEDED('limit exceeded: too many', { code: 'LIMIT_EXCEEDED' });
void (made.code satisfies 'LIMIT_EXCEEDED');
if (checkout.ERRORS_BY_CODE.CONFLICT === ConflictError) console.log('the same classes in both entry points');
// @ts-expect-error codes are the core's
const notACode: ErrorCode = 'NOT_A_CODE';
void notACode;
