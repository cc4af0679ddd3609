// "Your own formula…" on the page (issue 19): the reader picks it, types a formula and sees f
// and f′ as the engine computes them, drags a parameter's slider, reloads the link and gets the
// same plot, and a bad formula is named with its column while the last plot stays. Typing is
// parsed and drawn at most once a frame. Every number is compared with the engine's own
// sample() of the same formula, in the page, not with numbers written here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, openUrl, PER_TEST, plotData, screenshot, settled, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const SERIES = 's0';

/**
 * Checks that every finite point the plot draws for series s0 (f and f′) is the engine's sample
 * of `text` with `params` at that x, on the page's grid, and that the plot draws all of them.
 */
async function assertPlotIsEngines(page, text, params) {
  const mismatch = await page.evaluate(async ({ text, params, series }) => {
    const { loadEngine } = await import('./activation-engine.js');
    window.__formulaEngine ??= await loadEngine(new URL('activation_explorer.wasm', location.href));
    const engine = window.__formulaEngine;
    engine.unregisterFormula('check');
    const registered = engine.registerFormula(text, { id: 'check' });
    if (!registered.ok) return `the engine refuses ${text}: ${registered.message}`;
    const query = new URLSearchParams(location.search);
    const grid = { from: Number(query.get('from')), to: Number(query.get('to')), n: Number(query.get('n')) };
    const sample = engine.sample({ functionId: 'check', params, ...grid });
    // At a tie the line is drawn to each one-sided limit (the convention's value is a marker).
    const { kinks } = engine.kinks({ functionId: 'check', params, ...grid });
    const plot = document.getElementById('plot').data;
    for (const [kind, key, sides] of [['value', 'f', ['fLeft', 'fRight']], ['derivative', 'df', ['dfLeft', 'dfRight']]]) {
      const line = plot.find((t) => t.meta.series === series && t.meta.kind === kind && t.meta.marker === undefined);
      const byX = new Map(Array.from(sample.x, (x, i) => [x, sample[key][i]]));
      const atKink = new Map(kinks.map((k) => [k.x, sides.map((side) => k[side])]));
      let matched = 0;
      for (let i = 0; i < line.x.length; i += 1) {
        if (!Number.isFinite(line.y[i])) continue;
        const limits = atKink.get(line.x[i]) ?? [];
        if (!Object.is(byX.get(line.x[i]), line.y[i]) && !limits.some((v) => Object.is(v, line.y[i]))) {
          return `${kind} at x = ${line.x[i]}: plot ${line.y[i]}, engine ${byX.get(line.x[i])}, limits ${limits}`;
        }
        matched += 1;
      }
      const finite = Array.from(sample[key]).filter(Number.isFinite).length;
      if (matched < finite) return `${kind}: the plot draws ${matched} of the engine's ${finite} finite samples`;
    }
    return null;
  }, { text, params, series: SERIES });
  assert.equal(mismatch, null);
}

const revision = (page) => page.evaluate(() => Number(document.getElementById('plot').dataset.revision));

async function pickFormula(page) {
  await afterPlot(page, () => page.selectOption(`#${SERIES}-function`, 'expr'));
}

test('"Your own formula…" opens a labelled Formula field, prefilled; typing a formula draws its f and f′ as the engine computes them', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '', { viewport: { width: 1366, height: 900 } });
  await pickFormula(page);
  const field = page.getByLabel('Formula', { exact: true });
  assert.equal(await field.getAttribute('id'), 'formula', 'the label is a real <label for>');
  const prefilled = await field.inputValue();
  assert.ok(prefilled.length > 0, 'the field starts with a formula');
  await assertPlotIsEngines(page, prefilled, Object.fromEntries(await page.$$eval('.series-parameters input[type="text"]', (inputs) => inputs.map((i) => [i.id.replace(/^s0-/, ''), Number(i.value)]))));
  await afterPlot(page, () => field.fill('x + sin(a*x)^2/a'));
  await assertPlotIsEngines(page, 'x + sin(a*x)^2/a', { a: 1 });
  assert.equal(await page.locator(`fieldset.series[data-key="${SERIES}"] .parameter legend .symbol`).textContent(), 'a', 'a is a parameter with its own slider');
  const label = trace(await plotData(page), SERIES, 'value').name;
  assert.match(label, /x \+ sin\(a\*x\)\^2\/a/);
  const shown = await page.locator('#properties article').first().locator('.formula math').first().evaluate((m) => m.outerHTML);
  const engines = await page.evaluate(() => window.__formulaEngine.formula({ functionId: 'check', params: { a: 1 }, which: 'value' }));
  assert.ok(engines.ok, engines.message);
  assert.equal(shown.replace(/ xmlns="[^"]*"/, ''), engines.mathml.replace(/ xmlns="[^"]*"/, ''), 'the formula is shown where a built-in shows its MathML, as the engine writes it');
  assert.match(shown, /<msup>/, 'as MathML (a power), not as the typed text');
  assert.deepEqual(problems, []);
  await close();
});

