// affiliate-kit, the `checkout` build, for Node.js: the module is loaded when this file is imported.
import { createRequire } from 'node:module';
import { checkoutApi } from '../lib/checkout-api.js';

export * from '../lib/errors.js';

const raw = createRequire(import.meta.url)('../wasm/nodejs/checkout/affiliate_kit_wasm.js');

/** Nothing to wait for in Node (the module is loaded already); kept so code runs in both. */
export async function init() {}

export const {
  CodeList, normalize, checkFormat, previewIncentive, previewIncentiveOrder,
} = checkoutApi(raw, () => true);
