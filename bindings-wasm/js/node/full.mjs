// affiliate-kit, the `full` build, for Node.js: the module is loaded when this file is imported.
import { createRequire } from 'node:module';
import { fullApi } from '../lib/full-api.js';

export * from '../lib/errors.js';

const raw = createRequire(import.meta.url)('../wasm/nodejs/full/affiliate_kit_wasm.js');

/** Nothing to wait for in Node (the module is loaded already); kept so code runs in both. */
export async function init() {}

export const {
  Plan, Program, Money, CodeList, normalize, checkFormat, previewIncentive, previewIncentiveOrder,
  parseDecimal, parseNonNegative, currency, roundToMinorUnits, allocate, canonicalCode, parseGenerated,
  validateVanity, generateCode, generateCodes, checkSymbol, hasValidCheck, defaultCodePolicy, validateIncentive,
  emailKey, orderTotals, signPayload, verifyPayload, signWebhook, verifyWebhook, timezone, bucketOf, nextBucket,
  bucketsBetween,
} = fullApi(raw, () => true);
