// A tiny static server for the checkout example: examples/checkout/ at / and the built npm package
// (target/wasm/pkg, from ./scripts/wasm-build) at /pkg/. Used by checkout.test.mjs; run it by hand to
// look at the page:  node bindings-wasm/tests/browser/server.mjs [port]   (default 8000, 127.0.0.1)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The page. */
export const EXAMPLE_DIR = path.join(REPO, 'examples', 'checkout');
/** The built package (AFFILIATE_KIT_PKG overrides it, e.g. to try another build). */
export const PKG_DIR = path.resolve(process.env.AFFILIATE_KIT_PKG ?? path.join(REPO, 'target', 'wasm', 'pkg'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** `rel` (a decoded URL path below a mount point) inside `root`, or null if it would leave it. */
async function inside(root, rel) {
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel.split('/').some((segment) => segment === '..')) return null;
  const file = path.resolve(root, `.${path.posix.sep}${rel}`);
  const within = (base, candidate) => candidate === base || candidate.startsWith(base + path.sep);
  if (!within(root, file)) return null;
  // Symbolic links must not lead out either.
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    return within(realRoot, realFile) ? realFile : null;
  } catch {
    return file; // missing: answered 404 by the caller
  }
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : `${text}\n`);
}

async function handle(req, res, mounts) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request');
  }
  const mount = mounts.find(([prefix]) => pathname === prefix.slice(0, -1) || pathname.startsWith(prefix));
  if (!mount) return send(res, 404, 'not found');
  const [prefix, root] = mount;
  let rel = pathname.slice(prefix.length);
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = await inside(root, rel);
  if (file === null) return send(res, 403, 'forbidden');
  let info;
  try {
    info = await stat(file);
  } catch {
    return send(res, 404, 'not found');
  }
  if (!info.isFile()) return send(res, 404, 'not found');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Starts the server; resolves to {url, close}. `port` 0 (the default) takes an ephemeral port.
 * @param {{host?: string, port?: number, root?: string, pkg?: string}} [options]
 */
export function startServer({ host = '127.0.0.1', port = 0, root = EXAMPLE_DIR, pkg = PKG_DIR } = {}) {
  // The longest prefix first: /pkg/ before /.
  const mounts = [['/pkg/', path.resolve(pkg)], ['/', path.resolve(root)]];
  const server = createServer((req, res) => {
    handle(req, res, mounts).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://${host}:${bound}/`,
        server,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

// Run by hand (not when imported, nor when the test runner loads it).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && !process.env.NODE_TEST_CONTEXT) {
  const port = Number(process.argv[2] ?? 8000);
  const { url } = await startServer({ port });
  console.log(`checkout example at ${url} (page: ${path.relative(process.cwd(), EXAMPLE_DIR) || '.'}, /pkg/: ${PKG_DIR}); Ctrl-C to stop`);
}
