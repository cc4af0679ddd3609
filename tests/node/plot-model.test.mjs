// What the page hands to Plotly: the derivative line breaks at the jump, markers sit at the limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { buildFigure, lineWithGaps, formatNumber, thinForDrawing, MAX_DRAW_POINTS } = await import(webModule('plot-model.js'));

const x = new Float64Array([-1, -0.5, 0, 0.5, 1]);
const alpha = 0.1;
const leaky = {
  key: 's0', functionId: 'leaky_relu', show: { f: true, df: true, d2f: false }, label: 'Leaky ReLU (α = 0.1)', color: '#0072B2', dash: 'solid', atKink: 'pytorch', conventionLabel: 'PyTorch',
  x, f: x.map((v) => (v > 0 ? v : alpha * v)), df: x.map((v) => (v > 0 ? 1 : alpha)),
  kinks: [{ x: 0, fLeft: 0, fRight: 0, fAt: 0, dfLeft: alpha, dfRight: 1, dfAt: { pytorch: alpha, jax: 1 } }],
};

test('a jump becomes left limit, gap, right limit at the same x', () => {
  const line = lineWithGaps(x, leaky.df, [{ x: 0, left: 0.1, right: 1 }]);
  assert.deepEqual(Array.from(line.x), [-1, -0.5, 0, 0, 0, 0.5, 1]);
  assert.deepEqual(Array.from(line.y), [0.1, 0.1, 0.1, NaN, 1, 1, 1]);
  assert.deepEqual(Array.from(line.source), [0, 1, 2, -1, 2, 3, 4]);
});

test('no jump, or a kink off the grid, leaves the line as it is', () => {
  assert.equal(lineWithGaps(x, leaky.f, [{ x: 0, left: 0, right: 0 }]).y, leaky.f);
  assert.equal(lineWithGaps(x, leaky.df, [{ x: 0.25, left: 0.1, right: 1 }]).y, leaky.df);
});

test('several jumps each get their gap', () => {
  const xs = new Float64Array([-2, -1, 0, 1, 2]);
  const line = lineWithGaps(xs, new Float64Array([0, 0, 0.5, 1, 1]), [{ x: -1, left: 0, right: 0.5 }, { x: 1, left: 0.5, right: 1 }]);
  assert.deepEqual(Array.from(line.x), [-2, -1, -1, -1, 0, 1, 1, 1, 2]);
  assert.deepEqual(Array.from(line.y), [0, 0, NaN, 0.5, 0.5, 0.5, NaN, 1, 1]);
});

test('the figure has f on top, a gapped f′ below, open limits and the convention value', () => {
  const { data, layout } = buildFigure([leaky], { from: -1, to: 1, revision: 7 });
  const find = (kind, marker) => data.find((t) => t.meta.kind === kind && t.meta.marker === marker);
  const f = find('value', undefined);
  const df = find('derivative', undefined);
  assert.equal(f.yaxis, 'y');
  assert.equal(df.yaxis, 'y2');
  assert.equal(df.connectgaps, false);
  assert.ok(Number.isNaN(df.y[3]));
  assert.equal(find('value', 'limits'), undefined, 'f is continuous: no markers');
  assert.deepEqual(find('derivative', 'limits').y, [0.1, 1]);
  assert.equal(find('derivative', 'limits').marker.symbol, 'circle-open');
  assert.deepEqual(find('derivative', 'value').y, [0.1]);
  assert.equal(layout.datarevision, 7);
  assert.deepEqual(Array.from(f.customdata), Array.from(leaky.df), 'hover on f shows f′ too');
  assert.deepEqual(df.customdata.slice(2, 5), [0, NaN, 0], 'hover on f′ shows f, none at the gap');
});

test('the filled dot moves with the convention', () => {
  const { data } = buildFigure([{ ...leaky, atKink: 'jax', conventionLabel: 'JAX' }], { from: -1, to: 1, revision: 1 });
  assert.deepEqual(data.find((t) => t.meta.marker === 'value').y, [1]);
});

test('rows follow what is shown: f″ and the depth view add rows, the depth row is logarithmic', () => {
  const d2f = new Float64Array([0, 0, NaN, 0, 0]);
  const { data, layout } = buildFigure([{ ...leaky, d2f, show: { f: false, df: true, d2f: true } }], { from: -1, to: 1, revision: 1, depthLayers: 3 });
  const rows = data.filter((t) => !t.meta.marker).map((t) => [t.meta.kind, t.yaxis]);
  assert.deepEqual(rows, [['derivative', 'y'], ['second', 'y2'], ['depth', 'y3']]);
  assert.equal(layout.yaxis3.type, 'log');
  assert.equal(layout.xaxis.anchor, 'y3');
  const depth = data.find((t) => t.meta.kind === 'depth');
  assert.deepEqual(Array.from(depth.y), [0.1 ** 3, 0.1 ** 3, 0.1 ** 3, NaN, 1, 1, 1]);
});

