// The page as a person uses it: loads clean under its CSP, the slider and number field
// change the plotted numbers, the convention moves the dot, the kink keeps its gap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, PER_TEST, plotData, screenshot, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const leakyAt = (x, alpha) => (x > 0 ? x : alpha * x);

test('the page loads with both functions plotted and no console error or CSP violation', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  const data = await plotData(page);
  const f = trace(data, 'leaky_relu', 'value');
  assert.equal(f.x.length, 201);
  assert.equal(f.x[0], -10);
  assert.equal(f.y[0], leakyAt(-10, 0.01));
  assert.ok(trace(data, 'relu', 'value'), 'ReLU is overlaid');
  assert.match(await page.locator('#properties article[data-key="s0"] .formula math').first().innerHTML(), /<mn>0\.01<\/mn>/);
  assert.match(await page.locator('#kink-note').textContent(), /Leaky ReLU′ jumps at x = 0 from 0\.01 \(left\) to 1 \(right\)/);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  console.log(`screenshot: ${await screenshot(page, 'page-1280.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('arrow keys on the α slider change the plotted values', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await page.focus('#s0-alpha-slider');
  for (let i = 0; i < 3; i += 1) await afterPlot(page, () => page.keyboard.press('ArrowRight'));
  const alpha = Number(await page.inputValue('#s0-alpha'));
  assert.ok(Math.abs(alpha - 0.04) < 1e-12, `α after three steps of 0.01 is ${alpha}`);
  assert.equal(await page.getAttribute('#s0-alpha-slider', 'aria-valuetext'), 'α = 0.04');
  const f = trace(await plotData(page), 'leaky_relu', 'value');
  assert.equal(f.y[0], leakyAt(-10, alpha));
  assert.equal(f.y[50], leakyAt(f.x[50], alpha));
  assert.deepEqual(problems, []);
  await close();
});

test('typing an exact α redraws with that value, and a preset sets it exactly', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await afterPlot(page, () => page.fill('#s0-alpha', '0.25'));
  let data = await plotData(page);
  assert.equal(trace(data, 'leaky_relu', 'value').y[0], -2.5);
  assert.equal(trace(data, 'leaky_relu', 'derivative').y[0], 0.25);
  assert.match(trace(data, 'leaky_relu', 'value').name, /α = 0\.25/);
  await afterPlot(page, () => page.click('.presets button:has-text("e⁻²")'));
  assert.equal(await page.inputValue('#s0-alpha'), '0.1353352832366127');
  data = await plotData(page);
  assert.equal(trace(data, 'leaky_relu', 'value').y[0], -1.353352832366127, 'seed 003 first value');
  assert.deepEqual(problems, []);
  await close();
});

test('the convention toggle moves the filled dot between α and 1', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await afterPlot(page, () => page.fill('#s0-alpha', '0.2'));
  let data = await plotData(page);
  assert.deepEqual(trace(data, 'leaky_relu', 'derivative', 'value').y, [0.2]);
  assert.deepEqual(trace(data, 'leaky_relu', 'derivative', 'limits').y, [0.2, 1]);
  await afterPlot(page, () => page.check('#at-kink-jax'));
  data = await plotData(page);
  assert.deepEqual(trace(data, 'leaky_relu', 'derivative', 'value').y, [1]);
  assert.deepEqual(trace(data, 'relu', 'derivative', 'value').y, [0], 'ReLU′(0) is 0 in JAX too');
  assert.match(await page.locator('label[for="at-kink-jax"]').textContent(), /f′\(0\) = 1/);
  assert.match(await page.locator('#properties article[data-key="s0"] .formula math').nth(1).innerHTML(), /≥/);
  assert.deepEqual(problems, []);
  await close();
});

test('the derivative line has its gap at x = 0 and meets both one-sided limits', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  const df = trace(await plotData(page), 'leaky_relu', 'derivative');
  const zeros = df.x.flatMap((x, i) => (x === 0 ? [i] : []));
  assert.equal(zeros.length, 3);
  assert.deepEqual(zeros.map((i) => df.y[i]), [0.01, NaN, 1]);
  assert.equal(df.y.filter((y) => Number.isNaN(y)).length, 1, 'one gap, nowhere else');
  await close();
});

test('range and sample fields redraw; bad values get a message and keep the last plot', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await afterPlot(page, () => page.fill('#samples', '20'));
  let f = trace(await plotData(page), 'leaky_relu', 'value');
  assert.equal(f.x.length, 21, '20 even samples plus the kink at 0');
  assert.ok(f.x.includes(0));
  for (const [field, text, expected] of [
    ['#x-from', 'abc', 'x from: "abc" is not a number.'],
    ['#x-from', '0,5', 'x from: "0,5" uses a decimal comma; write 0.5.'],
    ['#x-from', '50', 'The x-range needs from < to, got from 50 to 10.'],
    ['#samples', '1', 'The number of samples must be a whole number from 2 to 1000000, got 1.'],
    ['#samples', '1e9', 'The number of samples must be a whole number from 2 to 1000000, got 1000000000.'],
    ['#s0-alpha', '3', 'Leaky ReLU: α must be between 0 and 1, got 3.'],
  ]) {
    const revision = await page.getAttribute('#plot', 'data-revision');
    await page.fill(field, text);
    await page.waitForFunction((want) => document.getElementById('message').textContent === want, expected, { timeout: 5000 })
      .catch(async () => assert.fail(`${field} = ${text}: message was "${await page.textContent('#message')}"`));
    assert.equal(await page.getAttribute('#plot', 'data-revision'), revision, `${field} = ${text} keeps the plot`);
    await afterPlot(page, () => page.fill(field, { '#samples': '20', '#x-from': '-10' }[field] ?? '0.01'));
    assert.equal(await page.isHidden('#message'), true);
  }
  f = trace(await plotData(page), 'leaky_relu', 'value');
  assert.equal(f.x.length, 21);
  assert.deepEqual(problems, []);
  await close();
});

test('a burst of slider input loses nothing: the last value is the one plotted', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await afterPlot(page, () => page.evaluate(() => {
    const slider = document.getElementById('s0-alpha-slider');
    for (let i = 1; i <= 200; i += 1) {
      slider.value = String(i / 1000);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }));
  await page.waitForFunction(() => document.getElementById('plot').data[0].y[0] === 0.2 * -10);
  assert.equal(await page.inputValue('#s0-alpha'), '0.2');
  await close();
});

test('ReLU can be removed and another function added to compare', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await afterPlot(page, () => page.click('fieldset.series[data-key="s1"] button.remove'));
  assert.equal(trace(await plotData(page), 'relu', 'value'), undefined);
  await afterPlot(page, () => page.click('#add-series'));
  await afterPlot(page, () => page.selectOption('#s2-function', 'elu'));
  await afterPlot(page, () => page.fill('#s2-alpha', '0.5'));
  const data = await plotData(page);
  const elu = trace(data, 'elu', 'value');
  assert.equal(elu.meta.series, 's2');
  assert.ok(Math.abs(elu.y[0] - 0.5 * Math.expm1(-10)) < 1e-15);
  assert.deepEqual(trace(data, 'elu', 'derivative', 'limits').y, [0.5, 1]);
  assert.match(await page.locator('#properties article[data-key="s2"]').textContent(), /ELU \(α = 0\.5\)/);
  assert.deepEqual(problems, []);
  await close();
});

test('Plotly exports a PNG under the page CSP', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await page.hover('#plot');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    page.click('.modebar-btn[data-title="Download plot as a PNG"], .modebar-btn[data-title="Download plot as a png"]'),
  ]);
  assert.match(download.suggestedFilename(), /^activation-explorer\.png$/);
  assert.deepEqual(problems, []);
  await close();
});

test('slider input to the end of the redraw, measured (printed, not asserted)', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  const timings = await page.evaluate(async () => {
    const slider = document.getElementById('s0-alpha-slider');
    const plotEl = document.getElementById('plot');
    const times = [];
    for (let i = 0; i < 40; i += 1) {
      const done = new Promise((resolve) => plotEl.once('plotly_afterplot', resolve));
      const start = performance.now();
      slider.value = String(((i % 20) + 1) / 100);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await done;
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b);
  });
  const p = (q) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))].toFixed(1);
  console.log(`slider input → plotly_afterplot at n = 201 (two functions): p50 ${p(0.5)} ms, p95 ${p(0.95)} ms over ${timings.length} moves`);
  assert.equal(timings.length, 40);
  await close();
});

test('a million samples: drawn with 2,001 points and the kink, computed in full for the table, and the page says so', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session);
  await afterPlot(page, () => page.fill('#samples', '1000000'));
  const df = trace(await plotData(page), 'leaky_relu', 'derivative');
  assert.ok(df.x.length <= 2001 + 3, `${df.x.length} points drawn`);
  assert.deepEqual(df.x.flatMap((x, i) => (x === 0 ? [df.y[i]] : [])), [0.01, NaN, 1], 'the jump is drawn at 0');
  assert.match(await page.textContent('#draw-note'), /^Drawn with 2,00\d evenly spaced points per curve \(every kink included\), which looks the same and redraws faster; the data table and the CSV hold all 1,000,000 samples of the grid and the kinks\.$/);
  await page.click('#table-toggle');
  assert.match(await page.textContent('#data-table caption'), /of 1,000,001 samples/, 'the table has every sample and the kink');
  await afterPlot(page, () => page.fill('#samples', '201'));
  assert.equal(await page.textContent('#draw-note'), '');
  assert.deepEqual(problems, []);
  await close();
});

test('the footer shows the one version number of the project (VERSION)', PER_TEST, async () => {
  const { readFileSync } = await import('node:fs');
  const version = readFileSync(new URL('../../VERSION', import.meta.url), 'utf8').trim();
  const { page, close } = await openPage(session);
  assert.equal(await page.textContent('footer .version'), `Activation Explorer ${version} · C++ → WebAssembly → Plotly.js`);
  await close();
});

// Issue 20: at the default α = 0.01 the two lines lie 0.01 apart on an axis from 0 to 1.
async function slopeLabels(page) {
  return page.evaluate(() => {
    const plot = document.getElementById('plot');
    const row = plot._fullLayout.yaxis2;
    const top = plot.getBoundingClientRect().top + row._offset;
    return {
      row: { top, bottom: top + row._length },
      labels: [...plot.querySelectorAll('.annotation')].map((a) => {
        const r = a.querySelector('.annotation-text-g').getBoundingClientRect();
        return { text: a.textContent, color: a.querySelector('text').style.fill, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    };
  });
}

for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
  test(`at ${viewport.width} × ${viewport.height} the f′ row says Leaky ReLU′ is α = 0.01 left of 0 against ReLU′'s 0, and follows α`, PER_TEST, async () => {
    const { page, problems, close } = await openPage(session, '', { viewport });
    const check = async (alpha) => {
      const { row, labels } = await slopeLabels(page);
      assert.deepEqual(labels.map((l) => l.text).sort(), ['f′ = 0 for x < 0', `f′ = α = ${alpha} for x < 0`]);
      for (const l of labels) assert.ok(l.top >= row.top && l.bottom <= row.bottom, `"${l.text}" inside the f′ row`);
      const [a, b] = labels;
      assert.ok(a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left, 'the labels do not overlap');
      assert.notEqual(a.color, b.color, 'each in its series\' colour');
    };
    await check(0.01);
    await afterPlot(page, () => page.click('fieldset.series[data-key="s0"] .presets button[data-value="0.3"]'));
    await check(0.3);
    console.log(`screenshot: ${await screenshot(page, `slope-labels-${viewport.width}.png`)}`);
    assert.deepEqual(problems, []);
    await close();
  });
}

test('preset captions say what the value is, from the catalog, not which document had it', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  const captions = await page.locator('fieldset.series[data-key="s0"] .preset-source').allTextContents();
  const catalog = await page.evaluate(async () => (await import('./activation-explorer.js')).loadEngine().then((e) => e.catalog));
  assert.deepEqual(captions, catalog.functions.find((f) => f.id === 'leaky_relu').parameters[0].presets.map((p) => p.source));
  for (const caption of captions) assert.doesNotMatch(caption, /tutorial$|notebook|docs'/, caption);
  await close();
});
