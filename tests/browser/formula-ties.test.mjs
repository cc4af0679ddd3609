// A typed formula's ties as the page's honest-kink markers: a formula registered through the
// engine, sampled and drawn by the explorer's own modules (sampling.js, render.js, notes.js) on the
// served page, gets the open circles at both one-sided limits, the dot at the convention's value
// and the sentence saying who returns what, with no change to those modules. (The page's formula
// field and its `expr` URL key come with the page's formula UI; this test needs neither.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, PER_TEST, screenshot, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

// In the page: a second engine registers the formula; the explorer's modules sample it, draw it
// into the page's plot and write the notes under it, as the explorer does for a series.
async function drawFormula(page, text, atKink) {
  return page.evaluate(async ({ text, atKink }) => {
    const { loadEngine } = await import('/activation-engine.js');
    const { seriesSampler } = await import('/explorer/sampling.js');
    const { plotRenderer } = await import('/explorer/render.js');
    const { kinkNotes } = await import('/explorer/notes.js');
    const { THEMES } = await import('/plot-model.js');
    const engine = await loadEngine(new URL('/activation_explorer.wasm', location.href));
    const registered = engine.registerFormula(text);
    if (!registered.ok) return { message: registered.message };
    const view = { from: -10, to: 10, n: 201, atKink, dtype: 'float64' };
    const series = [{ key: 'formula', functionId: registered.functionId, params: {}, show: { f: true, df: true, d2f: false } }];
    const sampled = seriesSampler(engine)(series, view, THEMES.light.palette);
    if (!sampled.ok) return { message: sampled.message };
    const plot = document.getElementById('plot');
    plotRenderer({ engine, root: plot.closest('[data-theme]') ?? document.body, plot, onResize() {} })
      .draw(sampled.series, view, { theme: THEMES.light, themeName: 'light', depthLayers: 0 });
    const notes = kinkNotes(sampled.series, engine.catalog.conventions);
    document.getElementById('kink-note').textContent = notes.long;
    const markers = plot.data.filter((t) => t.meta?.function === registered.functionId && t.meta.marker);
    return {
      note: notes.long,
      markers: markers.map((t) => ({ kind: t.meta.kind, marker: t.meta.marker, x: Array.from(t.x), y: Array.from(t.y) })),
    };
  }, { text, atKink });
}

test('max(0.01*x, x) shows its tie at 0 as a kink, with each framework\'s f′(0)', PER_TEST, async () => {
  const expected = { pytorch: 0.505, tensorflow: 0.01, jax: 0.505 };
  for (const [atKink, value] of Object.entries(expected)) {
    const { page, problems, close } = await openPage(session, '?fn=leaky_relu&alpha=0.01', { viewport: { width: 1366, height: 900 } });
    const drawn = await drawFormula(page, 'max(0.01*x, x)', atKink);
    assert.equal(drawn.message, undefined, drawn.message);
    const derivative = (marker) => drawn.markers.find((m) => m.kind === 'derivative' && m.marker === marker);
    assert.deepEqual(derivative('limits'), { kind: 'derivative', marker: 'limits', x: [0, 0], y: [0.01, 1] });
    assert.deepEqual(derivative('value'), { kind: 'derivative', marker: 'value', x: [0], y: [value] });
    assert.equal(drawn.markers.filter((m) => m.kind === 'value').length, 0, 'f is continuous: no marker on the f row');
    assert.match(drawn.note, /\(max\(0\.01\*x, x\)\)′ jumps at x = 0 from 0\.01 \(left\) to 1 \(right\); PyTorch ≥ 2\.7, JAX and PyTorch ≤ 2\.6 return 0\.505, TensorFlow \/ Keras returns 0\.01\./);
    console.log(`screenshot: ${await screenshot(page, `formula-ties-${atKink}.png`)}`);
    assert.deepEqual(problems, []);
    await close();
  }
});
