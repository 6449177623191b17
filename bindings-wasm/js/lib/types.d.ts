// The values affiliate-kit takes and returns: the core's serde JSON documents (core/src/**), parsed.
//
// Conventions, the same in every signature:
// * Field names are the core's (snake_case).
// * Money is `{amount, currency}` with the amount a decimal string ("30.00"); every other decimal
//   (rates, thresholds, percentages) is a string too. A JS number is never a decimal: passing one is
//   a TypeError at run time and a type error here.
// * Integers (quantities, counts, days, priorities, sequence numbers) are numbers; a seed is a number
//   or a BigInt.
// * An instant going in is an `Instant`: an RFC 3339 string or a Date. Instants coming out are RFC 3339
//   strings.
// * Results are read-only: every field of a result is `readonly`.

// ---------------------------------------------------------------------------------------------------
// Scalars

/** An instant going in: an RFC 3339 string with an offset ("2026-05-14T09:30:00Z") or a valid Date. */
export type Instant = string | Date;

/** A decimal as text: an optional "-", digits, optionally "." and digits ("30.00", "-3.10", "12"). */
export type Decimal = string;

/** An unsigned 64-bit integer going in (a seed, a sequence number): a safe integer or a BigInt. */
export type U64 = number | bigint;

/** How a value between two minor units is rounded (`half_up` by default). */
export type RoundingMode = 'half_up' | 'half_even' | 'toward_zero' | 'away_from_zero';

/** The size of a report bucket. */
export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

// ---------------------------------------------------------------------------------------------------
// Money (core/src/money)

/** A decimal amount in a currency: `{"amount": "30.00", "currency": "EUR"}`. The amount is always a
 * string and may carry more decimals than the currency's minor units (an exact intermediate). */
export interface Money {
  /** The exact amount, a decimal string. */
  readonly amount: Decimal;
  /** The ISO 4217 code, three upper-case letters ("EUR"). */
  readonly currency: string;
}

