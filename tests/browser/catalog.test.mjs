// Issue 3 on the page: every catalog function plots, f″ and the depth view draw what the
// engine computes, and the properties state the catalog's facts and computed values.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, PER_TEST, plotData, screenshot, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

test('every catalog function can be picked and is plotted with its parameter controls', { timeout: 120_000 }, async () => {
  const { page, problems, close } = await openPage(session);
  const options = await page.locator('#s0-function option').evaluateAll((nodes) => nodes.map((o) => o.value));
  assert.equal(options.length, 23, 'the catalog\'s 22 functions, then "Your own formula…" (issue 19)');
  assert.equal(options.at(-1), 'expr');
  for (const id of options) {
    await afterPlot(page, () => page.selectOption('#s0-function', id));
    const data = await plotData(page);
    const f = trace(data, 's0', 'value');
    assert.equal(f.meta.function, id);
    assert.ok(f.y.some((y) => Number.isFinite(y)), `${id} has finite values`);
    const sliders = await page.locator('fieldset.series[data-key="s0"] input[type="range"]').count();
    const parameterCount = await page.evaluate((fid) => document.getElementById('s0-function').selectedOptions[0].value === fid, id);
    assert.ok(parameterCount, `${id} stays selected`);
    assert.ok(sliders <= 2, `${id}: one slider a parameter`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('parameter sliders follow the chosen function: Hardtanh has two, Sigmoid none', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.selectOption('#s0-function', 'hardtanh'));
  assert.equal(await page.locator('fieldset.series[data-key="s0"] input[type="range"]').count(), 2);
  await afterPlot(page, () => page.fill('#s0-max_val', '2'));
  let data = await plotData(page);
  assert.deepEqual(trace(data, 's0', 'derivative', 'limits').x, [-1, -1, 2, 2]);
  await afterPlot(page, () => page.selectOption('#s0-function', 'sigmoid'));
  assert.equal(await page.locator('fieldset.series[data-key="s0"] input[type="range"]').count(), 0);
  data = await plotData(page);
  assert.equal(trace(data, 's0', 'derivative', 'limits'), undefined, 'sigmoid has no kink');
  await close();
});

test('f″ appears in its own row when asked for, with gaps where it does not exist', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.selectOption('#s0-function', 'softsign'));
  await afterPlot(page, () => page.check('#s0-show-d2f'));
  const data = await plotData(page);
  const second = trace(data, 's0', 'second');
  const zero = second.x.indexOf(0);
  assert.ok(Number.isNaN(second.y[zero]), 'softsign″ jumps at 0');
  const x = second.x[zero + 10];
  assert.ok(Math.abs(second.y[zero + 10] - (-2 / (1 + x) ** 3)) < 1e-12);
  const layout = await page.evaluate(() => document.getElementById('plot').layout);
  assert.equal(layout.yaxis3.title.text, 'f″(x)');
  await close();
});

test('the depth view plots |f′(x)|^L on a log axis and follows the L slider', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.selectOption('#s0-function', 'sigmoid'));
  await afterPlot(page, () => page.check('#depth-on'));
  let data = await plotData(page);
  let depth = trace(data, 's0', 'depth');
  const derivative = trace(data, 's0', 'derivative');
  assert.equal(depth.y[100], derivative.y[100] ** 10, 'L = 10 by default');
  assert.equal(depth.y[100], 0.25 ** 10, "sigmoid′(0) = 1/4, so ten layers pass 1/4¹⁰");
  await page.focus('#depth-layers');
  await afterPlot(page, () => page.keyboard.press('End'));
  data = await plotData(page);
  depth = trace(data, 's0', 'depth');
  assert.equal(depth.y[100], 0.25 ** 50);
  const layout = await page.evaluate(() => document.getElementById('plot').layout);
  assert.equal(layout.yaxis3.type, 'log');
  assert.equal(layout.yaxis3.title.text, '|f′(x)|^50');
  console.log(`screenshot: ${await screenshot(page, 'depth-view.png')}`);
  await close();
});

test('properties state range and smoothness and compute f(0) and f′(0) per convention', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.selectOption('#s0-function', 'hardswish'));
  await afterPlot(page, () => page.fill('#x-from', '-4'));
  const card = await page.locator('#properties article[data-key="s0"]').textContent();
  assert.match(card, /Range\[−3\/8, ∞\)/);
  assert.match(card, /SmoothnessC⁰/);
  assert.match(card, /f\(0\)0/);
  assert.match(card, /f′\(0\)0\.5/);
  assert.match(await page.locator('#kink-note').textContent(), /Hardswish′ jumps at x = -3 from 0 \(left\) to -0\.5 \(right\); PyTorch ≥ 2\.7, JAX and TensorFlow \/ Keras return 0, PyTorch ≤ 2\.6 returns -0\.5\./);
  await afterPlot(page, () => page.selectOption('#s0-function', 'leaky_relu'));
  assert.match(await page.locator('#properties article[data-key="s0"]').textContent(), /f′\(0\)0\.01 \(PyTorch ≥ 2\.7, TensorFlow \/ Keras, PyTorch ≤ 2\.6\), 1 \(JAX\)/);
  // A frame at the kink of every convention: choosing one redraws f′ there with its value.
  await afterPlot(page, () => page.selectOption('#s0-function', 'selu'));
  await afterPlot(page, () => page.check('#at-kink-tensorflow'));
  const at0 = trace(await plotData(page), 's0', 'derivative', 'value');
  assert.deepEqual(at0.y, [1.0507009873554805], "TensorFlow's SELU′(0) is λ");
  await close();
});
