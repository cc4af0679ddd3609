// Without a web server: standalone.html (everything inlined) from disk and in a sandboxed
// iframe, and index.html opened from disk, each under its CSP with no violation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { distDir } from '../support/paths.mjs';
import { openUrl, PER_TEST, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const open = (url, options) => openUrl(session, url, options);

const leakyFirst = (frame) => frame.evaluate(() => document.getElementById('plot').data.find((t) => t.meta.kind === 'value').y[0]);

test('standalone.html works opened from disk: one file, no request, no CSP violation', PER_TEST, async () => {
  const { page, problems, requests, close } = await open(`${pathToFileURL(join(distDir, 'standalone.html')).href}?fn=leaky_relu&alpha=0.3`);
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 20000 });
  assert.equal(await leakyFirst(page), -3);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')), [], 'nothing fetched from anywhere');
  assert.equal(requests.filter((u) => u.startsWith('file:')).length, 1, 'only the file itself');
  await page.fill('#s0-alpha', '0.5');
  await page.waitForFunction(() => document.getElementById('plot').data.find((t) => t.meta.kind === 'value').y[0] === -5);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'sha256-[^']+' 'sha256-[^']+' 'wasm-unsafe-eval'/);
  assert.deepEqual(problems, []);
  await close();
});

test('standalone.html works inside <iframe sandbox="allow-scripts">', PER_TEST, async () => {
  // A host page that frames it sandboxed: the frame gets an opaque origin ("null").
  const { page, problems, close } = await open(new URL('host.html', session.url).href, {
    routes: { '**/host.html': '<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="standalone.html?fn=elu&alpha=0.5" width="1000" height="700" title="ELU"></iframe>' },
  });
  let frame;
  for (let i = 0; i < 100 && !frame; i += 1) {
    frame = page.frames().find((f) => f.url().includes('standalone.html'));
    if (!frame) await page.waitForTimeout(100);
  }
  await frame.waitForSelector('#plot[data-state="ready"]', { timeout: 20000 });
  assert.ok(Math.abs((await leakyFirst(frame)) - 0.5 * Math.expm1(-10)) < 1e-15);
  assert.equal(await frame.evaluate(() => origin), 'null', 'the frame is sandboxed');
  assert.deepEqual(problems.filter((p) => !p.includes('Blocked script execution') && !p.includes('allow-same-origin')), []);
  await close();
});

test('index.html opened from disk loads the wasm from the script beside it', PER_TEST, async () => {
  const { page, problems, close } = await open(`${pathToFileURL(join(distDir, 'index.html')).href}?fn=leaky_relu&alpha=0.2`);
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 20000 });
  assert.equal(await leakyFirst(page), -2);
  assert.deepEqual(problems, []);
  await close();
});
