// affiliate-kit, the `full` build: the checkout API plus everything else the core offers, verb for
// verb: money, the rest of the code verbs, order totals, the Program with all its commands and reads,
// events, webhooks and report periods. In browsers call `await init()` once before anything else; in
// Node (`node/full.mjs`, the same declarations) the module is loaded on import.

import type {
  AffiliateView,
  Balance,
  Bucket,
  BucketInput,
  CodePolicy,
  CodePolicyInput,
  CodeValidation,
  Command,
  CommandFieldsByVerb,
  CommandOutcome,
  CommandOutcomeByVerb,
  CommandVerb,
  Commission,
  CommissionView,
  CustomerErasure,
  CurrencyInfo,
  Decimal,
  Event,
  Granularity,
  Incentive,
  IncentiveInput,
  Instant,
  Invitation,
  InviteOutcome,
  LedgerEntry,
  LoggedCommand,
  Money as MoneyValue,
  Order,
  OrderTotals,
  Payout,
  PlanDocument,
  PlanVersion,
  WhatIf,
  Quote,
  QuoteContext,
  QuoteLine,
  PlanSpec,
  ProgramConfig,
  ProgramConfigInput,
  RefundOutcome,
  Report,
  RoundingMode,
  Sale,
  SignedPayload,
  SignedWebhook,
  Stats,
  TrackOutcome,
  U64,
  WebhookHeaders,
  Click,
} from './lib/types.js';
import type { AffiliateKitError } from './lib/errors.js';

export * from './lib/errors.js';
export type * from './lib/types.js';

export { init, CodeList, normalize, checkFormat, previewIncentive, previewIncentiveOrder } from './checkout.js';
export type { InitInput } from './checkout.js';

// ---------------------------------------------------------------------------------------------------
// Plans

/** A validated commission plan: the checkout build's, plus `toJson`. */
export declare class Plan {
  /** Use `Plan.fromJson`. */
  protected constructor();
  /** Loads and validates a plan from its JSON object or text (InvalidPlanError names the bad field). */
  static fromJson(plan: PlanSpec | string): Plan;
  /** The plan's currency code. */
  get currency(): string;
  /** The commission of one order for one affiliate, with its explanation (changes nothing);
   * `{explain: false}`: the same amounts, faster, with empty summaries and without the rules each
   * winner beat or skipped. */
  quote(order: Order, context: QuoteContext, options?: QuoteOptions | null): Quote;
  /** Releases the module memory of this plan now (otherwise when it is garbage-collected). */
  free(): void;
  /** The plan as the core writes it (its JSON document, parsed). */
  toJson(): PlanDocument;
  /** The commission total of many orders in one call, from order lines as columns (rows with the
   * same order id, one after the other, form one order; lines numbered "1", "2", ...): one row per
   * order, with its total or the error of that order alone (columns of different lengths, or a
   * malformed price, throw). */
  quoteMany(columns: QuoteColumns, at: Instant, rounding?: RoundingMode): QuotedOrder[];
}

/** Options of `Plan.quote`. */
export interface QuoteOptions {
  /** False for the amounts alone (summaries empty, no beaten or skipped rules); default true. */
  explain?: boolean | null;
}

/** Order lines as columns, one row per line (`Plan.quoteMany`). */
export interface QuoteColumns {
  readonly order_ids: readonly string[];
  /** The affiliate of each row: the same on every row of an order. */
  readonly affiliates: readonly string[];
  readonly products: readonly string[];
  readonly categories?: readonly (string | null)[];
  readonly quantities: readonly number[];
  readonly unit_prices: readonly Decimal[];
}

/** One order of `Plan.quoteMany`: its commission total (every level), or why it has none. */
export interface QuotedOrder {
  readonly order_id: string;
  readonly affiliate: string;
  readonly total?: Decimal;
  readonly error?: AffiliateKitError;
}

// ---------------------------------------------------------------------------------------------------
// Money

/** A money value `{amount, currency}` (the amount a decimal string). */
export type Money = MoneyValue;

/** The operations of the `Money` object: exact, checked arithmetic of the core. */
export interface MoneyOperations {
  /** A money value from an amount and a currency code, strictly parsed. */
  readonly parse: (amount: Decimal, currency: string) => Money;
  /** a + b (same currency, or CurrencyMismatchError). */
  readonly checkedAdd: (a: Money, b: Money) => Money;
  /** a - b. */
  readonly checkedSub: (a: Money, b: Money) => Money;
  /** m × factor, exact (not rounded). */
  readonly checkedMul: (m: Money, factor: Decimal) => Money;
  /** percent % of m, exact (not rounded). */
  readonly percent: (m: Money, percent: Decimal) => Money;
  /** m rounded to its currency's minor units (`half_up` by default). */
  readonly round: (m: Money, mode?: RoundingMode) => Money;
  /** -m. */
  readonly negated: (m: Money) => Money;
  /** -1, 0 or 1 as a < b, a = b, a > b. */
  readonly checkedCmp: (a: Money, b: Money) => -1 | 0 | 1;
  /** The smaller of a and b. */
  readonly checkedMin: (a: Money, b: Money) => Money;
}

