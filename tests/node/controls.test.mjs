// The parameter slider's keyboard: arrows a hundredth of the range, Page Up/Down a tenth,
// always on the catalog's step and inside the range.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { keyboardSteps, snapToStep } = await import(webModule('controls.js'));
const { loadEngine } = await import(webModule('activation-engine.js'));
const { catalog } = await loadEngine(wasmBytes());

test('α in [0, 1] steps 0.01 with the arrows and 0.1 with Page Up and Down', () => {
  const alpha = catalog.functions.find((f) => f.id === 'leaky_relu').parameters[0];
  assert.deepEqual(keyboardSteps(alpha), { arrow: 0.01, page: 0.1 });
  assert.equal(snapToStep(0.1 + 0.2, alpha), 0.3);
  assert.equal(snapToStep(0.995 + 0.1, alpha), 1);
  assert.equal(snapToStep(0.005 - 0.1, alpha), 0);
  assert.equal(snapToStep(0.0135 + 0.01, alpha), 0.024, 'a typed value between steps lands on the grid');
});

test('every catalog parameter gets steps that are whole multiples of its own, arrow below page', () => {
  for (const f of catalog.functions) {
    for (const p of f.parameters) {
      const { arrow, page } = keyboardSteps(p);
      for (const s of [arrow, page]) assert.ok(Math.abs(s / p.step - Math.round(s / p.step)) < 1e-9, `${f.id}.${p.id}: ${s}`);
      assert.ok(arrow >= p.step && arrow < page && page <= p.max - p.min, `${f.id}.${p.id}: ${arrow}, ${page}`);
    }
  }
});
