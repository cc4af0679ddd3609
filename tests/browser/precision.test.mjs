// The dtype picker: in a low-precision dtype the page plots what PyTorch's CPU kernels return,
// shades where f′ is exactly 0 and says so in a sentence; the URL keeps the dtype.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, PER_TEST, plotData, screenshot, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const shapes = (page) => page.evaluate(() => (document.getElementById('plot').layout.shapes ?? []).map((s) => [s.x0, s.x1]));

test('a link with dtype=bfloat16 draws the bfloat16 kernel, shades its zero tails and names them', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=tanh&from=-10&to=10&n=201&dtype=bfloat16', { viewport: { width: 1366, height: 900 } });
  assert.equal(await page.inputValue('#dtype'), 'bfloat16');
  const note = await page.textContent('#kink-note');
  assert.match(note, /In bfloat16, Tanh′ is exactly 0 for \|x\| ≥ 3\.46875; Tanh is exactly -1 for x ≤ -3\.46875 and 1 for x ≥ 3\.46875\./);
  assert.deepEqual(await shapes(page), [[-10, -3.46875], [3.46875, 10]]);
  const df = trace(await plotData(page), 'tanh', 'derivative');
  const at = (x) => df.y[df.x.findIndex((v) => v === x)];
  assert.equal(at(3.5), 0, 'exactly 0 where torch.tanh on bfloat16 gives 0');
  assert.equal(at(3), 0.0078125, 'torch.tanh on bfloat16: y = 0.99609375, 1 − y² rounds to 2⁻⁷');
  console.log(`screenshot: ${await screenshot(page, 'precision-bfloat16.png')}`);
  assert.deepEqual(problems, []);

  // Back to float64: exact again, no bands, no sentence, and the URL drops the key.
  await afterPlot(page, () => page.selectOption('#dtype', 'float64'));
  assert.deepEqual(await shapes(page), []);
  assert.doesNotMatch(await page.textContent('figcaption'), /In bfloat16/);
  const exact = trace(await plotData(page), 'tanh', 'derivative');
  assert.ok(exact.y[exact.x.findIndex((v) => v === 3.5)] > 0.003, 'float64 keeps sech² 3.5');
  assert.doesNotMatch(new URL(page.url()).search, /dtype=/);
  await afterPlot(page, () => page.selectOption('#dtype', 'float32'));
  assert.match(new URL(page.url()).search, /dtype=float32/);
  await close();
});

test('a bad dtype in the URL is named and float64 is used; a range beyond float16 is refused with the reason', PER_TEST, async () => {
  const bad = await openPage(session, '?fn=relu&dtype=float8');
  assert.match(await bad.page.textContent('body'), /dtype: "float8" should be one of float64, float32, bfloat16, float16\./);
  assert.equal(await bad.page.inputValue('#dtype'), 'float64');
  await bad.close();
  const wide = await openPage(session, '?fn=relu&dtype=float16&from=-1e5&to=1e5');
  assert.match(await wide.page.textContent('body'), /In float16 the x-range must lie within ±65504/);
  assert.ok(trace(await plotData(wide.page), 'relu', 'value').x.length > 0, 'the last good range is drawn instead');
  await wide.close();
});
