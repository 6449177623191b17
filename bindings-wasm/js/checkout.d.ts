// affiliate-kit, the `checkout` build: referral codes (normalize, check the format offline, preview a
// code's incentive) and one-order commission quotes. In browsers call `await init()` once before
// anything else; in Node (`node/checkout.mjs`, the same declarations) the module is loaded on import.

import type {
  CodeFormat,
  CodePolicyInput,
  IncentiveInput,
  IncentivePreview,
  Instant,
  Money,
  Order,
  PlanSpec,
  Quote,
  QuoteContext,
  RoundingMode,
} from './lib/types.js';

export * from './lib/errors.js';
export type * from './lib/types.js';

/** What `init` can load the WebAssembly module from (the browser build; ignored in Node). */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly module (by default from next to this file; or pass a URL, Response or bytes).
 * Idempotent. In Node there is nothing to wait for and the argument is ignored. */
export declare function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/** A validated commission plan; `quote` prices one order against it. */
export declare class Plan {
  /** Use `Plan.fromJson`. */
  protected constructor();
  /** Loads and validates a plan from its JSON object or text (InvalidPlanError names the bad field). */
  static fromJson(plan: PlanSpec | string): Plan;
  /** The plan's currency code. */
  get currency(): string;
  /** The commission of one order for one affiliate, with its explanation (changes nothing). */
  quote(order: Order, context: QuoteContext): Quote;
  /** Releases the module memory of this plan now (otherwise when it is garbage-collected). */
  free(): void;
}

/** The normalized form of a code under a policy (the default policy when omitted). */
export declare function normalize(code: string, policy?: CodePolicyInput | null): string;

/** What a typed code looks like, offline: generated (check symbol matches), likely_typo, vanity or invalid. */
export declare function checkFormat(code: string, policy?: CodePolicyInput | null): CodeFormat;

/** The discount an incentive gives on a subtotal at an instant (`half_up` by default). */
export declare function previewIncentive(
  incentive: IncentiveInput,
  subtotal: Money,
  at: Instant,
  mode?: RoundingMode,
): IncentivePreview;

/** The discount an incentive gives on a whole order (its subtotal) at an instant. */
export declare function previewIncentiveOrder(
  incentive: IncentiveInput,
  order: Order,
  at: Instant,
  mode?: RoundingMode,
): IncentivePreview;
