// The checkout example (examples/checkout/) in a real browser: Debian's Chromium driven by
// playwright-core, the page and the built package (target/wasm/pkg, ./scripts/wasm-build) served by a
// tiny local server. Checks the referral code as it is typed and the discount preview.
// Run: cd bindings-wasm/tests && npm install --no-audit --no-fund && node --test browser/
// Environment: CHROMIUM (default /usr/bin/chromium), AFFILIATE_KIT_PKG (default target/wasm/pkg).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { PKG_DIR, REPO, startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO, 'target', 'wasm', 'checkout.png');

/** generateCode(42) under the default policy; its last symbol is the check symbol. */
const VALID = '1VXSNZGEY';
/** VALID with one character changed (E → F): the check symbol no longer matches. */
const TYPO = '1VXSNZGFY';

// The cart of the page: 2 × 14.90 + 1 × 12.50 + 3 × 4.35 = 55.35 EUR.
// 10 % of 55.35 is 5.535, rounded half-up once: 5.54 off, 49.81 to pay.
const SUBTOTAL = '55.35';

let server;
let browser;
let page;
const problems = [];

/** Replaces the code field's content by `text`, typed key by key (an `input` event per character). */
async function type(text) {
  const field = page.locator('#code');
  await field.fill('');
  if (text) await field.pressSequentially(text);
}

/** The status after typing, once its data-state is `state`. */
async function status(state) {
  await page.waitForSelector(`#code-status[data-state="${state}"]`, { timeout: 5000 });
  return {
    text: (await page.locator('#code-status').textContent()).trim(),
    ariaInvalid: await page.locator('#code').getAttribute('aria-invalid'),
  };
}

/** The summary: each amount's text and the module's exact string (data-amount). */
async function summary() {
  return page.evaluate(() => Object.fromEntries(['subtotal', 'discount', 'total'].map((id) => {
    const el = document.getElementById(id);
    return [id, { text: el.textContent, amount: el.dataset.amount, currency: el.dataset.currency }];
  })));
}

const money = (text, amount) => ({ text, amount, currency: 'EUR' });
const NO_DISCOUNT = {
  subtotal: money('€55.35', SUBTOTAL),
  discount: money('€0.00', '0.00'),
  total: money('€55.35', SUBTOTAL),
};

/** GET `rawPath` exactly as written (no client-side normalization): [status, content type]. */
function get(url, rawPath) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path: rawPath }, (res) => {
      res.resume();
      res.on('end', () => resolve([res.statusCode, res.headers['content-type']]));
    }).on('error', reject).end();
  });
}

describe('the static server', () => {
  it('serves the page, the package with the wasm type, and nothing outside them', async () => {
    const { url, close } = await startServer();
    try {
      assert.deepEqual(await get(url, '/'), [200, 'text/html; charset=utf-8']);
      assert.deepEqual(await get(url, '/checkout.js'), [200, 'text/javascript; charset=utf-8']);
      assert.deepEqual(await get(url, '/pkg/wasm/web/checkout/affiliate_kit_wasm_bg.wasm'), [200, 'application/wasm']);
      // Files of the repository outside the two roots, by several spellings of "..".
      const escapes = ['/../../Cargo.toml', '/../core/src/lib.rs', '/pkg/../../../Cargo.toml',
        '/pkg/..%2f..%2f..%2fCargo.toml', '/%2e%2e/%2e%2e/Cargo.toml', '/pkg/%2e%2e%2f%2e%2e%2f%2e%2e%2fCargo.toml',
        '/..%5c..%5cCargo.toml', '/%00'];
      for (const escape of escapes) {
        const [code] = await get(url, escape);
        assert.ok(code === 403 || code === 404 || code === 400, `${escape} answered ${code}`);
      }
    } finally {
      await close();
    }
  });
});

/** What is missing to run the browser test, if anything (reported as one clear failure). */
function missing() {
  if (!existsSync(CHROMIUM)) {
    return `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM to its path`;
  }
  for (const file of ['checkout.js', 'wasm/web/checkout/affiliate_kit_wasm_bg.wasm']) {
    if (!existsSync(path.join(PKG_DIR, file))) {
      return `${path.join(PKG_DIR, file)} is missing: build the package first (./scripts/wasm-build)`;
    }
  }
  return null;
}

