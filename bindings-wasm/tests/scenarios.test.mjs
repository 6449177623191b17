// The shared scenarios (core/tests/scenarios/*.json) run through the JS API of the package.
//
// Each file is one `node --test` case named after the file. The format and the matching rules are those
// of core/tests/scenarios/README.md; this runner follows the Rust one (core/tests/scenarios.rs) and the
// Python one (bindings-python/tests/test_scenarios.py):
//
// * a command verb calls the Program method named after it in camelCase with the step's arguments as one
//   object (`program.trackOrder({order, visitor_id, at})`; `drain_events` is `program.drainEvents()`):
//   the step minus the runner keys is exactly the core's Command JSON, and every verb goes through its
//   named method (the last test checks each verb did);
// * a read verb calls the positional Program method (`affiliate(id)`, `quote(order, at, visitorId)`,
//   `report(granularity, from, to, affiliateId)`, ...); `sign_webhook` / `verify_webhook` call the module
//   functions (`verify_webhook` takes the headers and body of the last `sign_webhook` step unless given);
//   `restore` replaces the program by `Program.restore(program.snapshot())`;
// * `expect` is matched partially against the answer (the core's JSON, parsed); decimal strings match by
//   value unless SCENARIO_STRICT_DECIMALS=1 (then by text, as a check of the library's formatting);
// * `error` is matched against the `code` of the AffiliateKitError thrown, whose class must be
//   ERRORS_BY_CODE[code]; the snapshot and the command log must then be unchanged. A read must leave the
//   snapshot unchanged too. Anything thrown that is not an AffiliateKitError (a TypeError of the wrapper's
//   conversions) fails the step;
// * the final checks: final.balances, final.event_types, money conservation, every event reading back
//   from its JSON as a webhook receiver reads it (signWebhook then verifyWebhook gives the event, and
//   signing that again gives the same body), Program.restore and Program.replay (and running the command
//   log through `execute`) giving the same snapshot and answers.
//
// A failure names the file, the step (1-based) and its verb, and shows the expected and actual JSON. A
// file stops at its first failing step. `SCENARIO=<part of a file name>` runs only the matching files.
//
//   cd bindings-wasm/tests && node --test scenarios.test.mjs
//   SCENARIO=refund node --test scenarios.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { AffiliateKitError, ERRORS_BY_CODE, Program, signWebhook, verifyWebhook } from 'affiliate-kit';

import { compare, decimalSum, exactDiffs, isObject, pretty, project, quote } from './support/match.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCENARIOS_DIR = resolve(HERE, '..', '..', 'core', 'tests', 'scenarios');

/** The verbs that are commands (they go into the command log; the core's `Command::VERBS`, read from
 * schema/affiliate-kit.json); every other verb is a read. */
const COMMAND_VERBS = JSON.parse(readFileSync(resolve(HERE, '..', '..', 'schema', 'affiliate-kit.json'), 'utf8')).command_verbs;

/** The reads that are Program methods: the method and its positional parameters, in order (`?`: optional). */
const PROGRAM_READS = {
  affiliate: ['affiliate', ['affiliate_id']],
  affiliate_by_code: ['affiliateByCode', ['code']],
  affiliates: ['affiliates', []],
  validate_code: ['validateCode', ['code', 'at']],
  quote: ['quote', ['order', 'at', 'visitor_id?']],
  balance: ['balance', ['affiliate_id', 'currency']],
  stats: ['stats', ['affiliate_id?', 'currency?']],
  report: ['report', ['granularity', 'from', 'to', 'affiliate_id?', 'currency?']],
  events_since: ['eventsSince', ['sequence']],
  plans: ['plans', []],
  what_if: ['whatIf', ['plan', 'from', 'to', 'largest?', 'currency?']],
};

/** The webhook reads: their parameters (handled by the runner). */
const WEBHOOK_READS = {
  sign_webhook: ['sequence', 'secret', 'at'],
  verify_webhook: ['secret', 'now', 'headers?', 'body?'],
};

/** Step keys the runner strips before reading the verb's arguments. */
const RUNNER_KEYS = ['expect', 'error', 'note'];

const ERASE_VERBS = ['erase_affiliate', 'erase_customer'];
const BALANCE_FIELDS = ['pending', 'held', 'approved', 'payable', 'in_payout', 'paid', 'earned', 'reversed'];