test('dragging a formula parameter\'s slider redraws with its value, and the link keeps it: a reload shows the same plot', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=x%20%2B%20sin(a*x)%5E2%2Fa&fn2=relu', { viewport: { width: 1366, height: 900 } });
  const slider = page.locator(`#${SERIES}-a-slider`);
  assert.deepEqual(await slider.evaluate((s) => [s.min, s.max, s.value]), ['-10', '10', '1'], 'the slider of the spec the engine returns');
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2 + 2, y);
  await page.mouse.down();
  await afterPlot(page, async () => {
    for (let x = box.x + box.width / 2; x <= box.x + box.width * 0.8; x += 10) await page.mouse.move(x, y);
    await page.mouse.up();
  });
  await page.waitForTimeout(100);
  await settled(page);
  const a = Number(await page.inputValue(`#${SERIES}-a`));
  assert.ok(a > 3 && a < 7, `dragged to a = ${a}`);
  await assertPlotIsEngines(page, 'x + sin(a*x)^2/a', { a });
  const query = new URL(page.url()).searchParams;
  assert.equal(query.get('expr'), 'x + sin(a*x)^2/a');
  assert.equal(Number(query.get('a')), a);
  const before = await plotData(page);
  await page.reload();
  await page.waitForSelector('#plot[data-state="ready"]');
  await settled(page);
  assert.equal(await page.inputValue('#formula'), 'x + sin(a*x)^2/a');
  assert.equal(Number(await page.inputValue(`#${SERIES}-a`)), a);
  assert.deepEqual(await plotData(page), before, 'the reloaded link draws the same data');
  assert.deepEqual(problems, []);
  await close();
});

test('a bad formula is named with its column, marked under it, and the last good plot and link stay', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=x*sigmoid(b*x)&b=1.702&fn2=relu', { viewport: { width: 1366, height: 900 } });
  const before = await plotData(page);
  const beforeRevision = await revision(page);
  const link = page.url();
  await page.fill('#formula', 'x * sigmod(b*x)');
  await page.waitForSelector('#formula[aria-invalid="true"]');
  const describedBy = await page.getAttribute('#formula', 'aria-describedby');
  const description = await page.textContent(`#${describedBy}`);
  assert.match(description, /column 5: "sigmod" is not a function; did you mean sigmoid\?/);
  const pointer = (await page.textContent(`#${describedBy} .formula-pointer`)).split('\n');
  assert.equal(pointer[0], 'x * sigmod(b*x)');
  assert.equal(pointer[1], '    ^^^^^^', 'the marker sits under column 5, as long as the name');
  assert.match(await page.textContent('#message'), /^Formula: column 5: "sigmod"/);
  assert.equal(await page.textContent(`#${describedBy} .formula-kept`), ' The plot and the sliders still show x*sigmoid(b*x).', 'the sliders on screen are said to be the drawn formula\'s');
  await page.waitForTimeout(200);
  assert.equal(await revision(page), beforeRevision, 'nothing was drawn');
  assert.deepEqual(await plotData(page), before, 'the last good plot stays');
  assert.equal(page.url(), link, 'the link keeps the last good formula');
  console.log(`screenshot: ${await screenshot(page, 'formula-bad-1366.png')}`);
  // Fixed, it draws again, and the message goes.
  await afterPlot(page, () => page.fill('#formula', 'x * sigmoid(b*x) + 1'));
  assert.equal(await page.getAttribute('#formula', 'aria-invalid'), 'false');
  assert.equal(await page.isHidden('#message'), true);
  await assertPlotIsEngines(page, 'x * sigmoid(b*x) + 1', { b: 1.702 });
  assert.deepEqual(problems, []);
  await close();
});