/** The page in Chromium, step by step (the steps share the page and run in order). */
function browserSuite() {
  before(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 15000 });
    const ready = await page.evaluate(() => document.body.dataset.ready);
    const banner = await page.locator('#load-error').textContent();
    assert.equal(ready, 'true', `the page did not get ready: ${banner} ${problems.join('; ')}`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the module and shows the cart, amounts computed by the module', async () => {
    const lines = await page.locator('#cart-lines tr').evaluateAll((rows) => rows.map((row) =>
      [...row.children].map((cell) => cell.textContent)));
    assert.deepEqual(lines, [
      ['Linen tote bag', '2', '€14.90', '€29.80'],
      ['Enamel mug', '1', '€12.50', '€12.50'],
      ['Notebook A5, dotted', '3', '€4.35', '€13.05'],
    ]);
    assert.deepEqual(await status('empty'), { text: 'Enter a referral code if you have one.', ariaInvalid: 'false' });
    assert.deepEqual(await summary(), NO_DISCOUNT);
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname).filter((name) => name.endsWith('.wasm')));
    assert.deepEqual(wasm, ['/pkg/wasm/web/checkout/affiliate_kit_wasm_bg.wasm']);
  });

  it('a valid generated code applies its 10 % discount', async () => {
    await type(VALID);
    assert.deepEqual(await status('valid'), { text: `Code ${VALID} applied: 10% off your order.`, ariaInvalid: 'false' });
    assert.deepEqual(await summary(), {
      subtotal: money('€55.35', '55.35'),
      discount: money('−€5.54', '5.54'),
      total: money('€49.81', '49.81'),
    });
  });

  it('the same code typed in lower case with a hyphen is the same code', async () => {
    await type('1vxs-nzgey');
    assert.equal((await status('valid')).text, `Code ${VALID} applied: 10% off your order.`);
    assert.equal((await summary()).total.text, '€49.81');
  });

  it('one character changed is a probable typo, and no discount applies', async () => {
    await type(TYPO);
    assert.deepEqual(await status('typo'), {
      text: `Probable typo: ${TYPO} has the shape of a referral code, but its check character does not match. Check each character.`,
      ariaInvalid: 'true',
    });
    assert.deepEqual(await summary(), NO_DISCOUNT);
  });

  it('garbage is not a code', async () => {
    await type('!!@@');
    assert.deepEqual(await status('invalid'), {
      text: 'Not a code: “!” is not allowed. Use letters, digits, spaces and hyphens.',
      ariaInvalid: 'true',
    });
    assert.deepEqual(await summary(), NO_DISCOUNT);
  });

  it('a known vanity code applies its amount off; one below its minimum order does not', async () => {
    await type('welcome-5');
    assert.equal((await status('valid')).text, 'Code WELCOME5 applied: €5.00 off orders of €30.00 or more.');
    assert.deepEqual(await summary(), {
      subtotal: money('€55.35', '55.35'),
      discount: money('−€5.00', '5.00'),
      total: money('€50.35', '50.35'),
    });
    await type('BIGSPENDER');
    // Wait for the new message (the state stays "valid").
    await page.waitForFunction(() => document.getElementById('code-status').textContent.includes('BIGSPENDER'));
    assert.equal((await status('valid')).text,
      'Code BIGSPENDER is valid, but needs a subtotal of at least €100.00: no discount yet.');
    assert.deepEqual(await summary(), NO_DISCOUNT);
  });

  it('clearing the field empties the status; a valid code again, and a screenshot', async () => {
    await type('');
    assert.deepEqual(await status('empty'), { text: 'Enter a referral code if you have one.', ariaInvalid: 'false' });
    await type(VALID);
    await status('valid');
    assert.equal((await summary()).total.text, '€49.81');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(existsSync(SCREENSHOT));
  });

  it('the page logged no errors or warnings and every request succeeded', () => {
    assert.deepEqual(problems, []);
  });
}

const absent = missing();
describe('checkout example in Chromium', absent
  ? () => it('has its prerequisites', () => assert.fail(absent))
  : browserSuite);