const TOP_LEVEL_KEYS = ['name', 'description', 'note', 'config', 'steps', 'final'];

/** The secret the final checks sign every event with (to read it back as a webhook receiver does). */
const ROUND_TRIP_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** `track_order` -> `trackOrder`. */
const camel = (verb) => verb.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The command verbs run through their named method so far (the last test checks all of them were). */
const verbsRunByMethod = new Set();

/** A scenario does not hold; the message names the step and shows expected vs actual. */
class ScenarioFailure extends Error {
  constructor(message) {
    super(message);
    this.name = 'ScenarioFailure';
  }
}

/** How an error reads in a message: its code, class and message. */
const explain = (e) => (e instanceof AffiliateKitError ? `${e.code} (${e.constructor.name}: ${e.message})` : String(e));

/** How anything thrown reads in a message (an AffiliateKitError as `explain`, else its class and message). */
const explainAny = (e) => (e instanceof AffiliateKitError ? explain(e) : `${e?.constructor?.name ?? typeof e}: ${e?.message ?? String(e)}`);

/** The positional arguments of a read from the step's arguments; unknown or missing ones fail. */
function positional(verb, params, args) {
  const names = params.map((p) => p.replace(/\?$/, ''));
  for (const key of Object.keys(args)) {
    if (!names.includes(key)) throw new ScenarioFailure(`not a valid read: unknown argument ${quote(key)} of ${verb}`);
  }
  return params.map((p) => {
    const name = p.replace(/\?$/, '');
    if (!p.endsWith('?') && !Object.hasOwn(args, name)) {
      throw new ScenarioFailure(`not a valid read: missing argument ${quote(name)} of ${verb}`);
    }
    return args[name] ?? undefined;
  });
}

/** The scenario's program, the last signed webhook and the commands accepted before a restore. */
class Runner {
  constructor(config, program) {
    this.config = config;
    this.program = program;
    this.lastSigned = undefined;
    this.earlierLog = [];
    // The commands accepted, as the file gives them: the log to replay once an erasure has dropped the
    // program's (it held the personal data the erasure removes).
    this.accepted = [];
  }

  command(verb, args) {
    const method = camel(verb);
    if (typeof this.program[method] !== 'function') throw new ScenarioFailure(`Program has no method ${method} for the command ${verb}`);
    verbsRunByMethod.add(verb);
    if (verb === 'drain_events') {
      if (Object.keys(args).length > 0) throw new ScenarioFailure('not a valid command: drain_events takes no arguments');
      return this.program.drainEvents();
    }
    return this.program[method](args);
  }

  read(verb, args) {
    if (Object.hasOwn(PROGRAM_READS, verb)) {
      const [method, params] = PROGRAM_READS[verb];
      return this.program[method](...positional(verb, params, args));
    }
    if (verb === 'sign_webhook') return this.sign(...positional(verb, WEBHOOK_READS.sign_webhook, args));
    if (verb === 'verify_webhook') return this.verify(...positional(verb, WEBHOOK_READS.verify_webhook, args));
    throw new ScenarioFailure(`unknown verb ${quote(verb)}`);
  }

  sign(sequence, secret, at) {
    const following = sequence > 0 ? this.program.eventsSince(sequence - 1) : [];
    if (following.length === 0 || following[0].sequence !== sequence) {
      throw new ScenarioFailure(`sign_webhook: no event with sequence ${sequence}`);
    }
    const signed = signWebhook(following[0], secret, at);
    this.lastSigned = signed;
    return signed;
  }

  verify(secret, now, headers, body) {
    if (headers === undefined) {
      if (this.lastSigned === undefined) throw new ScenarioFailure('verify_webhook: no headers and no earlier sign_webhook step');
      headers = this.lastSigned.headers;
    }
    if (body === undefined) {
      if (this.lastSigned === undefined) throw new ScenarioFailure('verify_webhook: no body and no earlier sign_webhook step');
      body = this.lastSigned.body;
    }
    return verifyWebhook(headers, body, secret, now);
  }

