// What the page hands to Plotly: the derivative line breaks at the jump, markers sit at the limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { buildFigure, lineWithGaps, formatNumber } = await import(webModule('plot-model.js'));

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
