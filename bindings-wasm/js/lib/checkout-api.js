// The checkout API over a WebAssembly module of either build: referral codes (normalize, check the
// format offline, validate against the codes the page was given) and incentive previews.
//
// The checkout module carries no JSON reader (that keeps it small), so structured arguments (a code
// policy, an incentive, an order, a listed code) are taken apart here into the strings and numbers
// its functions take; a key the core does not read, or a value of the wrong JS type, is a TypeError
// naming it. Every value is checked by the core: nothing here decides or rounds. The full build, which
// has the core's JSON readers, passes them as `readers`: a structured argument the JS cannot take apart
// is then read by the core, which throws exactly the error it always threw for it.
import { call, callJson } from './call.js';
import {
  decimal, fieldsOf, instant, json, money, optionalDecimal, optionalInstant, optionalText, optionalU32, text,
} from './encode.js';

const POLICY_KEYS = ['min_length', 'max_length', 'reserved', 'generated_length', 'prefix'];
const INCENTIVE_KEYS = ['discount', 'min_order', 'expires_at'];
const ORDER_KEYS = ['id', 'currency', 'lines', 'discount', 'shipping', 'tax', 'customer', 'code'];
const LINE_KEYS = ['id', 'product', 'category', 'quantity', 'unit_price', 'discount', 'tax'];
const LISTED_KEYS = ['code', 'affiliate_id', 'incentive', 'expires_at', 'active'];

/** The module's Policy of a policy argument, or undefined for the default policy. */
function policyOf(wasm, name, value) {
  if (value === undefined || value === null) return undefined;
  const p = fieldsOf(name, value, POLICY_KEYS);
  let reserved;
  if (p.reserved !== undefined && p.reserved !== null) {
    if (!Array.isArray(p.reserved)) throw new TypeError(`${name}.reserved must be an array of strings`);
    reserved = p.reserved.map((word, i) => text(`${name}.reserved[${i}]`, word));
  }
  return call(() => new wasm.Policy(optionalU32(`${name}.min_length`, p.min_length), optionalU32(`${name}.max_length`, p.max_length),
    reserved, optionalU32(`${name}.generated_length`, p.generated_length), optionalText(`${name}.prefix`, p.prefix)));
}

/** An incentive as the six arguments of the module's IncentiveInput: percent off, or amount off and
 * its currency; the minimum order and its currency; the expiry. */
function incentiveArgs(name, value) {
  const incentive = fieldsOf(name, value, INCENTIVE_KEYS);
  const discount = fieldsOf(`${name}.discount`, incentive.discount, ['type', 'percent', 'amount']);
  let off;
  if (discount.type === 'percent_off') {
    fieldsOf(`${name}.discount`, discount, ['type', 'percent']);
    off = [decimal(`${name}.discount.percent`, discount.percent), undefined, undefined];
  } else if (discount.type === 'amount_off') {
    fieldsOf(`${name}.discount`, discount, ['type', 'amount']);
    const amount = money(`${name}.discount.amount`, discount.amount);
    off = [undefined, amount.amount, amount.currency];
  } else {
    throw new TypeError(`${name}.discount.type must be "percent_off" or "amount_off", not ${JSON.stringify(discount.type)}`);
  }
  const minimum = incentive.min_order === undefined || incentive.min_order === null
    ? [undefined, undefined] : Object.values(money(`${name}.min_order`, incentive.min_order));
  return [...off, ...minimum, optionalInstant(`${name}.expires_at`, incentive.expires_at)];
}

/** The module's OrderInput of an order argument (the caller frees it). */
function orderOf(wasm, name, value) {
  const order = fieldsOf(name, value, ORDER_KEYS);
  const customer = order.customer === undefined || order.customer === null
    ? {} : fieldsOf(`${name}.customer`, order.customer, ['id', 'email', 'country']);
  optionalText(`${name}.customer.id`, customer.id);
  optionalText(`${name}.customer.email`, customer.email);
  optionalText(`${name}.code`, order.code);
  if (!Array.isArray(order.lines)) throw new TypeError(`${name}.lines must be an array`);
  const input = call(() => new wasm.OrderInput(text(`${name}.id`, order.id), text(`${name}.currency`, order.currency),
    optionalDecimal(`${name}.discount`, order.discount), optionalDecimal(`${name}.shipping`, order.shipping),
    optionalDecimal(`${name}.tax`, order.tax), optionalText(`${name}.customer.country`, customer.country)));
  try {
    order.lines.forEach((value, i) => {
      const at = `${name}.lines[${i}]`;
      const line = fieldsOf(at, value, LINE_KEYS);
      if (typeof line.quantity !== 'number') throw new TypeError(`${at}.quantity must be a whole number, not ${typeof line.quantity}`);
      call(() => input.line(text(`${at}.id`, line.id), text(`${at}.product`, line.product), optionalText(`${at}.category`, line.category),
        String(line.quantity), decimal(`${at}.unit_price`, line.unit_price), optionalDecimal(`${at}.discount`, line.discount),
        optionalDecimal(`${at}.tax`, line.tax)));
    });
  } catch (error) {
    input.free();
    throw error;
  }
  return input;
}