  restore(before) {
    let restored;
    try {
      restored = Program.restore(before);
    } catch (e) {
      throw new ScenarioFailure(`Program.restore failed: ${explainAny(e)}`);
    }
    if (restored.snapshot() !== before) throw new ScenarioFailure('Program.restore(snapshot) gives a different snapshot');
    this.earlierLog.push(...this.program.commandLog());
    this.program.free();
    this.program = restored;
  }

  fullLog() {
    if (this.accepted.some((c) => ERASE_VERBS.includes(c.verb))) return this.accepted;
    return [...this.earlierLog, ...this.program.commandLog()];
  }
}

function runStep(runner, number, step) {
  const verb = isObject(step) && typeof step.verb === 'string' ? step.verb : '?';
  const fail = (message) => new ScenarioFailure(`step ${number} (${verb}): ${message}`);

  if (!isObject(step)) throw fail('a step is a JSON object');
  const args = Object.fromEntries(Object.entries(step).filter(([k]) => !RUNNER_KEYS.includes(k) && k !== 'verb'));
  const hasExpect = Object.hasOwn(step, 'expect');
  const { expect } = step;
  const error = step.error ?? undefined;
  if (hasExpect && error !== undefined) throw fail('give "expect" or "error", not both');
  if (error !== undefined && typeof error !== 'string') throw fail(`"error" must be an error code string, not ${quote(error)}`);

  const before = runner.program.snapshot();
  const logBefore = runner.program.commandLog().length;
  const isCommand = COMMAND_VERBS.includes(verb);
  let answer;
  let thrown;
  let raised = false;

  if (verb === 'restore') {
    if (Object.keys(args).length > 0) throw fail('restore takes no arguments');
    try {
      runner.restore(before);
    } catch (e) {
      throw fail(e instanceof ScenarioFailure ? e.message : `Program.restore failed: ${explainAny(e)}`);
    }
  } else {
    if (!isCommand && !Object.hasOwn(PROGRAM_READS, verb) && !Object.hasOwn(WEBHOOK_READS, verb)) {
      throw fail(`unknown verb ${quote(verb)}`);
    }
    try {
      answer = isCommand ? runner.command(verb, args) : runner.read(verb, args);
      if (isCommand && verb !== 'drain_events') runner.accepted.push({ verb, ...args });
    } catch (e) {
      if (e instanceof ScenarioFailure) throw fail(e.message);
      thrown = e;
      raised = true;
    }
    if (!isCommand && runner.program.snapshot() !== before) throw fail('a read changed the state (snapshot differs)');
  }

  if (raised) {
    if (!(thrown instanceof AffiliateKitError)) {
      const name = thrown?.constructor?.name ?? typeof thrown;
      throw fail(`expected ${error !== undefined ? `error ${error}` : 'success'}, but ${name} was thrown (not an AffiliateKitError): ${thrown?.message ?? String(thrown)}`);
    }
    if (error === undefined) throw fail(`expected success, got error ${explain(thrown)}`);
    if (thrown.code !== error) throw fail(`expected error ${error}, got ${explain(thrown)}`);
    if (ERRORS_BY_CODE[error] !== thrown.constructor) {
      throw fail(`error ${error} thrown as ${thrown.constructor.name}, not ${ERRORS_BY_CODE[error]?.name ?? '(no class for this code)'}`);
    }
    if (runner.program.snapshot() !== before) throw fail(`error ${error} changed the state (snapshot differs)`);
    if (runner.program.commandLog().length !== logBefore) throw fail(`error ${error} was written to the command log`);
    return;
  }

  if (error !== undefined) throw fail(`expected error ${error}, but it succeeded with\n      ${pretty(answer ?? null)}`);
  if (hasExpect) {
    const diffs = compare(expect, answer, '$', []);
    if (diffs.length > 0) {
      throw fail(
        `answer does not match\n    ${diffs.join('\n    ')}\n    expected: ${pretty(expect)}\n    actual:   ${pretty(project(expect, answer))}`,
      );
    }
  }
}

/** The currencies the program accepts, its own first. */
function currencies(program) {
  const { currency, currencies: all = [] } = program.config();
  return [currency, ...all.filter((c) => c !== currency)];
}

/** What the reads derived from the indices answer, in every currency; a restored or replayed program must answer the same. */
function derivedReads(program) {
  const affiliates = program.affiliates();
  return {
    affiliates,
    stats: currencies(program).map((c) => program.stats(null, c)),
    per_affiliate: affiliates.flatMap((a) =>
      currencies(program).map((c) => ({ stats: program.stats(a.id, c), balance: program.balance(a.id, c) }))),
  };
}