/** An ISO 4217 currency with minor units, as `currency()` answers it. */
export interface CurrencyInfo {
  /** "EUR". */
  readonly code: string;
  /** Decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
  readonly minor_units: number;
  /** The English name, "Euro". */
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------------
// Commission plans (core/src/plan/spec.rs): PlanSpec goes in, PlanDocument comes out

/** The counting period of tier metrics and the per-affiliate cap (default `month`). */
export type Period = 'month' | 'quarter' | 'year' | 'lifetime';

/** How a rule computes its amount. */
export type CommissionKind = 'percentage' | 'flat_per_order' | 'flat_per_unit' | 'tiered';

/** The volume a tier is chosen by. */
export type TierMetric = 'sales_count' | 'revenue';

/** What a level's percentage is taken of (default `sale`). */
export type LevelBase = 'sale' | 'commission';

/** What the commission base includes besides the discounted line amount (both excluded by default). */
export interface BaseOptions {
  readonly include_tax?: boolean;
  readonly include_shipping?: boolean;
}

/** What a rule applies to, from least to most specific: program < group < affiliate < category < product. */
export type Target =
  | { readonly type: 'program' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'affiliate'; readonly affiliate: string }
  | { readonly type: 'category'; readonly categories: readonly string[] }
  | { readonly type: 'product'; readonly products: readonly string[] };

/** The kind of a rule's target, in precedence order. */
export type TargetKind = Target['type'];

/** One volume tier: from `threshold` (inclusive) on, `rate` % of the base or `amount` per order. */
export type TierSpec =
  | { readonly threshold: Decimal; readonly rate: Decimal; readonly amount?: never }
  | { readonly threshold: Decimal; readonly amount: Money; readonly rate?: never };

/** Which payments of a subscription earn commission. */
export type Payments =
  | { readonly type: 'first_only' }
  | { readonly type: 'first_n'; readonly count: number }
  | { readonly type: 'months'; readonly months: number }
  | { readonly type: 'lifetime' };

/** A half-open window `[from, to)`; at least one end. */
export interface Window {
  readonly from?: Instant | null;
  readonly to?: Instant | null;
}

/** Conditions of a rule; all present ones must hold. */
export interface Conditions {
  /** The order subtotal (after discounts, before tax and shipping) must reach this. */
  readonly min_subtotal?: Money | null;
  /** Only for customers who never bought before. */
  readonly new_customers_only?: boolean;
  /** ISO 3166 alpha-2 countries ("FR"). */
  readonly countries?: readonly string[] | null;
  readonly window?: Window | null;
  readonly products?: readonly string[] | null;
  readonly categories?: readonly string[] | null;
  readonly payments?: Payments | null;
}

/** The fields of a rule that depend on its `commission` kind (the core refuses the others). */
export type RuleCommission =
  | {
      readonly commission: 'percentage';
      /** Percentage of the base, 0..=100. */
      readonly rate: Decimal;
      readonly amount?: never;
      readonly metric?: never;
      readonly tiers?: never;
    }
  | {
      readonly commission: 'flat_per_order' | 'flat_per_unit';
      /** Paid once per order, or per unit. */
      readonly amount: Money;
      readonly rate?: never;
      readonly metric?: never;
      readonly tiers?: never;
    }
  | {
      readonly commission: 'tiered';
      readonly metric: TierMetric;
      /** Ascending thresholds. */
      readonly tiers: readonly TierSpec[];
      readonly rate?: never;
      readonly amount?: never;
    };

/** One commission rule. */
export type RuleSpec = RuleCommission & {
  /** Unique id, quoted back in every commission the rule produces. */
  readonly id: string;
  readonly target: Target;
  /** Breaks ties between rules of the same target kind: higher wins (default 0). */
  readonly priority?: number;
  readonly conditions?: Conditions;
  /** Most this rule pays for one order. */
  readonly cap?: Money | null;
};

/** Caps on an affiliate's direct (level 1) commission. */
export interface Caps {
  readonly per_order?: Money | null;
  readonly per_customer?: Money | null;
  readonly per_affiliate_period?: Money | null;
}

/** The rate of one level up the referral chain (`levels[0]` is level 2). */
export interface LevelSpec {
  /** Percentage, 0..=100. */
  readonly rate: Decimal;
  readonly of?: LevelBase;
}

/** A commission plan, as `Plan.fromJson` and a program configuration take it. */
export interface PlanSpec {
  /** The plan's currency: fixed amounts must be in it. */
  readonly currency: string;
  readonly base?: BaseOptions;
  readonly period?: Period;
  /** At least one rule. */
  readonly rules: readonly RuleSpec[];
  readonly caps?: Caps;
  /** Rates of the parents up the chain; the length is the depth limit. */
  readonly levels?: readonly LevelSpec[];
}

/** A window as the core writes it. */
export interface WindowDocument {
  readonly from?: string;
  readonly to?: string;
}

/** Rule conditions as the core writes them (absent ones left out). */
export interface ConditionsDocument {
  readonly min_subtotal?: Money;
  readonly new_customers_only?: true;
  readonly countries?: readonly string[];
  readonly window?: WindowDocument;
  readonly products?: readonly string[];
  readonly categories?: readonly string[];
  readonly payments?: Payments;
}

/** A rule as the core writes it. */
export type RuleDocument = RuleCommission & {
  readonly id: string;
  readonly target: Target;
  readonly priority: number;
  readonly conditions?: ConditionsDocument;
  readonly cap?: Money;
};

/** The plan as the core writes it: `Plan#toJson()`, `Program#plan()`, `ProgramConfig.plan`. */
export interface PlanDocument {
  readonly currency: string;
  readonly base: { readonly include_tax: boolean; readonly include_shipping: boolean };
  readonly period: Period;
  readonly rules: readonly RuleDocument[];
  readonly caps?: { readonly per_order?: Money; readonly per_customer?: Money; readonly per_affiliate_period?: Money };
  readonly levels?: readonly { readonly rate: Decimal; readonly of: LevelBase }[];
}

// ---------------------------------------------------------------------------------------------------
// Orders and quote contexts (core/src/plan/order.rs, context.rs)

/** One order line. */
export interface OrderLine {
  /** Unique within the order. */
  readonly id: string;
  readonly product: string;
  readonly category?: string;
  /** Units sold, at least 1. */
  readonly quantity: number;
  /** Price of one unit, before discounts and tax. */
  readonly unit_price: Decimal;
  /** Discount on the whole line. */
  readonly discount?: Decimal;
  /** Tax on the line. */
  readonly tax?: Decimal;
}

/** The buyer, as far as commission rules care. */
export interface Customer {
  readonly id?: string;
  /** Used by a program to detect self-referrals. */
  readonly email?: string;
  /** ISO 3166 alpha-2 ("FR"). */
  readonly country?: string;
}

/** An order to quote or track; amounts are decimal strings in `currency`. The core writes orders back
 * (in a `Sale`, `orderTotals`, the command log) in this same shape, zero amounts and an empty customer
 * left out. */
export interface Order {
  /** The host's order id (the idempotency key when tracked). */
  readonly id: string;
  readonly currency: string;
  /** At least one line. */
  readonly lines: readonly OrderLine[];
  /** Order-level discount, prorated across lines. */
  readonly discount?: Decimal;
  readonly shipping?: Decimal;
  readonly tax?: Decimal;
  readonly customer?: Customer;
  /** The referral code entered at checkout. */
  readonly code?: string;
}

/** What `orderTotals` answers: the order as the core read it, and its totals. */
export interface OrderTotals {
  readonly order: Order;
  /** Sum of the lines' net amounts, before the order discount. */
  readonly lines_net: Decimal;
  /** Lines after line and order discounts, before tax and shipping. */
  readonly subtotal: Decimal;
}

/** Everything a quote needs besides the order; volumes are in the plan's currency. */
export interface QuoteContext {
  /** The affiliate credited (level 1). */
  readonly affiliate: string;
  /** When the order happens. */
  readonly at: Instant;
  readonly group?: string | null;
  /** Parents up the chain, nearest first. */
  readonly parents?: readonly string[];
  /** Whether the customer never bought before (default false). */
  readonly new_customer?: boolean;
  readonly period_sales_count?: number;
  readonly period_revenue?: Decimal;
  readonly period_earned?: Decimal;
  readonly customer_earned?: Decimal;
  /** 1 for the first payment (default). */
  readonly payment_number?: number;
  readonly first_payment_at?: Instant | null;
  readonly rounding?: RoundingMode;
}

// ---------------------------------------------------------------------------------------------------
// Quotes and their explanations (core/src/plan/quote.rs)

/** How an amount was computed. */
export type Method = 'percentage' | 'flat_per_order' | 'flat_per_unit' | 'tiered' | 'level_of_sale' | 'level_of_commission';
/** Why a rule that applied pays nothing. */
export type ZeroReason = 'non_positive_base' | 'below_first_tier';
/** Why a matching rule lost. */
export type BeatReason = 'less_specific_target' | 'lower_priority' | 'later_in_plan';
/** A rule condition that did not hold. */
export type FailedCondition = 'min_subtotal' | 'new_customers_only' | 'country' | 'window' | 'product' | 'category' | 'payment';
/** The kinds of cap. */
export type CapKind = 'rule' | 'per_order' | 'per_customer' | 'per_affiliate_period';

/** The volume tier a tiered rule chose. */
export interface TierChoice {
  readonly metric: TierMetric;
  /** The affiliate's volume before this order. */
  readonly volume: Decimal;
  /** The index of the tier in the rule. */
  readonly index: number;
  readonly threshold: Decimal;
}

/** The arithmetic behind an amount. */
export interface Calculation {
  readonly method: Method;
  readonly base: Money;
  /** The percentage, for percentage methods. */
  readonly rate?: Decimal;
  /** The fixed amount, for flat methods. */
  readonly flat?: Money;
  /** Units counted, for flat-per-unit. */
  readonly units?: number;
  readonly tier?: TierChoice;
  readonly zero_reason?: ZeroReason;
  /** The exact amount before rounding and caps. */
  readonly exact: Decimal;
  readonly rounding: RoundingMode;
}

/** A matching rule that lost to the winner. */
export interface Beaten {
  readonly rule_id: string;
  readonly target: TargetKind;
  readonly priority: number;
  readonly reason: BeatReason;
}

/** A rule whose target matched but one of whose conditions failed. */
export interface Skipped {
  readonly rule_id: string;
  readonly failed: FailedCondition;
}

/** For one order line: the winning rule and the candidates it beat. */
export interface LineDecision {
  readonly line_id: string;
  readonly base: Money;
  /** The line's share of the rule's commission. */
  readonly amount: Money;
  readonly rule_id: string;
  readonly target: TargetKind;
  readonly priority: number;
  readonly beaten?: readonly Beaten[];
  readonly skipped?: readonly Skipped[];
}

/** A cap that reduced a commission. */
export interface CapApplied {
  readonly cap: CapKind;
  /** What was left under the cap for this order. */
  readonly limit: Money;
  readonly before: Money;
  readonly after: Money;
}

/** Why a commission is what it is. */
export interface Explanation {
  /** One sentence, e.g. `rule "books" (category, priority 0) beat "default" (program): 20% of 100.00 EUR = 20.00 EUR`. */
  readonly summary: string;
  readonly calculation: Calculation;
  /** For level 1: per order line, which rule won. */
  readonly decisions?: readonly LineDecision[];
  readonly caps?: readonly CapApplied[];
}

/** One commission of a quote. */
export interface QuoteLine {
  /** Who earns it: the affiliate at level 1, a parent above. */
  readonly beneficiary: string;
  readonly level: number;
  readonly rule_id: string;
  /** The order lines it covers. */
  readonly order_lines: readonly string[];
  readonly base: Money;
  /** Rounded to minor units. */
  readonly amount: Money;
  readonly explanation: Explanation;
}

/** An order line no rule applied to. */
export interface UnmatchedLine {
  readonly line_id: string;
  readonly skipped?: readonly Skipped[];
}

/** What an order earns: commissions per level with their explanations. */
export interface Quote {
  readonly order_id: string;
  readonly currency: string;
  readonly lines: readonly QuoteLine[];
  readonly unmatched?: readonly UnmatchedLine[];
  /** Sum of every line's amount. */
  readonly total: Money;
}

// ---------------------------------------------------------------------------------------------------
// Referral codes (core/src/codes)

/** Why a referral code was rejected (the `problem` of an invalid verdict and of InvalidCodeError). */
export type CodeProblem =
  | { readonly type: 'empty' }
  | { readonly type: 'invalid_character'; readonly character: string; readonly position: number }
  | { readonly type: 'too_short'; readonly length: number; readonly min: number }
  | { readonly type: 'too_long'; readonly length: number; readonly max: number }
  | { readonly type: 'reserved'; readonly word: string }
  | { readonly type: 'generated_shape' }
  | { readonly type: 'bad_check_symbol' }
  | { readonly type: 'not_generated' }
  | { readonly type: 'prefix_mismatch'; readonly expected: string };

/** What a typed code looks like, judged offline. */
export type CodeFormat =
  | { readonly verdict: 'generated'; readonly code: string }
  | { readonly verdict: 'likely_typo'; readonly code: string }
  | { readonly verdict: 'vanity'; readonly code: string }
  | { readonly verdict: 'invalid'; readonly problem: CodeProblem };

/** The rules referral codes follow, as the core writes them. */
export interface CodePolicy {
  readonly min_length: number;
  readonly max_length: number;
  readonly reserved: readonly string[];
  readonly generated_length: number;
  readonly prefix: string;
}

/** A code policy going in: every field has a default (3..32 characters, 8 generated symbols, no prefix). */
export interface CodePolicyInput {
  readonly min_length?: number;
  readonly max_length?: number;
  readonly reserved?: readonly string[];
  readonly generated_length?: number;
  readonly prefix?: string;
}

/** The discount of an incentive. */
export type Discount =
  | { readonly type: 'percent_off'; /** 0..=100. */ readonly percent: Decimal }
  | { readonly type: 'amount_off'; readonly amount: Money };

/** A customer incentive going in. */
export interface IncentiveInput {
  readonly discount: Discount;
  /** The smallest subtotal the discount applies to. */
  readonly min_order?: Money | null;
  /** From this instant on the incentive no longer applies. */
  readonly expires_at?: Instant | null;
}

/** A customer incentive as the core writes it (both options always present, `null` when unset). */
export interface Incentive {
  readonly discount: Discount;
  readonly min_order: Money | null;
  readonly expires_at: string | null;
}

/** Why an incentive does not apply. */
export type IneligibleReason = { readonly type: 'expired' } | { readonly type: 'below_minimum'; readonly minimum: Money };

/** The effect of an incentive on a subtotal, in the subtotal's minor units. */
export interface IncentivePreview {
  readonly eligible: boolean;
  readonly reason: IneligibleReason | null;
  /** Zero when ineligible. */
  readonly discount: Money;
  /** Subtotal minus discount, never negative. */
  readonly total: Money;
}

// ---------------------------------------------------------------------------------------------------
// Program configuration (core/src/program/config.rs)

/** Which click wins when a visitor clicked several affiliates' links. */
export type AttributionModel = 'last_click' | 'first_click';

/** Attribution settings going in. */
export interface AttributionConfigInput {
  /** Default 30. */
  readonly window_days?: number;
  readonly model?: AttributionModel;
  readonly lifetime_customers?: boolean;
}

/** Invitation settings going in. */
export interface InvitationConfigInput {
  /** Default 30. */
  readonly expiry_days?: number;
  /** Default 25. */
  readonly batch_limit?: number;
}

/** A program configuration going in: `currency` and `plan`; every other field has a default. */
export interface ProgramConfigInput {
  readonly currency: string;
  readonly plan: PlanSpec;
  /** IANA name (default "UTC"). */
  readonly timezone?: string;
  readonly rounding?: RoundingMode;
  /** Default 30. */
  readonly holding_days?: number;
  /** The smallest payout per currency code, e.g. `{EUR: "50.00"}` (default 50 in the program currency). */
  readonly minimum_payout?: Readonly<Record<string, Decimal>> | null;
  readonly attribution?: AttributionConfigInput;
  readonly invitations?: InvitationConfigInput;
  readonly code_policy?: CodePolicyInput;
  /** Whether new affiliates start active (default true). */
  readonly auto_approve?: boolean;
}

/** Attribution settings as the core writes them. */
export interface AttributionConfig {
  readonly window_days: number;
  readonly model: AttributionModel;
  readonly lifetime_customers: boolean;
}

/** Invitation settings as the core writes them. */
export interface InvitationConfig {
  readonly expiry_days: number;
  readonly batch_limit: number;
}

/** A program configuration as the core writes it (`Program#config()`). */
export interface ProgramConfig {
  readonly currency: string;
  readonly timezone: string;
  readonly rounding: RoundingMode;
  readonly holding_days: number;
  /** Absent when the default applies. */
  readonly minimum_payout?: Readonly<Record<string, Decimal>>;
  readonly attribution: AttributionConfig;
  readonly invitations: InvitationConfig;
  readonly code_policy: CodePolicy;
  readonly auto_approve: boolean;
  readonly plan: PlanDocument;
}

// ---------------------------------------------------------------------------------------------------
// Affiliates, invitations, clicks (core/src/program: affiliate.rs, invitations.rs, attribution.rs, registry.rs)

/** Where an affiliate is in their life with the program; only `active` affiliates earn. */
export type AffiliateStatus = 'pending' | 'active' | 'inactive' | 'suspended' | 'deleted';

/** What `registerAffiliate` takes. */
export interface Registration {
  /** The host's id; the program assigns `aff_<n>` when absent. */
  readonly id?: string | null;
  readonly name: string;
  readonly email: string;
  /** A vanity code to start with. */
  readonly code?: string | null;
  readonly group?: string | null;
  /** The referring affiliate's id. */
  readonly parent?: string | null;
}

/** What `updateAffiliate` changes; absent fields stay (`group: ""` clears the group). */
export interface AffiliateUpdate {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly group?: string | null;
}

/** What `acceptInvitation` takes besides the invitation id. */
export interface Acceptance {
  readonly id?: string | null;
  readonly name: string;
  readonly code?: string | null;
}

/** Running totals of an affiliate. */
export interface AffiliateStats {
  readonly total_referrals: number;
  readonly total_sales: number;
  /** Net of reversals, clawbacks and rejections, in the program currency. */
  readonly total_earnings: Money;
}

/** An affiliate as reads, commands and `affiliate.*` events answer it. */
export interface AffiliateView {
  readonly id: string;
  /** The primary code. */
  readonly code: string | null;
  /** `null` once deleted. */
  readonly name: string | null;
  /** `null` once deleted. */
  readonly email: string | null;
  /** The percentage the plan pays this affiliate by default, `null` when none. */
  readonly commission_rate: Decimal | null;
  readonly status: AffiliateStatus;
  readonly group: string | null;
  readonly parent: string | null;
  readonly codes: readonly string[];
  readonly stats: AffiliateStats;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Where an invitation is. */
export type InvitationStatus = 'pending' | 'accepted' | 'expired';

/** An invitation to join the program. */
export interface Invitation {
  /** `inv_<n>`. */
  readonly id: string;
  readonly email: string;
  readonly status: InvitationStatus;
  readonly invited_by?: string;
  readonly created_at: string;
  readonly expires_at: string;
  /** The affiliate it created, once accepted. */
  readonly affiliate_id?: string;
}

/** What `invite` answers. */
export interface InviteOutcome {
  readonly created: readonly Invitation[];
  readonly skipped: {
    /** Already affiliates. */
    readonly already_affiliate: readonly string[];
    /** Already invited (or listed twice). */
    readonly already_invited: readonly string[];
  };
  /** Malformed addresses. */
  readonly errors: readonly { readonly email: string; readonly reason: string }[];
}

/** A visit through an affiliate's link or code. */
export interface Click {
  readonly affiliate_id: string;
  /** The canonical code. */
  readonly code: string;
  readonly at: string;
}

/** The verdict of `validateCode`. */
export type CodeValidity = 'valid' | 'malformed' | 'likely_typo' | 'unknown' | 'expired' | 'affiliate_not_active';

/** Whether a typed code may be accepted at checkout, and its incentive. */
export interface CodeValidation {
  readonly valid: boolean;
  readonly reason: CodeValidity;
  /** The canonical code, when the input was a possible code. */
  readonly code: string | null;
  readonly affiliate_id: string | null;
  /** The incentive, when valid. */
  readonly incentive: Incentive | null;
}

// ---------------------------------------------------------------------------------------------------
// Sales, refunds, the ledger, payouts (core/src/program: sales.rs, ledger.rs, payouts.rs)

/** How an order was attributed. */
export type AttributionSource = 'code' | 'click' | 'lifetime' | 'subscription';
/** Why a tracked sale earns nothing. */
export type NoCreditReason = 'no_attribution' | 'affiliate_not_active' | 'self_referral' | 'no_commission';
/** The kinds of order update. */
export type UpdateKind = 'payment' | 'refund' | 'chargeback';
/** Where a sale comes from. */
export type SaleOrigin = 'order' | 'payment';
/** Where a commission is in its life. */
export type CommissionStatus = 'pending' | 'approved' | 'paid' | 'rejected';
/** The kinds of ledger entry. */
export type EntryKind = 'commission' | 'reversal' | 'clawback' | 'rejection';
/** Where a payout is. */
export type PayoutStatus = 'created' | 'paid' | 'failed';

/** A follow-up payment of a subscription (it repeats the first order's lines). */
export interface Payment {
  /** The payment's id (idempotency key). */
  readonly id: string;
  /** The subscription's first order. */
  readonly order_id: string;
}

/** A refund or chargeback: everything left (neither `amount` nor `lines`), an amount, or whole lines. */
export interface Refund {
  /** The refund's id (idempotency key). */
  readonly id: string;
  /** An order id or a payment id. */
  readonly order_id: string;
  readonly amount?: Decimal | null;
  readonly lines?: readonly string[] | null;
}

/** A commission as outcomes, events and `approveDue` show it. */
export interface CommissionView {
  /** `com_<n>`. */
  readonly id: string;
  readonly affiliate_id: string;
  /** The order or payment id. */
  readonly sale_id: string;
  readonly level: number;
  readonly rule_id: string;
  readonly amount: Money;
  /** Reversed, clawed back or rejected so far. */
  readonly reversed: Money;
  readonly status: CommissionStatus;
  readonly created_at: string;
}

/** An order line's share of a commission. */
export interface LineShare {
  readonly line_id: string;
  readonly amount: Decimal;
}

/** A commission as the ledger keeps it (`Program#commission()`, `Program#commissions()`). */
export interface Commission {
  readonly id: string;
  readonly affiliate_id: string;
  readonly sale_id: string;
  readonly level: number;
  readonly rule_id: string;
  readonly amount: Money;
  readonly status: CommissionStatus;
  readonly created_at: string;
  readonly line_shares: readonly LineShare[];
}

/** What tracking a sale (an order or a subscription payment) answered. */
export interface TrackOutcome {
  /** The order id, or the payment id. */
  readonly sale_id: string;
  /** The order (for payments: the subscription's first order). */
  readonly order_id: string;
  /** 1 for an order, 2, 3, ... for follow-up payments. */
  readonly payment_number: number;
  readonly affiliate_id: string | null;
  readonly attributed_by: AttributionSource | null;
  /** The canonical code, when attributed by code. */
  readonly code?: string;
  /** The affiliate's status, when not active. */
  readonly affiliate_status?: AffiliateStatus;
  readonly credited: boolean;
  /** Why not, when not credited. */
  readonly reason?: NoCreditReason;
  /** One per beneficiary level. */
  readonly commissions: readonly CommissionView[];
  readonly total: Money;
  /** The plan's quote, when an affiliate was attributed. */
  readonly quote?: Quote;
}

/** A tracked sale as the program keeps it. */
export interface Sale {
  readonly id: string;
  readonly origin: SaleOrigin;
  readonly order: Order;
  readonly visitor_id?: string;
  readonly at: string;
  readonly outcome: TrackOutcome;
  /** Lines net of discounts, plus tax and shipping. */
  readonly gross: Decimal;
  readonly refunded: Decimal;
  readonly refunded_lines?: readonly string[];
  /** For orders: payments so far, this order being payment 1. */
  readonly payments: number;
  readonly new_customer: boolean;
}

/** One commission's correction by a refund. */
export interface Reversal {
  readonly commission_id: string;
  readonly affiliate_id: string;
  /** `reversal` (unpaid) or `clawback` (paid or in a payout). */
  readonly kind: EntryKind;
  /** Positive. */
  readonly amount: Money;
}

/** What a refund or chargeback answered. */
export interface RefundOutcome {
  readonly refund_id: string;
  readonly order_id: string;
  readonly kind: UpdateKind;
  readonly amount: Money;
  /** What is left to refund on the sale. */
  readonly remaining: Money;
  readonly reversals: readonly Reversal[];
}

/** The settlement bucket of a ledger entry. */
export type Settlement =
  | { readonly state: 'pending' }
  | { readonly state: 'approved' }
  | { readonly state: 'in_payout'; /** The payout's number n (id `pay_<n>`). */ readonly payout: number }
  | { readonly state: 'paid'; readonly payout: number };

/** One immutable ledger entry (`Program#entries()`). */
export interface LedgerEntry {
  /** `ent_<n>`. */
  readonly id: string;
  readonly commission_id: string;
  readonly affiliate_id: string;
  readonly kind: EntryKind;
  /** Positive for commissions, negative for corrections. */
  readonly amount: Money;
  readonly at: string;
  /** The refund or rejection that caused it. */
  readonly cause?: string;
  readonly settlement: Settlement;
}

/** An affiliate's balance in one currency: `earned - reversed = pending + payable + in_payout + paid`. */
export interface Balance {
  readonly affiliate_id: string;
  readonly currency: string;
  readonly pending: Money;
  readonly approved: Money;
  /** What the next payout would pay (may be negative). */
  readonly payable: Money;
  readonly in_payout: Money;
  readonly paid: Money;
  readonly earned: Money;
  readonly reversed: Money;
}

/** A payout to one affiliate in one currency. */
export interface Payout {
  /** `pay_<n>`. */
  readonly id: string;
  readonly affiliate_id: string;
  readonly amount: Money;
  readonly status: PayoutStatus;
  readonly entry_count: number;
  readonly created_at: string;
  readonly settled_at?: string;
  /** The host's payment reference, when paid. */
  readonly reference?: string;
  readonly failure_reason?: string;
}

// ---------------------------------------------------------------------------------------------------
// Stats, reports, buckets (core/src/program/reads/reports.rs, core/src/time)

/** Totals of one affiliate or of the whole program, in the program currency. */
export interface Stats {
  /** `null` for the program. */
  readonly affiliate_id: string | null;
  readonly affiliates: number;
  readonly active_affiliates: number;
  readonly sales: number;
  readonly referrals: number;
  readonly revenue: Money;
  readonly earned: Money;
  readonly reversed: Money;
  readonly pending: Money;
  readonly payable: Money;
  readonly in_payout: Money;
  readonly paid: Money;
}

/** A calendar bucket: its label and the half-open UTC interval `[start, end)`. */
export interface Bucket {
  /** `2026-02-01`, `2026-W05`, `2026-02`, `2026-Q1` or `2026`. */
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

/** A bucket going in (`nextBucket`). */
export interface BucketInput {
  readonly label: string;
  readonly start: Instant;
  readonly end: Instant;
}

/** One bucket of a report. */
export interface ReportRow extends Bucket {
  readonly sales: number;
  readonly revenue: Money;
  readonly earned: Money;
  readonly reversed: Money;
}

/** Sales and commissions per bucket of the program's timezone. */
export interface Report {
  readonly timezone: string;
  readonly granularity: Granularity;
  readonly affiliate_id: string | null;
  /** Oldest first, empty buckets included. */
  readonly rows: readonly ReportRow[];
}

// ---------------------------------------------------------------------------------------------------
// Events (core/src/program/events/mod.rs): `{id, sequence, occurred_at, type, data}`, a union on `type`

/** The data of each event type. */
export interface EventDataByType {
  'affiliate.registered': { readonly affiliate: AffiliateView };
  'affiliate.updated': { readonly affiliate: AffiliateView };
  'affiliate.approved': { readonly affiliate: AffiliateView };
  'affiliate.status_changed': {
    readonly affiliate: AffiliateView;
    readonly from: AffiliateStatus;
    readonly to: AffiliateStatus;
  };
  'affiliate.deleted': { readonly affiliate_id: string };
  'affiliate.joined': { readonly affiliate: AffiliateView; readonly invitation_id: string; readonly source: 'invitation' };
  'invitation.created': { readonly invitation: Invitation };
  'invitation.expired': { readonly invitation: Invitation };
  'order.tracked': { readonly outcome: TrackOutcome };
  'order.updated': { readonly order_id: string; readonly kind: UpdateKind; readonly id: string; readonly amount: Money };
  'commission.created': { readonly commission: CommissionView };
  'commission.approved': { readonly commission: CommissionView };
  'commission.reversed': { readonly commission: CommissionView; readonly amount: Money; readonly refund_id: string };
  'commission.clawed_back': { readonly commission: CommissionView; readonly amount: Money; readonly refund_id: string };
  'commission.rejected': { readonly commission: CommissionView; readonly amount: Money; readonly reason: string };
  'payout.threshold_reached': { readonly affiliate_id: string; readonly payable: Money; readonly minimum: Money };
  'payout.created': { readonly payout: Payout };
  'payout.marked_paid': { readonly payout: Payout };
  'payout.failed': { readonly payout: Payout };
}

/** The stable event types. */
export type EventType = keyof EventDataByType;

/** The event of one type. */
export interface EventOf<T extends EventType> {
  /** `evt_<sequence>`. */
  readonly id: string;
  /** 1, 2, 3, ... without gaps. */
  readonly sequence: number;
  /** The `at` of the command that caused it. */
  readonly occurred_at: string;
  readonly type: T;
  readonly data: EventDataByType[T];
}

/** One event; narrow on `type` for its `data`. */
export type Event = { [T in EventType]: EventOf<T> }[EventType];

// ---------------------------------------------------------------------------------------------------
// Webhooks (core/src/webhook, core/src/program/events/webhooks.rs)

/** The three Standard Webhooks headers: `webhook-id`, `webhook-timestamp` (unix seconds), `webhook-signature`. */
export interface WebhookHeaders {
  readonly id: string;
  readonly timestamp: number;
  /** One or more space-separated `v1,<base64>` signatures. */
  readonly signature: string;
}

/** What `signPayload` answers: the headers signing the body (the body is the caller's own). */
export type SignedPayload = WebhookHeaders;

/** An event ready to POST: the headers and the exact body they sign. */
export interface SignedWebhook {
  readonly headers: WebhookHeaders;
  /** The event's JSON, exactly as the core wrote it. */
  readonly body: string;
}

// ---------------------------------------------------------------------------------------------------
// Commands (core/src/program/commands.rs): `{verb, ...fields}`, and what each answers

/** The fields of each command (what the Program method of the same name takes), by verb. */
export interface CommandFieldsByVerb {
  register_affiliate: { readonly registration: Registration; readonly at: Instant };
  update_affiliate: { readonly affiliate_id: string; readonly update: AffiliateUpdate; readonly at: Instant };
  set_affiliate_status: { readonly affiliate_id: string; readonly status: AffiliateStatus; readonly at: Instant };
  delete_affiliate: { readonly affiliate_id: string; readonly at: Instant };
  add_code: {
    readonly affiliate_id: string;
    readonly code: string;
    readonly incentive?: IncentiveInput | null;
    readonly expires_at?: Instant | null;
    readonly at: Instant;
  };
  generate_code: {
    readonly affiliate_id: string;
    readonly seed: U64;
    readonly incentive?: IncentiveInput | null;
    readonly expires_at?: Instant | null;
    readonly at: Instant;
  };
  invite: { readonly emails: readonly string[]; readonly invited_by?: string | null; readonly at: Instant };
  accept_invitation: { readonly invitation_id: string; readonly acceptance: Acceptance; readonly at: Instant };
  expire_invitations: { readonly at: Instant };
  record_click: { readonly visitor_id: string; readonly code: string; readonly at: Instant };
  track_order: { readonly order: Order; readonly visitor_id?: string | null; readonly at: Instant };
  record_payment: { readonly payment: Payment; readonly at: Instant };
  refund: { readonly refund: Refund; readonly at: Instant };
  chargeback: { readonly refund: Refund; readonly at: Instant };
  approve_due: { readonly at: Instant };
  reject_commission: { readonly commission_id: string; readonly reason: string; readonly at: Instant };
  create_payouts: { readonly at: Instant };
  mark_payout_paid: { readonly payout_id: string; readonly reference?: string | null; readonly at: Instant };
  mark_payout_failed: { readonly payout_id: string; readonly reason: string; readonly at: Instant };
  drain_events: {};
}

/** The 20 command verbs. */
export type CommandVerb = keyof CommandFieldsByVerb;

/** What each verb answers. */
export interface CommandOutcomeByVerb {
  register_affiliate: AffiliateView;
  update_affiliate: AffiliateView;
  set_affiliate_status: AffiliateView;
  delete_affiliate: AffiliateView;
  add_code: AffiliateView;
  generate_code: AffiliateView;
  invite: InviteOutcome;
  accept_invitation: AffiliateView;
  expire_invitations: Invitation[];
  record_click: Click;
  track_order: TrackOutcome;
  record_payment: TrackOutcome;
  refund: RefundOutcome;
  chargeback: RefundOutcome;
  approve_due: CommissionView[];
  reject_commission: CommissionView;
  create_payouts: Payout[];
  mark_payout_paid: Payout;
  mark_payout_failed: Payout;
  drain_events: Event[];
}

/** The command of one verb: `{verb, ...fields}`. */
export type CommandOf<V extends CommandVerb> = { readonly verb: V } & CommandFieldsByVerb[V];

/** A state-changing command, exactly the core's `Command`: `{verb: 'track_order', order, visitor_id?, at}`, ... */
export type Command = { [V in CommandVerb]: CommandOf<V> }[CommandVerb];

/** What a command answered (the answer itself; which one depends on the verb). */
export type CommandOutcome = CommandOutcomeByVerb[CommandVerb];

/** A command as the core writes it in the command log: instants as RFC 3339 strings, incentives with
 * both options present; a seed of 16 digits or more comes back as a BigInt (exact), a smaller one as a
 * number. */
export type LoggedCommand = { [V in CommandVerb]: AsWritten<CommandOf<V>> }[CommandVerb];

/** An input value as the core writes it back: instants become strings, incentives carry both options,
 * every field read-only. */
export type AsWritten<T> = T extends Date
  ? never
  : T extends IncentiveInput
      ? Incentive
      : T extends readonly (infer U)[]
        ? readonly AsWritten<U>[]
        : T extends object
          ? { readonly [K in keyof T]: AsWritten<T[K]> }
          : T;