/** Operations on money values `{amount, currency}` (amounts are decimal strings). */
export declare const Money: MoneyOperations;

/** The canonical text of a strictly parsed decimal ("1e3", "NaN", "1,50" are InvalidAmountError). */
export declare function parseDecimal(value: string): Decimal;
/** A strictly parsed decimal that must not be negative. */
export declare function parseNonNegative(value: string): Decimal;
/** An ISO 4217 currency: code, minor units, name. */
export declare function currency(code: string): CurrencyInfo;
/** An amount rounded to a currency's minor units (`half_up` by default): THE rounding function of the core. */
export declare function roundToMinorUnits(amount: Decimal, currency: string, mode?: RoundingMode): Decimal;
/** Splits a total by weights (largest remainder): the parts always sum to the total. */
export declare function allocate(total: Money, weights: readonly Decimal[]): Money[];

// ---------------------------------------------------------------------------------------------------
// Codes

/** The storage and lookup key of a code. */
export declare function canonicalCode(code: string, policy?: CodePolicyInput | null): string;
/** A generated code whose check symbol matches, normalized (else InvalidCodeError). */
export declare function parseGenerated(code: string, policy?: CodePolicyInput | null): string;
/** A vanity code, normalized and checked against the policy (else InvalidCodeError). */
export declare function validateVanity(code: string, policy?: CodePolicyInput | null): string;
/** A code generated from a seed (the same seed gives the same code everywhere; not for production secrecy). */
export declare function generateCode(seed: U64, policy?: CodePolicyInput | null): string;
/** `count` codes generated from one seed. */
export declare function generateCodes(seed: U64, count: number, policy?: CodePolicyInput | null): string[];
/** The check symbol of a payload, or undefined if it has a character outside the alphabet. */
export declare function checkSymbol(payload: string): string | undefined;
/** Whether a code's last symbol is the check symbol of the rest. */
export declare function hasValidCheck(code: string): boolean;
/** The default code policy. */
export declare function defaultCodePolicy(): CodePolicy;
/** An incentive as the core reads it, validated. */
export declare function validateIncentive(incentive: IncentiveInput): Incentive;
/** The case-insensitive key of an e-mail address (InvalidInputError when it is not one). */
export declare function emailKey(email: string): string;
/** An order as the core reads it (validated), with its lines net and subtotal. */
export declare function orderTotals(order: Order): OrderTotals;

// ---------------------------------------------------------------------------------------------------
// Webhooks

/** Signs a webhook body: the three headers (webhook-id, webhook-timestamp, webhook-signature). */
export declare function signPayload(msgId: string, at: Instant, body: string, secret: string): SignedPayload;
/** Verifies a webhook body against its headers (300 seconds' tolerance by default); throws
 * InvalidSignatureError when it does not verify. */
export declare function verifyPayload(
  headers: WebhookHeaders,
  body: string,
  secret: string,
  now: Instant,
  toleranceSeconds?: number,
): void;
/** Signs an event for delivery: headers and body. */
export declare function signWebhook(event: Event, secret: string, at: Instant): SignedWebhook;
/** Verifies a delivery and returns its event. */
export declare function verifyWebhook(headers: WebhookHeaders, body: string, secret: string, now: Instant): Event;

// ---------------------------------------------------------------------------------------------------
// Report periods

/** The canonical name of an IANA timezone (InvalidConfigError when unknown). */
export declare function timezone(name: string): string;
/** The report bucket holding an instant. */
export declare function bucketOf(at: Instant, timezone: string, granularity: Granularity): Bucket;
/** The bucket after a bucket. */
export declare function nextBucket(bucket: BucketInput, timezone: string, granularity: Granularity): Bucket;
/** The buckets covering [from, to). */
export declare function bucketsBetween(from: Instant, to: Instant, timezone: string, granularity: Granularity): Bucket[];

// ---------------------------------------------------------------------------------------------------
// Program

/** The fields a Program command method takes: the command of its verb without `verb`. */
export type CommandFields<V extends CommandVerb> = CommandFieldsByVerb[V];

