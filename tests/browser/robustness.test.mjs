// Bad input from anywhere gets a clear message and the last good plot stays; the page fails
// gracefully, and says why, when WebAssembly, the wasm file or Plotly is missing or blocked.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { distDir } from '../support/paths.mjs';
import { afterPlot, closeContext, openPage, openUrl, PER_TEST, plotData, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

// Each hostile case also checks that nothing it carries ran.
async function nothingRan(page) {
  return page.evaluate(() => window.__pwned === undefined && document.querySelectorAll('img[src="x"], script:not([src])').length === 0);
}

const URL_CASES = [
  ['?fn=leaky_relu&alpha=NaN', 'alpha: "NaN" is not a number.'],
  ['?fn=leaky_relu&alpha=Infinity', 'alpha: "Infinity" is not a number.'],
  ['?fn=leaky_relu&alpha=1e400', 'alpha: 1e400 is too large to represent.'],
  ['?fn=leaky_relu&alpha=', 'alpha is empty: type a number.'],
  ['?fn=leaky_relu&alpha=0.2&alpha=0.3', '"alpha" is given more than once; the first value is used.'],
  ['?colour=red', '"colour" is not a setting here and is ignored.'],
  // The RTL override stays inside an isolate (FSI … PDI), so the rest of the line keeps its order.
  ['?fn=leaky_relu&alpha=%CE%B1%E2%80%AE', 'alpha: "\u2068α\u202e\u2069" is not a number.'],
  ['?fn=leaky_relu&alpha=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E', 'alpha: ""><img src=x onerror=window.__pwned=1>" is not a number.'],
  ['?fn=javascript:window.__pwned=1', 'fn: "javascript:window.__pwned=1" is not a function here; see the menu for the 22 there are.'],
  ['?%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E=1', '"<script>window.__pwned=1</script>" is not a setting here and is ignored.'],
  ['?from=5&to=1', 'from=5 and to=1: the x-range needs from < to; the default range is used.'],
  ['?n=0', 'n: the number of samples must be a whole number from 2 to 1000000, got 0.'],
  ['?n=1e9', 'n: the number of samples must be a whole number from 2 to 1000000, got 1e9.'],
  ['?at_kink=%00', 'at_kink: "\u0000" should be one of pytorch, jax, tensorflow, pytorch_2_6.'],
];

test('hostile and careless URLs: each bad setting is named, the default plot is drawn, nothing runs', { timeout: 180_000 }, async () => {
  for (const [search, expected] of URL_CASES) {
    const { page, problems, close } = await openPage(session, search);
    const notice = await page.locator('#url-notice li').allTextContents();
    assert.ok(notice.includes(expected), `${search}: notice was ${JSON.stringify(notice)}`);
    assert.equal(await page.getAttribute('#plot', 'data-state'), 'ready', search);
    assert.ok(await nothingRan(page), `${search}: nothing from the URL ran`);
    assert.deepEqual(problems.filter((p) => !p.startsWith('console: Failed to load resource')), [], search);
    await afterPlot(page, () => page.click('#url-notice .dismiss').then(() => page.fill('#x-to', '9')));
    assert.equal(await page.isHidden('#url-notice'), true, 'the notice can be dismissed');
    await close();
  }
});

test('the URL follows the view, and a copied link reproduces it', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.fill('#s0-alpha', '0.3'));
  await afterPlot(page, () => page.check('#at-kink-jax'));
  const link = page.url();
  assert.match(link, /alpha=0\.3/);
  assert.match(link, /at_kink=jax/);
  const before = await plotData(page);
  const copy = await openPage(session, new URL(link).search);
  assert.deepEqual(await plotData(copy.page), before);
  assert.equal(await copy.page.isHidden('#url-notice'), true);
  await copy.close();
  await close();
});

