// The full API: the checkout API plus everything else the core offers, verb for verb: money, the
// rest of the code verbs, order totals, the Program with all its commands and reads, events,
// webhooks and report periods. Structured values are the core's JSON documents (snake_case fields,
// amounts as decimal strings, instants as RFC 3339 strings).
import { call, callJson, errorOf } from './call.js';
import {
  decimal, fieldsOf, instant, json, money, optionalBoolean, optionalJson, optionalText, parseExact, text, u64,
} from './encode.js';
import { checkoutApi } from './checkout-api.js';
import { COMMAND_VERBS } from './verbs.js';

/** The command verbs of a Program, by method name (each takes the command's fields as one object);
 * `drainEvents` is a method of its own (it answers the events, parsed). */
const COMMANDS = Object.fromEntries(
  COMMAND_VERBS.filter((verb) => verb !== 'drain_events').map((verb) => [verb.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), verb]),
);

/** The full functions bound to `raw`, the wasm-bindgen module of the full build. */
export function fullApi(raw, ready) {
  // The core's JSON readers, for the checkout functions' arguments the JS cannot take apart.
  const checkout = checkoutApi(raw, ready, {
    policy: (text) => call(raw.codePolicy, text),
    incentive: (text) => call(raw.incentive, text),
    order: (text) => call(raw.orderTotals, text),
  });
  const wasm = () => {
    if (!ready()) throw new Error('affiliate-kit: `await init()` before calling the module');
    return raw;
  };
  const pair = (name, m) => {
    const checked = money(name, m);
    return [checked.amount, checked.currency];
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

    /** The commission of one order for one affiliate, with its explanation (changes nothing);
     * `{explain: false}`: the same amounts, faster, with empty summaries and without the rules each
     * winner beat or skipped. */
    quote(order, context, options = undefined) {
      const explain = options === undefined || options === null
        ? undefined : optionalBoolean('options.explain', fieldsOf('options', options, ['explain']).explain);
      return callJson(() => this._plan.quote(json('order', order), json('context', context), explain));
    }

    /** Releases the module memory of this plan now (otherwise when it is garbage-collected). */
    free() {
      this._plan.free();
    }

    /** The plan as the core writes it (its JSON document, parsed). */
    toJson() {
      return JSON.parse(this._plan.toJson());
    }

    /** The commission total of many orders in one call, from order lines as columns (rows with the
     * same order id, one after the other, form one order): one row per order, `{order_id, affiliate,
     * total}`, or `{order_id, affiliate, error}` with the error of that order alone. */
    quoteMany(columns, at, rounding) {
      const rows = callJson(() => this._plan.quoteMany(json('columns', columns), instant('at', at), optionalText('rounding', rounding)));
      return rows.map(({ error, ...row }) => (error ? { ...row, error: errorOf(error) } : row));
    }
  }

  /** Operations on money values `{amount, currency}` (amounts are decimal strings). */
  const Money = Object.freeze({
    /** A money value from an amount and a currency code, strictly parsed. */
    parse: (amount, currency) => callJson(wasm().moneyParse, decimal('amount', amount), text('currency', currency)),
    /** a + b (same currency, or CurrencyMismatchError). */
    checkedAdd: (a, b) => callJson(wasm().moneyAdd, ...pair('a', a), ...pair('b', b)),
    /** a - b. */
    checkedSub: (a, b) => callJson(wasm().moneySub, ...pair('a', a), ...pair('b', b)),
    /** m × factor, exact (not rounded). */
    checkedMul: (m, factor) => callJson(wasm().moneyMul, ...pair('money', m), decimal('factor', factor)),
    /** percent % of m, exact (not rounded). */
    percent: (m, percent) => callJson(wasm().moneyPercent, ...pair('money', m), decimal('percent', percent)),
    /** m rounded to its currency's minor units (half_up by default). */
    round: (m, mode) => callJson(wasm().moneyRound, ...pair('money', m), optionalText('mode', mode)),
    /** -m. */
    negated: (m) => callJson(wasm().moneyNegated, ...pair('money', m)),
    /** -1, 0 or 1 as a < b, a = b, a > b. */
    checkedCmp: (a, b) => call(wasm().moneyCmp, ...pair('a', a), ...pair('b', b)),
    /** The smaller of a and b. */
    checkedMin: (a, b) => callJson(wasm().moneyMin, ...pair('a', a), ...pair('b', b)),
  });

  /** A Program: affiliates, codes, attribution, the commission ledger, payouts, events, reports. */
  class Program {
    /** @param {object | string} config the program configuration (JSON document or text) */
    constructor(config) {
      this._program = call(() => new (wasm().Program)(json('config', config)));
    }

    /** A Program around a module handle (restore, replay), without running the constructor. */
    static _wrap(handle) {
      const program = Object.create(Program.prototype);
      program._program = handle;
      return program;
    }

    /** The program a snapshot was taken of. */
    static restore(snapshot) {
      return Program._wrap(call(wasm().Program.restore, text('snapshot', snapshot)));
    }

    /** The program a configuration and a command log make. */
    static replay(config, log) {
      return Program._wrap(call(wasm().Program.replay, json('config', config), Array.isArray(log) ? json('log', log) : text('log', log)));
    }

    /** The program a checkpoint (`snapshot()` text) and the commands accepted after it make: `journal`
     * is the `journal` texts `executeJournaled` answered (or the commands, or their JSON array text). */
    static resume(snapshot, journal) {
      const log = typeof journal === 'string' ? journal
        : Array.isArray(journal) && journal.every((c) => typeof c === 'string') ? `[${journal.join(',')}]`
          : json('journal', journal);
      return Program._wrap(call(wasm().Program.resume, text('snapshot', snapshot), log));
    }

    /** Runs one command `{verb, ...fields}` (exactly the core's Command) and returns its answer. */
    execute(command) {
      return callJson(() => this._program.execute(json('command', command)));
    }

    /** Runs the commands in order, answering each on its own: its answer, or the error of the kind
     * (an AffiliateKitError, returned, not thrown) when the command cannot be read or is refused; such
     * a command changes nothing and the others run all the same. */
    executeMany(commands) {
      if (!Array.isArray(commands)) throw new TypeError('executeMany takes an array of commands');
      const texts = commands.map((command, i) => json(`commands[${i}]`, command));
      const rows = callJson(() => this._program.executeMany(texts));
      return rows.map((row) => ('error' in row ? errorOf(row.error) : row.answer));
    }

    /** Tracks each order as `trackOrder` does, at `at`, answering each on its own: its outcome, or
     * its error (returned, not thrown; that order changes nothing). `visitorIds`, when given, has one
     * entry (a visitor id or null) per order. */
    trackMany(orders, at, visitorIds) {
      if (!Array.isArray(orders)) throw new TypeError('trackMany takes an array of orders');
      if (visitorIds !== undefined && (!Array.isArray(visitorIds) || visitorIds.length !== orders.length)) {
        throw new TypeError(`visitorIds: expected an array of ${orders.length} visitor ids or nulls`);
      }
      return this.executeMany(orders.map((order, i) => {
        const visitor = visitorIds?.[i];
        return { verb: 'track_order', order, at, ...(visitor == null ? {} : { visitor_id: visitor }) };
      }));
    }

    /** Runs one command and answers `{answer, journal}`: `journal` is the command as the core logs it
     * (JSON text), for a host that keeps its own journal; rebuild with `Program.resume`. A rejected
     * command throws and has no journal form. */
    executeJournaled(command) {
      const { answer, journal } = callJson(() => this._program.executeJournaled(json('command', command)));
      return { answer, journal };
    }

    /** Removes and returns the events not drained yet. */
    drainEvents() {
      return JSON.parse(this._program.drainEvents());
    }

    /** The events with a sequence number above `sequence`. */
    eventsSince(sequence) {
      return JSON.parse(this._program.eventsSince(u64('sequence', sequence)));
    }

    /** The whole state as JSON text (restore it with `Program.restore`). */
    snapshot() {
      return this._program.snapshot();
    }

    /** The configuration. */
    config() {
      return callJson(() => this._program.config());
    }

    /** The config's commission plan (version 1), as its JSON document. */
    plan() {
      return JSON.parse(this._program.plan());
    }

    /** Every version of the plan, oldest first (version 1 is the config's). */
    plans() {
      return callJson(() => this._program.plans());
    }

    /** Every command run so far, in order (a seed of 16 digits or more comes back as a BigInt). */
    commandLog() {
      return parseExact(call(() => this._program.commandLog()));
    }

    /** One affiliate. */
    affiliate(affiliateId) {
      return callJson(() => this._program.affiliate(text('affiliateId', affiliateId)));
    }

    /** The affiliate owning a code. */
    affiliateByCode(code) {
      return callJson(() => this._program.affiliateByCode(text('code', code)));
    }

    /** Every affiliate. */
    affiliates() {
      return callJson(() => this._program.affiliates());
    }

    /** An affiliate's balance in a currency, derived from the ledger. */
    balance(affiliateId, currency) {
      return callJson(() => this._program.balance(text('affiliateId', affiliateId), text('currency', currency)));
    }

    /** One commission of the ledger (its line shares and state). */
    commission(commissionId) {
      return callJson(() => this._program.commission(text('commissionId', commissionId)));
    }

    /** Every commission. */
    commissions() {
      return callJson(() => this._program.commissions());
    }

    /** Every ledger entry, in order. */
    entries() {
      return callJson(() => this._program.entries());
    }

    /** One tracked sale (order). */
    sale(saleId) {
      return callJson(() => this._program.sale(text('saleId', saleId)));
    }

    /** The explained quote of a tracked sale as tracking answered it; null when none was made. */
    explain(saleId) {
      return callJson(() => this._program.explain(text('saleId', saleId)));
    }

    /** Why a commission is what it is: its quote line. */
    explainCommission(commissionId) {
      return callJson(() => this._program.explainCommission(text('commissionId', commissionId)));
    }

    /** One payout. */
    payout(payoutId) {
      return callJson(() => this._program.payout(text('payoutId', payoutId)));
    }

    /** Every payout. */
    payouts() {
      return callJson(() => this._program.payouts());
    }

    /** Every invitation. */
    invitations() {
      return callJson(() => this._program.invitations());
    }

    /** Whether a code can be used at an instant, and whose it is. */
    validateCode(code, at) {
      return callJson(() => this._program.validateCode(text('code', code), instant('at', at)));
    }

    /** What tracking the order would credit, changing nothing. */
    quote(order, at, visitorId) {
      return callJson(() => this._program.quote(json('order', order), optionalText('visitorId', visitorId), instant('at', at)));
    }

    /** Counts and totals, of the program or of one affiliate, in one currency (the program's by default). */
    stats(affiliateId, currency) {
      return callJson(() => this._program.stats(optionalText('affiliateId', affiliateId), optionalText('currency', currency)));
    }

    /** Sales and commissions per period over [from, to), in the program's timezone, in one currency. */
    report(granularity, from, to, affiliateId, currency) {
      return callJson(() => this._program.report(text('granularity', granularity), instant('from', from),
        instant('to', to), optionalText('affiliateId', affiliateId), optionalText('currency', currency)));
    }

    /** What a candidate plan would have paid for the sales tracked in [from, to), beside what was written. */
    whatIf(plan, from, to, largest, currency) {
      if (largest !== undefined && !(Number.isSafeInteger(largest) && largest >= 0 && largest <= 0xffffffff)) {
        throw new TypeError(`largest must be a non-negative integer, not ${String(largest)}`);
      }
      return callJson(() => this._program.whatIf(json('plan', plan), instant('from', from), instant('to', to), largest,
        optionalText('currency', currency)));
    }

    /** Releases the module memory of this program now (otherwise when it is garbage-collected). */
    free() {
      this._program.free();
    }
  }
  for (const [method, verb] of Object.entries(COMMANDS)) {
    Program.prototype[method] = function command(fields) {
      if (fields === null || typeof fields !== 'object') throw new TypeError(`${method} takes the command's fields as one object`);
      return this.execute({ ...fields, verb });
    };
  }

  return {
    ...checkout,
    Plan,
    Program,
    Money,
    /** The canonical text of a strictly parsed decimal ("1e3", "NaN", "1,50" are refused). */
    parseDecimal: (value) => call(wasm().parseDecimal, text('value', value)),
    /** A strictly parsed decimal that must not be negative. */
    parseNonNegative: (value) => call(wasm().parseNonNegative, text('value', value)),
    /** An ISO 4217 currency: code, minor units, name. */
    currency: (code) => callJson(wasm().currency, text('code', code)),
    /** An amount rounded to a currency's minor units: THE rounding function of the core. */
    roundToMinorUnits: (amount, currency, mode) =>
      call(wasm().roundToMinorUnits, decimal('amount', amount), text('currency', currency), optionalText('mode', mode)),
    /** Splits a total by weights (largest remainder): the parts always sum to the total. */
    allocate: (total, weights) => {
      const [amount, currency] = pair('total', total);
      if (!Array.isArray(weights)) throw new TypeError('weights must be an array of decimal strings');
      const parts = call(wasm().allocate, amount, currency, weights.map((w, i) => decimal(`weights[${i}]`, w)));
      return parts.map((part) => ({ amount: part, currency }));
    },
    /** The storage and lookup key of a code. */
    canonicalCode: (code, policy) => call(wasm().canonicalCode, text('code', code), optionalJson('policy', policy)),
    /** A generated code whose check symbol matches, normalized. */
    parseGenerated: (code, policy) => call(wasm().parseGenerated, text('code', code), optionalJson('policy', policy)),
    /** A vanity code, normalized and checked against the policy. */
    validateVanity: (code, policy) => call(wasm().validateVanity, text('code', code), optionalJson('policy', policy)),
    /** A code generated from a seed (the same seed gives the same code everywhere). */
    generateCode: (seed, policy) => call(wasm().generateCode, u64('seed', seed), optionalJson('policy', policy)),
    /** `count` codes generated from a seed. */
    generateCodes: (seed, count, policy) => {
      if (!Number.isSafeInteger(count) || count < 0) throw new TypeError('count must be a non-negative integer');
      return call(wasm().generateCodes, u64('seed', seed), count, optionalJson('policy', policy));
    },
    /** The check symbol of a payload, or undefined if it has a character outside the alphabet. */
    checkSymbol: (payload) => wasm().checkSymbol(text('payload', payload)),
    /** Whether a code's last symbol is the check symbol of the rest. */
    hasValidCheck: (code) => wasm().hasValidCheck(text('code', code)),
    /** The default code policy. */
    defaultCodePolicy: () => callJson(wasm().defaultCodePolicy),
    /** An incentive as the core reads it, validated. */
    validateIncentive: (incentive) => callJson(wasm().incentive, json('incentive', incentive)),
    /** The case-insensitive key of an e-mail address. */
    emailKey: (email) => call(wasm().emailKey, text('email', email)),
    /** An order as the core reads it (validated), with its lines net and subtotal. */
    orderTotals: (order) => callJson(wasm().orderTotals, json('order', order)),
    /** Signs a webhook body: the three headers (webhook-id, webhook-timestamp, webhook-signature). */
    signPayload: (msgId, at, body, secret) =>
      callJson(wasm().signPayload, text('msgId', msgId), instant('at', at), text('body', body), text('secret', secret)),
    /** Verifies a webhook body against its headers; throws InvalidSignatureError when it does not verify. */
    verifyPayload: (headers, body, secret, now, toleranceSeconds) => {
      if (toleranceSeconds !== undefined && !Number.isSafeInteger(toleranceSeconds)) throw new TypeError('toleranceSeconds must be an integer');
      call(wasm().verifyPayload, json('headers', headers), text('body', body), text('secret', secret), instant('now', now),
        toleranceSeconds === undefined ? undefined : BigInt(toleranceSeconds));
    },
    /** Signs an event for delivery: headers and body. */
    signWebhook: (event, secret, at) => callJson(wasm().signWebhook, json('event', event), text('secret', secret), instant('at', at)),
    /** Verifies a delivery and returns its event. */
    verifyWebhook: (headers, body, secret, now) =>
      callJson(wasm().verifyWebhook, json('headers', headers), text('body', body), text('secret', secret), instant('now', now)),
    /** The canonical name of an IANA timezone. */
    timezone: (name) => call(wasm().timezone, text('name', name)),
    /** The report bucket holding an instant. */
    bucketOf: (at, timezone, granularity) =>
      callJson(wasm().bucketOf, instant('at', at), text('timezone', timezone), text('granularity', granularity)),
    /** The bucket after a bucket. */
    nextBucket: (bucket, timezone, granularity) =>
      callJson(wasm().nextBucket, json('bucket', bucket), text('timezone', timezone), text('granularity', granularity)),
    /** The buckets covering [from, to). */
    bucketsBetween: (from, to, timezone, granularity) =>
      callJson(wasm().bucketsBetween, instant('from', from), instant('to', to), text('timezone', timezone), text('granularity', granularity)),
  };
}