test('numbers read short', () => {
  assert.equal(formatNumber(0.1353352832366127), '0.135335');
  assert.equal(formatNumber(0.01), '0.01');
  assert.equal(formatNumber(-2), '-2');
});

// Linear interpolation of a drawn line at t, as the screen shows it.
function interpolate(xs, ys, t) {
  let i = 1;
  while (xs[i] < t) i += 1;
  const w = (t - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + w * (ys[i] - ys[i - 1]);
}

test('a large piecewise-linear series is thinned for drawing and stays exact, kinks and ends kept', () => {
  const n = 200_001;
  const xs = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 10 : i * (20 / (n - 1)) - 10));
  xs[100_000] = 0;
  const a = 0.3;
  const series = { ...leaky, x: xs, f: xs.map((v) => (v > 0 ? v : a * v)), df: xs.map((v) => (v > 0 ? 1 : a)), kinks: [{ ...leaky.kinks[0], dfLeft: a }] };
  const thin = thinForDrawing(series, MAX_DRAW_POINTS);
  assert.ok(thin.x.length <= MAX_DRAW_POINTS + 1, `${thin.x.length} points drawn`);
  assert.equal(thin.drawnFrom, n);
  assert.equal(thin.x[0], -10);
  assert.equal(thin.x[thin.x.length - 1], 10);
  assert.ok(thin.x.includes(0), 'the kink is drawn');
  for (let i = 0; i < n; i += 97) {
    assert.ok(Math.abs(interpolate(thin.x, thin.f, xs[i]) - series.f[i]) <= 1e-12, `f at ${xs[i]}`);
  }
  assert.equal(thinForDrawing(leaky, MAX_DRAW_POINTS), leaky, 'a small series is drawn whole');
  const figure = buildFigure([series], { from: -10, to: 10, revision: 1 });
  assert.ok(figure.data[0].x.length <= MAX_DRAW_POINTS + 1);
  assert.equal(buildFigure([series], { from: -10, to: 10, revision: 1, maxDrawPoints: Infinity }).data[0].x.length, n);
});

test('a smooth series thinned for drawing stays within a ten-thousandth of the plot height', () => {
  const n = 100_001;
  const xs = Float64Array.from({ length: n }, (_, i) => i * (20 / (n - 1)) - 10);
  const sigmoid = (v) => 1 / (1 + Math.exp(-v));
  const series = { ...leaky, functionId: 'sigmoid', x: xs, f: xs.map(sigmoid), df: xs.map((v) => sigmoid(v) * (1 - sigmoid(v))), kinks: [] };
  const thin = thinForDrawing(series, MAX_DRAW_POINTS);
  let worst = 0;
  for (let i = 0; i < n; i += 13) worst = Math.max(worst, Math.abs(interpolate(thin.x, thin.f, xs[i]) - series.f[i]));
  assert.ok(worst < 1e-4, `largest drawing error ${worst}`);
});

test('the legend keys the dashes in words, without a stray separator, in both themes', async () => {
  const { THEMES, SMALL_PLOT_HEIGHT } = await import(webModule('plot-model.js'));
  for (const theme of Object.values(THEMES)) {
    const { layout } = buildFigure([leaky], { from: -1, to: 1, revision: 1, theme });
    assert.equal(layout.legend.title.text, 'Lines: f solid, f′ dashed');
    assert.equal(layout.legend.title.side, 'top', 'on its own line: a left title would push the entries aside');
    assert.equal(layout.legend.title.font.color, theme.muted);
    assert.equal(layout.xaxis.title.text, 'x');
  }
  const fOnly = buildFigure([{ ...leaky, show: { f: true, df: false, d2f: false } }], { from: -1, to: 1, revision: 1 });
  assert.equal(fOnly.layout.legend.title.text, '', 'one row needs no key');
  const small = buildFigure([leaky], { from: -1, to: 1, revision: 1, plotHeight: SMALL_PLOT_HEIGHT - 1 }).layout;
  assert.equal(small.legend.title.text, '', 'a small plot keeps its height for the curves');
  assert.equal(small.xaxis.title.text, '');
  assert.ok(small.margin.t < 40 && small.margin.b < 50);
});

test('a series sampled at the drawn points already is drawn as it is, and says of how many', () => {
  const sampled = { ...leaky, drawnFrom: 1_000_001 };
  const { drawn, data } = buildFigure([sampled], { from: -1, to: 1, revision: 1, maxDrawPoints: 3 });
  assert.deepEqual(drawn, [{ key: 's0', drawn: 5, of: 1_000_001 }]);
  assert.equal(data.find((t) => t.meta.kind === 'value').x.length, 5);
});