/**
 * The object of a flat record (bindings-wasm/src/flat.rs): fields `key=<kind><length>:<value>`, the
 * kind `s` (string), `n` (number) or `b` (boolean), the length in UTF-16 units.
 */
function flatRecord(text) {
  const record = {};
  for (let at = 0; at < text.length;) {
    const equals = text.indexOf('=', at);
    const colon = text.indexOf(':', equals);
    const end = colon + 1 + Number(text.slice(equals + 2, colon));
    const value = text.slice(colon + 1, end);
    const kind = text[equals + 1];
    record[text.slice(at, equals)] = kind === 'n' ? Number(value) : kind === 'b' ? value === 'true' : value;
    at = end;
  }
  return record;
}

/**
 * `checkFormat` over the module's CodeBytes (created once the module is ready): the typed code is
 * written into the module's memory (byte by byte while it is ASCII, else by TextEncoder) and the
 * answer read back from there. The module answers `length << 8 | slot << 4 | known << 3 | same << 2
 * | verdict` (see CodeBytes::check_format in bindings-wasm/src/codes.rs): the typed code itself
 * (`same`), an invalid code's problem read before in `slot` (`known`), or `length` bytes: the
 * normalized code, or an invalid code's problem as a flat record (JSON if it ever is not flat), which
 * `slot` holds from then on. The module reuses its buffers (a check allocates nothing once they have
 * room); no JSON.
 */
function formatChecker(module) {
  const bytes = new module.CodeBytes();
  const verdicts = module.formatVerdicts().split(' ');
  const memory = module.moduleMemory();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const problems = []; // by slot: the problem last read for it
  let room = 0;
  let address = 0;
  let view = new Uint8Array(0);
  // A view of the memory, made again after the memory grew (which detaches the old one).
  const memoryView = () => (view.byteLength === 0 ? (view = new Uint8Array(memory.buffer)) : view);
  const reserve = (length) => {
    room = length;
    address = bytes.reserve(length);
  };
  return (code, policy) => {
    const n = code.length;
    if (3 * n > room) reserve(Math.max(64, 3 * n)); // UTF-8 takes at most 3 bytes per UTF-16 unit
    let memoryBytes = memoryView();
    let length = 0;
    for (; length < n; length++) {
      const unit = code.charCodeAt(length);
      if (unit > 127) break;
      memoryBytes[address + length] = unit;
    }
    if (length < n) length = encoder.encodeInto(code, memoryBytes.subarray(address, address + room)).written;
    const answer = bytes.checkFormat(length, policy); // never throws
    const verdict = verdicts[answer & 3];
    if (answer & 4) return { verdict, code };
    const slot = (answer >>> 4) & 15;
    if (answer & 8) return { verdict, problem: { ...problems[slot] } };
    const size = answer >>> 8;
    if (size > room) reserve(size);
    memoryBytes = memoryView();
    const end = address + size;
    if (verdict === 'invalid') {
      const text = decoder.decode(memoryBytes.subarray(address, end));
      const problem = text.startsWith('{') ? JSON.parse(text) : flatRecord(text);
      problems[slot] = problem;
      return { verdict, problem: { ...problem } };
    }
    // A code is a few ASCII letters and digits: read byte by byte (TextDecoder costs more for them).
    let normalized = '';
    for (let i = address; i < end; i++) {
      const byte = memoryBytes[i];
      if (byte > 127) return { verdict, code: decoder.decode(memoryBytes.subarray(address, end)) };
      normalized += String.fromCharCode(byte);
    }
    return { verdict, code: normalized };
  };
}

/**
 * The checkout functions bound to `raw`, the wasm-bindgen module; `ready()` says whether it is
 * initialized.
 */
