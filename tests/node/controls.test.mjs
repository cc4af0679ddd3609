// The parameter slider's keyboard: arrows a hundredth of the range, Page Up/Down a tenth,
// always on the catalog's step and inside the range.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { keyboardSteps, sliderRange, snapToStep } = await import(webModule('controls.js'));
const { loadEngine } = await import(webModule('activation-engine.js'));
const engine = await loadEngine(wasmBytes());
const { catalog } = engine;

test('a formula parameter\'s slider spans the catalog\'s sliderMin...sliderMax and widens to a value typed past it; a built-in\'s spans its range', () => {
  const registered = engine.registerFormula('x * sigmoid(b * x)', { id: 'controls_test' });
  assert.ok(registered.ok, registered.message);
  const b = engine.functionSpec(registered.functionId).parameters[0];
  assert.ok(b.max > b.sliderMax && b.min < b.sliderMin, 'the number field reaches past the slider');
  assert.deepEqual(sliderRange(b, 1), { min: b.sliderMin, max: b.sliderMax, step: b.step });
  assert.deepEqual(sliderRange(b, 50), { min: b.sliderMin, max: 50, step: b.step });
  assert.deepEqual(sliderRange(b, -70), { min: -70, max: b.sliderMax, step: b.step });
  engine.unregisterFormula(registered.functionId);
  const alpha = catalog.functions.find((f) => f.id === 'leaky_relu').parameters[0];
  assert.equal(alpha.sliderMin, undefined);
  assert.deepEqual(sliderRange(alpha, 0.3), { min: alpha.min, max: alpha.max, step: alpha.step });
});

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

test('tick labels are kept in priority order only where they keep clear of those kept before, inside the track', async () => {
  const { placeTickLabels, labelPriority } = await import(webModule('controls.js'));
  const alpha = catalog.functions.find((f) => f.id === 'leaky_relu').parameters[0];
  const order = labelPriority(alpha);
  const ranked = order.map((i) => alpha.presets[i].label);
  const plain = (label) => Number.isFinite(Number(label));
  assert.ok(ranked.every((label, i) => i === 0 || plain(label) <= plain(ranked[i - 1])), `plain numbers before symbols: ${ranked}`);
  assert.ok(ranked.filter(plain).every((label, i, all) => i === 0 || label.length >= all[i - 1].length), `shorter numbers first: ${ranked}`);
  for (const trackWidth of [280, 300, 400, 900]) {
    // Labels about 7 px a character, as the page's 0.72rem text is.
    const boxes = alpha.presets.map((p) => ({ center: 12 + (trackWidth - 24) * (p.value - alpha.min) / (alpha.max - alpha.min), width: 7 * p.label.length }));
    const lefts = placeTickLabels(boxes, trackWidth, order);
    const kept = lefts.map((left, i) => (left === null ? null : { left, right: left + boxes[i].width })).filter(Boolean);
    assert.ok(kept.length >= 3, `${kept.length} labels at ${trackWidth} px`);
    assert.notEqual(lefts[order[0]], null, 'the first in priority is always labelled');
    for (const a of kept) {
      assert.ok(a.left >= 0 && a.right <= trackWidth);
      for (const b of kept) if (a !== b) assert.ok(a.right + 4 <= b.left || b.right + 4 <= a.left, `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
    }
  }
  const wide = placeTickLabels(alpha.presets.map((p) => ({ center: 12 + 876 * p.value, width: 7 * p.label.length })), 900, order);
  assert.equal(wide.filter((l) => l !== null).length, alpha.presets.length - 1, 'at 900 px all but one of 0 and 0.01 (9 px apart) are labelled');
});
