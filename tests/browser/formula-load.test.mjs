// The explorer's formula module loads only when a formula is shown: the page starts with the lean
// module (activation_explorer_core.wasm, no parser) and fetches activation_explorer.wasm instead
// for a formula link, or when the reader picks "Your own formula…" or a tab brings one; a failed
// load is named with the file and the last plot stays. Requests are logged, not timed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openUrl, PER_TEST, plotData, settled, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LEAN = 'activation_explorer_core.wasm';
const FULL = 'activation_explorer.wasm';
const fetched = (requests, name) => requests.some((url) => new URL(url).pathname.endsWith(`/${name}`));

async function open(path, { routes = {}, failFull = false } = {}) {
  const opened = await openUrl(session, 'about:blank', { routes, viewport: { width: 1366, height: 900 } });
  if (failFull) await opened.page.route(`**/${FULL}`, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await opened.page.goto(new URL(path, session.url).href);
  await opened.page.waitForSelector('#plot[data-state="ready"]', { timeout: 15000 });
  await settled(opened.page);
  return opened;
}

// The plot's f for series s0 against a full engine's sample of `text` on the page's grid, in the page.
async function plotMatchesFormula(page, text, params) {
  return page.evaluate(async ({ text, params }) => {
    const { loadEngine } = await import('./activation-engine.js');
    const engine = await loadEngine(new URL('activation_explorer.wasm', location.href));
    const registered = engine.registerFormula(text, { id: 'check' });
    if (!registered.ok) return registered.message;
    const query = new URLSearchParams(location.search);
    const sample = engine.sample({ functionId: 'check', params, from: Number(query.get('from') ?? -5), to: Number(query.get('to') ?? 5), n: Number(query.get('n') ?? 0) || 401 });
    const line = document.getElementById('plot').data.find((t) => t.meta.series === 's0' && t.meta.kind === 'value' && t.meta.marker === undefined);
    const byX = new Map(Array.from(sample.x, (x, i) => [x, sample.f[i]]));
    const differing = Array.from(line.x).findIndex((x, i) => Number.isFinite(line.y[i]) && !Object.is(byX.get(x), line.y[i]));
    return differing < 0 ? null : `f at x = ${line.x[differing]}: plot ${line.y[differing]}, engine ${byX.get(line.x[differing])}`;
  }, { text, params });
}

test('the default page fetches the lean module only; picking "Your own formula…" fetches the full one and draws the formula', PER_TEST, async () => {
  const { page, problems, requests, close } = await open('?');
  assert.ok(fetched(requests, LEAN), 'the lean module is fetched');
  assert.equal(fetched(requests, FULL), false, 'the formula module is not fetched for a page without a formula');
  await afterPlot(page, () => page.selectOption('#s0-function', 'expr'));
  assert.ok(fetched(requests, FULL), 'picking the formula fetches the formula module');
  assert.equal(await page.inputValue('#s0-function'), 'expr');
  assert.notEqual(await page.getAttribute('#formula', 'aria-invalid'), 'true');
  const text = await page.inputValue('#formula');
  const params = Object.fromEntries(await page.$$eval('.series-parameters input[type="text"]', (inputs) => inputs.map((i) => [i.id.replace(/^s0-/, ''), Number(i.value)])));
  assert.equal(await plotMatchesFormula(page, text, params), null);
  assert.deepEqual(problems, []);
  await close();
});

test('a formula link fetches the formula module (only) before its first draw, and draws the formula', PER_TEST, async () => {
  const { page, problems, requests, close } = await open('?fn=expr&expr=x*sigmoid(b*x)&b=1.702&fn2=relu');
  assert.ok(fetched(requests, FULL));
  assert.equal(fetched(requests, LEAN), false, 'the page loads the formula module at once, not the lean one first');
  assert.equal(await page.inputValue('#s0-function'), 'expr');
  assert.equal(await page.textContent('#url-notice'), '', 'no problem with the link');
  assert.equal(await plotMatchesFormula(page, 'x*sigmoid(b*x)', { b: 1.702 }), null);
  assert.deepEqual(problems, []);
  await close();
});

test('a formula module that cannot be fetched is named, the last plot stays, and the menu works on', PER_TEST, async () => {
  const { page, requests, close } = await open('?', { failFull: true });
  const before = trace(await plotData(page), 's0', 'value');
  await page.selectOption('#s0-function', 'expr');
  await page.waitForSelector('#message:not([hidden])');
  assert.ok(fetched(requests, FULL), 'the fetch was tried');
  assert.match(await page.textContent('#message'), /Your own formula: .*activation_explorer\.wasm.*404/);
  assert.equal(await page.inputValue('#s0-function'), 'leaky_relu', 'the menu shows the function still drawn');
  assert.deepEqual(trace(await plotData(page), 's0', 'value'), before, 'the last plot stays');
  await afterPlot(page, () => page.selectOption('#s0-function', 'relu'));
  assert.equal(await page.isHidden('#message'), true, 'another function draws, and the message goes');
  await close();
});

test('<activation-plot> without expr fetches the lean module only; one with expr fetches the formula module and draws it', PER_TEST, async () => {
  const body = (attributes) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Element</title>
<script type="module" src="activation-plot.js"></script></head><body><activation-plot ${attributes}></activation-plot></body></html>`;
  const plain = await openUrl(session, new URL('plain.html', session.url).href, { routes: { '**/plain.html': body('function="relu"') } });
  await plain.page.waitForSelector('activation-plot .js-plotly-plot', { timeout: 15000 });
  assert.ok(fetched(plain.requests, LEAN));
  assert.equal(fetched(plain.requests, FULL), false);
  assert.deepEqual(plain.problems, []);
  await plain.close();
  const formula = await openUrl(session, new URL('formula.html', session.url).href, { routes: { '**/formula.html': body('expr="x * sigmoid(b*x)" b="1.702"') } });
  await formula.page.waitForSelector('activation-plot .js-plotly-plot', { timeout: 15000 });
  await formula.page.waitForFunction(() => document.querySelector('activation-plot').view !== null);
  assert.ok(fetched(formula.requests, FULL));
  const view = await formula.page.evaluate(() => document.querySelector('activation-plot').view);
  assert.equal(view.expr, 'x * sigmoid(b*x)');
  assert.deepEqual(formula.problems, []);
  await formula.close();
});

test('a tab switch from a lab training a formula brings it to the explorer: the formula module is fetched first', PER_TEST, async () => {
  const opened = await openUrl(session, new URL('?view=lab&expr=x*sigmoid(b*x)&b=1.702&versus=relu', session.url).href, { viewport: { width: 1366, height: 900 } });
  const { page, problems, requests, close } = opened;
  await page.waitForSelector('#tab-explorer', { timeout: 15000 });
  await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'lab' && document.querySelector('#tab-lab[aria-selected="true"]'));
  await page.waitForTimeout(500);
  assert.equal(fetched(requests, FULL), false, 'the lab has its own module; the explorer\'s formula module waits');
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15000 });
  await settled(page);
  assert.ok(fetched(requests, FULL));
  assert.equal(await page.inputValue('#s0-function'), 'expr');
  assert.equal(new URL(page.url()).searchParams.get('expr'), 'x*sigmoid(b*x)');
  assert.equal(await plotMatchesFormula(page, 'x*sigmoid(b*x)', { b: 1.702 }), null);
  assert.deepEqual(problems, []);
  await close();
});
