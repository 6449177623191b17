// The errors of affiliate-kit: one base class and one class per core error kind, each with the
// core's stable `code` and message (./call.js throws them from the module's failures).

/** Base class of every error the core raises. */
export class AffiliateKitError extends Error {
  /**
   * @param {string} message the core's message
   * @param {{code: string, path?: string, details?: Record<string, unknown>}} info
   */
  constructor(message, info) {
    super(message);
    this.name = new.target.name;
    /** The core's stable error kind, e.g. "INVALID_CODE". */
    this.code = info.code;
    /** The path of the bad field or argument, when the core names one (e.g. "lines[0].quantity"). */
    this.path = info.path;
    /** Structured fields of the kind: entity/id, expected/found, found/supported, problem. */
    this.details = info.details ?? {};
  }
}

const kinds = {
  INVALID_AMOUNT: 'InvalidAmountError',
  INVALID_CURRENCY: 'InvalidCurrencyError',
  CURRENCY_MISMATCH: 'CurrencyMismatchError',
  OVERFLOW: 'ArithmeticOverflowError',
  INVALID_ALLOCATION: 'InvalidAllocationError',
  INVALID_CODE: 'InvalidCodeError',
  INVALID_POLICY: 'InvalidPolicyError',
  INVALID_PLAN: 'InvalidPlanError',
  INVALID_ORDER: 'InvalidOrderError',
  NOT_FOUND: 'NotFoundError',
  CONFLICT: 'ConflictError',
  LIMIT_EXCEEDED: 'LimitExceededError',
  INVALID_STATE: 'InvalidStateError',
  INVALID_INPUT: 'InvalidInputError',
  INVALID_CONFIG: 'InvalidConfigError',
  INVALID_SNAPSHOT: 'InvalidSnapshotError',
  UNSUPPORTED_VERSION: 'UnsupportedVersionError',
  INVALID_SIGNATURE: 'InvalidSignatureError',
  STORAGE: 'StorageError',
  BUSY: 'BusyError',
  CORRUPT_JOURNAL: 'CorruptJournalError',
};

/** A decimal amount could not be parsed or is out of range ("1e3", "NaN", "1,50"). */
export class InvalidAmountError extends AffiliateKitError {}
/** A currency code is unknown or malformed ("eur", "EURO"). */
export class InvalidCurrencyError extends AffiliateKitError {}
/** Two amounts in different currencies were combined; `details.expected` and `details.found` name them. */
export class CurrencyMismatchError extends AffiliateKitError {}
/** Arithmetic left the range of a 96-bit decimal. */
export class ArithmeticOverflowError extends AffiliateKitError {}
/** An allocation could not be made (no weights, a negative weight, all weights zero). */
export class InvalidAllocationError extends AffiliateKitError {}
/** A referral code is malformed or breaks the code policy; `details.problem` says why. */
export class InvalidCodeError extends AffiliateKitError {}
/** A code policy is inconsistent. */
export class InvalidPolicyError extends AffiliateKitError {}
/** A commission plan failed to load or validate; `path` names the bad field. */
export class InvalidPlanError extends AffiliateKitError {}
/** An order or quote context is malformed; `path` names the bad field. */
export class InvalidOrderError extends AffiliateKitError {}
/** A referenced affiliate, code, order, commission, payout or invitation does not exist. */
export class NotFoundError extends AffiliateKitError {}
/** The command contradicts existing state (a duplicate e-mail or code, an order id reused). */
export class ConflictError extends AffiliateKitError {}
/** A limit was exceeded (too many invitations, a refund larger than what is left). */
export class LimitExceededError extends AffiliateKitError {}
/** The command is not allowed in the current state (paying a failed payout, ...). */
export class InvalidStateError extends AffiliateKitError {}
/** An argument is malformed (an e-mail, an empty id, a timestamp); `path` names it. */
export class InvalidInputError extends AffiliateKitError {}
/** A program configuration failed to load or validate; `path` names the bad field. */
export class InvalidConfigError extends AffiliateKitError {}
/** A snapshot or command log is malformed, truncated or inconsistent. */
export class InvalidSnapshotError extends AffiliateKitError {}
/** A snapshot was written by a newer version of the library. */
export class UnsupportedVersionError extends AffiliateKitError {}
/** A webhook signature is missing, malformed, stale or does not match. */
export class InvalidSignatureError extends AffiliateKitError {}
/** A durable program's storage failed (full disk, read-only file, I/O); the module has none, its hosts may. */
export class StorageError extends AffiliateKitError {}
/** A durable program's file stayed locked by another writer past the busy timeout: retry later. */
export class BusyError extends AffiliateKitError {}
/** A durable program's file is not an affiliate-kit program, or its journal is damaged. */
export class CorruptJournalError extends AffiliateKitError {}

const classes = {
  InvalidAmountError, InvalidCurrencyError, CurrencyMismatchError, ArithmeticOverflowError,
  InvalidAllocationError, InvalidCodeError, InvalidPolicyError, InvalidPlanError, InvalidOrderError,
  NotFoundError, ConflictError, LimitExceededError, InvalidStateError, InvalidInputError,
  InvalidConfigError, InvalidSnapshotError, UnsupportedVersionError, InvalidSignatureError,
  StorageError, BusyError, CorruptJournalError,
};

/** The error class of each core code. */
export const ERRORS_BY_CODE = Object.freeze(
  Object.fromEntries(Object.entries(kinds).map(([code, name]) => [code, classes[name]])),
);