const FIELD_CASES = [
  ['#s0-alpha', 'abc', 'α =: "abc" is not a number.'],
  ['#s0-alpha', '0,5', 'α =: "0,5" uses a decimal comma; write 0.5.'],
  ['#s0-alpha', '1e-400', 'α =: 1e-400 is too small to represent (it rounds to 0).'],
  ['#s0-alpha', '   ', 'α = is empty: type a number.'],
  ['#s0-alpha', '1e999', 'α =: 1e999 is too large to represent.'],
  ['#s0-alpha', '<img src=x onerror=window.__pwned=1>', 'α =: "<img src=x onerror=window.__pwned=1>" is not a number.'],
  ['#x-from', '10', 'The x-range needs from < to, got from 10 to 10.'],
  ['#x-to', '-1e308', 'The x-range needs from < to, got from -10 to -1e+308.'],
  ['#samples', '0', 'The number of samples must be a whole number from 2 to 1000000, got 0.'],
  ['#samples', '1', 'The number of samples must be a whole number from 2 to 1000000, got 1.'],
  ['#samples', '1e9', 'The number of samples must be a whole number from 2 to 1000000, got 1000000000.'],
  ['#samples', '3.5', 'The number of samples must be a whole number from 2 to 1000000, got 3.5.'],
];

test('typed fields: each bad value gets its message and the last good plot stays', { timeout: 120_000 }, async () => {
  const { page, problems, close } = await openPage(session);
  const good = { '#s0-alpha': '0.01', '#x-from': '-10', '#x-to': '10', '#samples': '201' };
  for (const [field, text, expected] of FIELD_CASES) {
    const before = await plotData(page);
    const revision = await page.getAttribute('#plot', 'data-revision');
    await page.fill(field, text);
    await page.waitForFunction((want) => document.getElementById('message').textContent === want, expected, { timeout: 5000 })
      .catch(async () => assert.fail(`${field} = ${text}: message was "${await page.textContent('#message')}"`));
    assert.equal(await page.getAttribute(field, 'aria-invalid') ?? 'false', field === '#s0-alpha' ? 'true' : 'false');
    assert.equal(await page.getAttribute('#plot', 'data-revision'), revision, `${field} = ${text} keeps the plot`);
    assert.deepEqual(await plotData(page), before);
    assert.ok(await nothingRan(page));
    await afterPlot(page, () => page.fill(field, good[field]));
  }
  assert.deepEqual(problems, []);
  await close();
});

// A copy of dist/ with one thing broken, served on its own.
async function brokenSite(name, breakIt) {
  const root = mkdtempSync(join(tmpdir(), `ae-${name}-`));
  cpSync(distDir, root, { recursive: true });
  breakIt(root);
  const broken = await startSession({ root });
  return { broken, cleanup: async () => { await broken.close(); rmSync(root, { recursive: true, force: true }); } };
}

const FAILURES = [
  ['wasm blocked by a CSP without wasm-unsafe-eval', (root) => {
    const file = join(root, 'index.html');
    const html = readFileSync(file, 'utf8');
    const blocked = html.replace("script-src 'self' 'wasm-unsafe-eval';", "script-src 'self';");
    assert.notEqual(blocked, html, "the CSP's script-src was found and changed");
    writeFileSync(file, blocked);
  }, "This page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' to its script-src to show the plot."],
  // The page starts with the lean module and falls back to the full one (a host that copied only
  // activation_explorer.wasm), so the engine fails when neither can be used; the last tried is named.
  ['wasm file missing', (root) => ['activation_explorer_core.wasm', 'activation_explorer.wasm'].forEach((f) => rmSync(join(root, f))),
    'The calculation engine (activation_explorer.wasm) could not be loaded: 404 Not Found.'],
  ['wasm file corrupt', (root) => ['activation_explorer_core.wasm', 'activation_explorer.wasm'].forEach((f) => writeFileSync(join(root, f), Buffer.from('not a wasm module at all'))),
    'The calculation engine (activation_explorer.wasm) is damaged or from another version:'],
  ['Plotly missing', (root) => rmSync(join(root, 'vendor', 'plotly-core.min.js')),
    'The plotting library did not load (vendor/plotly-core.min.js is missing or blocked).'],
];

for (const [name, breakIt, expected] of FAILURES) {
  test(`fails gracefully and explains: ${name}`, PER_TEST, async () => {
    const { broken, cleanup } = await brokenSite(name.replace(/\W+/g, '-'), breakIt);
    try {
      const { page, problems } = await openPage(broken, '', { waitForPlot: false });
      await page.waitForSelector('#plot[data-state="failed"]', { timeout: 10000 });
      assert.ok((await page.textContent('#message')).startsWith(expected), await page.textContent('#message'));
      assert.ok((await page.textContent('#plot')).startsWith(expected));
      assert.deepEqual(problems.filter((p) => p.startsWith('exception')), [], 'no uncaught exception');
    } finally {
      // A failed assertion must not leave a server and a browser keeping the test process alive.
      await cleanup();
    }
  });
}

