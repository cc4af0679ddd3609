// The dtype view's words: where PyTorch's answer depends on the tensor's path, the saturation
// sentence carries the core's note (catalog kernelPaths), naming both paths and the source.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { pathNote, saturationCache, saturationSentence } = await import(webModule('precision.js'));
const engine = await loadEngine(wasmBytes());

test('GELU in float32 and bfloat16 names the batch path shown (oneDNN) and the one-element path', () => {
  const saturationOf = saturationCache(engine);
  for (const dtype of ['float32', 'bfloat16']) {
    const s = { functionId: 'gelu', params: {}, name: 'GELU' };
    const t = saturationOf(s, 'pytorch', dtype);
    assert.ok(t.dfZeroUpTo > -6.2 && t.dfZeroUpTo < -6.1, `oneDNN's batch path: f′ is 0 from −6.15, got ${t.dfZeroUpTo}`);
    const sentence = saturationSentence({ ...s, saturation: t }, dtype);
    assert.match(sentence, /^In (float32|bfloat16), GELU′ is exactly 0 for x ≤ /);
    assert.match(sentence, /oneDNN/);
    assert.match(sentence, /one-element tensor/);
    assert.match(sentence, /Activation\.cpp/);
  }
});

test('the notes come from the core, one per function and dtype where the paths differ', () => {
  assert.ok(engine.catalog.kernelPaths.length > 0);
  for (const path of engine.catalog.kernelPaths) {
    assert.ok(engine.catalog.functions.some((f) => f.id === path.function), `${path.function} is a catalog function`);
    for (const dtype of path.dtypes) assert.equal(pathNote(engine.catalog, path.function, dtype), path.note);
  }
  assert.match(pathNote(engine.catalog, 'tanh', 'float32'), /Sleef/);
  assert.equal(pathNote(engine.catalog, 'tanh', 'bfloat16'), null, 'bfloat16 tanh rounds to ±1 long before either path differs');
  assert.equal(pathNote(engine.catalog, 'relu', 'float32'), null);
  const relu = saturationCache(engine)({ functionId: 'relu', params: {} }, 'pytorch', 'float32');
  assert.doesNotMatch(saturationSentence({ name: 'ReLU', saturation: relu }, 'float32'), /Shown:/);
});