test('with the formula in two series, a text whose names would share a key in the link is named and not drawn', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=a*x&fn2=expr&a2=0.5');
  const before = await plotData(page);
  await page.fill('#formula', 'a*x + a2');
  await page.waitForFunction(() => !document.getElementById('message').hidden);
  // Refused at the name, as a parse error is: the field is marked, the words under it, no slider of the refused text.
  const said = 'column 7: a2= would set both a2 of function 1 and a of function 2 in the link; rename a parameter of the formula.';
  assert.equal(await page.textContent('#message'), `Formula: ${said}`);
  assert.equal(await page.getAttribute('#formula', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#formula-message .formula-error'), said);
  assert.equal((await page.textContent('#formula-message .formula-pointer')).split('\n')[1], '      ^^');
  assert.equal(await page.textContent('#formula-message .formula-kept'), ' The plot and the sliders still show a*x.');
  assert.equal(await page.locator(`#${SERIES}-a2`).count(), 0, 'no slider for the refused text\'s a2');
  assert.deepEqual(await plotData(page), before);
  await afterPlot(page, () => page.fill('#formula', 'a*x + a_2'));
  assert.equal(await page.isHidden('#message'), true);
  assert.equal(await page.getAttribute('#formula', 'aria-invalid'), 'false');
  assert.equal(await page.locator(`#${SERIES}-a_2`).count(), 1);
  assert.deepEqual(problems, []);
  await close();
});

test('a parameter value a catalog call refuses (leaky_relu(x, a) with a = 2) is named by the core and the plot stays', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?expr=leaky_relu(x,%20a)&a=0.5');
  const before = await plotData(page);
  await page.fill(`#${SERIES}-a`, '2');
  await page.waitForFunction(() => !document.getElementById('message').hidden);
  assert.match(await page.textContent('#message'), /column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 2\.$/);
  assert.deepEqual(await plotData(page), before);
  assert.deepEqual(problems, []);
  await close();
});

test('b = 50 typed in the number field is plotted and the slider widens to show it (issue 19: "widened by the number field")', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=x*sigmoid(b*x)&b=1.7');
  const slider = `#${SERIES}-b-slider`;
  assert.equal(await page.getAttribute(slider, 'max'), '10', 'the slider spans -10...10 by default');
  await afterPlot(page, () => page.fill(`#${SERIES}-b`, '50'));
  assert.equal(await page.evaluate(() => document.getElementById('message').hidden), true, 'no message');
  assert.equal(await page.getAttribute(slider, 'max'), '50');
  assert.equal(await page.inputValue(slider), '50');
  assert.equal(new URL(page.url()).searchParams.get('b'), '50');
  await assertPlotIsEngines(page, 'x*sigmoid(b*x)', { b: 50 });
  // Back inside -10...10, the slider is its own again; beyond the accepted range is named.
  await afterPlot(page, () => page.fill(`#${SERIES}-b`, '2'));
  assert.equal(await page.getAttribute(slider, 'max'), '10');
  await page.fill(`#${SERIES}-b`, '2000000');
  await page.waitForFunction(() => !document.getElementById('message').hidden);
  assert.match(await page.textContent('#message'), /b must be between -1000000 and 1000000, got 2000000/);
  assert.deepEqual(problems, []);
  await close();
});