test('without the lean module the page plots with the full one', PER_TEST, async () => {
  const { broken, cleanup } = await brokenSite('lean-missing', (root) => rmSync(join(root, 'activation_explorer_core.wasm')));
  try {
    const { page, problems } = await openPage(broken, '');
    assert.equal(await page.getAttribute('#plot', 'data-state'), 'ready');
    assert.deepEqual(problems.filter((p) => p.startsWith('exception')), [], 'no uncaught exception');
  } finally {
    await cleanup();
  }
});

test('with JavaScript disabled the page says what it needs', PER_TEST, async () => {
  const context = await session.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(session.url);
  assert.match(await page.locator('#explorer').innerText(), /needs JavaScript and WebAssembly/);
  await context.close();
});

test('soak: 10,000 random slider moves, field edits and URL states; memory constant, the plot always the last input', { timeout: 240_000 }, async () => {
  const { page, problems, close } = await openPage(session);
  const report = await page.evaluate(async () => {
    const plotEl = document.getElementById('plot');
    const samples = document.getElementById('samples');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    let seed = 12345;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const expected = { alpha: 0.01, from: -10 };
    let mismatches = 0;
    let urlStates = 0;
    let badUrlStates = 0;
    let firstMemory = null;
    const memories = new Set();
    for (let i = 1; i <= 10000; i += 1) {
      if (i % 100 === 0) {
        // A URL state, as back/forward brings it: sometimes with a value the page must refuse.
        urlStates += 1;
        const alpha = Math.round(random() * 1000) / 1000;
        const from = -1 - Math.floor(random() * 20);
        const bad = random() < 0.25;
        if (bad) badUrlStates += 1;
        history.pushState(null, '', `?fn=leaky_relu&alpha=${bad ? '"><b>x' : alpha}&from=${from}&to=5&at_kink=${random() < 0.5 ? 'jax' : 'pytorch'}`);
        window.dispatchEvent(new PopStateEvent('popstate'));
        Object.assign(expected, { alpha: bad ? 0.01 : alpha, from });
        if (bad !== !document.getElementById('url-notice').hidden) mismatches += 1;
      } else {
        // The slider of whichever editor the last URL state built.
        const slider = document.querySelector('fieldset.series input[type="range"]');
        slider.value = String(Math.round(random() * 1000) / 1000);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        expected.alpha = Number(slider.value);
      }
      if (i % 500 === 50) {
        samples.value = String(2 + Math.floor(random() * 4000));
        samples.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (i % 50 === 0) {
        await frame();
        const f = plotEl.data.find((t) => t.meta.kind === 'value');
        if (f.x[0] !== expected.from || f.y[0] !== expected.alpha * f.x[0]) mismatches += 1;
        if (i === 1000) firstMemory = plotEl.dataset.wasmMemory;
        if (i >= 1000) memories.add(plotEl.dataset.wasmMemory);
      }
    }
    return { mismatches, urlStates, badUrlStates, firstMemory, memories: [...memories], heap: performance.memory?.usedJSHeapSize };
  });
  console.log(`soak: 10000 inputs (${report.urlStates} URL states, ${report.badUrlStates} of them with a bad value), ${report.mismatches} mismatches, wasm memory ${report.memories.join(', ')} bytes after the first 1000, JS heap ${report.heap} bytes`);
  assert.equal(report.mismatches, 0);
  assert.equal(report.urlStates, 100);
  assert.deepEqual(report.memories, [report.firstMemory], 'wasm memory constant once sized');
  assert.deepEqual(problems, []);
  await close();
});

// Ranges that pass the URL's check (finite, from < to) but that the engine refuses.
const REFUSED_RANGES = [
  ['?from=-1e308&to=1e308', 'The x-range is too wide: to − from overflows.'],
  ['?from=0&to=1e-310&n=1000', 'The x-range from 0 to 1e-310 is too narrow for 1000 distinct samples.'],
  ['?fn=elu&from=1&to=1.0000000000000002&n=5', 'The x-range from 1 to 1.0000000000000002 is too narrow for 5 distinct samples.'],
];

test('a range the engine refuses falls back to the default range with a message, on load and on back', PER_TEST, async () => {
  for (const [search, reason] of REFUSED_RANGES) {
    const { page, problems, close } = await openPage(session, search);
    assert.equal(await page.textContent('#message'), `${reason} The range from -10 to 10 with 201 samples is shown instead.`, search);
    assert.equal(await page.getAttribute('#message', 'data-kind'), 'warning');
    const f = trace(await plotData(page), 's0', 'value');
    assert.deepEqual([f.x[0], f.x.at(-1)], [-10, 10], `${search}: the default range is plotted`);
    assert.deepEqual([await page.inputValue('#x-from'), await page.inputValue('#x-to'), await page.inputValue('#samples')], ['-10', '10', '201']);
    assert.match(page.url(), /from=-10&to=10&n=201/, 'the URL holds the range that plotted');
    assert.deepEqual(problems, []);
    await close();
  }
  // Later, a view from history with a refused range keeps the last good range instead.
  const { page, close } = await openPage(session, '?from=-4&to=4');
  await page.evaluate(() => { history.pushState(null, '', '?from=-1e308&to=1e308'); history.pushState(null, '', '?from=-2&to=2'); });
  await afterPlot(page, () => page.evaluate(() => history.back()));
  assert.match(await page.textContent('#message'), /too wide.*The range from -4 to 4 with 201 samples is shown instead\.$/);
  await close();
});

test('a page path that starts with two slashes keeps the embed\'s "open" link on this site', PER_TEST, async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const origin = new URL(session.url).origin;
  // The same files served under a path that starts with "//", as a misconfigured host might.
  await page.route((url) => url.pathname.startsWith('//evil.example/'), async (route) => {
    const path = new URL(route.request().url()).pathname.slice('//evil.example'.length);
    route.fulfill({ response: await page.request.fetch(new URL(path === '/' ? '/index.html' : path, session.url).href) });
  });
  await page.goto(`${origin}//evil.example/?fn=elu&embed=1&controls=alpha`);
  await page.waitForSelector('#plot[data-state="ready"]');
  const href = await page.getAttribute('.open-full', 'href');
  assert.equal(new URL(href, page.url()).origin, origin, `the link ${href} stays on ${origin}`);
  assert.ok(href.startsWith(`${origin}//evil.example/?fn=elu`), href);
  assert.doesNotMatch(href, /embed=|controls=/);
  // The page may still be asking for its icon: closing waits for that handler's fetch.
  await closeContext(context);
});

