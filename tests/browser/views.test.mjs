// A third view, registered inside this test only (samples-view.mjs: a table of samples of the
// shown function), in front of the page's router and the element as they are: its tab
// appears and works, back and forward return to it, <activation-plot view="samples"> shows it,
// and its bad URL keys are named. Nothing in web/ knows it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { build } from 'esbuild';

import { closeContext, PER_TEST, screenshot, startSession } from './harness.mjs';

let session;
let pageScript;
let elementScript;
before(async () => {
  session = await startSession();
  // The page's and the element's entries as the build bundles them (cmake/wasm.cmake), each
  // with the test's view imported first: it registers itself before the host starts.
  const bundle = async (host, format) => {
    const result = await build({
      stdin: { contents: `import './samples-view.mjs';\nimport '../../web/${host}';\n`, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
      bundle: true, format, target: 'es2022', write: false, logLevel: 'warning',
    });
    return result.outputFiles[0].text;
  };
  pageScript = await bundle('app.js', 'iife');
  elementScript = await bundle('activation-plot.js', 'esm');
});
after(async () => { await session.close(); });

/** Opens `path` with app.js and activation-plot.js replaced by the bundles that carry the third view. */
async function open(path, { html = null, viewport = { width: 1100, height: 800 } } = {}) {
  const context = await session.browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  await page.route('**/app.js', (route) => route.fulfill({ contentType: 'text/javascript', body: pageScript }));
  await page.route('**/activation-plot.js', (route) => route.fulfill({ contentType: 'text/javascript', body: elementScript }));
  if (html) await page.route('**/tutorial.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(new URL(path, session.url).href);
  return { page, problems, close: () => closeContext(context) };
}

const rows = (page, scope = '') => page.locator(`${scope} .samples-view tbody tr`).count();
const firstRow = (page, scope = '') => page.locator(`${scope} .samples-view tbody tr`).first().locator('td').allTextContents()
  .then((cells) => cells.map(Number));
const tableOf = (page, functionId) => page.waitForSelector(`.samples-view[data-function="${functionId}"]`, { timeout: 15_000 });

test('a view registered by a test gets its tab, reads its keys and draws the engine\'s samples', PER_TEST, async () => {
  const { page, problems, close } = await open('?view=samples&fn=tanh&count=7');
  await tableOf(page, 'tanh');
  assert.equal(await page.textContent('#tab-samples'), 'Samples table');
  assert.equal(await page.getAttribute('#tab-samples', 'aria-selected'), 'true');
  assert.equal(await page.getAttribute('#tab-explorer', 'aria-selected'), 'false');
  assert.equal(await rows(page), 7);
  const [x, f] = await firstRow(page);
  assert.equal(x, -2);
  assert.ok(Math.abs(f - Math.tanh(-2)) < 1e-15, `tanh(-2) = ${f}`);
  // Its edits go into the URL through the router, with its name first.
  await page.click('#more-samples');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('count') === '8');
  assert.match(new URL(page.url()).search, /^\?view=samples&fn=tanh&count=8&at_kink=pytorch$/);
  assert.equal(await page.isHidden('.ae-url-notice'), true);
  console.log(`screenshot: ${await screenshot(page, 'third-view-page.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('its tab carries the explorer\'s function over, and back and forward return to each view', PER_TEST, async () => {
  const { page, problems, close } = await open('?fn=elu&alpha=0.5&at_kink=jax');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  await page.click('#tab-samples');
  await tableOf(page, 'elu');
  assert.match(new URL(page.url()).search, /^\?view=samples&fn=elu&alpha=0\.5&count=5&at_kink=jax$/);
  await page.goBack();
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  assert.equal(await page.getAttribute('#tab-explorer', 'aria-selected'), 'true');
  assert.equal(await page.locator('.samples-view').count(), 0, 'the table is gone');
  await page.goForward();
  await tableOf(page, 'elu');
  assert.equal(await page.getAttribute('#tab-samples', 'aria-selected'), 'true');
  assert.equal(await rows(page), 5);
  // And from the table back to the explorer by its tab: the function and the convention travel.
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  assert.match(new URL(page.url()).search, /^\?fn=elu&alpha=0\.5&from=-10&to=10&n=201&at_kink=jax$/);
  assert.deepEqual(problems, []);
  await close();
});

test('its bad URL keys are named by the URL layer, and the page names it among the views', PER_TEST, async () => {
  const { page, problems, close } = await open('?view=samples&fn=softmax&count=500&colour=red&count=3');
  await tableOf(page, 'relu');
  const notice = await page.locator('.ae-url-notice li').allTextContents();
  assert.equal(notice.length, 4, JSON.stringify(notice));
  assert.equal(notice[0], '"count" is given more than once; the first value is used.');
  assert.match(notice[1], /^fn: "softmax" should be one of leaky_relu, relu, .*tanh/);
  assert.deepEqual(notice.slice(2), ['count: a whole number from 2 to 50, got 500.', '"colour" is not a setting here and is ignored.']);
  assert.equal(await rows(page), 5, 'the default count');
  await close();
  const odd = await open('?view=nonsense');
  await odd.page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  assert.deepEqual(await odd.page.locator('#url-notice li').allTextContents(),
    ['view: "nonsense" is not a view here: lab (the dead-neuron lab), samples (the samples table), or none for the explorer, which is shown.']);
  assert.deepEqual([...problems, ...odd.problems], []);
  await odd.close();
});

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
const TUTORIAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Samples</title><script type="module" src="activation-plot.js"></script></head><body>
<activation-plot id="table" view="samples" fn="sigmoid" count="4"></activation-plot>
<activation-plot id="bad" view="SAMPLES" fn="tanh" count="x"></activation-plot>
<activation-plot id="plot" function="relu"></activation-plot>
</body></html>`;

test('<activation-plot view="samples"> shows it beside an explorer: live attributes, named problems, change on edits', PER_TEST, async () => {
  const { page, problems, close } = await open('tutorial.html', { html: TUTORIAL });
  await page.waitForSelector('#table .samples-view[data-function="sigmoid"]', { timeout: 15_000 });
  await page.waitForSelector('#plot .ae-plot[data-state="ready"]', { timeout: 15_000 });
  assert.equal(await rows(page, '#table'), 4);
  assert.equal((await firstRow(page, '#table'))[0], -2);
  assert.equal(await page.isHidden('#table .ae-url-notice'), true);
  await page.waitForSelector('#bad .samples-view[data-function="tanh"]');
  assert.deepEqual(await page.locator('#bad .ae-url-notice li').allTextContents(), ['view: "SAMPLES" is read as samples.', 'count: "x" is not a number.']);
  assert.match(await page.textContent('#bad .ae-url-notice'), /^Some attributes of <activation-plot view="samples"> were not used as given:/);
  // A live attribute is applied in place; an edit fires the element's change with the view's detail.
  await page.evaluate(() => document.getElementById('table').setAttribute('fn', 'tanh'));
  await page.waitForSelector('#table .samples-view[data-function="tanh"]');
  const detail = page.evaluate(() => new Promise((resolve) => {
    document.getElementById('table').addEventListener('change', (e) => resolve(e.detail), { once: true });
  }));
  await page.click('#table button');
  assert.deepEqual(await detail, { view: 'samples', functionId: 'tanh', params: {}, count: 5, atKink: 'pytorch', theme: 'auto' });
  assert.equal((await page.evaluate(() => document.getElementById('table').view)).count, 5);
  console.log(`screenshot: ${await screenshot(page, 'third-view-element.png')}`);
  assert.deepEqual(problems, []);
  await close();
});