test('thirty input events in one frame are parsed and drawn once, with the last text', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?fn=expr&expr=x*sigmoid(b*x)', { viewport: { width: 1366, height: 900 } });
  const counted = await page.evaluate(async () => {
    const plot = document.getElementById('plot');
    const input = document.getElementById('formula');
    let draws = 0;
    plot.on('plotly_afterplot', () => { draws += 1; });
    const revisionBefore = Number(plot.dataset.revision);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    for (let k = 1; k <= 30; k += 1) {
      input.value = `x * sigmoid(${k}*b*x)`;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    for (let f = 0; f < 6; f += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { draws, revisions: Number(plot.dataset.revision) - revisionBefore };
  });
  assert.deepEqual(counted, { draws: 1, revisions: 1 });
  await settled(page);
  await assertPlotIsEngines(page, 'x * sigmoid(30*b*x)', { b: 1 });
  await close();
});

test('an example loads with a click; the grammar is one click away and lists the core\'s functions', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=x*sigmoid(b*x)&fn2=relu', { viewport: { width: 1366, height: 900 } });
  await page.click('.formula-help summary:text-matches("^Examples")');
  await afterPlot(page, () => page.click('.formula-examples button:has(code:text-is("max(0.01*x, x)"))'));
  assert.equal(await page.inputValue('#formula'), 'max(0.01*x, x)');
  await assertPlotIsEngines(page, 'max(0.01*x, x)', {});
  assert.equal(await page.locator(`fieldset.series[data-key="${SERIES}"] .parameter`).count(), 0, 'no parameter, no slider');
  await page.click('.formula-help summary:text-is("Grammar")');
  const grammar = await page.textContent('.formula-grammar');
  for (const word of ['sigmoid(v)', 'clamp(a, b, c)', 'where(a, b, c)', 'leaky_relu(v, alpha)', 'pi']) assert.ok(grammar.includes(word), word);
  console.log(`screenshot: ${await screenshot(page, 'formula-grammar-1366.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a bad expr in the link is named and the page falls back; a parameter named like a URL key is refused at its column', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=x*sigmod(x)&fn2=relu');
  assert.match(await page.textContent('#url-notice'), /expr: "x\*sigmod\(x\)" cannot be used: column 3: "sigmod" is not a function/);
  assert.equal(await page.inputValue(`#${SERIES}-function`), 'leaky_relu', 'the default function, as for an unknown fn');
  await pickFormula(page);
  await page.fill('#formula', 'x * n');
  await page.waitForSelector('#formula[aria-invalid="true"]');
  assert.match(await page.textContent('#formula-message'), /column 5: "n" cannot name a parameter here: the page's link uses n= for something else/);
  assert.deepEqual(problems, []);
  await close();
});

test('<activation-plot expr="…" b="…"> draws the formula; a bad expr attribute is named', PER_TEST, async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Formula</title>
<script type="module" src="activation-plot.js"></script></head><body>
<activation-plot id="good" expr="x * sigmoid(b*x)" b="1.702" controls="b"></activation-plot>
<activation-plot id="bad" expr="x * (1 + x"></activation-plot></body></html>`;
  const { page, problems, close } = await openUrl(session, new URL('formula.html', session.url).href, { routes: { '**/formula.html': html } });
  for (const id of ['good', 'bad']) await page.waitForSelector(`#${id} .ae-plot[data-state="ready"]`, { timeout: 15000 });
  const drawn = await page.evaluate(() => {
    const t = document.querySelector('#good .ae-plot').data.find((d) => d.meta.kind === 'value');
    return { function: t.meta.function, name: t.name, slider: document.querySelector('#good input[type="range"]').id };
  });
  assert.deepEqual(drawn, { function: 'ap1-expr', name: 'x * sigmoid(b*x) (b = 1.702)', slider: 'ap1-s0-b-slider' });
  assert.deepEqual(await page.evaluate(() => document.getElementById('good').view.params), { b: 1.702 });
  assert.equal(await page.evaluate(() => document.getElementById('good').view.expr), 'x * sigmoid(b*x)');
  assert.match(await page.textContent('#bad .ae-url-notice'), /expr: "x \* \(1 \+ x" cannot be used: column 11: expected "\)" to close the "\(" at column 5/);
  // Attributes are live: a new expr redraws.
  await page.evaluate(() => document.getElementById('good').setAttribute('expr', 'relu(x)^2'));
  await page.waitForFunction(() => document.querySelector('#good .ae-plot').data.find((d) => d.meta.kind === 'value').name === 'relu(x)^2');
  assert.equal(await page.evaluate(() => document.getElementById('good').view.expr), 'relu(x)^2');
  assert.deepEqual(problems, []);
  await close();
});

test('a formula whose values Plotly cannot scale (1e-320*x, subnormal) draws like a constant: the plot, its controls, no exception', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=1e-320*x', { viewport: { width: 1366, height: 900 } });
  const yRange = () => page.evaluate(() => document.getElementById('plot')._fullLayout.yaxis.range);
  assert.deepEqual(await yRange(), [-1, 1], 'f row: its midpoint ± 1, as Plotly draws f = 0');
  assert.equal(await page.isVisible('#formula'), true, 'the controls stay');
  await assertPlotIsEngines(page, '1e-320*x', {});
  for (const text of ['1e-310*x', 'x*1e-200*1e-120']) {
    await afterPlot(page, () => page.fill('#formula', text));
    assert.equal(await page.getAttribute('#plot', 'data-state'), 'ready');
    await assertPlotIsEngines(page, text, {});
  }
  // A span Plotly can scale keeps its autorange, and so does a built-in.
  await afterPlot(page, () => page.fill('#formula', '1e-200*x'));
  const range = await yRange();
  assert.ok(range[1] > 1e-199 && range[1] < 1e-198, `1e-200*x keeps Plotly's own range, got ${range}`);
  await afterPlot(page, () => page.selectOption(`#${SERIES}-function`, 'relu'));
  assert.equal(await page.evaluate(() => document.getElementById('plot')._fullLayout.yaxis.autorange), true, 'a built-in is autoranged');
  assert.deepEqual(problems, []);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tiny</title>
<script type="module" src="activation-plot.js"></script></head><body><activation-plot expr="1e-320*x"></activation-plot></body></html>`;
  const element = await openUrl(session, new URL('tiny.html', session.url).href, { routes: { '**/tiny.html': html } });
  await element.page.waitForSelector('activation-plot .ae-plot[data-state="ready"]', { timeout: 15000 });
  assert.deepEqual(element.problems, []);
  await element.close();
  await close();
});

test('<activation-plot>: a bad expr set after a good one is named with its column and the good formula stays drawn with its controls', PER_TEST, async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Formula</title>
<script type="module" src="activation-plot.js"></script></head><body>
<activation-plot id="good" expr="x*sigmoid(b*x)" b="1.7" controls="b,function"></activation-plot>
<activation-plot id="relu" function="relu" expr="x^2"></activation-plot></body></html>`;
  const { page, problems, close } = await openUrl(session, new URL('keep.html', session.url).href, { routes: { '**/keep.html': html } });
  await page.waitForSelector('#good .ae-plot[data-state="ready"]', { timeout: 15000 });
  const drawn = () => page.evaluate(() => {
    const t = document.querySelector('#good .ae-plot').data.find((d) => d.meta.kind === 'value');
    return { function: t.meta.function, name: t.name, slider: document.querySelector('#good input[type="range"]')?.id.replace(/-s\d+-/, '-') ?? null, view: document.getElementById('good').view.expr };
  });
  const before = await drawn();
  assert.deepEqual(before, { function: 'ap1-expr', name: 'x*sigmoid(b*x) (b = 1.7)', slider: 'ap1-b-slider', view: 'x*sigmoid(b*x)' });
  await page.evaluate(() => document.getElementById('good').setAttribute('expr', 'x*(1+'));
  await page.waitForFunction(() => document.querySelector('#good .ae-url-notice').textContent.includes('x*(1+'));
  await page.waitForTimeout(200);
  const notice = await page.textContent('#good .ae-url-notice');
  assert.match(notice, /expr: "x\*\(1\+" cannot be used: column \d+: .*; the formula stays x\*sigmoid\(b\*x\)\./);
  assert.doesNotMatch(notice, /not a control here/);
  assert.deepEqual(await drawn(), before, 'the last good formula stays drawn, with its slider');
  assert.equal(await page.inputValue('#good select[id$="-function"]'), 'ap1-expr', 'the menu still shows the formula');
  // expr beside function="relu" is named, not ignored silently.
  await page.waitForSelector('#relu .ae-plot[data-state="ready"]', { timeout: 15000 });
  assert.match(await page.textContent('#relu .ae-url-notice'), /expr: "x\^2" is ignored: a formula is drawn only as a function "expr"/);
  assert.deepEqual(problems, []);
  await close();
});