// Leaky ReLU and ReLU as the page samples them, from the engine (its kinks and limits are the C++ core's).
async function comparedSeries(alpha, extra = {}) {
  const { wasmBytes } = await import('../support/paths.mjs');
  const { loadEngine } = await import(webModule('activation-engine.js'));
  const engine = await loadEngine(wasmBytes());
  const { THEMES } = await import(webModule('plot-model.js'));
  return ['leaky_relu', 'relu'].map((functionId, i) => {
    const spec = engine.functionSpec(functionId);
    const params = Object.fromEntries(spec.parameters.map((p) => [p.id, p.id === 'alpha' ? alpha : p.default]));
    const samples = engine.sample({ functionId, params, atKink: 'pytorch', from: -10, to: 10, n: 201 });
    return {
      key: `s${i}`, functionId, params, label: spec.name, name: spec.name, color: THEMES.light.palette[i], show: { f: true, df: true, d2f: false },
      symbols: Object.fromEntries(spec.parameters.map((p) => [p.id, p.symbol])), atKink: 'pytorch', conventionLabel: 'PyTorch',
      ...samples, kinks: engine.kinks({ functionId, params }).kinks, ...extra,
    };
  });
}

test('compared series whose f′ differs left of a shared kink get that value written on the f′ row, in their colours', async () => {
  const [leakySeries, reluSeries] = await comparedSeries(0.01);
  const { layout } = buildFigure([leakySeries, reluSeries], { from: -10, to: 10, revision: 1 });
  const labels = layout.annotations;
  assert.deepEqual(labels.map((a) => a.text), ['f′ = 0 for x < 0', 'f′ = α = 0.01 for x < 0']);
  assert.deepEqual(labels.map((a) => [a.yref, a.y, a.font.color]), [['y2', 0, reluSeries.color], ['y2', 0.01, leakySeries.color]]);
  for (const a of labels) assert.ok(a.x < 0 && a.x > -10, `the arrow points at the line left of the kink (x = ${a.x})`);
  assert.ok(labels[1].ay < labels[0].ay && labels[0].ay < 0, 'the higher line\'s label stands higher, both above their lines');
  assert.ok(Math.abs(labels[1].ay - labels[0].ay) >= 16, 'far enough apart for one line of text each');
});

test('the labels follow α, shorten on a small plot, and turn below a line in the upper half', async () => {
  const { SMALL_PLOT_HEIGHT } = await import(webModule('plot-model.js'));
  const at = async (alpha, view = {}) => buildFigure(await comparedSeries(alpha), { from: -10, to: 10, revision: 1, ...view }).layout.annotations;
  assert.deepEqual((await at(0.3)).map((a) => [a.text, a.y]), [['f′ = 0 for x < 0', 0], ['f′ = α = 0.3 for x < 0', 0.3]]);
  assert.deepEqual((await at(0.01, { plotHeight: SMALL_PLOT_HEIGHT - 1 })).map((a) => a.text), ['f′ = 0', 'f′ = 0.01']);
  const high = await at(0.97, { plotHeight: 320 });
  assert.ok(high[1].ay > 0, 'a label with no room above its line near the top of the row is written under it');
  assert.ok(high[0].ay < 0);
  const apart = await at(0.3, { plotHeight: 320 });
  assert.ok(apart.every((a) => a.ay < 0), 'at α = 0.3 each label stands above its own line');
});

test('no labels without a comparison to make: one series, the same slope, or f′ hidden', async () => {
  const [leakySeries, reluSeries] = await comparedSeries(0.01);
  const view = { from: -10, to: 10, revision: 1 };
  assert.equal(buildFigure([leakySeries], view).layout.annotations, undefined);
  const [sameA, sameB] = await comparedSeries(0);
  assert.equal(buildFigure([sameA, { ...sameB, key: 's1' }], view).layout.annotations, undefined, 'α = 0 is ReLU: nothing to tell apart');
  assert.equal(buildFigure([leakySeries, { ...reluSeries, show: { f: true, df: false, d2f: false } }], view).layout.annotations, undefined);
  assert.equal(buildFigure([leakySeries, reluSeries], { ...view, from: 1 }).layout.annotations, undefined, 'the kink is off the plot');
});

test('Plotly\'s mode bar is left out on touch screens and narrow plots, where it lies over the legend', async () => {
  const { modeBarShown, NARROW_PLOT_WIDTH } = await import(webModule('plot-model.js'));
  assert.equal(modeBarShown({ width: 900, coarsePointer: false }), true);
  assert.equal(modeBarShown({ width: 900, coarsePointer: true }), false);
  assert.equal(modeBarShown({ width: NARROW_PLOT_WIDTH - 1, coarsePointer: false }), false);
});
