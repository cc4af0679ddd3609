// Formula sides in the lab (issue 19): a link with expr and expr2 trains both formulas in the
// worker, the form shows them in their Formula fields with their parameters, a bad formula is
// named (in the link's notice, or under its field) while the last good run goes on, "Your own
// formula…" turns a side into one, and a phone keeps the lab's compact layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LAB_TEST = { timeout: 120_000 };
const param = (page, key) => new URL(page.url()).searchParams.get(key);
const steps = (page) => page.evaluate(() => Number(document.querySelector('.ae-lab')?.dataset.steps ?? -1));
const trainedTo = (page, n) => page.waitForFunction((k) => Number(document.querySelector('.ae-lab')?.dataset.steps) >= k, n, { timeout: 60_000 });
const LINK = `?view=lab&expr=${encodeURIComponent('max(0.01*x, x)')}&expr2=${encodeURIComponent('x * sigmoid(b*x)')}&b2=1.702&steps=30&speed=8&play=1`;

test('a link with expr and expr2 trains both formulas; the form shows them; a bad formula typed is named and the run goes on', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, LINK, { viewport: { width: 1366, height: 900 }, waitForPlot: false });
  await trainedTo(page, 30);
  assert.equal(await page.inputValue('#lab-fn-0'), 'expr');
  assert.equal(await page.inputValue('#lab-fn-1'), 'expr2');
  assert.equal(await page.inputValue('#lab-expr-0'), 'max(0.01*x, x)');
  assert.equal(await page.inputValue('#lab-expr-1'), 'x * sigmoid(b*x)');
  assert.equal(await page.inputValue('#lab-s1-b'), '1.702', 'the comparison side\'s parameter b, from b2');
  assert.equal(await page.textContent('label[for="lab-expr-0"]'), 'Formula');
  const summary = await page.textContent('.lab-summary');
  assert.match(summary, /^After 30 steps: max\(0\.01\*x, x\) .*x \* sigmoid\(b\*x\) \(b = 1\.702\)/, summary);
  assert.equal(await page.isHidden('.ae-url-notice'), true, 'nothing to name');

  // A bad formula: named under its field with its column; the link and the run stay.
  await page.fill('#lab-expr-0', 'max(0.01*x, x');
  await page.press('#lab-expr-0', 'Enter');
  const note = () => page.textContent('#lab-expr-0 ~ .field-error');
  await page.waitForFunction(() => document.querySelector('#lab-expr-0 ~ .field-error').textContent !== '');
  assert.match(await note(), /^Formula: column 4: expected "\)" to close the "\(" at column 4|^Formula: column \d+: /);
  assert.equal(param(page, 'expr'), 'max(0.01*x, x)');
  assert.equal(await steps(page), 30, 'the last good run stays');

  // A good one: the run starts again with it, and the link says it.
  await page.fill('#lab-expr-0', 'leaky_relu(x, a)');
  await page.press('#lab-expr-0', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('expr') === 'leaky_relu(x, a)');
  assert.equal(await note(), '');
  assert.equal(param(page, 'a'), '1');
  await page.fill('#lab-s0-a', '0.2');
  await page.press('#lab-s0-a', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('a') === '0.2');
  await page.click('#lab-play');
  await trainedTo(page, 30);
  assert.match(await page.textContent('.lab-summary'), /leaky_relu\(x, a\) \(a = 0\.2\)/);
  assert.deepEqual(problems, []);
  await close();
});

test('a bad expr in a link is named in the notice with its column, and the side stays; "Your own formula…" makes a side one', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab&expr=x*sigmod(x)&fn=elu&seed=3', { viewport: { width: 1366, height: 900 }, waitForPlot: false });
  await page.waitForSelector('.ae-lab[data-steps]');
  assert.match(await page.textContent('.ae-url-notice'), /expr: column 3: "sigmod" is not a function; did you mean sigmoid\?/);
  assert.equal(await page.inputValue('#lab-fn-0'), 'elu');
  await page.selectOption('#lab-fn-1', 'expr2');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('expr2') === 'relu(x)');
  assert.equal(param(page, 'versus'), null);
  assert.equal(await page.inputValue('#lab-expr-1'), 'relu(x)', 'the function it was, written as a formula that calls it');
  await page.click('#lab-step');
  await page.waitForFunction(() => Number(document.querySelector('.ae-lab').dataset.steps) === 1);
  // Back to a catalog function: the Formula field goes.
  await page.selectOption('#lab-fn-1', 'tanh');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('versus') === 'tanh');
  assert.equal(await page.locator('#lab-expr-1').count(), 0);
  assert.deepEqual(problems, []);
  await close();
});

test('on a phone (390×844) a formula side trains in the compact layout, its parameter in the toolbar, nothing wider than the screen', LAB_TEST, async () => {
  const link = `?view=lab&expr=${encodeURIComponent('x * sigmoid(b*x)')}&b=1.702&steps=20&speed=8&play=1`;
  const { page, problems, close } = await openPage(session, link, { viewport: { width: 390, height: 844 }, waitForPlot: false });
  await trainedTo(page, 20);
  assert.equal(await page.inputValue('.lab-toolbar #lab-s0-b'), '1.702');
  await page.click('.lab-settings > summary');
  assert.equal(await page.inputValue('#lab-expr-0'), 'x * sigmoid(b*x)');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  const field = await page.locator('#lab-expr-0').boundingBox();
  assert.ok(field.x >= 0 && field.x + field.width <= 390, `the Formula field spans ${field.x}..${field.x + field.width}`);
  assert.deepEqual(problems, []);
  await close();
});
