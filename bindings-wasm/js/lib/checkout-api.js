// The checkout API over a WebAssembly module of either build: referral codes (normalize, check the
// format offline, preview a code's incentive) and one-order commission quotes.
import { call, callJson } from './call.js';
import { instant, json, money, optionalJson, optionalText, text } from './encode.js';

/**
 * The checkout functions bound to `raw`, the wasm-bindgen module; `ready()` says whether it is
 * initialized.
 */
export function checkoutApi(raw, ready) {
  const wasm = () => {
    if (!ready()) throw new Error('affiliate-kit: `await init()` before calling the module');
    return raw;
  };

  /** A validated commission plan; `quote` prices one order against it. */
  class Plan {
    /** @param {unknown} handle the module's plan (use `Plan.fromJson`) */
    constructor(handle) {
      this._plan = handle;
    }

    /** Loads and validates a plan from its JSON text or object. */
    static fromJson(plan) {
      return new this(call(wasm().Plan.fromJson, json('plan', plan)));
    }

    /** The plan's currency code. */
    get currency() {
      return this._plan.currency();
    }

    /** The commission of one order for one affiliate, with its explanation (changes nothing). */
    quote(order, context) {
      return callJson(() => this._plan.quote(json('order', order), json('context', context)));
    }

    /** Releases the module memory of this plan now (otherwise when it is garbage-collected). */
    free() {
      this._plan.free();
    }
  }

  return {
    Plan,
    /** The normalized form of a code under a policy (the default policy when omitted). */
    normalize(code, policy) {
      return call(wasm().normalize, text('code', code), optionalJson('policy', policy));
    },
    /** What a typed code looks like, offline: generated (check symbol matches), likely_typo, vanity or invalid. */
    checkFormat(code, policy) {
      return callJson(wasm().checkFormat, text('code', code), optionalJson('policy', policy));
    },
    /** The discount an incentive gives on a subtotal at an instant. */
    previewIncentive(incentive, subtotal, at, mode) {
      const m = money('subtotal', subtotal);
      return callJson(wasm().previewIncentive, json('incentive', incentive), m.amount, m.currency,
        instant('at', at), optionalText('rounding', mode));
    },
    /** The discount an incentive gives on a whole order at an instant. */
    previewIncentiveOrder(incentive, order, at, mode) {
      return callJson(wasm().previewIncentiveOrder, json('incentive', incentive), json('order', order),
        instant('at', at), optionalText('rounding', mode));
    },
  };
}
