// The errors of affiliate-kit: one base class and one class per core error kind, each with the
// core's stable `code` and message (lib/call.js, internal, throws them from the module's failures).

import type { CodeProblem } from './types.js';

/** The stable kinds of the core's errors. */
export type ErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'OVERFLOW'
  | 'INVALID_ALLOCATION'
  | 'INVALID_CODE'
  | 'INVALID_POLICY'
  | 'INVALID_PLAN'
  | 'INVALID_ORDER'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_STATE'
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG'
  | 'INVALID_SNAPSHOT'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_SIGNATURE'
  | 'STORAGE'
  | 'BUSY'
  | 'CORRUPT_JOURNAL';

/** Structured fields of the kinds that have them (empty for the others). */
export interface ErrorDetails {
  /** NOT_FOUND: what was looked up (`affiliate`, `code`, `order`, `commission`, `payout`, `invitation`, ...). */
  readonly entity?: string;
  /** NOT_FOUND: the id (or code) asked for. */
  readonly id?: string;
  /** CURRENCY_MISMATCH: the currency the operation works in. */
  readonly expected?: string;
  /** CURRENCY_MISMATCH: the currency offered; UNSUPPORTED_VERSION: the snapshot's schema version. */
  readonly found?: string | number;
  /** UNSUPPORTED_VERSION: the newest schema version this library reads. */
  readonly supported?: number;
  /** INVALID_CODE: why the code was rejected. */
  readonly problem?: CodeProblem;
}

/** What a failure of the WebAssembly module carries (its JSON, parsed): the constructor's `info`. */
export interface FailureInfo {
  readonly code: string;
  readonly message?: string;
  readonly path?: string;
  readonly details?: ErrorDetails;
}

/** Base class of every error the core raises. */
export declare class AffiliateKitError extends Error {
  constructor(message: string, info: FailureInfo);
  /** The core's stable error kind, e.g. "INVALID_CODE" ("INTERNAL" for a result the module could not
   * encode, which does not happen with the core's types). */
  readonly code: ErrorCode | 'INTERNAL';
  /** The path of the bad field or argument, when the core names one (e.g. "lines[0].quantity"). */
  readonly path?: string | undefined;
  /** Structured fields of the kind: entity/id, expected/found, found/supported, problem. */
  readonly details: ErrorDetails;
}

