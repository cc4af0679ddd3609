// Downloads and the data table, as a reader uses them: keyboard-reachable buttons under the
// chart, files with the numbers on screen, a table a screen reader can walk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, PER_TEST, plotData, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

async function download(page, buttonText) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    page.click(`.chart-tools button:text-is("${buttonText}")`),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('PNG, SVG, CSV and JSON downloads hold the chart, the samples and the view', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=leaky_relu&alpha=0.2&fn2=relu&n=11&from=-1&to=1');
  const png = await download(page, 'PNG');
  assert.equal(png.name, 'activation-explorer-leaky_relu-relu.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  const svg = await download(page, 'SVG');
  assert.match(svg.bytes.toString('utf8'), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const csv = (await download(page, 'CSV')).bytes.toString('utf8').trim().split('\n');
  assert.equal(csv[0], 'x,leaky_relu_f,leaky_relu_df,relu_f,relu_df');
  assert.equal(csv.length, 12, 'a header and 11 samples (0 is on the grid)');
  const f = trace(await plotData(page), 'leaky_relu', 'value');
  const rows = csv.slice(1).map((line) => line.split(',').map(Number));
  rows.forEach((r, i) => assert.equal(r[1], f.y[i], `f at x = ${r[0]} as plotted`));
  assert.deepEqual(rows[5], [0, 0, 0.2, 0, 0], 'at the kink: PyTorch convention');
  const json = JSON.parse((await download(page, 'JSON')).bytes.toString('utf8'));
  assert.deepEqual(json.series[0], { function: 'leaky_relu', params: { alpha: 0.2 }, show: { f: true, df: true, d2f: false } });
  assert.equal(json.n, 11);
  assert.match(json.link, /fn=leaky_relu&alpha=0\.2/);
  assert.deepEqual(problems, []);
  await close();
});

test('the data table opens from the keyboard, follows the plot, and the chart has a text summary', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=leaky_relu&n=5&from=-2&to=2');
  assert.match(await page.getAttribute('figure.chart', 'aria-label'), /^Chart of each function f\(x\)/);
  assert.equal(await page.getAttribute('figure.chart', 'aria-describedby'), 'plot-summary');
  assert.match(await page.textContent('#plot-summary'), /Leaky ReLU \(α = 0\.01\): f goes from -0\.02 at x = -2 to 2 at x = 2.*f′ jumps at x = 0 from 0\.01 to 1\./);
  await page.focus('#table-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#table-toggle', 'aria-expanded'), 'true');
  const headings = await page.locator('#data-table thead th').allTextContents();
  assert.deepEqual(headings, ['x', 'Leaky ReLU (α = 0.01) f(x)', 'Leaky ReLU (α = 0.01) f′(x)']);
  assert.deepEqual(await page.locator('#data-table tbody tr').first().locator('th, td').allTextContents(), ['-2', '-0.02', '0.01']);
  await afterPlot(page, () => page.fill('#s0-alpha', '0.5'));
  assert.deepEqual(await page.locator('#data-table tbody tr').first().locator('th, td').allTextContents(), ['-2', '-1', '0.5']);
  await page.keyboard.press('Tab');
  await page.click('#table-toggle');
  assert.equal(await page.isHidden('#data-table'), true);
  assert.deepEqual(problems, []);
  await close();
});

test('with more samples than are drawn, the CSV and the table still hold every sample as plotted', PER_TEST, async () => {
  // Drawn: 2,001 points over [-1000, 1000], one per unit of x. GELU's minimum (-0.169971 at
  // x = -0.75) lies between them; once the input settles the summary names it from all samples.
  const { page, problems, close } = await openPage(session, '?fn=gelu&n=1000000&from=-1000&to=1000');
  assert.ok(trace(await plotData(page), 'gelu', 'value').x.length <= 2001, 'the plot draws 2,001 points');
  await page.waitForFunction(() => /^GELU: f goes from 0 at x = -1000 to 1000 at x = 1000, between -0\.169971 and 1000;/.test(document.getElementById('plot-summary').textContent), null, { timeout: 5000 });
  await afterPlot(page, () => page.fill('#x-from', '-4'));
  await afterPlot(page, () => page.fill('#x-to', '4'));
  await afterPlot(page, () => page.fill('#samples', '100001'));
  await page.fill('#x-from', '9'); // refused (from ≥ to): the plot, and so the files, stay as they were
  await page.waitForFunction(() => !document.getElementById('message').hidden);
  const csv = (await download(page, 'CSV')).bytes.toString('utf8').trim().split('\n');
  assert.equal(csv.length, 1 + 100_001);
  assert.equal(csv[1].split(',')[0], '-4');
  const sample = csv[50_001].split(',').map(Number);
  assert.equal(sample[0], 0);
  assert.equal(sample[1], 0, 'GELU(0) = 0');
  assert.equal(sample[2], 0.5, "GELU'(0) = 1/2");
  await page.click('#table-toggle');
  assert.match(await page.textContent('#data-table caption'), /^Every 50th of 100,001 samples/);
  assert.deepEqual(problems, []);
  await close();
});
