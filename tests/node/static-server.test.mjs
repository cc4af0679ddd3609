// The dev server (scripts/serve, and every browser test): only GET and HEAD, nosniff, the
// precompressed file the client accepts, nothing outside its root, and no crash when a file
// goes away while it is being served.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { acceptedEncodings, startStaticServer } from '../../scripts/lib/static-server.mjs';

let root;
let server;
let base;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'ae-server-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>plain</title>');
  writeFileSync(join(root, 'app.js'), 'console.log("plain")');
  writeFileSync(join(root, 'app.js.br'), Buffer.from('not used unless accepted'));
  writeFileSync(join(root, 'app.js.gz'), Buffer.from('not used unless accepted'));
  ({ server, url: base } = await startStaticServer({ root }));
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function call(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test('GET and HEAD only: other methods get 405 with Allow', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const res = await call('/index.html', { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD');
  }
  const head = await call('/index.html', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), 35);
});

test('every answer says nosniff, and the types are right', async () => {
  for (const [path, status, type] of [['/', 200, 'text/html; charset=utf-8'], ['/app.js', 200, 'text/javascript; charset=utf-8'], ['/missing', 404, 'text/plain; charset=utf-8']]) {
    const res = await call(path);
    assert.equal(res.status, status, path);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
    assert.equal(res.headers['content-type'], type, path);
  }
});

test('the .br or .gz file is sent when the client accepts it, with Content-Encoding and Vary', async () => {
  const br = await call('/app.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.equal(br.body.toString(), 'not used unless accepted');
  assert.equal((await call('/app.js', { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], 'gzip');
  assert.equal((await call('/app.js', { headers: { 'accept-encoding': 'br;q=0, gzip' } })).headers['content-encoding'], 'gzip');
  const plain = await call('/app.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), 'console.log("plain")');
  assert.equal((await call('/index.html', { headers: { 'accept-encoding': 'br' } })).headers['content-encoding'], undefined, 'no .br beside it');
  assert.deepEqual([...acceptedEncodings('gzip;q=0.5, br;q=0, identity')], ['gzip', 'identity']);
});

test('a compressed copy older than its file is stale and not sent', async () => {
  const { utimesSync } = await import('node:fs');
  writeFileSync(join(root, 'edited.js'), 'console.log("edited after the build")');
  writeFileSync(join(root, 'edited.js.br'), 'stale');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'edited.js.br'), past, past);
  const res = await call('/edited.js', { headers: { 'accept-encoding': 'br' } });
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body.toString(), 'console.log("edited after the build")');
});

test('nothing outside the root, and bad paths are refused, not thrown', async () => {
  for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%00', '/%E0%A4%A']) {
    const res = await call(path);
    assert.ok([400, 403, 404].includes(res.status), `${path}: ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /root:/);
  }
});

test('a file that disappears while requests come in never ends the server', async () => {
  const path = join(root, 'flicker.js');
  const statuses = new Set();
  for (let round = 0; round < 200; round += 1) {
    if (round % 2 === 0) writeFileSync(path, 'x'.repeat(4096)); else rmSync(path, { force: true });
    const pending = [call('/flicker.js'), call('/flicker.js')];
    if (round % 3 === 0) rmSync(path, { force: true });
    for (const res of await Promise.allSettled(pending)) statuses.add(res.status === 'fulfilled' ? res.value.status : 'reset');
  }
  for (const s of statuses) assert.ok([200, 404, 'reset'].includes(s), `answered ${s}`);
  assert.equal((await call('/index.html')).status, 200, 'the server still answers');
});

test('the build\'s precompressed files decode to the file beside them', async () => {
  const { distDir } = await import('../support/paths.mjs');
  const { readFileSync, existsSync } = await import('node:fs');
  for (const name of ['index.html', 'app.js', 'activation_explorer.wasm', 'vendor/plotly-core.min.js']) {
    const plain = readFileSync(join(distDir, name));
    assert.ok(existsSync(join(distDir, `${name}.br`)), `${name}.br`);
    assert.deepEqual(brotliDecompressSync(readFileSync(join(distDir, `${name}.br`))), plain, `${name}.br`);
    assert.deepEqual(gunzipSync(readFileSync(join(distDir, `${name}.gz`))), plain, `${name}.gz`);
  }
});