/** A decimal amount could not be parsed or is out of range ("1e3", "NaN", "1,50"). */
export declare class InvalidAmountError extends AffiliateKitError {
  readonly code: 'INVALID_AMOUNT';
}
/** A currency code is unknown or malformed ("eur", "EURO"). */
export declare class InvalidCurrencyError extends AffiliateKitError {
  readonly code: 'INVALID_CURRENCY';
}
/** Two amounts in different currencies were combined; `details.expected` and `details.found` name them. */
export declare class CurrencyMismatchError extends AffiliateKitError {
  readonly code: 'CURRENCY_MISMATCH';
  readonly details: { readonly expected: string; readonly found: string };
}
/** Arithmetic left the range of a 96-bit decimal. */
export declare class ArithmeticOverflowError extends AffiliateKitError {
  readonly code: 'OVERFLOW';
}
/** An allocation could not be made (no weights, a negative weight, all weights zero). */
export declare class InvalidAllocationError extends AffiliateKitError {
  readonly code: 'INVALID_ALLOCATION';
}
/** A referral code is malformed or breaks the code policy; `details.problem` says why. */
export declare class InvalidCodeError extends AffiliateKitError {
  readonly code: 'INVALID_CODE';
  readonly details: { readonly problem: CodeProblem };
}
/** A code policy is inconsistent. */
export declare class InvalidPolicyError extends AffiliateKitError {
  readonly code: 'INVALID_POLICY';
}
/** A commission plan failed to load or validate; `path` names the bad field. */
export declare class InvalidPlanError extends AffiliateKitError {
  readonly code: 'INVALID_PLAN';
  readonly path: string;
}
/** An order or quote context is malformed; `path` names the bad field. */
export declare class InvalidOrderError extends AffiliateKitError {
  readonly code: 'INVALID_ORDER';
  readonly path: string;
}
/** A referenced affiliate, code, order, commission, payout or invitation does not exist. */
export declare class NotFoundError extends AffiliateKitError {
  readonly code: 'NOT_FOUND';
  readonly details: { readonly entity: string; readonly id: string };
}
/** The command contradicts existing state (a duplicate e-mail or code, an order id reused). */
export declare class ConflictError extends AffiliateKitError {
  readonly code: 'CONFLICT';
}
/** A limit was exceeded (too many invitations, a refund larger than what is left). */
export declare class LimitExceededError extends AffiliateKitError {
  readonly code: 'LIMIT_EXCEEDED';
}
/** The command is not allowed in the current state (paying a failed payout, ...). */
export declare class InvalidStateError extends AffiliateKitError {
  readonly code: 'INVALID_STATE';
}
/** An argument is malformed (an e-mail, an empty id, a timestamp); `path` names it. */
export declare class InvalidInputError extends AffiliateKitError {
  readonly code: 'INVALID_INPUT';
  readonly path: string;
}
/** A program configuration failed to load or validate; `path` names the bad field. */
export declare class InvalidConfigError extends AffiliateKitError {
  readonly code: 'INVALID_CONFIG';
  readonly path: string;
}
/** A snapshot or command log is malformed, truncated or inconsistent. */
export declare class InvalidSnapshotError extends AffiliateKitError {
  readonly code: 'INVALID_SNAPSHOT';
}
/** A snapshot was written by a newer version of the library. */
export declare class UnsupportedVersionError extends AffiliateKitError {
  readonly code: 'UNSUPPORTED_VERSION';
  readonly details: { readonly found: number; readonly supported: number };
}
/** A webhook signature is missing, malformed, stale or does not match. */
export declare class InvalidSignatureError extends AffiliateKitError {
  readonly code: 'INVALID_SIGNATURE';
}
/** A durable program's storage failed (full disk, read-only file, I/O); the module has none, its hosts may. */
export declare class StorageError extends AffiliateKitError {
  readonly code: 'STORAGE';
}
/** A durable program's file stayed locked by another writer past the busy timeout: retry later. */
export declare class BusyError extends AffiliateKitError {
  readonly code: 'BUSY';
}
/** A durable program's file is not an affiliate-kit program, or its journal is damaged. */
export declare class CorruptJournalError extends AffiliateKitError {
  readonly code: 'CORRUPT_JOURNAL';
}

/** The error class of each core code. */
export declare const ERRORS_BY_CODE: {
  readonly INVALID_AMOUNT: typeof InvalidAmountError;
  readonly INVALID_CURRENCY: typeof InvalidCurrencyError;
  readonly CURRENCY_MISMATCH: typeof CurrencyMismatchError;
  readonly OVERFLOW: typeof ArithmeticOverflowError;
  readonly INVALID_ALLOCATION: typeof InvalidAllocationError;
  readonly INVALID_CODE: typeof InvalidCodeError;
  readonly INVALID_POLICY: typeof InvalidPolicyError;
  readonly INVALID_PLAN: typeof InvalidPlanError;
  readonly INVALID_ORDER: typeof InvalidOrderError;
  readonly NOT_FOUND: typeof NotFoundError;
  readonly CONFLICT: typeof ConflictError;
  readonly LIMIT_EXCEEDED: typeof LimitExceededError;
  readonly INVALID_STATE: typeof InvalidStateError;
  readonly INVALID_INPUT: typeof InvalidInputError;
  readonly INVALID_CONFIG: typeof InvalidConfigError;
  readonly INVALID_SNAPSHOT: typeof InvalidSnapshotError;
  readonly UNSUPPORTED_VERSION: typeof UnsupportedVersionError;
  readonly INVALID_SIGNATURE: typeof InvalidSignatureError;
  readonly STORAGE: typeof StorageError;
  readonly BUSY: typeof BusyError;
  readonly CORRUPT_JOURNAL: typeof CorruptJournalError;
};
