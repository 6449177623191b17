// affiliate-kit, the `checkout` build, for browsers (ESM). Call `await init()` once before anything else.
import initModule, * as raw from './wasm/web/checkout/affiliate_kit_wasm.js';
import { checkoutApi } from './lib/checkout-api.js';
import { loader } from './lib/browser.js';

export * from './lib/errors.js';

const loading = loader(initModule);

/** Loads the WebAssembly module (by default from next to this file; or pass a URL, Response or bytes). */
export const { init } = loading;

export const {
  CodeList, normalize, checkFormat, previewIncentive, previewIncentiveOrder,
} = checkoutApi(raw, loading.ready);