/** A Program: affiliates, codes, attribution, the commission ledger, payouts, events, reports. */
export declare class Program {
  /** A new, empty program from its configuration (JSON object or text). */
  constructor(config: ProgramConfigInput | string);
  /** The program a snapshot was taken of. */
  static restore(snapshot: string): Program;
  /** The program a configuration and a command log make (the log as an array, or its JSON text). */
  static replay(config: ProgramConfigInput | string, log: readonly Command[] | readonly LoggedCommand[] | string): Program;

  /** The program a checkpoint (`snapshot()` text) and the commands accepted after it make: the
   * `journal` texts `executeJournaled` answered, the commands, or their JSON array text. */
  static resume(snapshot: string, journal: readonly string[] | readonly Command[] | readonly LoggedCommand[] | string): Program;

  /** Runs one command `{verb, ...fields}` (exactly the core's Command) and returns its answer. */
  execute<V extends CommandVerb>(command: { readonly verb: V } & CommandFieldsByVerb[V]): CommandOutcomeByVerb[V];
  execute(command: Command): CommandOutcome;
  /** Runs one command and answers it with its journal form (JSON text), for a host that keeps its
   * own journal; rebuild with `Program.resume(checkpoint, journal)`. */
  executeJournaled<V extends CommandVerb>(
    command: { readonly verb: V } & CommandFieldsByVerb[V],
  ): { readonly answer: CommandOutcomeByVerb[V]; readonly journal: string };
  executeJournaled(command: Command): { readonly answer: CommandOutcome; readonly journal: string };
  /** Runs the commands in order, answering each on its own: its answer, or its error (returned, not
   * thrown) when it cannot be read or is refused; such a command changes nothing, the others run. */
  executeMany(commands: readonly Command[]): (CommandOutcome | AffiliateKitError)[];
  /** Tracks each order as `trackOrder` does, at `at`: each its outcome or its error (returned, not
   * thrown; that order changes nothing). `visitorIds`, when given, has one entry per order. */
  trackMany(orders: readonly Order[], at: Instant, visitorIds?: readonly (string | null)[]): (TrackOutcome | AffiliateKitError)[];

  /** Registers an affiliate (active at once when the config auto-approves). */
  registerAffiliate(fields: CommandFields<'register_affiliate'>): AffiliateView;
  /** Changes name, e-mail or group. */
  updateAffiliate(fields: CommandFields<'update_affiliate'>): AffiliateView;
  /** Sets the status (not `deleted`: see `deleteAffiliate`). */
  setAffiliateStatus(fields: CommandFields<'set_affiliate_status'>): AffiliateView;
  /** Erases the affiliate's name and e-mail; the ledger stays. */
  deleteAffiliate(fields: CommandFields<'delete_affiliate'>): AffiliateView;
  /** Gives the affiliate a code, with an optional incentive and expiry. */
  addCode(fields: CommandFields<'add_code'>): AffiliateView;
  /** Generates a code for the affiliate from a seed under the program's code policy. */
  generateCode(fields: CommandFields<'generate_code'>): AffiliateView;
  /** Invites e-mails (up to the batch limit). */
  invite(fields: CommandFields<'invite'>): InviteOutcome;
  /** Accepts a pending invitation: registers the affiliate. */
  acceptInvitation(fields: CommandFields<'accept_invitation'>): AffiliateView;
  /** Expires the pending invitations due at `at`. */
  expireInvitations(fields: CommandFields<'expire_invitations'>): Invitation[];
  /** Records a visit through a code's link, for attribution. */
  recordClick(fields: CommandFields<'record_click'>): Click;
  /** Tracks an order: attributes it, quotes it, writes pending commissions (idempotent by order id). */
  trackOrder(fields: CommandFields<'track_order'>): TrackOutcome;
  /** Records a follow-up payment of a subscription. */
  recordPayment(fields: CommandFields<'record_payment'>): TrackOutcome;
  /** Refunds a sale (everything left, an amount, or whole lines). */
  refund(fields: CommandFields<'refund'>): RefundOutcome;
  /** A chargeback: as `refund`, of kind `chargeback`. */
  chargeback(fields: CommandFields<'chargeback'>): RefundOutcome;
  /** Approves the pending commissions past their holding period. */
  approveDue(fields: CommandFields<'approve_due'>): CommissionView[];
  /** Rejects a pending, held or approved commission. */
  rejectCommission(fields: CommandFields<'reject_commission'>): CommissionView;
  /** Puts an affiliate on hold: their pending and new commissions are held, payouts skip them. */
  holdAffiliate(fields: CommandFields<'hold_affiliate'>): AffiliateView;
  /** Lifts an affiliate's hold and releases their held commissions (pending again). */
  releaseAffiliate(fields: CommandFields<'release_affiliate'>): AffiliateView;
  /** Rejects every held commission of an affiliate. */
  rejectHeld(fields: CommandFields<'reject_held'>): CommissionView[];
  /** Holds a pending or approved commission. */
  holdCommission(fields: CommandFields<'hold_commission'>): CommissionView;
  /** Releases a held commission (pending again). */
  releaseCommission(fields: CommandFields<'release_commission'>): CommissionView;
  /** Erases an affiliate's personal data from the program and its history (they become deleted). */
  eraseAffiliate(fields: CommandFields<'erase_affiliate'>): AffiliateView;
  /** Erases a customer's personal data (by e-mail or customer id) from their orders and the history. */
  eraseCustomer(fields: CommandFields<'erase_customer'>): CustomerErasure;
  /** Creates the payouts due. */
  createPayouts(fields: CommandFields<'create_payouts'>): Payout[];
  /** Marks a created payout paid. */
  markPayoutPaid(fields: CommandFields<'mark_payout_paid'>): Payout;
  /** Marks a created payout failed (its entries are payable again). */
  markPayoutFailed(fields: CommandFields<'mark_payout_failed'>): Payout;
  /** Sets a new version of the plan, quoting orders at or after `effective_from` (never before `at`). */
  setPlan(fields: CommandFields<'set_plan'>): PlanVersion;

