// The README's JavaScript snippet runs as written, against the built package.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

test('the README JavaScript snippet runs and prints the typed error', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## JavaScript (WebAssembly)'));
  const snippet = section.match(/```js\n([\s\S]*?)```/)?.[1];
  assert.ok(snippet, 'a ```js block in the README JavaScript section');
  // Written inside this folder so that 'affiliate-kit/checkout' resolves through node_modules.
  const dir = mkdtempSync(new URL('./.readme-', import.meta.url).pathname);
  try {
    writeFileSync(`${dir}/snippet.mjs`, snippet);
    const out = execFileSync(process.execPath, [`${dir}/snippet.mjs`], { encoding: 'utf8' });
    assert.equal(out, 'INVALID_ORDER invalid order at lines: an order needs at least one line\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