/** Whether an event reads back from its JSON as itself, as a webhook receiver reads it; the problem if not. */
function eventRoundTrip(event) {
  const label = `event ${event.id} (${event.type})`;
  try {
    const text = JSON.stringify(event);
    const parsed = JSON.parse(text);
    const signed = signWebhook(parsed, ROUND_TRIP_SECRET, event.occurred_at);
    const received = verifyWebhook(signed.headers, signed.body, ROUND_TRIP_SECRET, event.occurred_at);
    const diffs = exactDiffs(event, received, '$', []);
    if (diffs.length > 0) return `${label} does not read back from its JSON as itself:\n      ${diffs.slice(0, 8).join('\n      ')}`;
    const again = signWebhook(received, ROUND_TRIP_SECRET, event.occurred_at);
    if (again.body !== signed.body) return `${label} is written differently once read back:\n      ${signed.body}\n      ${again.body}`;
    return undefined;
  } catch (e) {
    return `${label} does not read back: ${explainAny(e)}`;
  }
}

function checkFinal(final, runner) {
  const { program } = runner;
  if (final === undefined || final === null) final = {};
  if (!isObject(final)) throw new ScenarioFailure(`"final" must be an object, not ${quote(final)}`);
  for (const key of Object.keys(final)) {
    if (!['balances', 'event_types', 'note'].includes(key)) throw new ScenarioFailure(`final: unknown key ${quote(key)}`);
  }
  const problems = [];

  if (final.balances !== undefined) {
    if (!Array.isArray(final.balances)) throw new ScenarioFailure('final.balances must be an array');
    for (const item of final.balances) {
      const { affiliate_id: affiliateId, currency } = item;
      if (typeof affiliateId !== 'string') throw new ScenarioFailure('final.balances[].affiliate_id');
      if (typeof currency !== 'string') throw new ScenarioFailure('final.balances[].currency');
      let balance;
      try {
        balance = program.balance(affiliateId, currency);
      } catch (e) {
        problems.push(`final balance of ${affiliateId}: ${explainAny(e)}`);
        continue;
      }
      for (const [name, value] of Object.entries(item)) {
        if (name === 'affiliate_id' || name === 'currency') continue;
        if (!BALANCE_FIELDS.includes(name)) throw new ScenarioFailure(`final.balances: unknown field ${quote(name)}`);
        compare(value, balance[name]?.amount, `balance ${affiliateId} ${currency} ${name}`, problems);
      }
    }
  }

  const events = program.eventsSince(0);
  const types = events.map((e) => e.type);
  if (final.event_types !== undefined) {
    const expected = final.event_types;
    if (!Array.isArray(expected) || !expected.every((t) => typeof t === 'string')) {
      throw new ScenarioFailure('final.event_types must be an array of strings');
    }
    if (expected.length !== types.length || expected.some((t, i) => t !== types[i])) {
      let first = expected.findIndex((t, i) => i < types.length && t !== types[i]);
      if (first < 0) first = Math.min(expected.length, types.length);
      problems.push(
        `event types differ (first difference at index ${first}, sequence ${first + 1})\n    expected: ${quote(expected)}\n    actual:   ${quote(types)}`,
      );
    }
  }

  for (const affiliate of program.affiliates()) {
    for (const currency of currencies(program)) {
      const b = program.balance(affiliate.id, currency);
      const left = decimalSum([[1, b.earned.amount], [-1, b.reversed.amount]]);
      const right = decimalSum([[1, b.pending.amount], [1, b.held.amount], [1, b.payable.amount], [1, b.in_payout.amount], [1, b.paid.amount]]);
      if (decimalSum([[1, left], [-1, right]]).replace(/[-0.]/g, '') !== '') {
        problems.push(
          `money is not conserved for ${affiliate.id} in ${currency}: earned - reversed = ${left}, pending + held + payable + in_payout + paid = ${right}`,
        );
      }
    }
  }

  for (const event of events) {
    const problem = eventRoundTrip(event);
    if (problem !== undefined) problems.push(problem);
  }

  const snapshot = program.snapshot();
  const reads = derivedReads(program);
  const log = runner.fullLog();
  const rebuilt = [
    ['Program.restore(snapshot)', () => Program.restore(snapshot)],
    ['Program.replay(config, commandLog)', () => Program.replay(runner.config, log)],
    ['new Program(config) then execute(command) for each logged command', () => {
      const other = new Program(runner.config);
      for (const command of log) other.execute(command);
      return other;
    }],
  ];
  for (const [how, build] of rebuilt) {
    let other;
    try {
      other = build();
    } catch (e) {
      problems.push(`${how} failed: ${explainAny(e)}`);
      continue;
    }
    try {
      if (other.snapshot() !== snapshot) {
        problems.push(`${how} gives a different snapshot`);
        continue;
      }
      const diffs = exactDiffs(reads, derivedReads(other), '$', []);
      if (diffs.length > 0) {
        problems.push(`${how} answers reads differently (live vs rebuilt):\n      ${diffs.slice(0, 8).join('\n      ')}`);
      }
    } finally {
      other.free();
    }
  }

  if (problems.length > 0) throw new ScenarioFailure(`final checks:\n    ${problems.join('\n    ')}`);
}

