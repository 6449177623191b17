// affiliate-kit, the `full` build, for browsers (ESM). Call `await init()` once before anything else.
import initModule, * as raw from './wasm/web/full/affiliate_kit_wasm.js';
import { fullApi } from './lib/full-api.js';
import { loader } from './lib/browser.js';

export * from './lib/errors.js';

const loading = loader(initModule);

/** Loads the WebAssembly module (by default from next to this file; or pass a URL, Response or bytes). */
export const { init } = loading;

export const {
  Plan, Program, Money, CodeList, normalize, checkFormat, previewIncentive, previewIncentiveOrder,
  parseDecimal, parseNonNegative, currency, roundToMinorUnits, allocate, canonicalCode, parseGenerated,
  validateVanity, generateCode, generateCodes, checkSymbol, hasValidCheck, defaultCodePolicy, validateIncentive,
  emailKey, orderTotals, signPayload, verifyPayload, signWebhook, verifyWebhook, timezone, bucketOf, nextBucket,
  bucketsBetween,
} = fullApi(raw, loading.ready);
