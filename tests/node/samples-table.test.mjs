// The CSV and data table: one x column, one column per drawn curve, full precision, and an
// empty cell where a series has no sample (each series adds its own kinks to the grid).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { samplesTable, tableToCsv, describeSeries } = await import(webModule('samples-table.js'));
const { formatNumber } = await import(webModule('plot-model.js'));

const leaky = {
  functionId: 'leaky_relu', label: 'Leaky ReLU (α = 0.1)', show: { f: true, df: true, d2f: false },
  x: new Float64Array([-1, 0, 1]), f: new Float64Array([-0.1, 0, 1]), df: new Float64Array([0.1, 0.1, 1]),
  kinks: [{ x: 0, dfLeft: 0.1, dfRight: 1 }],
};
const hardtanh = {
  functionId: 'hardtanh', label: 'Hardtanh', show: { f: true, df: false, d2f: false },
  x: new Float64Array([-1, 0.5, 1]), f: new Float64Array([-1, 0.5, 1]), df: new Float64Array([0, 1, 0]), kinks: [],
};

test('rows are the union of the grids, with an empty cell where a series has no sample', () => {
  const table = samplesTable([leaky, hardtanh]);
  assert.deepEqual(table.columns.map((c) => c.id), ['x', 'leaky_relu_f', 'leaky_relu_df', 'hardtanh_f']);
  assert.deepEqual(table.rows, [[-1, -0.1, 0.1, -1], [0, 0, 0.1, null], [0.5, null, null, 0.5], [1, 1, 1, 1]]);
});

test('the CSV keeps every digit and reads back to the same doubles', () => {
  const third = { ...hardtanh, functionId: 'sigmoid', x: new Float64Array([0.1]), f: new Float64Array([1 / 3]), show: { f: true } };
  const csv = tableToCsv(samplesTable([third]));
  assert.equal(csv, 'x,sigmoid_f\n0.1,0.3333333333333333\n');
  assert.equal(Number(csv.split('\n')[1].split(',')[1]), 1 / 3);
  assert.equal(tableToCsv({ columns: [{ id: 'a,"b"' }], rows: [] }), '"a,""b"""\n', 'a heading with a comma or quote is quoted');
});

test('the screen-reader summary gives each curve its span and each jump its limits', () => {
  assert.equal(describeSeries([leaky], formatNumber),
    'Leaky ReLU (α = 0.1): f goes from -0.1 at x = -1 to 1 at x = 1, between -0.1 and 1; f′ goes from 0.1 at x = -1 to 1 at x = 1, between 0.1 and 1; f′ jumps at x = 0 from 0.1 to 1.');
});