/** Runs one scenario file; throws a ScenarioFailure (naming the file) at its first failing step. */
function runScenario(path) {
  const name = basename(path);
  let runner;
  try {
    let doc;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ScenarioFailure(`not JSON: ${e.message}`);
    }
    if (!isObject(doc)) throw new ScenarioFailure('a scenario is a JSON object');
    for (const key of Object.keys(doc)) {
      if (!TOP_LEVEL_KEYS.includes(key)) throw new ScenarioFailure(`unknown top-level key ${quote(key)}`);
    }
    for (const key of ['name', 'description']) {
      if (typeof doc[key] !== 'string') throw new ScenarioFailure(`missing ${quote(key)} (a string)`);
    }
    const { config, steps } = doc;
    if (!isObject(config)) throw new ScenarioFailure('missing "config" (an object)');
    let program;
    try {
      program = new Program(config);
    } catch (e) {
      throw new ScenarioFailure(`config rejected: ${explainAny(e)}`);
    }
    if (!Array.isArray(steps)) throw new ScenarioFailure('missing "steps" (an array)');
    runner = new Runner(config, program);
    steps.forEach((step, i) => runStep(runner, i + 1, step));
    checkFinal(doc.final, runner);
  } catch (e) {
    if (e instanceof ScenarioFailure) throw new ScenarioFailure(`${name}: ${e.message}`);
    throw e;
  } finally {
    runner?.program.free();
  }
}

/** The `*.json` files of `dir`, sorted by name, filtered by the SCENARIO environment variable. */
function scenarioFiles(dir) {
  if (!existsSync(dir)) return [];
  const filter = process.env.SCENARIO ?? '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f.includes(filter))
    .sort()
    .map((f) => join(dir, f));
}

// ---------------------------------------------------------------------------------------------------
// The tests

test('the scenario files are found', () => {
  assert.ok(readdirSync(SCENARIOS_DIR).some((f) => f.endsWith('.json')), `no scenario files in ${SCENARIOS_DIR}`);
});

for (const path of scenarioFiles(SCENARIOS_DIR)) {
  test(basename(path), () => runScenario(path));
}

// Files documenting known core bugs: expected to fail until the bug is fixed (reported as todo).
for (const path of scenarioFiles(join(SCENARIOS_DIR, 'pending'))) {
  test(`pending/${basename(path)}`, { todo: 'known core bug' }, () => runScenario(path));
}

test('every command verb ran through its camelCase Program method', { skip: process.env.SCENARIO ? 'SCENARIO filter set' : false }, () => {
  const missing = COMMAND_VERBS.filter((verb) => !verbsRunByMethod.has(verb));
  assert.deepEqual(missing, [], `command verbs no scenario ran through their method: ${missing.join(', ')}`);
});