test('closing a context waits for a route handler still fetching, so its fetch cannot reject unheard', PER_TEST, async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let outcome = 'handler never ran';
  await page.route('**/held.svg', async (route) => {
    outcome = 'handler started';
    await held;
    try {
      route.fulfill({ response: await page.request.fetch(new URL('favicon.svg', session.url).href) });
      outcome = 'fetched';
    } catch (error) {
      outcome = `fetch failed: ${error.message.split('\n')[0]}`;
    }
  });
  await page.goto(new URL('favicon.svg', session.url).href);
  await page.evaluate(() => { fetch('held.svg').catch(() => {}); });
  for (let i = 0; i < 50 && outcome === 'handler never ran'; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  setTimeout(release, 200);
  await closeContext(context);
  assert.equal(outcome, 'fetched', 'the handler finished its fetch before the context closed');
});

// A server refuses a request line this long (431); the single file opened from disk has no such
// limit, which is how the probe delivered it.
test('a 1 MB crafted query on the single file from disk: the page plots and names the problems briefly', PER_TEST, async () => {
  const query = `?fn=leaky_relu&alpha=${'1'.repeat(1 << 20)}x&${'1'.repeat(1 << 19)}a=1`;
  const { page, problems, close } = await openUrl(session, `${pathToFileURL(join(distDir, 'standalone.html')).href}${query}`);
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15000 });
  const notice = await page.locator('#url-notice li').allTextContents();
  assert.equal(notice.length, 2);
  assert.match(notice[0], /^alpha: "1{40}… \(1,048,577 characters\)" is not a number\.$/);
  assert.match(notice[1], /^"1{40}… \(524,289 characters\)" is not a setting here and is ignored\.$/);
  assert.deepEqual(problems, []);
  await close();
});