export function checkoutApi(raw, ready, readers = undefined) {
  const wasm = () => {
    if (!ready()) throw new Error('affiliate-kit: `await init()` before calling the module');
    return raw;
  };
  let checker; // checkFormat's, made on its first call

  /** `takeApart()`, or, when it refuses the value and the core can read JSON, the core's own error. */
  const apart = (kind, name, value, takeApart) => {
    try {
      return takeApart();
    } catch (error) {
      if (!(error instanceof TypeError) || !readers) throw error;
      readers[kind](json(name, value));
      throw error; // the core reads it: it only fails the stricter check of the JS types
    }
  };
  const policyArg = (module, name, value) => (value === undefined || value === null
    ? undefined : apart('policy', name, value, () => policyOf(module, name, value)));
  /** The module's IncentiveInput of an incentive argument (the module takes it, and frees it). */
  const incentiveArg = (module, name, value) => {
    const fields = apart('incentive', name, value, () => incentiveArgs(name, value));
    return call(() => new module.IncentiveInput(...fields));
  };

  /** The codes a checkout page was given: validates a typed code as the program would. */
  class CodeList {
    /** @param {Iterable<object>} codes the listed codes; @param {object} [policy] their code policy */
    constructor(codes = [], policy = undefined) {
      const module = wasm();
      this._list = call(() => new module.CodeList(policyArg(module, 'policy', policy)));
      try {
        let i = 0;
        for (const listed of codes) this._add(`codes[${i++}]`, listed);
      } catch (error) {
        this._list.free();
        throw error;
      }
    }

    /** Adds a code (InvalidCodeError if impossible, ConflictError if listed already). */
    add(listed) {
      this._add('code', listed);
    }

    _add(name, value) {
      const listed = fieldsOf(name, value, LISTED_KEYS);
      const active = listed.active ?? undefined;
      if (active !== undefined && typeof active !== 'boolean') throw new TypeError(`${name}.active must be a boolean`);
      const code = text(`${name}.code`, listed.code);
      const affiliate = text(`${name}.affiliate_id`, listed.affiliate_id);
      const expires = optionalInstant(`${name}.expires_at`, listed.expires_at);
      const incentive = listed.incentive === undefined || listed.incentive === null
        ? undefined : incentiveArg(wasm(), `${name}.incentive`, listed.incentive);
      call(() => this._list.add(code, affiliate, expires, active, incentive));
    }

    /** How many codes are listed. */
    get size() {
      return this._list.size;
    }

    /** Whether a typed code may be accepted at `at`, and its incentive (never throws for a bad code). */
    validate(code, at) {
      return callJson(() => this._list.validate(text('code', code), instant('at', at)));
    }

    /** Releases the module memory of this list now (otherwise when it is garbage-collected). */
    free() {
      this._list.free();
    }
  }

  return {
    CodeList,
    /** The normalized form of a code under a policy (the default policy when omitted). */
    normalize(code, policy) {
      const module = wasm();
      return call(module.normalize, text('code', code), policyArg(module, 'policy', policy));
    },
    /** What a typed code looks like, offline: generated (check symbol matches), likely_typo, vanity or invalid. */
    checkFormat(code, policy) {
      const module = wasm();
      checker ??= formatChecker(module);
      return checker(text('code', code), policyArg(module, 'policy', policy));
    },
    /** The discount an incentive gives on a subtotal at an instant. */
    previewIncentive(incentive, subtotal, at, mode) {
      const module = wasm();
      const m = money('subtotal', subtotal);
      const when = instant('at', at);
      const rounding = optionalText('rounding', mode);
      return callJson(module.previewIncentive, incentiveArg(module, 'incentive', incentive), m.amount, m.currency,
        when, rounding);
    },
    /** The discount an incentive gives on a whole order at an instant. */
    previewIncentiveOrder(incentive, order, at, mode) {
      const module = wasm();
      const when = instant('at', at);
      const rounding = optionalText('rounding', mode);
      // The incentive first, then the order, as the core reads them.
      const taken = incentiveArg(module, 'incentive', incentive);
      let input;
      try {
        input = apart('order', 'order', order, () => orderOf(module, 'order', order));
      } catch (error) {
        taken.free();
        throw error;
      }
      // The module takes the incentive and the order (and frees them).
      return callJson(module.previewIncentiveOrder, taken, input, when, rounding);
    },
  };
}