test('the partial matcher matches as documented', () => {
  const saved = process.env.SCENARIO_STRICT_DECIMALS;
  delete process.env.SCENARIO_STRICT_DECIMALS;
  try {
    const actual = { a: { amount: '60.00', currency: 'EUR' }, b: [1, 2], c: 'x', d: null, e: '60.00', f: true, g: '-0.50' };
    const ok = (expected) => compare(expected, actual, '$', []).length === 0;
    assert.ok(ok({ a: { amount: '60.00' } }));
    assert.ok(ok({ a: { amount: '60' }, b: [1, 2], d: null, e: '060.0' }));
    assert.ok(ok({ f: true, g: '-0.5' }));
    assert.ok(!ok({ a: { amount: '9.9990' } }));
    assert.ok(!ok({ a: { amount: '60.01' } }));
    assert.ok(!ok({ a: { amount: '6e1' } }));
    assert.ok(!ok({ a: { amount: '60.' } }));
    assert.ok(!ok({ g: '0.5' }));
    assert.ok(!ok({ b: [1] }));
    assert.ok(!ok({ b: ['1', 2] }));
    assert.ok(!ok({ c: 'y' }));
    assert.ok(!ok({ h: 1 }));
    assert.ok(!ok({ d: 'x' }));
    assert.ok(!ok({ d: {} }));
    assert.ok(!ok({ f: 1 }));
    assert.ok(!ok({ b: [true, 2] }));
    assert.ok(compare({ x: '9.9990' }, { x: '9.999' }, '$', []).length === 0);
    process.env.SCENARIO_STRICT_DECIMALS = '1';
    assert.ok(!ok({ a: { amount: '60' } }));
    assert.ok(ok({ a: { amount: '60.00' } }));
  } finally {
    if (saved === undefined) delete process.env.SCENARIO_STRICT_DECIMALS;
    else process.env.SCENARIO_STRICT_DECIMALS = saved;
  }
  assert.equal(decimalSum([[1, '60.00'], [-1, '7.5'], [1, '-0.25']]), '52.25');
  assert.equal(decimalSum([[1, '1'], [-1, '3.10']]), '-2.10');
  assert.equal(decimalSum([[1, '0.00'], [-1, '0']]), '0.00');
});

test('a failure names the file and the step, and shows expected and actual', () => {
  const scenario = {
    name: 'wrong on purpose',
    description: '10% of 600.00 is 60.00, not 61.00',
    config: { currency: 'EUR', plan: { currency: 'EUR', rules: [
      { id: 'default', target: { type: 'program' }, commission: 'percentage', rate: '10' }] } },
    steps: [
      { verb: 'register_affiliate', at: '2026-01-01T00:00:00Z',
        registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' } },
      { verb: 'track_order', at: '2026-01-10T00:00:00Z',
        order: { id: 'o1', currency: 'EUR', code: 'ALICE',
          lines: [{ id: 'l1', product: 'p', quantity: 1, unit_price: '600.00' }] },
        expect: { credited: true, total: { amount: '61.00' } } },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'affiliate-kit-scenarios-'));
  try {
    const path = join(dir, '99-wrong.json');
    writeFileSync(path, JSON.stringify(scenario), 'utf8');
    assert.throws(() => runScenario(path), (e) => {
      assert.ok(e instanceof ScenarioFailure, `not a ScenarioFailure: ${e}`);
      assert.ok(e.message.startsWith('99-wrong.json: step 2 (track_order): answer does not match'), e.message);
      assert.ok(e.message.includes('$.total.amount: expected "61.00", got "60.00"'), e.message);
      assert.ok(e.message.includes('"amount": "61.00"') && e.message.includes('"amount": "60.00"'), e.message);
      return true;
    });

    // An expected error that does not come, and an error code that differs, name the step as well.
    scenario.steps[1] = { ...scenario.steps[1], expect: undefined, error: 'NOT_FOUND' };
    delete scenario.steps[1].expect;
    writeFileSync(path, JSON.stringify(scenario), 'utf8');
    assert.throws(() => runScenario(path), /^ScenarioFailure: 99-wrong\.json: step 2 \(track_order\): expected error NOT_FOUND, but it succeeded/);
    scenario.steps[1] = { verb: 'refund', at: '2026-01-12T00:00:00Z', refund: { id: 'r1', order_id: 'nope' }, error: 'CONFLICT' };
    writeFileSync(path, JSON.stringify(scenario), 'utf8');
    assert.throws(() => runScenario(path), /step 2 \(refund\): expected error CONFLICT, got NOT_FOUND \(NotFoundError: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