test('the downloads and the embed code carry the formula', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=expr&expr=relu(x)%5E2&fn2=relu&n=5&from=-2&to=2');
  const download = async (text) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.chart-tools button:text-is("${text}")`)]);
    return readFileSync(await file.path(), 'utf8');
  };
  const csv = (await download('CSV')).trim().split('\n');
  assert.equal(csv[0], 'x,expr_f,expr_df,relu_f,relu_df');
  assert.deepEqual(csv[1].split(',').slice(0, 3).map(Number), [-2, 0, 0]);
  const json = JSON.parse(await download('JSON'));
  assert.deepEqual(json.series[0], { function: 'expr', expr: 'relu(x)^2', params: {}, show: { f: true, df: true, d2f: false } });
  await page.click('#copy-embed');
  assert.match(await page.inputValue('#embed-code'), /\?fn=expr&amp;expr=relu%28x%29%5E2&amp;fn2=relu&amp;/);
  assert.deepEqual(problems, []);
  await close();
});

// axe-core over the formula's controls with the examples and the grammar open and an error
// shown (injected past the page's CSP, as browser.accessibility does).
for (const [name, path, colorScheme] of [
  ['the page, light', '?fn=expr&expr=x*sigmoid(b*x)&fn2=relu', 'light'],
  ['the page, dark', '?fn=expr&expr=x*sigmoid(b*x)&fn2=relu&theme=dark', 'dark'],
  ['an embed with the field', '?fn=expr&expr=x*sigmoid(b*x)&embed=1&controls=function,b', 'light'],
]) {
  test(`axe-core finds no serious or critical violation in the formula's controls: ${name}`, PER_TEST, async () => {
    const context = await session.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(new URL(path, session.url).href);
    await page.waitForSelector('#plot[data-state="ready"]');
    for (const summary of await page.locator('.formula-help summary').all()) await summary.click();
    await page.fill('#formula', 'x * sigmod(b*x)');
    await page.waitForSelector('#formula[aria-invalid="true"]');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
    await context.close();
    assert.deepEqual(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), []);
  });
}