  /** Removes and returns the events not drained yet (logged as a `drain_events` command). */
  drainEvents(): Event[];
  /** The events with a sequence number above `sequence` (0 for all). */
  eventsSince(sequence: U64): Event[];
  /** The whole state as JSON text (restore it with `Program.restore`). */
  snapshot(): string;
  /** The configuration. */
  config(): ProgramConfig;
  /** The config's commission plan (version 1), as its JSON document. */
  plan(): PlanDocument;
  /** Every version of the plan, oldest first (version 1 is the config's). */
  plans(): PlanVersion[];
  /** Every command run since the program was created or restored, in order. */
  commandLog(): LoggedCommand[];
  /** One affiliate (NotFoundError when unknown). */
  affiliate(affiliateId: string): AffiliateView;
  /** The affiliate owning a code (any spelling that canonicalizes to it). */
  affiliateByCode(code: string): AffiliateView;
  /** Every affiliate, in registration order. */
  affiliates(): AffiliateView[];
  /** An affiliate's balance in a currency, derived from the ledger. */
  balance(affiliateId: string, currency: string): Balance;
  /** One commission as the ledger keeps it, with its line shares. */
  commission(commissionId: string): Commission;
  /** Every commission, in creation order. */
  commissions(): Commission[];
  /** Every ledger entry, in writing order. */
  entries(): LedgerEntry[];
  /** One tracked sale (order or payment). */
  sale(saleId: string): Sale;
  /**
   * The explained quote of a tracked sale, exactly as tracking answered it (rebuilt from what the
   * sale keeps); null when the plan did not quote it (see the outcome's `reason`).
   */
  explain(saleId: string): Quote | null;
  /** Why a commission is what it is: its quote line (rule, base, rate, caps, decisions). */
  explainCommission(commissionId: string): QuoteLine;
  /** One payout. */
  payout(payoutId: string): Payout;
  /** Every payout, in creation order. */
  payouts(): Payout[];
  /** Every invitation, in creation order. */
  invitations(): Invitation[];
  /** Whether a code can be used at an instant, and whose it is (never throws for a malformed code). */
  validateCode(code: string, at: Instant): CodeValidation;
  /** What tracking the order would credit, changing nothing. */
  quote(order: Order, at: Instant, visitorId?: string | null): TrackOutcome;
  /**
   * Counts and totals, of the program or of one affiliate, in one currency (default: the program's):
   * the sales in it and the commissions earned in it.
   */
  stats(affiliateId?: string | null, currency?: string | null): Stats;
  /** Sales and commissions per period over [from, to), in the program's timezone, in one currency. */
  report(granularity: Granularity, from: Instant, to: Instant, affiliateId?: string | null, currency?: string | null): Report;
  /**
   * What `plan` would have paid for the sales and payments tracked in [from, to) in one currency
   * (default: the program's), each quoted again with the context it had then: in total, per affiliate,
   * and the `largest` (10) sales that change most.
   */
  whatIf(plan: PlanSpec, from: Instant, to: Instant, largest?: number, currency?: string | null): WhatIf;
  /** Releases the module memory of this program now (otherwise when it is garbage-collected). */
  free(): void;
}
