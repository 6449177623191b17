// The types of the JavaScript binding that are not the core's: its scalars (how JavaScript passes an
// instant, a decimal, a u64), the answers it assembles itself, the answer of each command verb, and a
// helper. Written by hand; lib/types.d.ts (generated from the core's types) re-exports them, so import
// them from the package as the others.

import type {
  AffiliateView,
  Click,
  CommandOutcome,
  CommandVerb,
  CommissionView,
  CustomerErasure,
  Event,
  Incentive,
  IncentiveInput,
  Invitation,
  InviteOutcome,
  Order,
  Payout,
  PlanVersion,
  RefundOutcome,
  TrackOutcome,
  WebhookHeaders,
} from './types.js';

// ---------------------------------------------------------------------------------------------------
// Scalars

/** An instant going in: an RFC 3339 string with an offset ("2026-05-14T09:30:00Z") or a valid Date. */
export type Instant = string | Date;

/** A decimal as text: an optional "-", digits, optionally "." and digits ("30.00", "-3.10", "12"). */
export type Decimal = string;

/** An unsigned 64-bit integer going in (a seed, a sequence number): a safe integer or a BigInt. */
export type U64 = number | bigint;

// ---------------------------------------------------------------------------------------------------
// Answers of the binding's own functions

/** An ISO 4217 currency with minor units, as `currency()` answers it. */
export interface CurrencyInfo {
  /** "EUR". */
  readonly code: string;
  /** Decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
  readonly minor_units: number;
  /** The English name, "Euro". */
  readonly name: string;
}

/** What `orderTotals` answers: the order as the core read it, and its totals. */
export interface OrderTotals {
  readonly order: Order;
  /** Sum of the lines' net amounts, before the order discount. */
  readonly lines_net: Decimal;
  /** Lines after line and order discounts, before tax and shipping. */
  readonly subtotal: Decimal;
}

/** What `signPayload` answers: the headers signing the body (the body is the caller's own). */
export type SignedPayload = WebhookHeaders;

// ---------------------------------------------------------------------------------------------------
// Commands: what each verb answers (the core's `CommandOutcome` is the union of these, not by verb)

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
  hold_affiliate: AffiliateView;
  release_affiliate: AffiliateView;
  reject_held: CommissionView[];
  hold_commission: CommissionView;
  release_commission: CommissionView;
  erase_affiliate: AffiliateView;
  erase_customer: CustomerErasure;
  create_payouts: Payout[];
  mark_payout_paid: Payout;
  mark_payout_failed: Payout;
  set_plan: PlanVersion;
  drain_events: Event[];
}

// Checked against the generated declarations (a type error here when the core's verbs or outcomes change):
// every verb answers, no other, and each answer is one of the core's outcomes. (Not exported: see the end.)
type Never<T extends never> = T;
type _EveryVerbAnswers = Never<Exclude<CommandVerb, keyof CommandOutcomeByVerb>>;
type _OnlyVerbsAnswer = Never<Exclude<keyof CommandOutcomeByVerb, CommandVerb>>;
type _AnswersAreOutcomes = Never<
  { [V in keyof CommandOutcomeByVerb]: CommandOutcomeByVerb[V] extends CommandOutcome ? never : V }[keyof CommandOutcomeByVerb]
>;

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

// Only the declarations marked `export` are exported (without this, a declaration file exports them all).
export {};
