// affiliate-kit, the `checkout` build: referral codes (normalize, check the format offline, validate
// against the codes the page was given, preview a code's incentive). Commission quotes are in the full
// build. In browsers call `await init()` once before anything else; in Node (`node/checkout.mjs`, the
// same declarations) the module is loaded on import.

import type {
  CodeFormat,
  CodePolicyInput,
  CodeValidation,
  IncentiveInput,
  IncentivePreview,
  Instant,
  ListedCode,
  Money,
  Order,
  RoundingMode,
} from './lib/types.js';

export * from './lib/errors.js';
export type * from './lib/types.js';

/** What `init` can load the WebAssembly module from (the browser build; ignored in Node). */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly module (by default from next to this file; or pass a URL, Response or bytes).
 * Idempotent. In Node there is nothing to wait for and the argument is ignored. */
export declare function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/**
 * The codes a checkout page was given (by its server, e.g. the active codes with their incentives):
 * validates a typed code exactly as `Program.validateCode` would, without the program.
 */
export declare class CodeList {
  /** A list of codes under a code policy (the default policy when omitted). InvalidCodeError for an
   * impossible code, ConflictError for a code listed twice (in any spelling), InvalidPolicyError. */
  constructor(codes?: Iterable<ListedCode>, policy?: CodePolicyInput | null);
  /** Adds a code (the same errors as the constructor). */
  add(code: ListedCode): void;
  /** How many codes are listed. */
  get size(): number;
  /** Whether a typed code may be accepted at `at`, and its incentive. Never throws for a bad code: it
   * is answered `malformed`, `likely_typo`, `unknown`, `expired` or `affiliate_not_active`. */
  validate(code: string, at: Instant): CodeValidation;
  /** Releases the module memory of this list now (otherwise when it is garbage-collected). */
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
